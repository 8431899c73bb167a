package tickets

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
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
// was inserted). A ticket's timers are a chain: filing inserts the job of
// the first step in its transaction, and each step's job, as it runs,
// inserts the next (see slaPlan), so that a ticket waits on one timer job,
// not six. A change that moves the deadlines cancels the waiting job and
// starts the chain again from the first step of the new deadlines. A job
// whose Due is no longer the ticket's deadline does nothing and ends its
// chain; one whose ticket no longer needs it (taken up, resolved, waiting
// for the customer) does nothing but queue the next step.
type SLAArgs struct {
	TicketID int64     `json:"ticket_id"`
	Step     string    `json:"step"`
	Due      time.Time `json:"due"`
	At       time.Time `json:"at"`
	// Again tells apart a step queued again where a completed job of it,
	// from before the timers were a chain, still counted as unique (see
	// queueSLA). The worker does not read it.
	Again int `json:"again,omitempty"`
}

// Kind names the job in River's tables.
func (SLAArgs) Kind() string { return "sla_timer" }

// InsertOpts gives up after ten attempts, and inserts one job for one step
// of one deadline while such a job waits or runs: two chains that meet (a
// step's job run again, or a running job's chain beside the one a move of
// the deadlines started) go on as one. A step whose job completed can be
// queued again: a chain started again walks the steps already run.
func (SLAArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
		rivertype.JobStateRunning, rivertype.JobStateScheduled,
	}}}
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

// slaSteps are the known steps: their place among steps due at the same
// moment (the arrange deadline's before the check's before the answer's,
// each warning before its deadline), and whether they are warnings.
var slaSteps = map[string]struct {
	order   int
	warning bool
}{
	SLAArrangeWarn: {0, true}, SLAArrange: {1, false}, SLACheckWarn: {2, true}, SLACheck: {3, false},
	SLAAnswerWarn: {4, true}, SLAAnswer: {5, false},
}

// slaCompare orders steps a and b in a ticket's chain, as cmp.Compare.
func slaCompare(a, b SLAArgs) int {
	if c := a.At.Compare(b.At); c != 0 {
		return c
	}
	return cmp.Compare(slaSteps[a.Step].order, slaSteps[b.Step].order)
}

// slaPlan lists the steps of t's deadlines in the order they come due: a
// warning warn before each deadline (none when warn is 0) and the deadline
// itself.
func slaPlan(t *Ticket, warn time.Duration) []SLAArgs {
	var plan []SLAArgs
	add := func(step string, due, at time.Time) {
		plan = append(plan, SLAArgs{TicketID: t.ID, Step: step, Due: due.UTC(), At: at.UTC()})
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
	slices.SortFunc(plan, slaCompare)
	return plan
}

// slaJob is the insert of the timer job of step a.
func slaJob(a SLAArgs) river.InsertManyParams {
	return river.InsertManyParams{Args: a, InsertOpts: &river.InsertOpts{ScheduledAt: a.At}}
}

// slaFirst is the job of the first step of t's deadlines, none when t has
// no deadlines.
func slaFirst(t *Ticket, warn time.Duration) []river.InsertManyParams {
	plan := slaPlan(t, warn)
	if len(plan) == 0 {
		return nil
	}
	return []river.InsertManyParams{slaJob(plan[0])}
}

// slaNext returns the step of t's deadlines that follows a, false when a
// was the last.
func slaNext(t *Ticket, warn time.Duration, a SLAArgs) (SLAArgs, bool) {
	for _, next := range slaPlan(t, warn) {
		if slaCompare(a, next) < 0 {
			return next, true
		}
	}
	return SLAArgs{}, false
}

// scheduleSLAJobs inserts, in tx, the first timer job of t's deadlines as
// they are now. River compares ScheduledAt with the database's clock; the
// times come from the store's, and a job run early snoozes.
func (s *Store) scheduleSLAJobs(ctx context.Context, tx pgx.Tx, t *Ticket) error {
	plan := slaPlan(t, s.pol.Service.WarnBefore)
	if len(plan) == 0 {
		return nil
	}
	if err := s.queueSLA(ctx, tx, plan[0]); err != nil {
		return fmt.Errorf("schedule the service-level timers: %w", err)
	}
	return nil
}

// queueSLA inserts, in tx, the timer job of step a. A job of the same step
// and deadline that waits or runs already takes its place: two chains that
// meet go on as one. One that completed does not, as SLAArgs.InsertOpts
// says, but jobs inserted by a version before the timers were a chain
// were unique among completed jobs too, for as long as River keeps those
// (a day): where one of them stands in the way, the step is queued again,
// told apart by Again, so that the chain goes on.
func (s *Store) queueSLA(ctx context.Context, tx pgx.Tx, a SLAArgs) error {
	for {
		res, err := s.river.InsertTx(ctx, tx, a, &river.InsertOpts{ScheduledAt: a.At})
		if err != nil {
			return err
		}
		if !res.UniqueSkippedAsDuplicate || res.Job.State != rivertype.JobStateCompleted || a.Again >= 3 {
			return nil
		}
		a.Again++
	}
}

// cancelSLAJobs cancels, in tx, the ticket's timer jobs still waiting to
// run, as its deadlines move. One River is starting right now is left
// alone: its worker finds the deadline moved and does nothing, or, its
// deadline unmoved, queues its next step, where the new chain meets it.
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
