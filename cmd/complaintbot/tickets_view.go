package main

import (
	"strconv"
	"strings"
	"time"

	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// ticketView renders tickets for the shop owner at a terminal: in the
// staff's language (STAFF_LANG), with the labels the staff group's card
// shows, and times in the shop's time zone, named.
type ticketView struct {
	cat  *locale.Catalog
	pol  *policy.Policy
	lang string
	loc  *time.Location
}

func newTicketView(pol *policy.Policy, lang string) (ticketView, error) {
	// The policy's reasons write dates with their year only when it is not
	// this year's. A clock at the start of the calendar makes every date
	// carry it: a printed ticket is read later, when "20 Nov" would not say
	// which.
	cat, err := locale.New(locale.WithClock(func() time.Time { return time.Time{} }))
	if err != nil {
		return ticketView{}, err
	}
	loc := pol.Shop.TimeZone
	if loc == nil {
		loc = time.UTC
	}
	return ticketView{cat: cat, pol: pol, lang: locale.Match(lang), loc: loc}, nil
}

// text renders the catalogue's text under key as plain text.
func (v ticketView) text(key string, params map[string]string) string {
	return locale.PlainText(v.cat.HTML(v.lang, key, params))
}

// label is the text under key, or id when the catalogue has none (a status
// or an issue this version does not know).
func (v ticketView) label(key, id string) string {
	if !v.cat.Has(v.lang, key) {
		return id
	}
	return v.text(key, nil)
}

func (v ticketView) status(s tickets.Status) string {
	return v.label("desk.status."+string(s), string(s))
}

func (v ticketView) issue(i string) string {
	return v.label("conversation.issue."+i, i)
}

func (v ticketView) outcome(o policy.Outcome) string {
	return v.label("desk.outcome."+string(o), string(o))
}

// outcomeFor names an outcome as the card does: a repair the verdict marks
// paid says so.
func (v ticketView) outcomeFor(verdict policy.Verdict, o policy.Outcome) string {
	if opt, _ := verdict.Allowed(o); o == policy.OutcomeRepair && opt.Paid {
		return v.label("desk.outcome.repair_paid", string(o))
	}
	return v.outcome(o)
}

func (v ticketView) category(id string) string {
	if c, ok := v.pol.Category(id); ok && c.Name[v.lang] != "" {
		return c.Name[v.lang]
	}
	return id
}

func (v ticketView) language(code string) string {
	return v.label("desk.lang."+code, code)
}

// join lists items as the language does: "a, b" in English, "a、b" in Chinese.
func (v ticketView) join(items []string) string {
	if v.lang == "zh" {
		return strings.Join(items, "、")
	}
	return strings.Join(items, ", ")
}

// time writes a moment in the shop's time zone, with the zone's name:
// "2026-11-20 16:52 CST"; "-" for none.
func (v ticketView) time(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(v.loc).Format("2006-01-02 15:04 MST")
}

// date writes a calendar date of the shop's: "2026-11-20".
func (v ticketView) date(t time.Time) string {
	return t.In(v.loc).Format(time.DateOnly)
}

// who names whoever did something to a ticket: the service, the customer,
// or a member of staff by name when names has it, by user id otherwise.
func (v ticketView) who(a tickets.Actor, names map[int64]string) string {
	params := map[string]string{"name": names[a.ID], "id": strconv.FormatInt(a.ID, 10)}
	switch a.Kind {
	case tickets.ActorSystem:
		return v.text("terminal.who.system", nil)
	case tickets.ActorCustomer:
		return v.text("terminal.who.customer", nil)
	case tickets.ActorOwner:
		return v.text("terminal.who.owner", params)
	}
	return v.text("terminal.who.staff", params)
}
