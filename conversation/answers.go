package conversation

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/complaintbot/complaintbot/policy"
)

// Longest typed answers taken for the short questions; more is a mistake
// (a pasted text), answered with the limit.
const (
	maxShortAnswer = 64
	maxPhoneAnswer = 32
)

// typed returns the input's cleaned text, or refuses it as empty (nothing
// visible, zero-width characters only) or longer than max characters.
func (m *move) typed(max int) (string, bool) {
	s := cleanText(m.in.Text)
	if blank(s) {
		m.refuse("conversation.empty_text")
		return "", false
	}
	if n := runes(s); n > max {
		m.refuse("conversation.too_long", "max", itoa(max), "got", itoa(n))
		return "", false
	}
	return s, true
}

func setCategory(m *move) {
	v := m.cb.Value
	cats := m.pol().Categories
	if i, err := strconv.Atoi(strings.TrimPrefix(v, "#")); strings.HasPrefix(v, "#") && err == nil && i >= 0 && i < len(cats) {
		v = cats[i].ID
	}
	if _, ok := m.pol().Category(v); !ok {
		m.refuse("conversation.use_buttons")
		return
	}
	m.st.Form.Category = v
}

// setCategoryByName takes a category typed by its name in either language.
func setCategoryByName(m *move) {
	s, ok := m.typed(maxShortAnswer)
	if !ok {
		return
	}
	for _, c := range m.pol().Categories {
		if strings.EqualFold(s, c.ID) || slices.ContainsFunc(mapValues(c.Name), func(n string) bool { return strings.EqualFold(s, n) }) {
			m.st.Form.Category = c.ID
			return
		}
	}
	m.refuse("conversation.use_buttons")
}

func setOrder(m *move) {
	s, ok := m.typed(maxShortAnswer)
	if !ok {
		return
	}
	o, err := parseOrder(s, m.pol().OrderPattern)
	if err != nil {
		m.refuse("conversation.order_invalid", "example", m.pol().OrderExample)
		return
	}
	m.st.Form.OrderNo, m.st.Form.NoReceipt, m.st.Form.OrderFromLink = o, false, false
}

func setNoReceipt(m *move) {
	m.st.Form.OrderNo, m.st.Form.NoReceipt, m.st.Form.OrderFromLink = "", true, false
	m.say("conversation.no_receipt_noted")
}

func setDayButton(m *move) {
	d := m.now()
	if m.cb.Value == dayYesterday {
		d = d.AddDate(0, 0, -1)
	}
	m.st.Form.Purchased = d.Format("2006-01-02")
}

func setDate(m *move) {
	s, ok := m.typed(maxShortAnswer)
	if !ok {
		return
	}
	d, err := parseDate(s, m.now())
	switch {
	case errors.Is(err, errDateFuture):
		m.refuse("conversation.date_future")
	case errors.Is(err, errDateTooOld):
		m.refuse("conversation.date_too_old", "years", itoa(maxPurchaseAge))
	case errors.Is(err, errDateImpossible):
		m.refuse("conversation.date_impossible")
	case err != nil:
		m.refuse("conversation.date_unreadable", "example", m.now().AddDate(0, 0, -3).Format("2006-01-02"))
	default:
		m.st.Form.Purchased = d.Format("2006-01-02")
	}
}

func setIssue(m *move) {
	is := policy.Issue(m.cb.Value)
	if !slices.Contains(issues(), is) {
		m.refuse("conversation.use_buttons")
		return
	}
	m.st.Form.Issue = is
}

func setDescription(m *move) {
	lo, hi := descriptionLimits(m.pol())
	s, ok := m.typed(hi)
	if !ok {
		return
	}
	if n := runes(s); n < lo {
		m.refuse("conversation.description_short", "min", itoa(lo), "got", itoa(n))
		return
	}
	m.st.Form.Description = s
}

func setOutcome(m *move) {
	o := policy.Outcome(m.cb.Value)
	if _, ok := m.verdict().Allowed(o); !ok {
		m.refuse("conversation.outcome_unavailable")
		return
	}
	m.st.Form.Outcome = o
}

func setPhoneContact(m *move) {
	if m.in.Contact == nil {
		m.refuse("conversation.phone_invalid")
		return
	}
	p := strings.TrimSpace(m.in.Contact.Phone)
	if !strings.HasPrefix(p, "+") {
		p = "+" + p // Telegram shares numbers in international form without the plus
	}
	m.savePhone(p)
}

func setPhoneText(m *move) {
	s, ok := m.typed(maxPhoneAnswer)
	if !ok {
		return
	}
	if isSkip(s) {
		if m.pol().PhoneRequired {
			m.refuse("conversation.phone_required")
			return
		}
		m.st.Form.Phone, m.st.Form.PhoneSkipped = "", true
		m.say("conversation.phone_skipped")
		return
	}
	m.savePhone(s)
}

func (m *move) savePhone(s string) {
	p, err := parsePhone(s)
	if err != nil {
		m.refuse("conversation.phone_invalid")
		return
	}
	m.st.Form.Phone, m.st.Form.PhoneSkipped = p, false
	m.say("conversation.phone_saved")
}

// isSkip recognises the reply keyboard's Skip key (its label in either
// language, "conversation.button.skip_phone") and the words people type instead.
func isSkip(s string) bool {
	switch strings.ToLower(strings.Trim(s, " .。!！")) {
	case "skip", "no", "no thanks", "none", "跳过", "跳過", "不用", "不用了", "不需要", "没有", "無", "无":
		return true
	}
	return false
}

func mapValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, k := range sortedKeys(m) {
		out = append(out, m[k])
	}
	return out
}
