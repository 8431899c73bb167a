package returns

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/bot/update"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/tickets"
)

// Private handles an update from a private chat when it is the flow's: an
// owner's /return REF [kind], an owner's answer to one of the flow's
// questions, or a press of one of the flow's buttons by anyone (someone
// who is no owner is refused by the return's rules, as a forged press).
// handled is false for anything else: the customer edge goes on with it,
// so anyone else's /return gets the customer's answer. A press by someone
// other than the chat's user is left to the edge, which refuses it.
func (f *Flow) Private(ctx context.Context, upd *models.Update, botUsername string) (handled bool, err error) {
	switch {
	case upd.Message != nil:
		m := upd.Message
		if m.Chat.Type != models.ChatTypePrivate || m.From == nil || !f.IsOwner(m.From.ID) {
			return false, nil
		}
		owner := f.actorOf(m.From.ID, false)
		if name, args, ok := update.Command(m.Text, botUsername); ok && name == CommandReturn {
			return true, f.privateReturn(ctx, m, args, owner)
		}
		return f.answer(ctx, m, At(m, false, 0), owner)
	case upd.CallbackQuery != nil:
		q := upd.CallbackQuery
		msg := q.Message.Message
		if !Owns(q.Data) || msg == nil || msg.Chat.Type != models.ChatTypePrivate || q.From.ID != msg.Chat.ID {
			return false, nil
		}
		lang := f.cfg.Lang
		if !f.IsOwner(q.From.ID) {
			lang = locale.Match(q.From.LanguageCode)
		}
		toast, err := f.press(ctx, press{data: q.Data, msg: msg, by: f.actorOf(q.From.ID, false), lang: lang})
		if err != nil {
			return true, err // the retry answers the press
		}
		if err := f.out.AnswerCallback(ctx, q.ID, toast); err != nil {
			f.log.Info("answer callback", "chat", msg.Chat.ID, "err", err)
		}
		return true, nil
	}
	return false, nil
}

// privateReturn starts an owner on a return from their private chat with
// the bot: "/return K7M-4QX [refund|exchange|repair]".
func (f *Flow) privateReturn(ctx context.Context, m *models.Message, args string, owner tickets.Actor) error {
	p := At(m, false, 0)
	words := strings.Fields(args)
	if len(words) == 0 {
		return f.say(ctx, p, "staff.usage.return_private", nil)
	}
	kind, ok := parseKind(strings.Join(words[1:], " "))
	if !ok {
		return f.say(ctx, p, "staff.usage.return_private", nil)
	}
	ref, ok := tickets.NormalizeRef(words[0])
	if !ok {
		return f.say(ctx, p, "staff.no_such_ticket", map[string]string{"ref": words[0]})
	}
	t, err := f.tickets.Get(ctx, ref)
	if errors.Is(err, tickets.ErrNotFound) {
		return f.say(ctx, p, "staff.no_such_ticket", map[string]string{"ref": ref})
	}
	if err != nil {
		return fmt.Errorf("returns: ticket %s: %w", ref, err)
	}
	answer, err := f.Begin(ctx, p, t, owner, kind)
	if err != nil || answer == "" {
		return err
	}
	_, err = f.post(ctx, p, answer, nil)
	return err
}

// Reply takes a member's message in the staff group, at p, when it answers
// one of the flow's questions (the fee of a repair, a new text of the
// instructions); handled is false otherwise, and the desk goes on with it.
// It is never passed to the customer.
func (f *Flow) Reply(ctx context.Context, m *models.Message, p Place, by tickets.Actor) (handled bool, err error) {
	return f.answer(ctx, m, p, by)
}
