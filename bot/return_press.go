package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/tickets"
)

// onReturnButton handles a customer's press of a return's button: "I've
// sent it", "I have a question", or accepting or declining a paid repair's
// estimate. A press on a return that is not the pressing customer's — a
// forged button, another customer's number — or that no longer applies is
// answered politely on the button and changes nothing. The press is always
// answered, so the button stops spinning.
func (e *Edge) onReturnButton(ctx context.Context, q *models.CallbackQuery) error {
	chatID := q.Message.Message.Chat.ID
	lang, err := e.customerLang(ctx, chatID, q.From.LanguageCode)
	if err != nil {
		return err
	}
	toast, err := e.returnPress(ctx, lang, q)
	if err != nil {
		return err
	}
	return e.out.AnswerCallback(ctx, q.ID, toast)
}

// returnPress does what a return's button asks and returns the notice to
// show on the button ("" for none).
func (e *Edge) returnPress(ctx context.Context, lang string, q *models.CallbackQuery) (string, error) {
	msg := q.Message.Message
	refused := e.cat.Text(lang, "returns.press_refused", nil)
	act, rma, ok := parseReturnData(q.Data)
	if !ok {
		e.log.Info("return button refused: unreadable", "chat", msg.Chat.ID)
		return refused, nil
	}
	r, t, err := e.customersReturn(ctx, rma, q.From.ID, msg.Chat.ID)
	if errors.Is(err, tickets.ErrNotFound) {
		e.log.Warn("return button refused: not the customer's return", "chat", msg.Chat.ID, "from", q.From.ID, "rma", rma)
		return refused, nil
	}
	if err != nil {
		return "", err
	}
	switch act {
	case actSent:
		return e.pressSent(ctx, lang, msg.Chat.ID, r, t)
	case actQuestion:
		return e.pressQuestion(ctx, lang, msg.Chat.ID, r, t)
	default:
		return e.pressFee(ctx, lang, msg, r, act == actAccept, tickets.Actor{Kind: tickets.ActorCustomer, ID: q.From.ID})
	}
}

// customersReturn returns the return numbered rma with its ticket when it
// is the ticket of this customer in this chat. The error wraps ErrNotFound
// for a return that does not exist or is someone else's: the same answer,
// so nobody learns of another customer's return.
func (e *Edge) customersReturn(ctx context.Context, rma string, userID, chatID int64) (*tickets.Return, *tickets.Ticket, error) {
	r, err := e.tickets.GetReturn(ctx, rma)
	if err != nil {
		return nil, nil, fmt.Errorf("bot: return %s: %w", rma, err)
	}
	t, err := e.tickets.GetByID(ctx, r.TicketID)
	if err != nil {
		return nil, nil, fmt.Errorf("bot: ticket of return %s: %w", rma, err)
	}
	if t.CustomerUserID != userID || t.CustomerChatID != chatID {
		return nil, nil, fmt.Errorf("bot: return %s of another customer: %w", rma, tickets.ErrNotFound)
	}
	return r, t, nil
}

// pressSent answers "I've sent it": when the return may be sent now, the
// bot waits for the carrier and tracking number, or a photo of the receipt,
// and asks for them.
func (e *Edge) pressSent(ctx context.Context, lang string, chatID int64, r *tickets.Return, t *tickets.Ticket) (string, error) {
	if !slices.Contains(tickets.ReturnActions(r, tickets.ActorCustomer), tickets.StepShip) {
		switch {
		case r.FeePending():
			return e.cat.Text(lang, "returns.fee_first", nil), nil
		case !r.Shipped.At.IsZero():
			return e.cat.Text(lang, "returns.already_sent", nil), nil
		}
		return e.staleText(lang, r), nil
	}
	rw := returnWait{Mode: waitTracking, RMA: r.RMA, TicketID: t.ID, Ref: t.Ref}
	if err := e.waits.put(ctx, chatID, rw); err != nil {
		return "", err
	}
	e.log.Info("waiting for a tracking number", "chat", chatID, "rma", r.RMA)
	return "", e.tellCustomer(ctx, chatID, e.cat.HTML(lang, "returns.ask_tracking", map[string]string{"rma": r.RMA}))
}

// pressQuestion answers "I have a question": the customer's next message
// goes to the return's ticket, and so to its thread in the staff group,
// whatever else is under way in the chat.
func (e *Edge) pressQuestion(ctx context.Context, lang string, chatID int64, r *tickets.Return, t *tickets.Ticket) (string, error) {
	rw := returnWait{Mode: waitQuestion, RMA: r.RMA, TicketID: t.ID, Ref: t.Ref}
	if err := e.waits.put(ctx, chatID, rw); err != nil {
		return "", err
	}
	text := e.cat.HTML(lang, "returns.ask_question", map[string]string{"rma": r.RMA, "ref": t.Ref})
	return "", e.tellCustomer(ctx, chatID, text)
}

// pressFee records the customer's answer to a paid repair's estimate. The
// question is answered, so its buttons go; the notice that follows from the
// domain tells the customer what comes next (send the item, or what else
// can be done).
func (e *Edge) pressFee(ctx context.Context, lang string, msg *models.Message, r *tickets.Return, accept bool, by tickets.Actor) (string, error) {
	step, key := e.tickets.DeclineFee, "returns.fee_declined_toast"
	if accept {
		step, key = e.tickets.AcceptFee, "returns.fee_accepted_toast"
	}
	toast := e.cat.Text(lang, key, nil)
	_, err := step(ctx, r.RMA, by)
	switch {
	case errors.Is(err, tickets.ErrNotFound):
		return e.cat.Text(lang, "returns.press_refused", nil), nil
	case errors.Is(err, tickets.ErrConflict):
		// Answered before, or the return moved on: the buttons are stale.
		e.log.Info("fee answer refused", "chat", msg.Chat.ID, "rma", r.RMA, "state", string(r.State))
		toast = e.staleText(lang, r)
	case err != nil:
		return "", fmt.Errorf("bot: fee answer on %s: %w", r.RMA, err)
	default:
		e.log.Info("fee answered", "chat", msg.Chat.ID, "rma", r.RMA, "accepted", accept)
	}
	err = e.Turn(ctx, msg.Chat.ID, func(ctx context.Context) error {
		return e.out.RemoveKeyboard(ctx, msg.Chat.ID, msg.ID)
	})
	if err != nil && !send.IsBlocked(err) {
		e.log.Info("fee buttons kept", "chat", msg.Chat.ID, "err", err)
	}
	return toast, nil
}

// staleText says a return's button no longer applies, naming where the
// return stands.
func (e *Edge) staleText(lang string, r *tickets.Return) string {
	return e.cat.Text(lang, "returns.press_stale", map[string]any{"rma": r.RMA, "state": e.returnStateText(lang, r)})
}

// tellCustomer sends an HTML text to a customer's chat in the chat's turn;
// a customer who blocked the bot is no error.
func (e *Edge) tellCustomer(ctx context.Context, chatID int64, text string) error {
	if err := e.tell(ctx, chatID, text); err != nil && !send.IsBlocked(err) {
		return fmt.Errorf("bot: answer to chat %d: %w", chatID, err)
	}
	return nil
}

// customerLang is the language a chat is answered in outside a dialogue
// step: the dialogue's, else the one of the customer's Telegram.
func (e *Edge) customerLang(ctx context.Context, chatID int64, code string) (string, error) {
	lang, err := e.dialogue.Lang(ctx, chatID)
	if err != nil {
		return "", fmt.Errorf("bot: language of chat %d: %w", chatID, err)
	}
	if lang == "" {
		lang = locale.Match(code)
	}
	return lang, nil
}
