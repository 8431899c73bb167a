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

// The follow-ups of a ticket waiting for the customer's information
// (AwaitingArgs.Step).
const (
	AwaitingNudge = "nudge" // the customer is reminded that we wait for them
	AwaitingClose = "close" // the ticket is closed for want of an answer
)

// The customer notices of a ticket waiting for the customer's information;
// both have "ref" and "days" (whole days the ticket has waited).
const (
	// NoticeAwaitingNudge reminds the customer that we wait for their
	// answer, which they just write in the chat.
	NoticeAwaitingNudge = "tickets.awaiting.nudge"
	// NoticeAwaitingClosed tells the customer the ticket was closed for want
	// of an answer, and that writing in the chat can reopen it.
	NoticeAwaitingClosed = "tickets.awaiting.closed"
)

// AwaitingArgs is a follow-up of a ticket that went to awaiting_customer at
// Since: the customer's nudge (AwaitingNudge) or the auto-close
// (AwaitingClose), due Days calendar days after Since in the shop's time
// zone. moveStatus schedules both in the transaction of the move, and
// cancels those still waiting when the ticket moves on; a job that runs
// anyway for a ticket that moved on — the customer answered, staff took it
// on, or it waits again since a later moment — does nothing.
type AwaitingArgs struct {
	TicketID int64     `json:"ticket_id"`
	Step     string    `json:"step"`
	Since    time.Time `json:"since"`
	Days     int       `json:"days"`
}

// Kind names the job in River's tables.
func (AwaitingArgs) Kind() string { return "awaiting_customer" }

// InsertOpts gives up after ten attempts, and inserts one job for one step
// of one wait however often it is scheduled.
func (AwaitingArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// due is when the follow-up is due: Days calendar days after Since in loc.
func (a AwaitingArgs) due(loc *time.Location) time.Time {
	return a.Since.In(loc).AddDate(0, 0, a.Days)
}

// scheduleAwaitingJobs inserts, in tx, the nudge and the auto-close of the
// ticket with id, which went to awaiting_customer at since, after the
// policy's service.nudge_after_days and service.auto_close_after_days (a
// step whose days are not set is left out). River compares ScheduledAt
// with the database's clock; the times come from the store's.
func (s *Store) scheduleAwaitingJobs(ctx context.Context, tx pgx.Tx, id int64, since time.Time) error {
	var jobs []river.InsertManyParams
	for _, step := range []struct {
		name string
		days int
	}{{AwaitingNudge, s.pol.Service.NudgeAfterDays}, {AwaitingClose, s.pol.Service.AutoCloseAfterDays}} {
		if step.days <= 0 {
			continue
		}
		a := AwaitingArgs{TicketID: id, Step: step.name, Since: since, Days: step.days}
		jobs = append(jobs, river.InsertManyParams{Args: a, InsertOpts: &river.InsertOpts{ScheduledAt: a.due(s.loc)}})
	}
	if len(jobs) == 0 {
		return nil
	}
	if _, err := s.river.InsertManyTx(ctx, tx, jobs); err != nil {
		return fmt.Errorf("schedule the nudge and the auto-close: %w", err)
	}
	return nil
}

// cancelAwaitingJobs cancels, in tx, the ticket's nudge and auto-close that
// are still waiting to run, as it stops waiting for the customer. One that
// River is starting right now is left alone: its worker finds the ticket
// moved on and does nothing.
func (s *Store) cancelAwaitingJobs(ctx context.Context, tx pgx.Tx, id int64) error {
	rows, err := tx.Query(ctx, s.q.AwaitingJobsWaiting, pgx.NamedArgs{"ticket_id": id})
	if err != nil {
		return fmt.Errorf("find the nudge and the auto-close: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("find the nudge and the auto-close: %w", err)
	}
	for _, jobID := range ids {
		if _, err := s.river.JobCancelTx(ctx, tx, jobID); err != nil {
			return fmt.Errorf("cancel job %d: %w", jobID, err)
		}
	}
	return nil
}

// AwaitingWorker works AwaitingArgs. It re-reads the ticket when it runs and
// acts only while the ticket still waits for the customer since the job's
// Since: the nudge logs a "customer_nudged" event and queues
// NoticeAwaitingNudge, once per wait; the auto-close moves the ticket to
// closed by the system (its "status" event, the card) and queues
// NoticeAwaitingClosed — each in one transaction. A job that runs before it
// is due by the store's clock waits.
type AwaitingWorker struct {
	river.WorkerDefaults[AwaitingArgs]
	store  *Store
	logger *slog.Logger
}

// Timeout bounds one attempt: a few statements, nothing sent.
func (w *AwaitingWorker) Timeout(*river.Job[AwaitingArgs]) time.Duration {
	return returnJobTimeout
}

// Work nudges the customer or closes the ticket, or does nothing when the
// ticket no longer waits for the customer since the job's moment.
func (w *AwaitingWorker) Work(ctx context.Context, job *river.Job[AwaitingArgs]) error {
	s, a := w.store, job.Args
	if a.Step != AwaitingNudge && a.Step != AwaitingClose {
		return river.JobCancel(fmt.Errorf("tickets: awaiting customer on ticket %d: unknown step %q", a.TicketID, a.Step))
	}
	var (
		ref   string
		early time.Duration
	)
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		t, err := s.lockTicket(ctx, tx, a.TicketID)
		if err != nil {
			return err
		}
		if t.Status != StatusAwaitingCustomer {
			return nil // answered, taken on, resolved or closed meanwhile
		}
		var since *time.Time
		if err := tx.QueryRow(ctx, s.q.TicketAwaitingSince, t.ID).Scan(&since); err != nil {
			return fmt.Errorf("find when the wait began: %w", err)
		}
		if since == nil || !since.Equal(a.Since) {
			return nil // a wait that ended; a later one has its own jobs
		}
		now := s.now()
		if d := a.due(s.loc).Sub(now); d > 0 {
			early = d
			return nil
		}
		params := map[string]string{"ref": t.Ref, "days": strconv.Itoa(a.Days)}
		key := NoticeAwaitingClosed
		if a.Step == AwaitingNudge {
			var nudged bool
			if err := tx.QueryRow(ctx, s.q.TicketNudgedSince, pgx.NamedArgs{"ticket_id": t.ID, "since": a.Since}).Scan(&nudged); err != nil {
				return fmt.Errorf("look for the nudge: %w", err)
			}
			if nudged {
				return nil
			}
			data := map[string]any{"since": s.clockText(a.Since), "days": a.Days}
			if _, err := tx.Exec(ctx, s.q.EventAdd, t.ID, string(ActorSystem), int64(0), "customer_nudged", data, now); err != nil {
				return fmt.Errorf("log the nudge: %w", err)
			}
			key = NoticeAwaitingNudge
		} else {
			data := map[string]any{"reason": "no_answer", "since": s.clockText(a.Since), "days": a.Days}
			if err := s.moveStatus(ctx, tx, t.ID, t.Status, StatusClosed, Actor{Kind: ActorSystem}, data); err != nil {
				return err
			}
		}
		if err := s.notifyCustomer(ctx, tx, t, key, params); err != nil {
			return err
		}
		ref = t.Ref
		return nil
	})
	switch {
	case errors.Is(err, ErrNotFound):
		w.logger.WarnContext(ctx, "follow-up for a ticket that is gone", "ticket", a.TicketID, "step", a.Step)
		return nil
	case err != nil:
		return fmt.Errorf("tickets: awaiting customer on ticket %d, %s: %w", a.TicketID, a.Step, err)
	case early > 0:
		return river.JobSnooze(early)
	case ref == "":
		return nil
	}
	w.logger.InfoContext(ctx, "ticket waiting for its customer followed up", "ticket", a.TicketID, "ref", ref, "step", a.Step)
	return nil
}
