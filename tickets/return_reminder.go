package tickets

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
)

// ReturnReminderArgs is the job that reminds the customer to send the item
// of an approved return: Reminder is ReminderBefore (some days before the
// deadline) or ReminderDue (on the day). ApproveReturn and ExtendReturn
// schedule them for Deadline; a later deadline makes them moot.
type ReturnReminderArgs struct {
	ReturnID int64     `json:"return_id"`
	Reminder string    `json:"reminder"`
	Deadline time.Time `json:"deadline"`
}

// Kind names the job in River's tables.
func (ReturnReminderArgs) Kind() string { return "return_reminder" }

// InsertOpts gives up after ten attempts, and inserts one job for one
// reminder of one deadline however often it is scheduled.
func (ReturnReminderArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// ReturnReminderWorker works ReturnReminderArgs. It re-reads the return when
// it runs and reminds only while the return still waits for the item with
// the job's deadline, and only once: the reminder's "return_reminded" event
// and its customer notice (NoticeReturnReminderBefore or
// NoticeReturnReminderDue, inserted as CustomerNoticeArgs) commit together.
type ReturnReminderWorker struct {
	river.WorkerDefaults[ReturnReminderArgs]
	store  *Store
	logger *slog.Logger
}

// returnJobTimeout bounds one attempt at a reminder or an expiry: a few
// statements, nothing sent.
const returnJobTimeout = 30 * time.Second

// Timeout bounds one attempt.
func (w *ReturnReminderWorker) Timeout(*river.Job[ReturnReminderArgs]) time.Duration {
	return returnJobTimeout
}

// Work reminds the customer, or does nothing when the return moved on.
func (w *ReturnReminderWorker) Work(ctx context.Context, job *river.Job[ReturnReminderArgs]) error {
	s, a := w.store, job.Args
	key := NoticeReturnReminderDue
	if a.Reminder == ReminderBefore {
		key = NoticeReturnReminderBefore
	}
	var r *Return
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		if r, _, err = s.lockReturn(ctx, tx, s.q.ReturnLockByID, a.ReturnID); err != nil {
			return err
		}
		now := s.now()
		if r.State != ReturnApproved || !r.Deadline.Equal(a.Deadline) || !now.Before(r.Deadline) {
			r = nil // sent, cancelled, refused or given a new deadline meanwhile
			return nil
		}
		data := map[string]any{"rma": r.RMA, "reminder": a.Reminder, "deadline": s.clockText(r.Deadline)}
		var reminded bool
		if err := tx.QueryRow(ctx, s.q.ReturnReminded, pgx.NamedArgs{"ticket_id": r.TicketID, "data": data}).Scan(&reminded); err != nil {
			return fmt.Errorf("look for the reminder: %w", err)
		}
		if reminded {
			r = nil
			return nil
		}
		if _, err := tx.Exec(ctx, s.q.EventAdd, r.TicketID, string(ActorSystem), int64(0), "return_reminded", data, now); err != nil {
			return fmt.Errorf("log reminder: %w", err)
		}
		params := s.returnParams(r, key)
		if key == NoticeReturnReminderBefore {
			params["days"] = strconv.Itoa(daysBetween(now, r.Deadline, s.loc))
		}
		if _, err := s.river.InsertTx(ctx, tx, CustomerNoticeArgs{TicketID: r.TicketID, Key: key, Params: params}, nil); err != nil {
			return fmt.Errorf("insert customer notice: %w", err)
		}
		return nil
	})
	switch {
	case errors.Is(err, ErrNotFound):
		w.logger.WarnContext(ctx, "reminder for a return that is gone", "return", a.ReturnID)
		return nil
	case err != nil:
		return fmt.Errorf("tickets: remind of return %d: %w", a.ReturnID, err)
	case r == nil:
		return nil
	}
	w.logger.InfoContext(ctx, "return reminder queued", "ticket", r.TicketID, "rma", r.RMA, "reminder", a.Reminder)
	return nil
}

// daysBetween is how many calendar days, in loc, lie between the days of
// from and to.
func daysBetween(from, to time.Time, loc *time.Location) int {
	day := func(t time.Time) time.Time {
		y, m, d := t.In(loc).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	return int(day(to).Sub(day(from)).Hours() / 24)
}
