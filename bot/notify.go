package bot

import (
	"context"
	"fmt"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/tickets"
)

// Notify sends a follow-up (the acknowledgement, a staff answer, a reminder)
// to a customer in their language, in the chat's turn: after the answers
// already queued for the chat. It implements tickets.Notifier. A customer
// who blocked the bot is reported as tickets.ErrUnreachable: nothing can
// reach them, so the job does not retry.
func (e *Edge) Notify(ctx context.Context, n tickets.Notice) error {
	if err := e.tell(ctx, n.ChatID, e.cat.HTML(n.Lang, n.Key, n.Params)); err != nil {
		if send.IsBlocked(err) {
			return fmt.Errorf("%w: %w", tickets.ErrUnreachable, err)
		}
		return err
	}
	return nil
}

// tell sends text to a customer's chat in the chat's turn.
func (e *Edge) tell(ctx context.Context, chatID int64, text string) error {
	return e.Turn(ctx, chatID, func(ctx context.Context) error {
		_, err := e.out.Text(ctx, chatID, text, nil)
		return err
	})
}
