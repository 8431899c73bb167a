package bot

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

// staffList answers /tickets: one message with a line per ticket, each
// linking to the ticket's topic or card.
func (e *Edge) staffList(ctx context.Context, list string, by tickets.Staff, at deskPlace) error {
	f := tickets.DeskFilter{Open: true, Limit: listLimit}
	switch list {
	case listMine:
		f.AssigneeID = by.UserID
	case listOverdue:
		f.Overdue = true
	case listWaiting:
		f.Open, f.Waiting = false, true
	}
	ts, err := e.tickets.DeskList(ctx, f)
	if err != nil {
		return fmt.Errorf("bot: desk list %q: %w", list, err)
	}
	name := list
	if name == listOpen {
		name = "open"
	}
	if len(ts) == 0 {
		return e.deskAnswer(ctx, at, "staff.list.empty."+name, nil)
	}
	var b strings.Builder
	b.WriteString(e.staffText("staff.list."+name, map[string]string{"count": strconv.Itoa(len(ts))}))
	for i, t := range ts {
		line, err := e.ticketLine(ctx, &t)
		if err != nil {
			return err
		}
		if b.Len()+len(line) > maxListHTML {
			b.WriteString("\n")
			b.WriteString(e.staffText("staff.list.more", map[string]string{"count": strconv.Itoa(len(ts) - i)}))
			break
		}
		b.WriteString("\n")
		b.WriteString(line)
	}
	return e.deskPostHTML(ctx, at, b.String())
}

// staffShow answers /ticket REF with the ticket's line.
func (e *Edge) staffShow(ctx context.Context, ref string, at deskPlace) error {
	t, err := e.tickets.Get(ctx, ref)
	if errors.Is(err, tickets.ErrNotFound) {
		return e.deskAnswer(ctx, at, "staff.no_such_ticket", map[string]string{"ref": ref})
	}
	if err != nil {
		return fmt.Errorf("bot: show %s: %w", ref, err)
	}
	line, err := e.ticketLine(ctx, t)
	if err != nil {
		return err
	}
	return e.deskPostHTML(ctx, at, line)
}

// ticketLine is "K7M-4QX · in progress · Li · due 15:00 today" as HTML, the
// reference linking to the ticket's place in the staff group when it has
// one yet.
func (e *Edge) ticketLine(ctx context.Context, t *tickets.Ticket) (string, error) {
	lang := e.staffLang()
	ref := html.EscapeString(t.Ref)
	th, err := e.tickets.Thread(ctx, t.ID)
	switch {
	case err == nil:
		if link := deskLink(th.ChatID, th); link != "" {
			ref = `<a href="` + html.EscapeString(link) + `">` + ref + `</a>`
		}
	case !errors.Is(err, tickets.ErrNotFound):
		return "", fmt.Errorf("bot: thread of %s: %w", t.Ref, err)
	}
	parts := []string{"<b>" + ref + "</b>", e.staffText("desk.status."+string(t.Status), nil)}
	if t.AssigneeUserID != 0 {
		parts = append(parts, html.EscapeString(t.AssigneeName))
	} else {
		parts = append(parts, e.staffText("staff.line.unassigned", nil))
	}
	if t.Status.Open() {
		due := t.AnswerBy
		if t.FirstResponseAt.IsZero() && !t.ArrangeBy.IsZero() {
			due = t.ArrangeBy
		}
		if !due.IsZero() {
			key := "staff.line.due"
			if due.Before(e.now()) {
				key = "staff.line.late"
			}
			parts = append(parts, e.staffText(key, map[string]string{
				"when": locale.FormatTime(lang, due.In(e.tz), e.now())}))
		}
	}
	if t.Urgent {
		parts = append(parts, e.staffText("staff.line.urgent", nil))
	}
	return strings.Join(parts, " · "), nil
}

// staffHelp is /help in the staff group, naming the note prefix and the
// shop's canned replies.
func (e *Edge) staffHelp() string {
	names := make([]string, 0, len(e.pol.CannedReplies))
	for _, c := range e.pol.CannedReplies {
		names = append(names, c.Name)
	}
	return e.staffText("staff.help", map[string]string{"prefix": e.cfg.NotePrefix, "names": strings.Join(names, ", ")})
}
