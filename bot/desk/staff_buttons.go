package desk

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/bot/returns"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/tickets"
)

// pickerSize is how many recently seen members the assign picker is
// given to choose from.
const pickerSize = maxPicked

// onButton handles a press of a button on a ticket's card (or on the
// assign picker the card turns into). The button must sit on that
// ticket's own card: data copied onto another message does nothing. The
// press is always answered, with a short notice of what happened.
func (d *Desk) onButton(ctx context.Context, q *models.CallbackQuery) (err error) {
	toast := ""
	defer func() {
		if err != nil {
			return // the retry answers
		}
		if aerr := d.out.AnswerCallback(ctx, q.ID, toast); aerr != nil {
			d.log.Info("answer callback", "chat", d.cfg.ChatID, "err", aerr)
		}
	}()
	invalid := locale.PlainText(d.text("staff.button.invalid", nil))
	msg := q.Message.Message
	if msg == nil {
		toast = invalid
		return nil
	}
	if ok, err := d.roster.isStaff(ctx, q.From.ID); err != nil || !ok {
		if err != nil {
			return err
		}
		d.log.Warn("not staff: button refused", "user", q.From.ID, "chat", msg.Chat.ID, "message", msg.ID)
		toast = locale.PlainText(d.text("staff.refuse.not_staff", nil))
		return nil
	}
	by := d.memberOf(&q.From)
	if err := d.seeStaff(ctx, by); err != nil {
		return err
	}
	if returns.Owns(q.Data) {
		toast, err = d.pressReturn(ctx, q, by)
		return err
	}
	b, derr := decodeButton(q.Data)
	if derr != nil {
		toast = invalid
		return nil
	}
	t, err := d.tickets.TicketByDeskMessage(ctx, msg.Chat.ID, int64(msg.ID))
	switch {
	case errors.Is(err, tickets.ErrNotFound):
		toast = invalid
		return nil
	case err != nil:
		return fmt.Errorf("desk: ticket of card %d: %w", msg.ID, err)
	case t.ID != b.TicketID:
		d.log.Info("button of another ticket refused", "ticket", t.Ref, "staff", by.UserID)
		toast = invalid
		return nil
	}
	toast, err = d.pressed(ctx, b, t, by, msg)
	return err
}

// pressed carries out a card button for by and returns the notice to show.
func (d *Desk) pressed(ctx context.Context, b button, t *tickets.Ticket, by tickets.Staff, card *models.Message) (string, error) {
	op := operation{}
	switch b.Action {
	case actResolve:
		return locale.PlainText(d.text("staff.button.resolve_hint", nil)), nil
	case actBack:
		return "", d.showCard(ctx, t, card)
	case actReturn:
		if key := d.pressRefused(actReturn, by, t); key != "" {
			return key, nil
		}
		return d.beginReturn(ctx, t, by, card)
	case actAssign:
		if key := d.pressRefused(actOf(command{Verb: actAssign}, t, by.UserID), by, t); key != "" {
			return key, nil
		}
		return "", d.showPicker(ctx, t, card)
	case actAssignTo:
		to, err := d.pickedMember(ctx, b.Arg)
		if err != nil || to == nil {
			return locale.PlainText(d.text("staff.button.invalid", nil)), err
		}
		op = operation{Act: actOf(command{Verb: actAssign}, t, by.UserID), To: to}
	case actClaim:
		op.Act = actClaim
	case actRelease:
		op.Act = actOf(command{Verb: actRelease}, t, by.UserID)
	case actNeedInfo:
		op.Act = actNeedInfo
	case actClose:
		op.Act = actClose
	case actReopen:
		op.Act = actReopen
	case actPriority:
		op.Act = actPriority
		switch b.Arg {
		case "+1":
			op.Delta = 1
		case "-1":
			op.Delta = -1
		default:
			return locale.PlainText(d.text("staff.button.invalid", nil)), nil
		}
	case actUrgent:
		switch b.Arg {
		case "on":
			op.Act = actUrgent
		case "off":
			op.Act = actUrgentOff
		default:
			return locale.PlainText(d.text("staff.button.invalid", nil)), nil
		}
	default:
		return locale.PlainText(d.text("staff.button.invalid", nil)), nil
	}
	if key := d.pressRefused(op.Act, by, t); key != "" {
		return key, nil
	}
	after, ref, err := d.applyOp(ctx, t, by, op)
	if err != nil {
		return "", err
	}
	if ref != nil {
		return locale.PlainText(d.text(ref.Key, ref.Params)), nil
	}
	if b.Action == actAssignTo {
		// The picker goes back to the card's buttons; the card job then
		// shows the new assignee.
		if err := d.showCard(ctx, after, card); err != nil {
			return "", err
		}
	}
	return locale.PlainText(d.text("staff.done."+string(op.Act), doneParams(op, after, by))), nil
}

// pressRefused checks act against the access table for a press on t's card and
// returns the notice refusing it, or "".
func (d *Desk) pressRefused(act action, by tickets.Staff, t *tickets.Ticket) string {
	if v, key := access(act, scope{Chat: fromStaffGroup, Ticket: true}, by.Owner); v != allowed {
		return locale.PlainText(d.text(key, holderParams(t)))
	}
	return ""
}

// pickedMember is the member an assign picker's button names, among those
// seen in the group; nil when not one of them.
func (d *Desk) pickedMember(ctx context.Context, arg string) (*tickets.Staff, error) {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil {
		return nil, nil
	}
	members, err := d.tickets.StaffMembers(ctx, 200)
	if err != nil {
		return nil, fmt.Errorf("desk: staff members: %w", err)
	}
	for _, s := range members {
		if s.UserID == id {
			s.Owner = d.isOwner(s.UserID)
			return &s, nil
		}
	}
	return nil, nil
}

// showPicker turns the card's buttons into a list of recently seen
// members to assign the ticket to, and a Back button.
func (d *Desk) showPicker(ctx context.Context, t *tickets.Ticket, card *models.Message) error {
	members, err := d.tickets.StaffMembers(ctx, pickerSize)
	if err != nil {
		return fmt.Errorf("desk: staff members: %w", err)
	}
	html, _, err := d.cardOf(ctx, t)
	if err != nil {
		return err
	}
	return d.editCard(ctx, card, html, d.view().assignPicker(t, members))
}

// showCard draws the card for t with its own buttons, as the card job
// does: after the picker, and after a change made from it.
func (d *Desk) showCard(ctx context.Context, t *tickets.Ticket, card *models.Message) error {
	html, markup, err := d.cardOf(ctx, t)
	if err != nil {
		return err
	}
	return d.editCard(ctx, card, html, markup)
}
