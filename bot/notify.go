package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/tickets"
)

// Notify sends a follow-up (the acknowledgement, a staff answer, a reminder,
// a step of a return) to a customer in their language, in the chat's turn:
// after the answers already queued for the chat. A return's notices come
// with the buttons that ask something of the customer (see returnNotice),
// and the survey's questions with theirs (surveyNotice).
// It implements tickets.Notifier. A customer who blocked the bot is
// reported as tickets.ErrUnreachable: nothing can reach them, so the job
// does not retry.
func (e *Edge) Notify(ctx context.Context, n tickets.Notice) error {
	msgs, err := e.noticeMessages(ctx, n)
	if err != nil {
		return err
	}
	err = e.Turn(ctx, n.ChatID, func(ctx context.Context) error {
		for _, m := range msgs {
			if _, err := e.out.Text(ctx, n.ChatID, m.text, m.markup); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		if send.IsBlocked(err) {
			return fmt.Errorf("%w: %w", tickets.ErrUnreachable, err)
		}
		return err
	}
	return nil
}

// noticeMessages renders a notice as the messages that carry it.
func (e *Edge) noticeMessages(ctx context.Context, n tickets.Notice) ([]noticeMessage, error) {
	if strings.HasPrefix(n.Key, returnNoticePrefix) {
		return e.returnNotice(ctx, n)
	}
	if strings.HasPrefix(n.Key, tickets.SurveyNoticePrefix) {
		return e.surveyNotice(n), nil
	}
	return []noticeMessage{{text: e.cat.HTML(n.Lang, n.Key, n.Params)}}, nil
}

// tell sends text to a customer's chat in the chat's turn.
func (e *Edge) tell(ctx context.Context, chatID int64, text string) error {
	return e.Turn(ctx, chatID, func(ctx context.Context) error {
		_, err := e.out.Text(ctx, chatID, text, nil)
		return err
	})
}
