package bot

import (
	"context"
	"fmt"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/tickets"
)

// Notify sends a follow-up (the acknowledgement, a staff answer, a reminder)
// to a customer in their language. It implements tickets.Notifier. A
// customer who blocked the bot is reported as tickets.ErrUnreachable:
// nothing can reach them, so the job does not retry.
func (e *Edge) Notify(ctx context.Context, n tickets.Notice) error {
	text := e.cat.HTML(n.Lang, n.Key, n.Params)
	if _, err := e.out.Text(ctx, n.ChatID, text, nil); err != nil {
		if send.IsBlocked(err) {
			return fmt.Errorf("%w: %w", tickets.ErrUnreachable, err)
		}
		return err
	}
	return nil
}
