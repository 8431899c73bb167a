package conversation

import (
	"slices"
	"strconv"

	"github.com/complaintbot/complaintbot/policy"
)

// summaryPrompt shows the complaint, one line per field, with Confirm, Edit
// and Cancel.
func summaryPrompt(m *move) Reply {
	f := m.st.Form
	n := func(key string, kv ...string) Note {
		return Note{Key: "conversation.summary." + key, Params: params(kv...)}
	}
	var notes []Note
	if c, ok := m.pol().Category(f.Category); ok {
		notes = append(notes, n("category", "name", categoryName(c, m.st.Lang)))
	}
	if f.NoReceipt {
		notes = append(notes, n("no_receipt"))
	} else {
		notes = append(notes, n("order", "order", f.OrderNo))
	}
	notes = append(notes, n("date", "date", f.Purchased), n("issue."+string(f.Issue)),
		n("description", "text", f.Description))
	if k := len(f.Attachments); k > 0 {
		notes = append(notes, n("attachments", "count", itoa(k)))
	} else {
		notes = append(notes, n("no_attachments"))
	}
	if o, ok := m.verdict().Allowed(f.Outcome); ok && o.Paid {
		notes = append(notes, n("outcome.repair_paid"))
	} else {
		notes = append(notes, n("outcome."+string(f.Outcome)))
	}
	if f.Phone != "" {
		notes = append(notes, n("phone", "phone", f.Phone))
	} else {
		notes = append(notes, n("no_phone"))
	}
	return Reply{Key: "conversation.summary", Notes: notes, Buttons: [][]Button{
		rowOf(m.button("conversation.button.confirm", actConfirm, "")),
		rowOf(m.button("conversation.button.edit", actEdit, ""), m.button("conversation.button.cancel", actCancel, "")),
	}}
}

func rowOf(bs ...Button) []Button { return rows(len(bs), bs...)[0] }

// missing names the first stage whose answer the complaint lacks (or no
// longer fits the policy), or Idle when it is complete.
func (m *move) missing() Stage {
	f := m.st.Form
	pol := m.pol()
	switch _, ok := pol.Category(f.Category); {
	case !ok:
		return AskCategory
	case f.OrderNo == "" && !f.NoReceipt:
		return AskOrder
	case m.purchased().IsZero():
		return AskDate
	case !slices.Contains(issues(), f.Issue):
		return AskIssue
	case f.Description == "":
		return AskDescription
	case f.Outcome == "":
		return AskOutcome
	case pol.PhoneRequired && f.Phone == "":
		return AskPhone
	}
	return Idle
}

// submission is the complete complaint, as filed.
func (m *move) submission(v policy.Verdict) Submission {
	f := m.st.Form
	return Submission{
		ID:          strconv.FormatInt(m.in.ChatID, 10) + "-" + m.st.ID,
		ChatID:      m.in.ChatID,
		UserID:      m.in.UserID,
		FirstName:   m.in.FirstName,
		LastName:    m.in.LastName,
		Username:    m.in.Username,
		Lang:        m.st.Lang,
		Category:    f.Category,
		OrderNo:     f.OrderNo,
		NoReceipt:   f.NoReceipt,
		Purchased:   m.purchased(),
		Issue:       f.Issue,
		Description: f.Description,
		Attachments: slices.Clone(f.Attachments),
		Outcome:     f.Outcome,
		Phone:       f.Phone,
		Verdict:     v,
	}
}

func sortedKeys(p map[string]string) []string {
	ks := make([]string, 0, len(p))
	for k := range p {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
