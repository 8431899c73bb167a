package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/bot/desk"
	"github.com/complaintbot/complaintbot/conversation"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/tickets"
)

// onMessage handles a message a customer sent the bot in private. The
// answer a return's button waits for (answerReturnWait), the comment a
// survey asks for (answerSurveyComment) and a command of the staff desk,
// refused, are taken before the dialogue sees them.
func (e *Edge) onMessage(ctx context.Context, updateID int64, m *models.Message) error {
	in := inputOf(updateID, m, e.username)
	if taken, err := e.answerReturnWait(ctx, in); taken || err != nil {
		return err
	}
	if taken, err := e.answerSurveyComment(ctx, in); taken || err != nil {
		return err
	}
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
	// Back at the dialogue: the wait for a return's answer is over.
	if err := e.waits.forget(ctx, msg.Chat.ID); err != nil {
		return err
	}
	in := conversation.Input{
		ChatID: msg.Chat.ID, UserID: q.From.ID, UpdateID: updateID,
		FirstName: q.From.FirstName, LastName: q.From.LastName, Username: q.From.Username, LanguageCode: q.From.LanguageCode,
		Kind: conversation.KindButton, Button: q.Data, At: e.now(),
	}
	return e.takeStep(ctx, in, &press{queryID: q.ID, messageID: msg.ID})
}

// takeStep runs one step of the dialogue: the engine decides, the edge
// performs the effects (filing is idempotent, so a retry is harmless), and
// the step is committed together with its answers, in the chat's outbox;
// then the outbox is sent. A crash anywhere after the commit loses no
// answer: the redelivered update, or the edge's own round (RunOutbox),
// sends what is left. Answers Telegram does not take now wait there too,
// and the update counts as handled.
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
	var filed int64 // the ticket this turn filed, acknowledged once it has answered
	for _, eff := range res.Effects {
		var more []conversation.Reply
		if f, ok := eff.(conversation.FileTicket); ok {
			if filed, err = e.file(ctx, f.Submission); err == nil {
				step.DraftFiled()
			}
		} else {
			more, err = e.perform(ctx, in, eff, res, lang)
		}
		if errors.Is(err, errFilingHeld) {
			// Received, not yet filed: say so, not that it has gone to
			// the team.
			replies, err = []conversation.Reply{{Key: "bot.filing_held"}}, nil
		}
		if err != nil {
			return err
		}
		replies = append(replies, more...)
	}

	var entries []outboxEntry
	switch {
	case p != nil && res.Stale:
		// A button that can no longer be applied gets a notice on the
		// button itself, not a message.
		if len(replies) > 0 {
			toast = locale.PlainText(e.cat.Text(lang, replies[0].Key, toAny(replies[0].Params)))
		}
		replies = nil
	case p != nil:
		// The question is answered: its buttons go, or the message is
		// replaced by the reply that takes its place. A reply editing that
		// message puts its own buttons back.
		if i := slices.IndexFunc(replies, func(r conversation.Reply) bool { return r.Replace }); i >= 0 {
			r := replies[i]
			entries = append(entries, outboxEntry{Lang: lang, Reply: &r, Replaces: p.messageID})
			replies = slices.Delete(slices.Clone(replies), i, i+1)
		} else {
			entries = append(entries, outboxEntry{Unkeyboard: p.messageID})
		}
	case len(replies) > 0 && e.flooding(ctx, in.ChatID, in.UpdateID, lang):
		// Button presses are not counted: the dialogue's turn bounds them,
		// and holding back the next question would strand the customer.
		replies = nil
	}
	replies = conversation.Join(replies)
	for i := range replies {
		entries = append(entries, outboxEntry{Lang: lang, Reply: &replies[i]})
	}
	out, err := e.outbox.write(in.ChatID, entries)
	if err != nil {
		return err
	}
	changes := step.Changes()
	if err := step.CommitWith(ctx, out); err != nil {
		if errors.Is(err, conversation.ErrConflict) {
			// Another delivery of this chat got there first and answered.
			e.log.Info("dialogue step lost the race", "chat", in.ChatID, "update", in.UpdateID)
			return nil
		}
		return fmt.Errorf("bot: commit dialogue chat %d: %w", in.ChatID, err)
	}
	if changes && out != nil {
		if err := e.hook("committed"); err != nil {
			return err
		}
	}
	if err := step.Record(ctx); err != nil {
		e.log.Warn("draft not recorded", "chat", in.ChatID, "err", err)
	}
	if err := e.drain(ctx, in.ChatID); err != nil && !errors.Is(err, errDrainBusy) {
		if e.crashed(err) {
			return err
		}
		e.log.Info("answers held in the outbox", "chat", in.ChatID, "err", err)
	}
	if filed != 0 {
		e.acknowledge(ctx, filed)
	}
	return nil
}

// acknowledge sends the acknowledgement of a ticket the turn just filed,
// after the turn's own answer (the summary, marked as gone to the team),
// rather than when the acknowledgement's job is fetched. The job still
// runs and finds it sent; when this fails, the job sends it.
func (e *Edge) acknowledge(ctx context.Context, ticketID int64) {
	if err := e.tickets.Acknowledge(ctx, ticketID, e); err != nil {
		e.log.Info("acknowledgement left to its job", "ticket", ticketID, "err", err)
	}
}

// perform carries out one effect of a dialogue step and returns what to add
// to the answer.
func (e *Edge) perform(ctx context.Context, in conversation.Input, eff conversation.Effect, res conversation.Result, lang string) ([]conversation.Reply, error) {
	switch eff := eff.(type) {
	case conversation.AddToTicket:
		return e.addToOpenTicket(ctx, eff.Input, res)
	case conversation.ShowStatus:
		return e.statusReplies(ctx, in.ChatID, lang)
	case conversation.CloseTicket:
		return e.closeForCustomer(ctx, in.ChatID, eff.Ref)
	case conversation.ExplainUnsupported:
		return e.explainUnsupported(ctx, in.ChatID, res)
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

// explainUnsupported answers a message that cannot be kept on a ticket,
// sent outside a dialogue: naming the customer's open ticket, which what
// they can send is added to; with none, the offer to report a problem.
func (e *Edge) explainUnsupported(ctx context.Context, chatID int64, res conversation.Result) ([]conversation.Reply, error) {
	t, err := e.tickets.OpenForCustomer(ctx, chatID)
	if errors.Is(err, tickets.ErrNotFound) {
		return res.Fallback, nil
	}
	if err != nil {
		return nil, fmt.Errorf("bot: open ticket of chat %d: %w", chatID, err)
	}
	return []conversation.Reply{{Key: "bot.unsupported_on_ticket", Params: map[string]string{"ref": t.Ref}}}, nil
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
