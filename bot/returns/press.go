package returns

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// press is a press of one of the flow's buttons.
type press struct {
	data string
	// msg is the message the button sits on.
	msg *models.Message
	// ticket is, in the staff group, the ticket the desk found msg belongs
	// to: the button must be about it. Nil in private.
	ticket *tickets.Ticket
	by     tickets.Actor
	group  bool
	// lang is the language of the notice answering the press.
	lang string
}

// Press carries out a press of one of the flow's buttons in the staff group
// by the member by, on message q.Message of ticket t (as the desk found it:
// the card, or one of the flow's messages in the ticket's thread). It
// returns the notice to answer the press with. A button about another
// ticket than its message's does nothing.
func (f *Flow) Press(ctx context.Context, q *models.CallbackQuery, t *tickets.Ticket, by tickets.Actor) (string, error) {
	return f.press(ctx, press{data: q.Data, msg: q.Message.Message, ticket: t, by: by, group: true, lang: f.cfg.Lang})
}

// press checks a press against the return's rules and carries it out.
// Someone who is no owner in a private chat (a customer: the flow never
// gives them its buttons) is refused by the rules alone, without a look at
// any ticket or return.
func (f *Flow) press(ctx context.Context, in press) (string, error) {
	invalid := locale.PlainText(f.cat.HTML(in.lang, "staff.button.invalid", nil))
	b, err := decode(in.data)
	if err != nil || in.msg == nil {
		return invalid, nil
	}
	if in.by.Kind == tickets.ActorCustomer {
		f.log.Warn("return button pressed by a customer", "user", in.by.ID, "verb", string(b.Verb))
		if why := f.mayPress(in.lang, nil, b.step(""), in.by); why != "" {
			return why, nil
		}
		return invalid, nil
	}
	t, r, err := f.subject(ctx, b)
	if errors.Is(err, tickets.ErrNotFound) {
		return invalid, nil
	}
	if err != nil {
		return "", err
	}
	if in.ticket != nil && in.ticket.ID != t.ID {
		f.log.Info("return button of another ticket refused", "ticket", in.ticket.Ref, "user", in.by.ID)
		return invalid, nil
	}
	kind := tickets.ReturnKind("")
	if r != nil {
		kind = r.Kind
	}
	if why := f.mayPress(in.lang, r, b.step(kind), in.by); why != "" {
		return why, nil
	}
	var ticketID int64
	if in.group {
		ticketID = t.ID
	}
	p := At(in.msg, in.group, ticketID)
	switch b.Verb {
	case verbKind:
		kind := tickets.ReturnKind(b.Args[0])
		f.rewrite(ctx, in.msg.Chat.ID, in.msg.ID, f.askCauseHTML(t, kind), f.causeButtons(t, kind))
		return "", nil
	case verbKinds:
		f.rewrite(ctx, in.msg.Chat.ID, in.msg.ID, f.askKindHTML(t), f.kindButtons(t))
		return "", nil
	case verbDrop:
		f.rewrite(ctx, in.msg.Chat.ID, in.msg.ID, f.text("staff.return.dropped", map[string]string{"ref": t.Ref}), nil)
		return "", nil
	case verbCause:
		return f.start(ctx, p, in.msg, t, tickets.ReturnKind(b.Args[0]), tickets.ReturnCause(b.Args[1]), in.by)
	case verbPreview:
		return "", f.showPreview(ctx, p, t, r, in.by)
	case verbEdit:
		return "", f.askText(ctx, p, t, r, in.by)
	case verbSend:
		return f.send(ctx, p, in, t, r)
	case verbRefuse:
		return "", f.askExclusion(ctx, p, t, r)
	case verbExclude:
		return f.refuse(ctx, in, t, r, b.Args[0])
	case verbKeep:
		f.rewrite(ctx, in.msg.Chat.ID, in.msg.ID, f.text("staff.return.kept", map[string]string{"rma": r.RMA}), nil)
		return "", nil
	}
	return f.step(ctx, in, b, r)
}

// subject reads the ticket and the return (nil before it exists) a button
// is about. The error wraps tickets.ErrNotFound when either is gone.
func (f *Flow) subject(ctx context.Context, b button) (*tickets.Ticket, *tickets.Return, error) {
	var r *tickets.Return
	id := b.TicketID
	if !b.Verb.onTicket() {
		var err error
		if r, err = f.tickets.GetReturn(ctx, b.RMA); err != nil {
			return nil, nil, fmt.Errorf("returns: button %s: %w", b.Verb, err)
		}
		id = r.TicketID
	}
	t, err := f.tickets.GetByID(ctx, id)
	if err != nil {
		return nil, nil, fmt.Errorf("returns: button %s: ticket %d: %w", b.Verb, id, err)
	}
	return t, r, nil
}

// failed turns the error of a step on r into the notice answering the
// press: the refusal by the return's rules, or "" with the error to retry.
func (f *Flow) failed(lang string, err error, r *tickets.Return) (string, error) {
	if text, ok := f.refusal(lang, err, r); ok {
		return locale.PlainText(text), nil
	}
	switch {
	case errors.Is(err, tickets.ErrConflict):
		// Another step got there first.
		return locale.PlainText(f.cat.HTML(lang, "staff.return.moved_on", map[string]string{"rma": r.RMA})), nil
	case errors.Is(err, tickets.ErrNotFound), errors.Is(err, tickets.ErrInvalid):
		return locale.PlainText(f.cat.HTML(lang, "staff.button.invalid", nil)), nil
	}
	return "", err
}

// step takes a step of r's that is one press, no more: received,
// refunded (exchanged, repaired), closed, cancelled or given more days.
// The card shows it once the ticket's card job has run; in a private chat
// (an owner's alert) the buttons pressed go.
func (f *Flow) step(ctx context.Context, in press, b button, r *tickets.Return) (string, error) {
	var (
		after *tickets.Return
		err   error
		done  = map[string]string{"rma": r.RMA}
	)
	switch b.Verb {
	case verbReceive:
		insp := tickets.Inspection{Result: tickets.InspectionAsDescribed}
		if b.Args[0] == receivedDamaged {
			insp.Result = tickets.InspectionCustomerDamage
		}
		after, err = f.tickets.RecordReceived(ctx, r.RMA, insp, in.by)
	case verbComplete:
		after, err = f.tickets.CompleteReturn(ctx, r.RMA, outcome(r.Kind), in.by)
	case verbClose:
		after, err = f.tickets.CloseReturn(ctx, r.RMA, in.by)
	case verbCancel:
		after, err = f.tickets.CancelReturn(ctx, r.RMA, in.by)
	case verbExtend:
		deadline := f.extended(r)
		done["date"] = deadline.In(f.tz()).Format("2006-01-02")
		after, err = f.tickets.ExtendReturn(ctx, r.RMA, deadline, in.by)
	default:
		return locale.PlainText(f.cat.HTML(in.lang, "staff.button.invalid", nil)), nil
	}
	if err != nil {
		return f.failed(in.lang, err, r)
	}
	f.log.Info("return step from a button", "rma", after.RMA, "state", string(after.State), "by", in.by.ID)
	if b.Verb == verbCancel {
		if f.endPreview(ctx, r.RMA, in.msg.Chat.ID, in.msg.ID) {
			f.rewrite(ctx, in.msg.Chat.ID, in.msg.ID, f.text("staff.return.cancelled", done), nil)
		}
	}
	if !in.group {
		f.unbutton(ctx, in.msg.Chat.ID, in.msg.ID)
	}
	key := "staff.return.done." + string(after.State)
	if b.Verb == verbExtend {
		key = "staff.return.done.extended"
	}
	return f.plain(key, done), nil
}

// extended is the deadline "+N days" gives r: N days after its current
// deadline, or after today when that has passed, at the end of that day.
func (f *Flow) extended(r *tickets.Return) time.Time {
	base := r.Deadline
	if now := f.now(); base.Before(now) {
		base = now
	}
	return f.endOf(policy.DateOf(base.In(f.tz())).AddDays(ExtensionDays(f.pol)))
}
