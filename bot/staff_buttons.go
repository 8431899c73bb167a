package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/tickets"
)

// pickerSize is how many recently seen members the assign picker is
// given to choose from.
const pickerSize = maxPicked

// staffButton handles a press of a button on a ticket's card (or on the
// assign picker the card turns into). The button must sit on that
// ticket's own card: data copied onto another message does nothing. The
// press is always answered, with a short notice of what happened.
func (e *Edge) staffButton(ctx context.Context, q *models.CallbackQuery) (err error) {
	toast := ""
	defer func() {
		if err != nil {
			return // the retry answers
		}
		if aerr := e.out.AnswerCallback(ctx, q.ID, toast); aerr != nil {
			e.log.Info("answer callback", "chat", e.cfg.StaffChatID, "err", aerr)
		}
	}()
	invalid := plainText(e.staffText("staff.button.invalid", nil))
	msg := q.Message.Message
	if msg == nil {
		toast = invalid
		return nil
	}
	by := e.staffOf(&q.From)
	if err := e.seeStaff(ctx, by); err != nil {
		return err
	}
	d, derr := decodeDeskData(q.Data)
	if derr != nil {
		toast = invalid
		return nil
	}
	t, err := e.tickets.TicketByDeskMessage(ctx, msg.Chat.ID, int64(msg.ID))
	switch {
	case errors.Is(err, tickets.ErrNotFound):
		toast = invalid
		return nil
	case err != nil:
		return fmt.Errorf("bot: ticket of card %d: %w", msg.ID, err)
	case t.ID != d.TicketID:
		e.log.Info("button of another ticket refused", "ticket", t.Ref, "staff", by.UserID)
		toast = invalid
		return nil
	}
	toast, err = e.pressed(ctx, d, t, by, msg)
	return err
}

// pressed carries out a card button for by and returns the notice to show.
func (e *Edge) pressed(ctx context.Context, d deskData, t *tickets.Ticket, by tickets.Staff, card *models.Message) (string, error) {
	op := deskOp{}
	switch d.Action {
	case deskResolve:
		return plainText(e.staffText("staff.button.resolve_hint", nil)), nil
	case deskBack:
		return "", e.showCard(ctx, t, card)
	case deskAssign:
		if key := e.pressRefused(actOf(staffCommand{Verb: verbAssign}, t, by.UserID), by, t); key != "" {
			return key, nil
		}
		return "", e.showPicker(ctx, t, card)
	case deskAssignTo:
		to, err := e.pickedMember(ctx, d.Arg)
		if err != nil || to == nil {
			return plainText(e.staffText("staff.button.invalid", nil)), err
		}
		op = deskOp{Act: actOf(staffCommand{Verb: verbAssign}, t, by.UserID), To: to}
	case deskClaim:
		op.Act = doClaim
	case deskRelease:
		op.Act = actOf(staffCommand{Verb: verbRelease}, t, by.UserID)
	case deskNeedInfo:
		op.Act = doNeedInfo
	case deskClose:
		op.Act = doClose
	case deskReopen:
		op.Act = doReopen
	case deskPriority:
		op.Act = doPriority
		switch d.Arg {
		case "+1":
			op.Delta = 1
		case "-1":
			op.Delta = -1
		default:
			return plainText(e.staffText("staff.button.invalid", nil)), nil
		}
	case deskUrgent:
		switch d.Arg {
		case "on":
			op.Act = doUrgent
		case "off":
			op.Act = doUrgentOff
		default:
			return plainText(e.staffText("staff.button.invalid", nil)), nil
		}
	default:
		return plainText(e.staffText("staff.button.invalid", nil)), nil
	}
	if key := e.pressRefused(op.Act, by, t); key != "" {
		return key, nil
	}
	after, ref, err := e.applyOp(ctx, t, by, op)
	if err != nil {
		return "", err
	}
	if ref != nil {
		return plainText(e.staffText(ref.Key, ref.Params)), nil
	}
	if d.Action == deskAssignTo {
		// The picker goes back to the card's buttons; the card job then
		// shows the new assignee.
		if err := e.showCard(ctx, after, card); err != nil {
			return "", err
		}
	}
	return plainText(e.staffText("staff.done."+string(op.Act), doneParams(op, after, by))), nil
}

// pressRefused checks act against the access table for a press on t's card and
// returns the notice refusing it, or "".
func (e *Edge) pressRefused(act staffAct, by tickets.Staff, t *tickets.Ticket) string {
	if v, key := access(act, staffPlace{Chat: fromStaffGroup, Ticket: true}, by.Owner); v != allowed {
		return plainText(e.staffText(key, holderParams(t)))
	}
	return ""
}

// pickedMember is the member an assign picker's button names, among those
// seen in the group; nil when not one of them.
func (e *Edge) pickedMember(ctx context.Context, arg string) (*tickets.Staff, error) {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil {
		return nil, nil
	}
	members, err := e.tickets.StaffMembers(ctx, 200)
	if err != nil {
		return nil, fmt.Errorf("bot: staff members: %w", err)
	}
	for _, s := range members {
		if s.UserID == id {
			s.Owner = e.isOwner(s.UserID)
			return &s, nil
		}
	}
	return nil, nil
}

// showPicker turns the card's buttons into a list of recently seen
// members to assign the ticket to, and a Back button.
func (e *Edge) showPicker(ctx context.Context, t *tickets.Ticket, card *models.Message) error {
	members, err := e.tickets.StaffMembers(ctx, pickerSize)
	if err != nil {
		return fmt.Errorf("bot: staff members: %w", err)
	}
	d := e.deskText()
	html, _ := d.card(t)
	return e.editCard(ctx, card, html, d.assignPicker(t, members))
}

// showCard draws the card for t with its own buttons, as the card job
// does: after the picker, and after a change made from it.
func (e *Edge) showCard(ctx context.Context, t *tickets.Ticket, card *models.Message) error {
	html, markup := e.deskText().card(t)
	return e.editCard(ctx, card, html, markup)
}
