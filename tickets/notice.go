package tickets

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
)

// CustomerNoticeWorker sends a CustomerNoticeArgs job's text to the ticket's
// customer in their language. A customer who can never be reached leaves a
// "notice_undeliverable" event and the job is cancelled; a survey they
// were being asked stops there (surveyUndeliverable).
type CustomerNoticeWorker struct {
	river.WorkerDefaults[CustomerNoticeArgs]
	store    *Store
	notifier Notifier
	logger   *slog.Logger
}

// noticeTimeout bounds one attempt at sending a notice.
const noticeTimeout = 30 * time.Second

// Timeout bounds one attempt at sending a notice.
func (w *CustomerNoticeWorker) Timeout(*river.Job[CustomerNoticeArgs]) time.Duration {
	return noticeTimeout
}

// noticeTurn is how long a notice waits before it looks again whether the
// notices decided before it have been sent.
const noticeTurn = 200 * time.Millisecond

// Work sends one notice, once every notice to the same customer decided
// before it has been sent. A ticket that is gone sends nothing; a failure
// other than ErrUnreachable is retried.
func (w *CustomerNoticeWorker) Work(ctx context.Context, job *river.Job[CustomerNoticeArgs]) error {
	s, a := w.store, job.Args
	t, err := s.scanTicket(s.pool.QueryRow(ctx, s.q.TicketGetByID, a.TicketID))
	if err != nil {
		if isNoRows(err) {
			w.logger.WarnContext(ctx, "notice for a ticket that is gone", "ticket", a.TicketID, "key", a.Key)
			return nil
		}
		return fmt.Errorf("tickets: notice %s for ticket %d: read: %w", a.Key, a.TicketID, err)
	}
	// Notices reach the customer in the order they were decided: one whose
	// elder is still to be sent waits its turn.
	var elder bool
	if err := s.pool.QueryRow(ctx, s.q.JobNoticeElder, pgx.NamedArgs{"ticket_id": a.TicketID, "job_id": job.ID}).Scan(&elder); err != nil {
		return fmt.Errorf("tickets: notice %s for ticket %d: earlier notices: %w", a.Key, t.ID, err)
	}
	if elder {
		return river.JobSnooze(noticeTurn)
	}
	n := Notice{ChatID: t.CustomerChatID, Lang: t.CustomerLang, Key: a.Key, Params: a.Params}
	if err := w.notifier.Notify(ctx, n); err != nil {
		if !errors.Is(err, ErrUnreachable) {
			return fmt.Errorf("tickets: notice %s for ticket %d: notify: %w", a.Key, t.ID, err)
		}
		_, rerr := s.pool.Exec(ctx, s.q.EventAdd, t.ID, string(ActorSystem), int64(0), "notice_undeliverable",
			map[string]any{"key": a.Key, "attempt": job.Attempt}, s.now())
		if rerr != nil {
			return fmt.Errorf("tickets: notice %s for ticket %d: record failure: %w", a.Key, t.ID, rerr)
		}
		if strings.HasPrefix(a.Key, SurveyNoticePrefix) {
			if err := s.surveyUndeliverable(ctx, a.Params); err != nil {
				return fmt.Errorf("tickets: notice %s for ticket %d: %w", a.Key, t.ID, err)
			}
		}
		w.logger.WarnContext(ctx, "notice undeliverable", "ticket", t.ID, "chat", t.CustomerChatID, "key", a.Key)
		return river.JobCancel(err)
	}
	w.logger.InfoContext(ctx, "notice sent", "ticket", t.ID, "chat", t.CustomerChatID, "key", a.Key)
	return nil
}
