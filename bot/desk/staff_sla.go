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

// slaList answers /sla: the open tickets whose next deadline passed or
// falls within hours, grouped by who holds them (nobody first, then by
// name), the missed ones first in each group, earliest first.
func (d *Desk) slaList(ctx context.Context, hours int, at place) error {
	ts, err := d.tickets.DeskList(ctx, tickets.DeskFilter{Open: true, Limit: slaScan})
	if err != nil {
		return fmt.Errorf("desk: sla list: %w", err)
	}
	now := d.now()
	until := now.Add(time.Duration(hours) * time.Hour)
	groups := map[int64][]slaItem{}
	names := map[int64]string{}
	count := 0
	for i := range ts {
		t := &ts[i]
		next, ok := t.NextDeadline(now, d.pol.Service.WarnBefore)
		if !ok || next.At.After(until) {
			continue
		}
		groups[t.AssigneeUserID] = append(groups[t.AssigneeUserID], slaItem{t, next})
		names[t.AssigneeUserID] = t.AssigneeName
		count++
	}
	h := map[string]string{"hours": strconv.Itoa(hours), "count": strconv.Itoa(count)}
	if count == 0 {
		return d.answer(ctx, at, "staff.sla.empty", h)
	}
	holders := make([]int64, 0, len(groups))
	for id := range groups {
		holders = append(holders, id)
	}
	slices.SortFunc(holders, func(a, b int64) int {
		switch {
		case a == b:
			return 0
		case a == 0:
			return -1
		case b == 0:
			return 1
		}
		return cmp.Or(cmp.Compare(strings.ToLower(names[a]), strings.ToLower(names[b])), cmp.Compare(a, b))
	})
	var b strings.Builder
	b.WriteString(d.text("staff.sla.title", h))
	lang := d.lang()
	shown := 0
	for _, id := range holders {
		items := groups[id]
		slices.SortFunc(items, func(x, y slaItem) int {
			if x.d.Missed != y.d.Missed {
				if x.d.Missed {
					return -1
				}
				return 1
			}
			return x.d.At.Compare(y.d.At)
		})
		b.WriteString("\n\n")
		if id == 0 {
			b.WriteString(d.text("staff.sla.unassigned", nil))
		} else {
			b.WriteString(d.text("staff.sla.assignee", map[string]string{"name": names[id]}))
		}
		for _, it := range items {
			ref, err := d.refHTML(ctx, it.t)
			if err != nil {
				return err
			}
			key := "staff.sla.soon"
			if it.d.Missed {
				key = "staff.sla.missed"
			}
			line := d.text(key, map[string]string{
				locale.HTMLParam + "ref": "<b>" + ref + "</b>",
				"deadline":               d.text("staff.sla.deadline."+it.d.Name, nil),
				"when":                   locale.FormatTime(lang, it.d.At.In(d.pol.Shop.TimeZone), now),
			})
			if b.Len()+len(line) > maxListHTML {
				b.WriteString("\n")
				b.WriteString(d.text("staff.list.more", map[string]string{"count": strconv.Itoa(count - shown)}))
				return d.postHTML(ctx, at, b.String())
			}
			b.WriteString("\n")
			b.WriteString(line)
			shown++
		}
	}
	return d.postHTML(ctx, at, b.String())
}
