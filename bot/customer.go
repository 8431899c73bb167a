package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/bot/desk"
	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/conversation"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/tickets"
)

// onMessage handles a message a customer sent the bot in private.
// A command of the staff desk is refused before the dialogue sees it.
func (e *Edge) onMessage(ctx context.Context, updateID int64, m *models.Message) error {
	in := inputOf(updateID, m, e.username)
	if in.Kind == conversation.KindCommand {
		if key, refused := desk.RefusedInPrivate(in.Command); refused {
			return e.refuseInPrivate(ctx, in, key)
		}
	}
	return e.takeStep(ctx, in, nil)
}

// press is the button press a step answers: the callback query and the
// message that carried the button.
type press struct {
	queryID   string
	messageID int
}

// onButton handles a customer's press of an inline button. The press
// is always answered, so the button stops spinning.
func (e *Edge) onButton(ctx context.Context, updateID int64, q *models.CallbackQuery) error {
	msg := q.Message.Message
	if msg == nil {
		return e.out.AnswerCallback(ctx, q.ID, "")
	}
	in := conversation.Input{
		ChatID: msg.Chat.ID, UserID: q.From.ID, UpdateID: updateID,
		FirstName: q.From.FirstName, Username: q.From.Username, LanguageCode: q.From.LanguageCode,
		Kind: conversation.KindButton, Button: q.Data, At: e.now(),
	}
	return e.takeStep(ctx, in, &press{queryID: q.ID, messageID: msg.ID})
}

// takeStep runs one step of the dialogue: the engine decides, the edge
// performs the effects (filing is idempotent, so a retry is harmless), the
// step is committed, and only then is the customer answered. Answers that
// cannot be sent wait in the outbox for the next try.
func (e *Edge) takeStep(ctx context.Context, in conversation.Input, p *press) (err error) {
	toast := ""
	if p != nil {
		// A press is always answered, whatever happens below, so the
		// button stops spinning.
		defer func() {
			if aerr := e.out.AnswerCallback(ctx, p.queryID, toast); aerr != nil {
				e.log.Info("answer callback", "chat", in.ChatID, "err", aerr)
			}
		}()
	}
	if err := e.flushOutbox(ctx, in.ChatID); err != nil {
		return fmt.Errorf("bot: earlier answers to chat %d: %w", in.ChatID, err)
	}

	step, err := e.dialogue.Step(ctx, in)
	if err != nil {
		return fmt.Errorf("bot: dialogue step chat %d: %w", in.ChatID, err)
	}
	res := step.Result()
	lang := step.Lang()
	if lang == "" {
		lang = locale.Match(in.LanguageCode)
	}
	replies := res.Replies
	for _, eff := range res.Effects {
		more, err := e.perform(ctx, in, eff, res, lang)
		if err != nil {
			return err
		}
		replies = append(replies, more...)
	}
	if err := step.Commit(ctx); err != nil {
		if errors.Is(err, conversation.ErrConflict) {
			// Another delivery of this chat got there first and answered.
			e.log.Info("dialogue step lost the race", "chat", in.ChatID, "update", in.UpdateID)
			return nil
		}
		return fmt.Errorf("bot: commit dialogue chat %d: %w", in.ChatID, err)
	}
	if err := step.Record(ctx); err != nil {
		e.log.Warn("draft not recorded", "chat", in.ChatID, "err", err)
	}

	if p != nil {
		if res.Stale && len(replies) > 0 {
			toast = locale.PlainText(e.cat.Text(lang, replies[0].Key, toAny(replies[0].Params)))
			replies = nil
		}
		if !res.Stale {
			// The question is answered: its buttons go, so nobody taps
			// them again by mistake. A reply editing that message puts
			// its own buttons back.
			if err := e.out.RemoveKeyboard(ctx, in.ChatID, p.messageID); err != nil && !send.IsBlocked(err) {
				e.log.Info("old keyboard kept", "chat", in.ChatID, "err", err)
			}
		}
	} else if len(replies) > 0 && e.flooding(ctx, in.ChatID, in.UpdateID, lang) {
		// Button presses are not counted: the dialogue's turn bounds them,
		// and holding back the next question would strand the customer.
		return nil
	}
	sent, err := e.sendReplies(ctx, in.ChatID, lang, replies)
	if err != nil {
		if kerr := e.outbox.keep(ctx, in.ChatID, lang, replies[sent:]); kerr != nil {
			e.log.Error("answers lost: outbox unavailable", "chat", in.ChatID, "err", kerr)
		}
		return err
	}
	return nil
}

// perform carries out one effect of a dialogue step and returns what to add
// to the answer.
func (e *Edge) perform(ctx context.Context, in conversation.Input, eff conversation.Effect, res conversation.Result, lang string) ([]conversation.Reply, error) {
	switch eff := eff.(type) {
	case conversation.FileTicket:
		t, created, err := e.tickets.File(ctx, newTicket(eff.Submission))
		if err != nil {
			return nil, fmt.Errorf("bot: file ticket chat %d: %w", in.ChatID, err)
		}
		e.log.Info("ticket filed", "chat", in.ChatID, "ticket", t.Ref, "created", created)
		return nil, nil // the acknowledgement follows from its River job
	case conversation.AddToTicket:
		return e.addToOpenTicket(ctx, eff.Input, res)
	case conversation.ShowStatus:
		return e.statusReplies(ctx, in.ChatID, lang)
	case conversation.CloseTicket:
		return e.closeForCustomer(ctx, in.ChatID, eff.Ref)
	default:
		return nil, fmt.Errorf("bot: unknown dialogue effect %T", eff)
	}
}

// addToOpenTicket adds a message sent outside a dialogue to the customer's
// open ticket; when there is none, see afterResolved.
func (e *Edge) addToOpenTicket(ctx context.Context, in conversation.Input, res conversation.Result) ([]conversation.Reply, error) {
	if in.ChatID == 0 {
		return nil, fmt.Errorf("bot: message without a chat")
	}
	replies, err := e.keepOutsideDialogue(ctx, in, res)
	if err != nil || !e.answersAlbum(ctx, in) {
		return nil, err
	}
	return replies, nil
}

// keepOutsideDialogue keeps a message sent outside a dialogue on the
// customer's open ticket and says so; with none, see afterResolved.
func (e *Edge) keepOutsideDialogue(ctx context.Context, in conversation.Input, res conversation.Result) ([]conversation.Reply, error) {
	t, err := e.tickets.OpenForCustomer(ctx, in.ChatID)
	if errors.Is(err, tickets.ErrNotFound) {
		return e.afterResolved(ctx, in, res)
	}
	if err != nil {
		return nil, fmt.Errorf("bot: open ticket of chat %d: %w", in.ChatID, err)
	}
	if _, _, err := e.tickets.AddCustomerMessage(ctx, t.ID, ticketMessage(in)); err != nil {
		return nil, fmt.Errorf("bot: add message to %s: %w", t.Ref, err)
	}
	return []conversation.Reply{{Key: "bot.added_to_ticket", Params: map[string]string{"ref": t.Ref}}}, nil
}

// albumAnswerTTL outlasts the seconds an album's items take to arrive.
const albumAnswerTTL = 10 * time.Minute

// answersAlbum reports whether the answer to a message outside a dialogue
// is to be sent: always, but for the items of an album after its first —
// the album is one message to the customer, and gets one answer. Should
// Redis fail, the item is answered: a second answer beats none.
func (e *Edge) answersAlbum(ctx context.Context, in conversation.Input) bool {
	if len(in.Media) == 0 || in.Media[0].MediaGroupID == "" {
		return true
	}
	key := e.cfg.RedisPrefix + "answered-album:" + strconv.FormatInt(in.ChatID, 10) + ":" + in.Media[0].MediaGroupID
	first, err := e.rdb.SetNX(ctx, key, in.UpdateID, albumAnswerTTL).Result()
	if err != nil {
		e.log.Warn("album answer not remembered", "chat", in.ChatID, "err", err)
		return true
	}
	if !first {
		// The same item handled again (a retry) is answered again.
		held, err := e.rdb.Get(ctx, key).Int64()
		return err == nil && held == in.UpdateID
	}
	return true
}
