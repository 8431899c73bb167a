package desk

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/tickets"
)

// /sla looks slaHours ahead unless told otherwise, at most maxSLAHours.
const (
	slaHours    = 4
	maxSLAHours = 72
)

// slaScan is how many open tickets /sla reads at most; a shop with more
// open tickets than this has bigger problems than a short list.
const slaScan = 500

// parseSLAHours reads /sla's argument: nothing, or whole hours 1..72.
func parseSLAHours(args string) (int, bool) {
	args = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.ToLower(args)), "h"))
	if args == "" {
		return slaHours, true
	}
	n, err := strconv.Atoi(args)
	if err != nil || n < 1 || n > maxSLAHours {
		return 0, false
	}
	return n, true
}

// slaItem is one ticket in /sla and the deadline it has to meet next.
type slaItem struct {
	t *tickets.Ticket
	d tickets.Deadline
}

// slaGroup is the tickets one member holds (holder 0: nobody) in /sla.
type slaGroup struct {
	holder int64
	name   string
	items  []slaItem
}

// slaGroups picks the tickets whose next deadline passed or falls by until
// at now (warn is the policy's warning time) and groups them by who holds
// them: nobody first, then by name; in each group the missed deadlines
// first, then the rest, earliest first.
func slaGroups(ts []tickets.Ticket, now, until time.Time, warn time.Duration) []slaGroup {
	byHolder := map[int64]*slaGroup{}
	var groups []*slaGroup
	for i := range ts {
		t := &ts[i]
		next, ok := t.NextDeadline(now, warn)
		if !ok || next.At.After(until) {
			continue
		}
		g := byHolder[t.AssigneeUserID]
		if g == nil {
			g = &slaGroup{holder: t.AssigneeUserID, name: t.AssigneeName}
			byHolder[t.AssigneeUserID] = g
			groups = append(groups, g)
		}
		g.items = append(g.items, slaItem{t, next})
	}
	slices.SortFunc(groups, func(a, b *slaGroup) int {
		switch {
		case a.holder == b.holder:
			return 0
		case a.holder == 0:
			return -1
		case b.holder == 0:
			return 1
		}
		return cmp.Or(cmp.Compare(strings.ToLower(a.name), strings.ToLower(b.name)), cmp.Compare(a.holder, b.holder))
	})
	out := make([]slaGroup, len(groups))
	for i, g := range groups {
		slices.SortFunc(g.items, func(x, y slaItem) int {
			if x.d.Missed != y.d.Missed {
				if x.d.Missed {
					return -1
				}
				return 1
			}
			return cmp.Or(x.d.At.Compare(y.d.At), cmp.Compare(x.t.ID, y.t.ID))
		})
		out[i] = *g
	}
	return out
}

// slaList answers /sla: the open tickets whose next deadline passed or
// falls within hours, grouped by who holds them (slaGroups).
func (d *Desk) slaList(ctx context.Context, hours int, at place) error {
	ts, err := d.tickets.DeskList(ctx, tickets.DeskFilter{Open: true, Limit: slaScan})
	if err != nil {
		return fmt.Errorf("desk: sla list: %w", err)
	}
	now := d.now()
	groups := slaGroups(ts, now, now.Add(time.Duration(hours)*time.Hour), d.pol.Service.WarnBefore)
	html, err := d.view().slaHTML(groups, hours, now, func(t *tickets.Ticket) (string, error) { return d.refHTML(ctx, t) })
	if err != nil {
		return err
	}
	return d.postHTML(ctx, at, html)
}

// slaHTML renders /sla's answer from its groups, in the staff's language,
// each reference as ref makes it (a link to the ticket's thread); it stops
// with "… and n more" before the message grows too long for Telegram.
func (v view) slaHTML(groups []slaGroup, hours int, now time.Time, ref func(*tickets.Ticket) (string, error)) (string, error) {
	count := 0
	for _, g := range groups {
		count += len(g.items)
	}
	h := map[string]string{"hours": strconv.Itoa(hours), "count": strconv.Itoa(count)}
	if count == 0 {
		return v.text("staff.sla.empty", h), nil
	}
	var b strings.Builder
	b.WriteString(v.text("staff.sla.title", h))
	shown := 0
	for _, g := range groups {
		b.WriteString("\n\n")
		if g.holder == 0 {
			b.WriteString(v.text("staff.sla.unassigned", nil))
		} else {
			b.WriteString(v.text("staff.sla.assignee", map[string]string{"name": g.name}))
		}
		for _, it := range g.items {
			r, err := ref(it.t)
			if err != nil {
				return "", err
			}
			key := "staff.sla.soon"
			if it.d.Missed {
				key = "staff.sla.missed"
			}
			line := v.text(key, map[string]string{
				locale.HTMLParam + "ref": "<b>" + r + "</b>",
				"deadline":               v.text("staff.sla.deadline."+it.d.Name, nil),
				"when":                   locale.FormatTime(v.lang, it.d.At.In(v.tz()), now),
			})
			if b.Len()+len(line) > maxListHTML {
				b.WriteString("\n")
				b.WriteString(v.text("staff.list.more", map[string]string{"count": strconv.Itoa(count - shown)}))
				return b.String(), nil
			}
			b.WriteString("\n")
			b.WriteString(line)
			shown++
		}
	}
	return b.String(), nil
}
