package main

import (
	"cmp"
	"slices"
	"strings"

	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// verdict lists the outcomes the policy allows, then every reason it gave
// on a line of its own, as the card does.
func (v ticketView) verdict(verdict policy.Verdict) string {
	var allowed []string
	for _, o := range verdict.Options {
		if o.Allowed && o.Outcome != policy.OutcomeNone {
			allowed = append(allowed, v.outcomeFor(verdict, o.Outcome))
		}
	}
	lines := []string{v.join(allowed)}
	if len(allowed) == 0 {
		lines[0] = v.text("terminal.show.allowed_none", nil)
	}
	for _, r := range verdict.Reasons {
		lines = append(lines, "• "+v.text("conversation.reason."+r.Code, r.Params))
	}
	return strings.Join(lines, "\n")
}

// warranty tells until when the product and its parts are under warranty,
// each range once, earliest end first: "whole product until 2027-11-20;
// storage tank, collector tubes, frame until 2029-11-19". Free repair of
// everything lasts until the first date; the last is the verdict's
// warranty_until, the end of the longest warranty of any part. A category
// the policy no longer lists has only the verdict's date to go by.
func (v ticketView) warranty(t *tickets.Ticket) string {
	until := func(what, date string) string {
		return v.text("terminal.warranty.until", map[string]string{"what": what, "date": date})
	}
	cat, ok := v.pol.Category(t.Category)
	if !ok || t.Purchased.IsZero() {
		if t.Verdict.WarrantyUntil.IsZero() {
			return v.text("terminal.warranty.none", nil)
		}
		return v.text("terminal.warranty.latest", map[string]string{"date": v.date(t.Verdict.WarrantyUntil)})
	}
	type span struct {
		days  int
		names []string
	}
	var spans []span
	add := func(days int, name string) {
		if i := slices.IndexFunc(spans, func(s span) bool { return s.days == days }); i >= 0 {
			spans[i].names = append(spans[i].names, name)
			return
		}
		spans = append(spans, span{days, []string{name}})
	}
	if cat.WarrantyDays > 0 {
		add(cat.WarrantyDays, v.text("terminal.warranty.whole", nil))
	}
	for _, p := range cat.Parts {
		// A part covered as long as the whole product is part of "whole product".
		if p.WarrantyDays > 0 && p.WarrantyDays != cat.WarrantyDays {
			add(p.WarrantyDays, cmp.Or(p.Name[v.lang], p.ID))
		}
	}
	if len(spans) == 0 {
		return v.text("terminal.warranty.none", nil)
	}
	slices.SortStableFunc(spans, func(a, b span) int { return a.days - b.days })
	sep := "; "
	if v.lang == "zh" {
		sep = "；"
	}
	bought := policy.DateOf(t.Purchased.In(v.loc))
	var out []string
	for _, s := range spans {
		out = append(out, until(v.join(s.names), bought.AddDays(s.days).String()))
	}
	return strings.Join(out, sep)
}
