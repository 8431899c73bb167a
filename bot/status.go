package bot

import (
	"context"
	"fmt"
	"html"
	"strings"

	"github.com/complaintbot/complaintbot/conversation"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/tickets"
)

// statusReplies lists the customer's own tickets, newest first, each with
// who handles it and where its return stands. Only tickets of this chat are
// read: nobody sees another customer's tickets.
func (e *Edge) statusReplies(ctx context.Context, chatID int64, lang string) ([]conversation.Reply, error) {
	if chatID == 0 {
		return nil, fmt.Errorf("bot: status without a chat")
	}
	list, err := e.tickets.List(ctx, tickets.ListFilter{CustomerChatID: chatID, Limit: 10})
	if err != nil {
		return nil, fmt.Errorf("bot: tickets of chat %d: %w", chatID, err)
	}
	if len(list) == 0 {
		return []conversation.Reply{{Key: "bot.status_none"}}, nil
	}
	var b strings.Builder
	now := e.now()
	for _, t := range list {
		cat, _ := e.pol.Category(t.Category)
		name := cat.Name[lang]
		if name == "" {
			name = t.Category
		}
		fmt.Fprintf(&b, "\n<b>%s</b> · %s · %s · %s", html.EscapeString(t.Ref), html.EscapeString(name),
			html.EscapeString(e.cat.Text(lang, "tickets.status."+string(t.Status), nil)),
			html.EscapeString(locale.FormatDate(lang, t.CreatedAt.In(e.tz), now)))
		if who := e.handledBy(lang, t); who != "" {
			b.WriteString("\n    ")
			b.WriteString(who)
		}
		ret, err := e.returnStatus(ctx, lang, t.ID)
		if err != nil {
			return nil, err
		}
		if ret != "" {
			b.WriteString("\n    ")
			b.WriteString(ret)
		}
	}
	return []conversation.Reply{{Key: "bot.status_list", Params: map[string]string{locale.HTMLParam + "lines": b.String()}}}, nil
}

// handledBy says, as HTML, who handles an open ticket: the member of staff
// by first name ("Li is handling it"), or the team when replies are signed
// by the team, or that it waits for someone. A resolved or closed ticket
// needs no one.
func (e *Edge) handledBy(lang string, t tickets.Ticket) string {
	switch {
	case !t.Status.Open():
		return ""
	case t.AssigneeUserID == 0:
		return e.cat.Text(lang, "bot.status_unassigned", nil)
	case e.cfg.StaffSignature == "team" || t.AssigneeName == "":
		return e.cat.Text(lang, "bot.status_team", nil)
	}
	return e.cat.Text(lang, "bot.status_handler", map[string]any{"name": html.EscapeString(t.AssigneeName)})
}
