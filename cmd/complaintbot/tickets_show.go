package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// maxStaffNames bounds the staff members read to name the people in a
// ticket's events.
const maxStaffNames = 1000

// writeTicket prints one ticket for the owner to read: its fields with the
// card's labels, the policy's verdict with its reasons and the warranty,
// then the description, the attachments, the events told as sentences and
// the messages. names are staff names by user id (staffNames).
func (v ticketView) writeTicket(w io.Writer, t *tickets.Ticket, names map[int64]string) error {
	var b strings.Builder
	var c columns
	row := func(key, value string) { c.row(v.text("terminal.show."+key, nil), value) }
	row("ticket", t.Ref+" · "+v.status(t.Status))
	row("filed", v.time(t.CreatedAt))
	row("customer", v.text("terminal.show.customer_value", map[string]string{
		"name": customer(*t), "chat": strconv.FormatInt(t.CustomerChatID, 10), "lang": v.language(t.CustomerLang),
	}))
	row("phone", orDash(t.Phone))
	row("product", v.category(t.Category))
	if t.NoReceipt || t.OrderNo == "" {
		row("order", v.text("terminal.show.no_receipt", nil))
	} else {
		row("order", clean(t.OrderNo))
	}
	if !t.Purchased.IsZero() {
		row("purchased", v.date(t.Purchased))
	}
	row("issue", v.issue(t.Issue))
	row("outcome", v.outcomeFor(t.Verdict, policy.Outcome(t.Outcome)))
	row("allowed", v.verdict(t.Verdict))
	row("warranty", v.warranty(t))
	row("arrange_by", v.time(t.ArrangeBy))
	row("check_at", v.time(t.CheckAt))
	row("answer_by", v.time(t.AnswerBy))
	if t.AssigneeUserID != 0 {
		row("assignee", v.who(tickets.Actor{Kind: tickets.ActorStaff, ID: t.AssigneeUserID}, names))
	} else {
		row("assignee", v.text("terminal.show.unassigned", nil))
	}
	if !t.FirstResponseAt.IsZero() {
		row("first_response", v.time(t.FirstResponseAt))
	}
	if p := v.priority(t); p != "" {
		row("priority", p)
	}
	if t.Resolution != "" && !t.Status.Open() {
		row("resolution", clean(t.Resolution))
	}
	b.WriteString(c.String())

	fmt.Fprintf(&b, "\n%s\n", v.text("terminal.show.description", nil))
	desc := clean(t.Description)
	if strings.TrimSpace(desc) == "" {
		desc = v.text("terminal.show.no_description", nil)
	}
	fmt.Fprintf(&b, "  %s\n", strings.ReplaceAll(desc, "\n", "\n  "))

	fmt.Fprintf(&b, "\n%s\n", v.text("terminal.show.attachments", count(len(t.Attachments))))
	for _, a := range t.Attachments {
		fmt.Fprintf(&b, "  %d. %s %s", a.Position+1, v.label("terminal.media."+a.Kind, a.Kind), clean(a.FileID))
		if a.MediaGroupID != "" {
			fmt.Fprintf(&b, " (%s)", v.text("terminal.show.album", map[string]string{"id": clean(a.MediaGroupID)}))
		}
		if a.Caption != "" {
			fmt.Fprintf(&b, " %q", clean(a.Caption))
		}
		b.WriteByte('\n')
	}

	fmt.Fprintf(&b, "\n%s\n", v.text("terminal.show.events", count(len(t.Events))))
	for _, e := range t.Events {
		fmt.Fprintf(&b, "  %s · %s\n", v.time(e.At), v.event(e, names))
	}

	fmt.Fprintf(&b, "\n%s\n", v.text("terminal.show.messages", count(len(t.Messages))))
	for _, m := range t.Messages {
		fmt.Fprintf(&b, "  %s · %s\n", v.time(m.At), v.message(m, names))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// priority tells a raised or lowered priority and the urgent mark; empty
// for neither.
func (v ticketView) priority(t *tickets.Ticket) string {
	var parts []string
	n := map[string]string{"n": strconv.Itoa(max(t.Priority, -t.Priority))}
	switch {
	case t.Priority > 0:
		parts = append(parts, v.text("terminal.show.priority_up", n))
	case t.Priority < 0:
		parts = append(parts, v.text("terminal.show.priority_down", n))
	}
	if t.Urgent {
		parts = append(parts, v.text("terminal.show.urgent", nil))
	}
	return v.join(parts)
}

// staffNames are the names of the people a ticket's events refer to, by
// Telegram user id: those the ticket keeps (its assignee, the authors of
// replies and notes), and the staff seen in the group, whose names are the
// latest.
func staffNames(ctx context.Context, store *tickets.Store, t *tickets.Ticket) (map[int64]string, error) {
	names := map[int64]string{}
	if t.AssigneeUserID != 0 && t.AssigneeName != "" {
		names[t.AssigneeUserID] = clean(t.AssigneeName)
	}
	for _, m := range t.Messages {
		if m.Direction != tickets.DirectionIn && m.AuthorName != "" {
			names[m.Author.ID] = clean(m.AuthorName)
		}
	}
	staff, err := store.StaffMembers(ctx, maxStaffNames)
	if err != nil {
		return nil, err
	}
	for _, s := range staff {
		if s.Name != "" {
			names[s.UserID] = clean(s.Name)
		}
	}
	return names, nil
}

func count(n int) map[string]string {
	return map[string]string{"count": strconv.Itoa(n)}
}
