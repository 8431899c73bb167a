package desk

import (
	"context"
	"errors"
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/tickets"
)

// listLimit is how many tickets /tickets shows at most.
const listLimit = 50

// maxListHTML keeps a list within one message (4096 characters once its
// tags are parsed; the links' addresses do not count, so this is safe).
const maxListHTML = 3800

// list answers /tickets: one message with a line per ticket, each
// linking to the ticket's topic or card.
func (d *Desk) list(ctx context.Context, list string, by tickets.Staff, at place) error {
	f := tickets.DeskFilter{Open: true, Limit: listLimit}
	switch list {
	case listMine:
		f.AssigneeID = by.UserID
	case listOverdue:
		f.Overdue = true
	case listWaiting:
		f.Open, f.Waiting = false, true
	}
	ts, err := d.tickets.DeskList(ctx, f)
	if err != nil {
		return fmt.Errorf("desk: desk list %q: %w", list, err)
	}
	name := list
	if name == listOpen {
		name = "open"
	}
	if len(ts) == 0 {
		return d.answer(ctx, at, "staff.list.empty."+name, nil)
	}
	var b strings.Builder
	b.WriteString(d.text("staff.list."+name, map[string]string{"count": strconv.Itoa(len(ts))}))
	for i, t := range ts {
		line, err := d.ticketLine(ctx, &t)
		if err != nil {
			return err
		}
		if b.Len()+len(line) > maxListHTML {
			b.WriteString("\n")
			b.WriteString(d.text("staff.list.more", map[string]string{"count": strconv.Itoa(len(ts) - i)}))
			break
		}
		b.WriteString("\n")
		b.WriteString(line)
	}
	return d.postHTML(ctx, at, b.String())
}

// show answers /ticket REF with the ticket's line.
func (d *Desk) show(ctx context.Context, ref string, at place) error {
	t, err := d.tickets.Get(ctx, ref)
	if errors.Is(err, tickets.ErrNotFound) {
		return d.answer(ctx, at, "staff.no_such_ticket", map[string]string{"ref": ref})
	}
	if err != nil {
		return fmt.Errorf("desk: show %s: %w", ref, err)
	}
	line, err := d.ticketLine(ctx, t)
	if err != nil {
		return err
	}
	return d.postHTML(ctx, at, line)
}

// ticketLine is "K7M-4QX · in progress · Li · due 15:00 today" as HTML, the
// reference linking to the ticket's place in the staff group when it has
// one yet.
func (d *Desk) ticketLine(ctx context.Context, t *tickets.Ticket) (string, error) {
	lang := d.lang()
	ref, err := d.refHTML(ctx, t)
	if err != nil {
		return "", err
	}
	parts := []string{"<b>" + ref + "</b>", d.text("desk.status."+string(t.Status), nil)}
	if t.AssigneeUserID != 0 {
		parts = append(parts, html.EscapeString(t.AssigneeName))
	} else {
		parts = append(parts, d.text("staff.line.unassigned", nil))
	}
	// The deadline the timers and /sla go by: none while the ticket waits
	// for its customer, the clock standing still.
	if due, ok := t.NextDeadline(d.now(), 0); ok {
		key := "staff.line.due"
		if due.Missed {
			key = "staff.line.late"
		}
		parts = append(parts, d.text(key, map[string]string{
			"when": locale.FormatTime(lang, due.At.In(d.pol.Shop.TimeZone), d.now())}))
	}
	if t.Urgent {
		parts = append(parts, d.text("staff.line.urgent", nil))
	}
	return strings.Join(parts, " · "), nil
}

// refHTML is the ticket's reference as HTML, linking to its place in the
// staff group when it has one yet.
func (d *Desk) refHTML(ctx context.Context, t *tickets.Ticket) (string, error) {
	ref := html.EscapeString(t.Ref)
	th, err := d.tickets.Thread(ctx, t.ID)
	switch {
	case err == nil:
		if link := threadLink(th.ChatID, th); link != "" {
			ref = `<a href="` + html.EscapeString(link) + `">` + ref + `</a>`
		}
	case !errors.Is(err, tickets.ErrNotFound):
		return "", fmt.Errorf("desk: thread of %s: %w", t.Ref, err)
	}
	return ref, nil
}

// help is /help in the staff group, naming the note prefix and the
// shop's canned replies.
func (d *Desk) help() string {
	names := make([]string, 0, len(d.pol.CannedReplies))
	for _, c := range d.pol.CannedReplies {
		names = append(names, c.Name)
	}
	return d.text("staff.help", map[string]string{"prefix": d.cfg.NotePrefix, "names": strings.Join(names, ", ")})
}
