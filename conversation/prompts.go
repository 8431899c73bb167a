package conversation

import (
	"strconv"

	"github.com/complaintbot/complaintbot/policy"
)

// prompts are the questions each stage asks, built for the move's language,
// policy and turn (so their buttons are current).
var prompts = map[Stage]func(m *move) Reply{
	Idle:           offerPrompt,
	AskCategory:    categoryPrompt,
	AskOrder:       orderPrompt,
	AskDate:        datePrompt,
	AskDateTyped:   dateTypedPrompt,
	AskIssue:       issuePrompt,
	AskDescription: descriptionPrompt,
	AskAttachments: attachmentsPrompt,
	AskOutcome:     outcomePrompt,
	AskPhone:       phonePrompt,
	Summary:        summaryPrompt,
	ChooseField:    fieldPrompt,
}

// offerPrompt offers to start a complaint.
func offerPrompt(m *move) Reply {
	return Reply{Key: "conversation.offer_start",
		Buttons: rows(1, m.button("conversation.button.report", actNew, ""))}
}

func categoryPrompt(m *move) Reply {
	var bs []Button
	for i, c := range m.pol().Categories {
		value := c.ID
		if len(value) > 24 {
			value = "#" + strconv.Itoa(i) // keeps the callback data within 64 bytes
		}
		b := m.button("", actCategory, value)
		b.Text = categoryName(c, m.st.Lang)
		bs = append(bs, b)
	}
	return Reply{Key: "conversation.ask_category", Buttons: rows(2, bs...)}
}

func orderPrompt(m *move) Reply {
	return Reply{Key: "conversation.ask_order",
		Params:  params("example", m.pol().OrderExample),
		Buttons: rows(1, m.button("conversation.button.no_receipt", actNoReceipt, ""))}
}

func datePrompt(m *move) Reply {
	return Reply{Key: "conversation.ask_date",
		Params: params("example", m.now().AddDate(0, 0, -3).Format("2006-01-02")),
		Buttons: rows(2,
			m.button("conversation.button.today", actDay, dayToday),
			m.button("conversation.button.yesterday", actDay, dayYesterday),
			m.button("conversation.button.earlier", actDay, dayEarlier))}
}

func dateTypedPrompt(m *move) Reply {
	return Reply{Key: "conversation.ask_date_typed",
		Params: params("example", m.now().AddDate(0, 0, -3).Format("2006-01-02"))}
}

func issuePrompt(m *move) Reply {
	var bs []Button
	for _, is := range issues() {
		bs = append(bs, m.button("conversation.issue."+string(is), actIssue, string(is)))
	}
	return Reply{Key: "conversation.ask_issue", Buttons: rows(2, bs...)}
}

func descriptionPrompt(m *move) Reply {
	lo, hi := descriptionLimits(m.pol())
	return Reply{Key: "conversation.ask_description", Params: params("min", itoa(lo), "max", itoa(hi))}
}

func attachmentsPrompt(m *move) Reply {
	n := len(m.st.Form.Attachments)
	r := Reply{Key: "conversation.ask_attachments", Params: params("max", itoa(maxAttachments(m.pol())))}
	if n > 0 {
		r.Params["count"] = itoa(n)
	}
	if n == 0 {
		r.Buttons = rows(1, m.button("conversation.button.no_attachments", actDone, ""))
	} else {
		r.Buttons = attachmentButtons(m)
	}
	return r
}

// attachmentButtons are Done and Remove all, under the counter and the prompt.
func attachmentButtons(m *move) [][]Button {
	return rows(2, m.button("conversation.button.done", actDone, ""),
		m.button("conversation.button.clear", actClear, ""))
}

func phonePrompt(m *move) Reply {
	if m.pol().PhoneRequired {
		return Reply{Key: "conversation.ask_phone_required", ContactButton: true}
	}
	return Reply{Key: "conversation.ask_phone", ContactButton: true, ContactSkip: true}
}

func fieldPrompt(m *move) Reply {
	var bs []Button
	for _, f := range fields() {
		bs = append(bs, m.button("conversation.field."+f.name, actField, f.name))
	}
	r := Reply{Key: "conversation.choose_field", Buttons: rows(2, bs...)}
	r.Buttons = append(r.Buttons, rows(1, m.button("conversation.button.back_to_summary", actSummary, ""))...)
	return r
}

// categoryName is the category's name in lang, or in English, or its id.
func categoryName(c policy.Category, lang string) string {
	if n := c.Name[lang]; n != "" {
		return n
	}
	if n := c.Name["en"]; n != "" {
		return n
	}
	return c.ID
}

// issues are the answers to "what is wrong", in the order shown.
func issues() []policy.Issue { return policy.Issues() }

// field is a part of the complaint the summary lets the customer change.
type field struct {
	name  string
	stage Stage
}

func fields() []field {
	return []field{{"category", AskCategory}, {"order", AskOrder}, {"date", AskDate},
		{"issue", AskIssue}, {"description", AskDescription}, {"attachments", AskAttachments},
		{"outcome", AskOutcome}, {"phone", AskPhone}}
}

func descriptionLimits(p *policy.Policy) (lo, hi int) {
	lo, hi = p.Description.Min, p.Description.Max
	if hi <= 0 {
		hi = 1000
	}
	return lo, hi
}

func maxAttachments(p *policy.Policy) int {
	if p.MaxAttachments > 0 {
		return p.MaxAttachments
	}
	return 10
}
