package desk

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/bot/returns"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/tickets"
)

// The desk hands a ticket's return to the flow of package returns once it
// knows who is acting (staff, and whether an owner) and on which ticket;
// the access table has checked the command first, as for any other.

// returnCommand runs /return, /shipped or /received in t's thread: the
// flow's answer, if any, is posted; else the command gets its 👍.
func (d *Desk) returnCommand(ctx context.Context, cmd command, t *tickets.Ticket, by tickets.Staff, m *models.Message, at place) error {
	if d.returns == nil {
		return d.answer(ctx, at, "staff.refuse.unknown", nil)
	}
	html, err := d.returns.Command(ctx, string(cmd.Verb), cmd.Text, messageOf(m).Attachments, t, by.Actor(), returns.At(m, true, t.ID))
	if err != nil {
		return err
	}
	if html != "" {
		return d.postHTML(ctx, at, html)
	}
	return d.react(ctx, m)
}

// beginReturn starts the owner on a return from the card's Return…
// button: the flow asks the kind in the ticket's thread. The notice is
// what the flow answers instead, if anything.
func (d *Desk) beginReturn(ctx context.Context, t *tickets.Ticket, by tickets.Staff, card *models.Message) (string, error) {
	if d.returns == nil {
		return locale.PlainText(d.text("staff.button.invalid", nil)), nil
	}
	html, err := d.returns.Begin(ctx, returns.At(card, true, t.ID), t, by.Actor(), "")
	return locale.PlainText(html), err
}

// pressReturn hands the flow a press of one of its buttons on message msg
// of the staff group by the member by: on the card, or on the flow's own
// messages in a ticket's thread. A message that is no ticket's makes the
// button invalid.
func (d *Desk) pressReturn(ctx context.Context, q *models.CallbackQuery, by tickets.Staff) (string, error) {
	invalid := locale.PlainText(d.text("staff.button.invalid", nil))
	msg := q.Message.Message
	if d.returns == nil {
		return invalid, nil
	}
	t, err := d.tickets.TicketByDeskMessage(ctx, msg.Chat.ID, int64(msg.ID))
	switch {
	case errors.Is(err, tickets.ErrNotFound):
		return invalid, nil
	case err != nil:
		return "", fmt.Errorf("desk: ticket of message %d: %w", msg.ID, err)
	}
	return d.returns.Press(ctx, q, t, by.Actor())
}

// answersReturn reports whether a member's plain message answers one of
// the flow's questions (the fee of a repair, a new text of the
// instructions), which the flow then takes: it never goes to the customer.
func (d *Desk) answersReturn(ctx context.Context, m *models.Message, t *tickets.Ticket, by tickets.Staff) (bool, error) {
	if d.returns == nil || m.ReplyToMessage == nil {
		return false, nil
	}
	var ticketID int64
	if t != nil {
		ticketID = t.ID
	}
	return d.returns.Reply(ctx, m, returns.At(m, true, ticketID), by.Actor())
}

// returnOf is the ticket's return the card shows: the one under way, or
// the latest; nil for none.
func (d *Desk) returnOf(ctx context.Context, ticketID int64) (*tickets.Return, error) {
	r, err := d.tickets.ReturnOf(ctx, ticketID)
	if errors.Is(err, tickets.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("desk: return of ticket %d: %w", ticketID, err)
	}
	return r, nil
}

// cardOf renders t's card with its return, as the card job shows it.
func (d *Desk) cardOf(ctx context.Context, t *tickets.Ticket) (string, *models.InlineKeyboardMarkup, error) {
	r, err := d.returnOf(ctx, t.ID)
	if err != nil {
		return "", nil, err
	}
	html, kb := d.view().card(t, r)
	return html, kb, nil
}
