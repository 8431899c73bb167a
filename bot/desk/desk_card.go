package desk

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"html"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/bot/returns"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// maxMessageText is Telegram's limit on a message's text after entity
// parsing, in UTF-16 code units.
const maxMessageText = 4096

// maxTopicName is Telegram's limit on a forum topic's name, in characters.
const maxTopicName = 128

// view renders what the desk shows in the staff group, in the staff's
// language: the ticket card and its keyboard, and the topic's name.
type view struct {
	cat  *locale.Catalog
	pol  *policy.Policy
	lang string
	// now is the desk's clock, for whether a deadline is near or missed;
	// without one the card shows no such line.
	now func() time.Time
}

// view returns the edge's renderer for the staff group.
func (d *Desk) view() view {
	return view{cat: d.cat, pol: d.pol, lang: locale.Match(d.cfg.Lang), now: d.now}
}

func (v view) text(key string, params map[string]string) string {
	return v.cat.HTML(v.lang, key, params)
}

// card renders a ticket's card: everything staff need to judge it at a
// glance, its return r (nil for none), and the buttons that act on them.
// The phone number is shown (the card is for staff) but never logged. A
// description too long for one message is cut short with "…".
func (v view) card(t *tickets.Ticket, r *tickets.Return) (string, *models.InlineKeyboardMarkup) {
	desc := t.Description
	text := v.cardHTML(t, r, desc)
	for over := htmlTextLen(text) - maxMessageText; over > 0 && desc != ""; over = htmlTextLen(text) - maxMessageText {
		desc = cutUTF16(desc, over+1) + "…"
		text = v.cardHTML(t, r, desc)
	}
	return text, v.cardButtons(t, r)
}

// returnCard draws a ticket's return on its card.
func (v view) returnCard() returns.Card {
	return returns.Card{Catalog: v.cat, Policy: v.pol, Lang: v.lang}
}

func (v view) cardHTML(t *tickets.Ticket, r *tickets.Return, desc string) string {
	var lines []string
	add := func(key string, params map[string]string) { lines = append(lines, v.text(key, params)) }
	if t.Urgent {
		add("desk.card.urgent", nil)
	}
	add("desk.card.title", map[string]string{"ref": t.Ref, "status": v.text("desk.status."+string(t.Status), nil)})
	switch {
	case t.Priority > 0:
		add("desk.card.priority_up", map[string]string{"n": strconv.Itoa(t.Priority)})
	case t.Priority < 0:
		add("desk.card.priority_down", map[string]string{"n": strconv.Itoa(-t.Priority)})
	}
	add("desk.card.customer", map[string]string{"name": t.CustomerName, "username": t.CustomerUsername, "lang": v.langName(t.CustomerLang)})
	add("desk.card.category", map[string]string{"category": v.categoryName(t.Category)})
	if t.NoReceipt || t.OrderNo == "" {
		add("desk.card.no_receipt", nil)
	} else {
		add("desk.card.order", map[string]string{"order": t.OrderNo})
	}
	if !t.Purchased.IsZero() {
		add("desk.card.purchased", map[string]string{"date": t.Purchased.In(v.tz()).Format(time.DateOnly)})
	}
	add("desk.card.issue", map[string]string{"issue": v.cat.Text(v.lang, "conversation.issue."+t.Issue, nil)})
	add("desk.card.outcome", map[string]string{"outcome": v.outcomeName(t.Verdict, policy.Outcome(t.Outcome))})
	lines = append(lines, v.verdictLines(t.Verdict)...)
	if t.Phone != "" {
		add("desk.card.phone", map[string]string{"phone": t.Phone})
	}
	// Due times and a call to claim concern an open ticket only.
	if !t.ArrangeBy.IsZero() && t.Status.Open() {
		add("desk.card.due", map[string]string{
			"arrange_by": t.ArrangeBy.In(v.tz()).Format(time.RFC3339),
			"answer_by":  t.AnswerBy.In(v.tz()).Format(time.RFC3339),
		})
	}
	if line := v.deadlineLine(t); line != "" {
		lines = append(lines, line)
	}
	if t.AssigneeUserID != 0 {
		add("desk.card.assignee", map[string]string{"name": t.AssigneeName})
	} else if t.Status.Open() {
		add("desk.card.unassigned", nil)
	}
	if t.Resolution != "" && !t.Status.Open() {
		add("desk.card.resolution", map[string]string{"text": t.Resolution})
	}
	if ret := v.returnCard().Lines(r); len(ret) > 0 {
		lines = append(append(lines, ""), ret...)
	}
	lines = append(lines, "")
	if strings.TrimSpace(desc) == "" {
		add("desk.card.no_description", nil)
	} else {
		add("desk.card.description", map[string]string{"text": desc})
	}
	return strings.Join(lines, "\n")
}

// verdictLines are the outcomes the policy allows and every reason it
// gave, one line each.
func (v view) verdictLines(verdict policy.Verdict) []string {
	var allowed []string
	for _, o := range verdict.Options {
		if o.Allowed && o.Outcome != policy.OutcomeNone {
			allowed = append(allowed, v.outcomeName(verdict, o.Outcome))
		}
	}
	var out []string
	if len(allowed) == 0 {
		out = append(out, v.text("desk.card.allowed_none", nil))
	} else {
		out = append(out, v.text("desk.card.allowed", map[string]string{"outcomes": strings.Join(allowed, ", ")}))
	}
	seen := map[string]bool{}
	for _, r := range verdict.Reasons {
		if r.Code == "" {
			continue
		}
		id := r.Code + "|" + flattenParams(r.Params)
		if seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, "• "+v.text("conversation.reason."+r.Code, r.Params))
	}
	return out
}

// outcomeName names an outcome for staff; a repair the verdict marks paid
// says so.
func (v view) outcomeName(verdict policy.Verdict, o policy.Outcome) string {
	key := "desk.outcome." + string(o)
	if opt, _ := verdict.Allowed(o); o == policy.OutcomeRepair && opt.Paid {
		key = "desk.outcome.repair_paid"
	}
	if !v.cat.Has(v.lang, key) {
		return string(o)
	}
	return v.cat.Text(v.lang, key, nil)
}

func (v view) categoryName(id string) string {
	if c, ok := v.pol.Category(id); ok {
		if name := c.Name[v.lang]; name != "" {
			return name
		}
	}
	return id
}

func (v view) langName(lang string) string {
	if key := "desk.lang." + lang; v.cat.Has(v.lang, key) {
		return v.cat.Text(v.lang, key, nil)
	}
	return lang
}

func (v view) tz() *time.Location {
	if v.pol != nil && v.pol.Shop.TimeZone != nil {
		return v.pol.Shop.TimeZone
	}
	return time.UTC
}

// cardButtons are the card's keyboard for the ticket's state: an open
// ticket can be claimed (or released), assigned, asked about, resolved,
// closed, prioritised, marked urgent and given a return (when none is
// under way: owners only, refused for staff when pressed); a resolved one
// closed or reopened; a closed one reopened. The next steps of its return
// r, if any, follow.
func (v view) cardButtons(t *tickets.Ticket, r *tickets.Return) *models.InlineKeyboardMarkup {
	btn := func(key string, act action, arg string) models.InlineKeyboardButton {
		return models.InlineKeyboardButton{
			Text:         v.cat.Text(v.lang, key, nil),
			CallbackData: encodeButton(button{Action: act, TicketID: t.ID, Arg: arg}),
		}
	}
	var rows [][]models.InlineKeyboardButton
	switch t.Status {
	case tickets.StatusClosed:
		rows = append(rows, []models.InlineKeyboardButton{btn("desk.button.reopen", actReopen, "")})
	case tickets.StatusResolved:
		rows = append(rows, []models.InlineKeyboardButton{btn("desk.button.close", actClose, ""), btn("desk.button.reopen", actReopen, "")})
	default:
		take := btn("desk.button.claim", actClaim, "")
		if t.AssigneeUserID != 0 {
			take = btn("desk.button.release", actRelease, "")
		}
		urgent := btn("desk.button.urgent_on", actUrgent, "on")
		if t.Urgent {
			urgent = btn("desk.button.urgent_off", actUrgent, "off")
		}
		last := []models.InlineKeyboardButton{btn("desk.button.close", actClose, "")}
		if r == nil || !r.State.Open() {
			last = append(last, btn("desk.button.return", actReturn, ""))
		}
		rows = append(rows,
			[]models.InlineKeyboardButton{take, btn("desk.button.assign", actAssign, "")},
			[]models.InlineKeyboardButton{btn("desk.button.needinfo", actNeedInfo, ""), btn("desk.button.resolve", actResolve, "")},
			[]models.InlineKeyboardButton{btn("desk.button.priority_up", actPriority, "+1"), btn("desk.button.priority_down", actPriority, "-1"), urgent},
			last,
		)
	}
	rows = append(rows, v.returnCard().Buttons(r)...)
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

// topicName is the name of a ticket's forum topic: "K7M-4QX · Kettles ·
// Ann", at most 128 characters, on one line.
func (v view) topicName(t *tickets.Ticket) string {
	name := strings.Join(strings.Fields(t.Ref+" · "+v.categoryName(t.Category)+" · "+t.CustomerName), " ")
	if utf8.RuneCountInString(name) <= maxTopicName {
		return name
	}
	r := []rune(name)[:maxTopicName-1]
	return strings.TrimSpace(string(r)) + "…"
}

// cardHash identifies what a card shows, so that an unchanged card is not
// edited again.
func cardHash(text string, markup models.ReplyMarkup) string {
	h := sha256.New()
	h.Write([]byte(text))
	h.Write([]byte{0})
	if markup != nil {
		b, _ := json.Marshal(markup)
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// htmlTextLen is the length Telegram gives an HTML text once it has parsed
// the entities: tags dropped, character references read, in UTF-16 code
// units.
func htmlTextLen(s string) int {
	n := 0
	for len(s) > 0 {
		switch s[0] {
		case '<':
			if i := strings.IndexByte(s, '>'); i >= 0 {
				s = s[i+1:]
				continue
			}
		case '&':
			if i := strings.IndexByte(s, ';'); i > 0 && i <= 10 {
				if u := html.UnescapeString(s[:i+1]); u != s[:i+1] {
					n += utf16Len(u)
					s = s[i+1:]
					continue
				}
			}
		}
		r, size := utf8.DecodeRuneInString(s)
		n += utf16.RuneLen(r)
		s = s[size:]
	}
	return n
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// cutUTF16 drops runes from the end of s until at least units UTF-16 code
// units are gone, and trims the space left behind.
func cutUTF16(s string, units int) string {
	for units > 0 && s != "" {
		r, size := utf8.DecodeLastRuneInString(s)
		units -= utf16.RuneLen(r)
		s = s[:len(s)-size]
	}
	return strings.TrimRight(s, " \n\t")
}

// flattenParams renders params in a stable order, to tell reasons apart.
func flattenParams(p map[string]string) string {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k + "=" + p[k] + ";")
	}
	return b.String()
}
