package conversation

import (
	"maps"
	"time"

	"github.com/complaintbot/complaintbot/policy"
)

// outcomePrompt offers the outcomes the policy's verdict allows as buttons
// and lists, one line each, why the others are not available, what the
// verdict notes besides (a late damage report, the warranty's end), and —
// when a repair would be paid — that its price is quoted and agreed first.
func outcomePrompt(m *move) Reply {
	v := m.verdict()
	r := Reply{Key: "conversation.ask_outcome"}
	var bs []Button
	seen := map[string]bool{}
	note := func(rs policy.Reason) {
		if rs.Code == "" {
			return
		}
		id := rs.Code + "|" + flatten(rs.Params)
		if seen[id] {
			return
		}
		seen[id] = true
		r.Notes = append(r.Notes, Note{Key: "conversation.reason." + rs.Code, Params: maps.Clone(rs.Params)})
	}
	paid := false
	for _, o := range v.Options {
		if !o.Allowed {
			r.Key = "conversation.ask_outcome_limited"
			note(o.Reason)
			continue
		}
		key := "conversation.outcome." + string(o.Outcome)
		if o.Paid {
			key, paid = "conversation.outcome.repair_paid", true
		}
		bs = append(bs, m.button(key, actOutcome, string(o.Outcome)))
	}
	for _, rs := range v.Reasons {
		note(rs)
	}
	if paid {
		r.Notes = append(r.Notes, Note{Key: "conversation.paid_repair"})
	}
	r.Buttons = rows(1, bs...)
	return r
}

// flatten renders params in a stable order, to tell reasons apart.
func flatten(p map[string]string) string {
	s := ""
	for _, k := range sortedKeys(p) {
		s += k + "=" + p[k] + ";"
	}
	return s
}

// verdict is the policy's judgement of the complaint as filled in so far.
func (m *move) verdict() policy.Verdict {
	return m.pol().Decide(m.facts(), m.now())
}

func (m *move) facts() policy.Facts {
	f := m.st.Form
	return policy.Facts{Category: f.Category, Issue: f.Issue, Purchased: m.purchased(), NoReceipt: f.NoReceipt}
}

// purchased is the purchase date as midnight in the shop's time zone.
func (m *move) purchased() time.Time {
	d, err := time.ParseInLocation("2006-01-02", m.st.Form.Purchased, m.loc())
	if err != nil {
		return time.Time{}
	}
	return d
}
