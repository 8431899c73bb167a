package tickets

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
)

// ReturnExpiryArgs is the job that expires an approved return whose item was
// not sent by Deadline. ApproveReturn and ExtendReturn schedule it at the
// deadline; a later deadline makes it moot.
type ReturnExpiryArgs struct {
	ReturnID int64     `json:"return_id"`
	Deadline time.Time `json:"deadline"`
}

// Kind names the job in River's tables.
func (ReturnExpiryArgs) Kind() string { return "return_expiry" }

// InsertOpts gives up after ten attempts, and inserts one job for one
// deadline however often it is scheduled.
func (ReturnExpiryArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// ReturnExpiryWorker works ReturnExpiryArgs. It re-reads the return when it
// runs: one still approved with the job's deadline, which has passed by the
// store's clock, expires ("return_expired" event, the card, the customer
// notice NoticeReturnExpired and the owners' alert AlertReturnExpired, all
// in one transaction); anything else is left alone, so a job that runs
// twice expires the return once. A job that runs before the deadline by the
// store's clock waits for it.
type ReturnExpiryWorker struct {
	river.WorkerDefaults[ReturnExpiryArgs]
	store  *Store
	logger *slog.Logger
}

// Timeout bounds one attempt.
func (w *ReturnExpiryWorker) Timeout(*river.Job[ReturnExpiryArgs]) time.Duration {
	return returnJobTimeout
}

// Work expires the return, or does nothing when it moved on.
func (w *ReturnExpiryWorker) Work(ctx context.Context, job *river.Job[ReturnExpiryArgs]) error {
	s, a := w.store, job.Args
	var (
		r     *Return
		early time.Duration
	)
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		if r, _, err = s.lockReturn(ctx, tx, s.q.ReturnLockByID, a.ReturnID); err != nil {
			return err
		}
		if r.State != ReturnApproved || !r.Deadline.Equal(a.Deadline) {
			r = nil // sent, cancelled, refused, expired or given a new deadline meanwhile
			return nil
		}
		if now := s.now(); now.Before(r.Deadline) {
			r, early = nil, r.Deadline.Sub(now)
			return nil
		}
		return s.takeStep(ctx, tx, r, StepExpire, Actor{Kind: ActorSystem}, func(r *Return, _ time.Time) (stepChange, error) {
			return stepChange{data: map[string]any{"deadline": s.clockText(r.Deadline)}}, nil
		})
	})
	switch {
	case errors.Is(err, ErrNotFound):
		w.logger.WarnContext(ctx, "expiry of a return that is gone", "return", a.ReturnID)
		return nil
	case err != nil:
		return fmt.Errorf("tickets: expire return %d: %w", a.ReturnID, err)
	case early > 0:
		return river.JobSnooze(early)
	case r == nil:
		return nil
	}
	w.logger.InfoContext(ctx, "return expired", "ticket", r.TicketID, "rma", r.RMA)
	return nil
}
