package tickets

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
)

// The steps of a ticket's service-level timers (SLAArgs.Step): a warning
// before each deadline and what happens when it passes.
const (
	SLAArrangeWarn = "arrange_warn" // the thread: nobody took it up, arrange deadline soon
	SLAArrange     = "arrange"      // the thread and the card: the arrange deadline was missed
	SLACheckWarn   = "check_warn"   // the thread: the owners hear of it soon
	SLACheck       = "check"        // the owners: still not arranged at the check
	SLAAnswerWarn  = "answer_warn"  // the thread, and the customer told it takes longer
	SLAAnswer      = "answer"       // the owners: not resolved by the answer deadline
)

// The OwnerAlertArgs reasons of the timers; Params carry "due", the missed
// deadline (RFC 3339).
const (
	AlertArrangeMissed = "arrange_missed"
	AlertAnswerMissed  = "answer_missed"
)

// NoticeAnswerLate is the customer notice that their ticket takes longer
// than the answer deadline and why, sent before the deadline passes; it has
// "ref" and "when" (the deadline, RFC 3339).
const NoticeAnswerLate = "tickets.sla.answer_late"

// SLAArgs is one step of a ticket's service-level timers, due At, about the
// deadline Due (the ticket's arrange_by, check_at or answer_by when the job
// was inserted). Filing inserts them in its transaction; a change that
// moves the deadlines cancels the waiting ones and inserts new ones. A job
// whose Due is no longer the ticket's deadline, or whose ticket no longer
// needs it (taken up, resolved, waiting for the customer), does nothing.
type SLAArgs struct {
	TicketID int64     `json:"ticket_id"`
	Step     string    `json:"step"`
	Due      time.Time `json:"due"`
	At       time.Time `json:"at"`
}

// Kind names the job in River's tables.
func (SLAArgs) Kind() string { return "sla_timer" }

// InsertOpts gives up after ten attempts, and inserts one job for one step
// of one deadline however often it is scheduled.
func (SLAArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// slaDeadline returns which of t's deadlines step is about, and when it is.
func slaDeadline(t *Ticket, step string) (name string, at time.Time) {
	switch step {
	case SLAArrangeWarn, SLAArrange:
		return DeadlineArrange, t.ArrangeBy
	case SLACheckWarn, SLACheck:
		return DeadlineCheck, t.CheckAt
	default:
		return DeadlineAnswer, t.AnswerBy
	}
}

// slaJobs are the timer jobs of t's deadlines: a warning warn before each
// (none when warn is 0) and the deadline itself.
func slaJobs(t *Ticket, warn time.Duration) []river.InsertManyParams {
	var jobs []river.InsertManyParams
	add := func(step string, due, at time.Time) {
		a := SLAArgs{TicketID: t.ID, Step: step, Due: due.UTC(), At: at.UTC()}
		jobs = append(jobs, river.InsertManyParams{Args: a, InsertOpts: &river.InsertOpts{ScheduledAt: a.At}})
	}
	for _, step := range [][2]string{{SLAArrangeWarn, SLAArrange}, {SLACheckWarn, SLACheck}, {SLAAnswerWarn, SLAAnswer}} {
		_, due := slaDeadline(t, step[1])
		if due.IsZero() {
			continue
		}
		if warn > 0 {
			add(step[0], due, due.Add(-warn))
		}
		add(step[1], due, due)
	}
	return jobs
}

// scheduleSLAJobs inserts, in tx, the timer jobs of t's deadlines as they
// are now. River compares ScheduledAt with the database's clock; the times
// come from the store's, and a job run early snoozes.
func (s *Store) scheduleSLAJobs(ctx context.Context, tx pgx.Tx, t *Ticket) error {
	jobs := slaJobs(t, s.pol.Service.WarnBefore)
	if len(jobs) == 0 {
		return nil
	}
	if _, err := s.river.InsertManyTx(ctx, tx, jobs); err != nil {
		return fmt.Errorf("schedule the service-level timers: %w", err)
	}
	return nil
}

// cancelSLAJobs cancels, in tx, the ticket's timer jobs still waiting to
// run, as its deadlines move. One River is starting right now is left
// alone: its worker finds the deadline moved and does nothing.
func (s *Store) cancelSLAJobs(ctx context.Context, tx pgx.Tx, id int64) error {
	rows, err := tx.Query(ctx, s.q.SLAJobsWaiting, pgx.NamedArgs{"ticket_id": id})
	if err != nil {
		return fmt.Errorf("find the service-level timers: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("find the service-level timers: %w", err)
	}
	for _, jobID := range ids {
		if _, err := s.river.JobCancelTx(ctx, tx, jobID); err != nil {
			return fmt.Errorf("cancel job %d: %w", jobID, err)
		}
	}
	return nil
}
