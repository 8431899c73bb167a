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

// SLAWorker works SLAArgs. It re-reads and locks the ticket and acts only
// when the job's deadline is still the ticket's, the ticket still needs it
// and no earlier run of the job acted already (its event is there), all in
// one transaction with what it queues:
//
//   - a warning (SLA*Warn) posts in the thread that the deadline comes; the
//     answer's warning also tells the customer it takes longer, once;
//   - the arrange deadline posts in the thread that it was missed;
//   - the check and the answer deadlines alert every owner
//     (AlertArrangeMissed, AlertAnswerMissed), post it in the thread and log
//     an "escalated" event; a customer not yet told the answer is late is
//     told now.
//
// Each refreshes the card, which shows the deadline soon or missed. A job
// that runs before it is due by the store's clock waits. Whether it acted
// or not, a job whose deadline still stands queues the next step of the
// ticket's timers in the same transaction.
type SLAWorker struct {
	river.WorkerDefaults[SLAArgs]
	store  *Store
	logger *slog.Logger
}

// Timeout bounds one attempt: a few statements, nothing sent.
func (w *SLAWorker) Timeout(*river.Job[SLAArgs]) time.Duration {
	return returnJobTimeout
}

// slaEventKind is the event a step logs: what happened, for the report.
func slaEventKind(step string) string {
	switch {
	case slaSteps[step].warning:
		return "sla_warning"
	case step == SLAArrange:
		return "sla_missed"
	}
	return "escalated"
}

// Work follows up one deadline of one ticket, or does nothing, and queues
// the next.
func (w *SLAWorker) Work(ctx context.Context, job *river.Job[SLAArgs]) error {
	s, a := w.store, job.Args
	if _, ok := slaSteps[a.Step]; !ok {
		return river.JobCancel(fmt.Errorf("tickets: timer of ticket %d: unknown step %q", a.TicketID, a.Step))
	}
	var (
		acted bool
		early time.Duration
	)
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		t, err := s.lockTicket(ctx, tx, a.TicketID)
		if err != nil {
			return err
		}
		if _, due := slaDeadline(t, a.Step); !due.Equal(a.Due) {
			return nil // moved meanwhile: the chain of the new deadlines speaks
		}
		now := s.now()
		if d := a.At.Sub(now); d > 0 {
			early = d
			return nil
		}
		if acted, err = s.slaStep(ctx, tx, t, a, now); err != nil {
			return err
		}
		next, ok := slaNext(t, s.pol.Service.WarnBefore, a)
		if !ok {
			return nil
		}
		if err := s.queueSLA(ctx, tx, next); err != nil {
			return fmt.Errorf("queue the next timer: %w", err)
		}
		return nil
	})
	switch {
	case errors.Is(err, ErrNotFound):
		w.logger.WarnContext(ctx, "timer for a ticket that is gone", "ticket", a.TicketID, "step", a.Step)
		return nil
	case err != nil:
		return fmt.Errorf("tickets: timer of ticket %d, %s: %w", a.TicketID, a.Step, err)
	case early > 0:
		return river.JobSnooze(early)
	case acted:
		w.logger.InfoContext(ctx, "service-level timer followed up", "ticket", a.TicketID, "step", a.Step)
	}
	return nil
}

// slaStep does what step a of t does at now, in tx, unless t no longer
// needs it or an earlier run did it; acted says whether it did.
func (s *Store) slaStep(ctx context.Context, tx pgx.Tx, t *Ticket, a SLAArgs, now time.Time) (acted bool, err error) {
	if !slaNeeded(t, a.Step) {
		return false, nil // taken up, resolved or paused meanwhile
	}
	if slaSteps[a.Step].warning && !now.Before(a.Due) {
		return false, nil // a warning run after its deadline: the deadline's own job speaks
	}
	kind := slaEventKind(a.Step)
	data := map[string]any{"step": a.Step, "due": s.clockText(a.Due)}
	var done bool
	if err := tx.QueryRow(ctx, s.q.SLADone, pgx.NamedArgs{"ticket_id": t.ID, "kind": kind, "data": data}).Scan(&done); err != nil {
		return false, fmt.Errorf("look for the follow-up: %w", err)
	}
	if done {
		return false, nil
	}
	if _, err := tx.Exec(ctx, s.q.EventAdd, t.ID, string(ActorSystem), int64(0), kind, data, now); err != nil {
		return false, fmt.Errorf("log the follow-up: %w", err)
	}
	if err := s.slaAct(ctx, tx, t, a); err != nil {
		return false, err
	}
	return true, s.enqueueCard(ctx, tx, t.ID)
}

// slaNeeded reports whether t still needs the step: the arrange and check
// steps while nobody took it up, the answer's while it is not resolved;
// none while the ticket waits for the customer (its clock stands still).
func slaNeeded(t *Ticket, step string) bool {
	if !t.Status.Open() || t.Paused() {
		return false
	}
	name, _ := slaDeadline(t, step)
	return name == DeadlineAnswer || !t.Arranged()
}

// slaAct queues, in tx, what the step does: the thread's notice, the
// owners' alert and the customer's notice.
func (s *Store) slaAct(ctx context.Context, tx pgx.Tx, t *Ticket, a SLAArgs) error {
	when := a.Due.In(s.loc).Format(time.RFC3339)
	jobs := []river.InsertManyParams{{Args: DeskNoticeArgs{TicketID: t.ID, Key: "desk.sla." + a.Step,
		Params: map[string]string{"ref": t.Ref, "when": when}}}}
	switch a.Step {
	case SLACheck:
		jobs = append(jobs, river.InsertManyParams{Args: OwnerAlertArgs{TicketID: t.ID, Reason: AlertArrangeMissed, Params: map[string]string{"due": when}}})
	case SLAAnswer:
		jobs = append(jobs, river.InsertManyParams{Args: OwnerAlertArgs{TicketID: t.ID, Reason: AlertAnswerMissed, Params: map[string]string{"due": when}}})
	}
	if _, err := s.river.InsertManyTx(ctx, tx, jobs); err != nil {
		return fmt.Errorf("queue the follow-up: %w", err)
	}
	if a.Step == SLAAnswerWarn || a.Step == SLAAnswer {
		return s.tellAnswerLate(ctx, tx, t, when)
	}
	return nil
}

// tellAnswerLate tells t's customer, once per deadline, that the answer
// takes longer than promised by when, and logs "customer_told_late".
func (s *Store) tellAnswerLate(ctx context.Context, tx pgx.Tx, t *Ticket, when string) error {
	data := map[string]any{"due": when}
	var told bool
	if err := tx.QueryRow(ctx, s.q.SLADone, pgx.NamedArgs{"ticket_id": t.ID, "kind": "customer_told_late", "data": data}).Scan(&told); err != nil {
		return fmt.Errorf("look for the customer's notice: %w", err)
	}
	if told {
		return nil
	}
	if _, err := tx.Exec(ctx, s.q.EventAdd, t.ID, string(ActorSystem), int64(0), "customer_told_late", data, s.now()); err != nil {
		return fmt.Errorf("log the customer's notice: %w", err)
	}
	return s.notifyCustomer(ctx, tx, t, NoticeAnswerLate, map[string]string{"ref": t.Ref, "when": when})
}
