package returns

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/tickets"
)

// Begin starts the owner by on a return of ticket t, at p: it asks the
// kind (or, given one, the cause) with buttons. A ticket whose return is
// requested but not sent yet shows that return's preview again instead.
// The answer, when not "", is a staff text (HTML) saying why nothing was
// started: another return under way, a ticket to reopen first, a role that
// may not.
func (f *Flow) Begin(ctx context.Context, p Place, t *tickets.Ticket, by tickets.Actor, kind tickets.ReturnKind) (string, error) {
	if _, err := tickets.NextReturn(nil, tickets.StepStart, by.Kind); err != nil {
		text, _ := f.refusal(f.cfg.Lang, err, nil)
		return text, nil
	}
	r, err := f.tickets.ReturnOf(ctx, t.ID)
	switch {
	case errors.Is(err, tickets.ErrNotFound):
		r = nil
	case err != nil:
		return "", fmt.Errorf("returns: return of %s: %w", t.Ref, err)
	}
	if r != nil && r.State == tickets.ReturnRequested {
		return "", f.showPreview(ctx, p, t, r, by)
	}
	if answer := f.cannotStart(t, r); answer != "" {
		return answer, nil
	}
	if kind == "" {
		_, err = f.post(ctx, p, f.askKindHTML(t), f.kindButtons(t))
	} else {
		_, err = f.post(ctx, p, f.askCauseHTML(t, kind), f.causeButtons(t, kind))
	}
	return "", err
}

// cannotStart says why no return can start on t, whose return is r (nil
// for none): one under way, or a ticket resolved or closed; "" when one
// can.
func (f *Flow) cannotStart(t *tickets.Ticket, r *tickets.Return) string {
	switch {
	case r != nil && r.State.Open():
		return f.text("staff.return.under_way", map[string]string{"rma": r.RMA, "state": f.card().StateName(r.State)})
	case !t.Status.Open():
		return f.text("staff.return.reopen_first", map[string]string{"ref": t.Ref})
	}
	return ""
}

func (f *Flow) askKindHTML(t *tickets.Ticket) string {
	return f.text("staff.return.ask_kind", map[string]string{"ref": t.Ref, "name": t.CustomerName})
}

func (f *Flow) askCauseHTML(t *tickets.Ticket, kind tickets.ReturnKind) string {
	return f.text("staff.return.ask_cause", map[string]string{"ref": t.Ref, "kind": f.card().KindName(kind)})
}

// kindButtons offer the kinds of return, and not starting one.
func (f *Flow) kindButtons(t *tickets.Ticket) *models.InlineKeyboardMarkup {
	var row []models.InlineKeyboardButton
	for _, k := range tickets.ReturnKinds() {
		row = append(row, models.InlineKeyboardButton{
			Text:         f.card().KindName(k),
			CallbackData: button{Verb: verbKind, TicketID: t.ID, Args: []string{string(k)}}.encode(),
		})
	}
	drop := f.btn("staff.return.button.drop", nil, button{Verb: verbDrop, TicketID: t.ID})
	return keyboard(row, []models.InlineKeyboardButton{drop})
}

// causeButtons offer the causes, two a row, and going back to the kinds.
func (f *Flow) causeButtons(t *tickets.Ticket, kind tickets.ReturnKind) *models.InlineKeyboardMarkup {
	var rows [][]models.InlineKeyboardButton
	var row []models.InlineKeyboardButton
	for _, c := range tickets.ReturnCauses() {
		row = append(row, models.InlineKeyboardButton{
			Text:         f.card().CauseName(c),
			CallbackData: button{Verb: verbCause, TicketID: t.ID, Args: []string{string(kind), string(c)}}.encode(),
		})
		if len(row) == 2 {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	back := f.btn("staff.return.button.back", nil, button{Verb: verbKinds, TicketID: t.ID})
	return keyboard(append(rows, []models.InlineKeyboardButton{back})...)
}

// start starts the return of kind for cause on t, by the owner by, from
// the cause pressed on message msg at p: the question becomes a line saying
// so, and the preview follows (or, for a charged repair, the question of
// its fee). A press that comes again (a retry, a double tap) finds the
// return it started and carries on with it.
func (f *Flow) start(ctx context.Context, p Place, msg *models.Message, t *tickets.Ticket, kind tickets.ReturnKind, cause tickets.ReturnCause, by tickets.Actor) (string, error) {
	r, err := f.tickets.ReturnOf(ctx, t.ID)
	switch {
	case errors.Is(err, tickets.ErrNotFound):
		r = nil
	case err != nil:
		return "", fmt.Errorf("returns: return of %s: %w", t.Ref, err)
	}
	again := r != nil && r.State == tickets.ReturnRequested && r.Kind == kind && r.Cause == cause && r.Requested.By == by
	if !again {
		if answer := f.cannotStart(t, r); answer != "" {
			return locale.PlainText(answer), nil
		}
		r, err = f.tickets.StartReturn(ctx, t.Ref, kind, cause, by)
		if err != nil {
			if text, ok := f.refusal(f.cfg.Lang, err, nil); ok {
				return locale.PlainText(text), nil
			}
			if errors.Is(err, tickets.ErrConflict) {
				return f.plain("staff.return.conflict", map[string]string{"ref": t.Ref}), nil
			}
			return "", err
		}
		f.log.Info("return started from the desk", "ticket", t.Ref, "rma", r.RMA, "owner", by.ID)
	}
	c := f.card()
	f.rewrite(ctx, msg.Chat.ID, msg.ID, f.text("staff.return.started", map[string]string{
		"rma": r.RMA, "ref": t.Ref, "kind": c.KindName(kind), "cause": c.CauseName(cause),
	}), nil)
	return "", f.showPreview(ctx, p.under(msg.ID), t, r, by)
}
