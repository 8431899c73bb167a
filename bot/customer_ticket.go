package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/conversation"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/tickets"
)

// reopenWindow is how long after a ticket is resolved or closed its
// customer may reopen it with a button.
const reopenWindow = 7 * 24 * time.Hour

// reopenPrefix starts the data of a customer's Reopen button,
// "ro:<ticket id>". The edge handles it before the dialogue; the ticket
// store checks the pressing chat owns the ticket and the window is open.
const reopenPrefix = "ro:"

func reopenData(ticketID int64) string {
	return reopenPrefix + strconv.FormatInt(ticketID, 10)
}

// parseReopenData reads a Reopen button's data; false for anything else.
func parseReopenData(data string) (int64, bool) {
	rest, ok := strings.CutPrefix(data, reopenPrefix)
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != rest {
		return 0, false
	}
	return id, true
}

// closeForCustomer closes the customer's own ticket with the reference
// they typed (/close REF). A reference that is not one of this chat's
// tickets gets the same answer as one that does not exist: nobody learns
// of another customer's ticket.
func (e *Edge) closeForCustomer(ctx context.Context, chatID int64, typed string) ([]conversation.Reply, error) {
	ref, ok := tickets.NormalizeRef(typed)
	if !ok {
		return []conversation.Reply{{Key: "bot.close_not_found"}}, nil
	}
	t, err := e.tickets.CloseByCustomer(ctx, chatID, ref)
	switch {
	case errors.Is(err, tickets.ErrNotFound):
		return []conversation.Reply{{Key: "bot.close_not_found"}}, nil
	case errors.Is(err, tickets.ErrConflict):
		return []conversation.Reply{{Key: "bot.close_already", Params: map[string]string{"ref": ref}}}, nil
	case err != nil:
		return nil, fmt.Errorf("bot: close %s for chat %d: %w", ref, chatID, err)
	}
	e.log.Info("ticket closed by its customer", "chat", chatID, "ticket", t.Ref)
	return []conversation.Reply{{Key: "bot.closed", Params: map[string]string{"ref": t.Ref}}}, nil
}

// afterResolved answers a message sent outside a dialogue by a customer
// with no open ticket. When a ticket of theirs was resolved or closed
// within the reopen window, the message is kept on it (held: staff see it
// if the customer reopens) and they are offered to reopen it or to report
// something new; otherwise only the offer to report something new.
func (e *Edge) afterResolved(ctx context.Context, in conversation.Input, res conversation.Result) ([]conversation.Reply, error) {
	t, err := e.tickets.RecentlyResolved(ctx, in.ChatID, reopenWindow)
	if errors.Is(err, tickets.ErrNotFound) {
		return res.Fallback, nil
	}
	if err != nil {
		return nil, fmt.Errorf("bot: recently resolved ticket of chat %d: %w", in.ChatID, err)
	}
	if _, _, err := e.tickets.AddCustomerMessage(ctx, t.ID, ticketMessage(in)); err != nil {
		return nil, fmt.Errorf("bot: keep message on %s: %w", t.Ref, err)
	}
	ref := map[string]string{"ref": t.Ref}
	offer := conversation.Reply{Key: "bot.offer_reopen", Params: ref,
		Buttons: [][]conversation.Button{{{Key: "bot.button_reopen", Params: ref, Data: reopenData(t.ID)}}}}
	// The dialogue's own offer brings the "Report a problem" button.
	for _, r := range res.Fallback {
		offer.Buttons = append(offer.Buttons, r.Buttons...)
	}
	return []conversation.Reply{offer}, nil
}

// onReopen handles a customer's press of a Reopen button. The press
// is checked against the pressing chat by the ticket store: a forged
// button, another chat's ticket or one past the window is answered "can no
// longer be reopened" and changes nothing.
func (e *Edge) onReopen(ctx context.Context, q *models.CallbackQuery) error {
	msg := q.Message.Message
	chatID := msg.Chat.ID
	lang, err := e.dialogue.Lang(ctx, chatID)
	if err != nil {
		return fmt.Errorf("bot: language of chat %d: %w", chatID, err)
	}
	if lang == "" {
		lang = locale.Match(q.From.LanguageCode)
	}
	toast := e.cat.Text(lang, "bot.reopen_stale", nil)
	id, ok := parseReopenData(q.Data)
	if ok {
		t, err := e.tickets.ReopenByCustomer(ctx, chatID, id, reopenWindow)
		switch {
		case err == nil:
			e.log.Info("ticket reopened by its customer", "chat", chatID, "ticket", t.Ref)
			text := e.cat.HTML(lang, "bot.reopened", map[string]string{"ref": t.Ref})
			toast = locale.PlainText(text)
			// The offer is answered: its buttons go, and the customer is
			// told in the chat, where it stays readable.
			err := e.Turn(ctx, chatID, func(ctx context.Context) error {
				if err := e.out.RemoveKeyboard(ctx, chatID, msg.ID); err != nil && !send.IsBlocked(err) {
					e.log.Info("reopen offer keyboard kept", "chat", chatID, "err", err)
				}
				_, err := e.out.Text(ctx, chatID, text, nil)
				return err
			})
			if err != nil && !send.IsBlocked(err) {
				e.log.Info("reopen confirmation not sent", "chat", chatID, "err", err)
			}
		case errors.Is(err, tickets.ErrNotFound), errors.Is(err, tickets.ErrConflict),
			errors.Is(err, tickets.ErrForbidden), errors.Is(err, tickets.ErrInvalid):
			e.log.Info("reopen refused", "chat", chatID, "ticket", id)
		default:
			return fmt.Errorf("bot: reopen ticket %d for chat %d: %w", id, chatID, err)
		}
	}
	return e.out.AnswerCallback(ctx, q.ID, toast)
}

// refuseInPrivate answers a staff desk command sent in a private chat: it
// works only in the staff group. The dialogue is left as it was.
func (e *Edge) refuseInPrivate(ctx context.Context, in conversation.Input, key string) error {
	lang, err := e.dialogue.Lang(ctx, in.ChatID)
	if err != nil {
		return fmt.Errorf("bot: language of chat %d: %w", in.ChatID, err)
	}
	if lang == "" {
		lang = locale.Match(in.LanguageCode)
	}
	e.log.Info("staff command refused in a private chat", "chat", in.ChatID, "command", in.Command)
	if err := e.tell(ctx, in.ChatID, e.cat.Text(lang, key, nil)); err != nil && !send.IsBlocked(err) {
		return fmt.Errorf("bot: refusal to chat %d: %w", in.ChatID, err)
	}
	return nil
}
