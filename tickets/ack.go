package tickets

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/complaintbot/complaintbot/policy"
)

// Notice is a message for a customer, by catalogue key: the edge renders it
// in the customer's language and sends it. Params are plain text; times are
// RFC 3339 in the shop's zone ("2026-11-20T11:30:00+08:00"), for the edge
// to render the customer's way.
type Notice struct {
	ChatID int64
	Lang   string
	Key    string
	Params map[string]string
}

// Notifier sends Notices to customers. The edge implements it. Notify
// returns an error wrapping ErrUnreachable when the message can never be
// delivered (the customer blocked the bot or deleted the account); any
// other error is retried later. It should return within the ctx deadline
// and must not change the ticket itself: the worker holds the ticket's row
// lock, and one database connection, while it sends.
type Notifier interface {
	Notify(ctx context.Context, n Notice) error
}

// ErrUnreachable marks a Notify error that retrying will not cure.
var ErrUnreachable = errors.New("tickets: customer unreachable")

// AckArgs is the job that acknowledges a new ticket to its customer. File
// inserts it in the filing transaction.
type AckArgs struct {
	TicketID int64 `json:"ticket_id"`
}

// Kind names the job in River's tables.
func (AckArgs) Kind() string { return "ticket_ack" }

// InsertOpts gives up after eight attempts (about an hour and a half of
// backing off): an acknowledgement much later than that helps nobody, and
// the ticket stays new for staff to see.
func (AckArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 8}
}

// AckWorker sends the acknowledgement: the ticket's reference, what happens
// next and by when, and how to add to it. It re-reads the ticket when it
// runs and does nothing once the ticket was acknowledged or closed, so a
// job that runs late or twice sends nothing more. A ticket staff took up
// before the job ran is still acknowledged: the customer needs the
// reference (staff replies wait for it, see AwaitsAcknowledgement).
type AckWorker struct {
	river.WorkerDefaults[AckArgs]
	store    *Store
	notifier Notifier
	logger   *slog.Logger
}

// ackTimeout bounds one attempt, the sending included, so a stuck send
// cannot hold the ticket's row lock for long.
const ackTimeout = 30 * time.Second

// Timeout bounds one attempt at acknowledging.
func (w *AckWorker) Timeout(*river.Job[AckArgs]) time.Duration { return ackTimeout }

// Work acknowledges one ticket. The ticket stays locked from the status check
// until the status change and the job's completion commit together, so no
// other change slips in between; only a crash between sending and that
// commit can send the acknowledgement twice.
func (w *AckWorker) Work(ctx context.Context, job *river.Job[AckArgs]) error {
	s := w.store
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("tickets: acknowledge ticket %d: begin: %w", job.Args.TicketID, err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()

	t, sent, err := s.sendAck(ctx, tx, job.Args.TicketID, w.notifier)
	if err != nil {
		err = fmt.Errorf("tickets: acknowledge ticket %d: %w", job.Args.TicketID, err)
	}
	switch {
	case errors.Is(err, ErrNotFound):
		w.logger.WarnContext(ctx, "acknowledgement for a ticket that is gone", "ticket", job.Args.TicketID)
		return nil
	case errors.Is(err, ErrUnreachable):
		return w.giveUp(ctx, tx, t, job, err)
	case err != nil:
		return err
	case !sent:
		return nil // already acknowledged, or closed before it could be
	}
	if _, err := river.JobCompleteTx[*riverpgxv5.Driver](ctx, tx, job); err != nil {
		return fmt.Errorf("tickets: acknowledge ticket %d: complete job: %w", t.ID, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("tickets: acknowledge ticket %d: commit: %w", t.ID, err)
	}
	w.logger.InfoContext(ctx, "ticket acknowledged", "ticket", t.ID, "chat", t.CustomerChatID)
	return nil
}

// Acknowledge sends a ticket's acknowledgement now, as its job would, and
// records it: the edge calls it as soon as the turn that filed the ticket
// has answered, so that the customer's Confirm does not wait for the job to
// be fetched. The job still runs, and finds the ticket acknowledged; so
// does a second call. On an error the job sends it, or gives up on an
// unreachable customer.
func (s *Store) Acknowledge(ctx context.Context, ticketID int64, notifier Notifier) error {
	ctx, cancel := context.WithTimeout(ctx, ackTimeout)
	defer cancel()
	var t *Ticket
	var sent bool
	err := s.inTx(ctx, func(tx pgx.Tx) (err error) {
		t, sent, err = s.sendAck(ctx, tx, ticketID, notifier)
		return err
	})
	if err != nil {
		return fmt.Errorf("tickets: acknowledge ticket %d: %w", ticketID, err)
	}
	if sent {
		s.logger.InfoContext(ctx, "ticket acknowledged", "ticket", t.ID, "chat", t.CustomerChatID)
	}
	return nil
}

// sendAck locks the ticket in tx, sends its acknowledgement unless it was
// sent or the ticket closed (sent false), and records it; the caller
// commits, and names the ticket in an error. The error wraps ErrNotFound
// when there is no such ticket, and ErrUnreachable when the customer can
// never get it.
func (s *Store) sendAck(ctx context.Context, tx pgx.Tx, ticketID int64, notifier Notifier) (t *Ticket, sent bool, err error) {
	t, err = s.lockTicket(ctx, tx, ticketID)
	if err != nil {
		return nil, false, fmt.Errorf("read: %w", err)
	}
	if !t.AcknowledgedAt.IsZero() || !t.Status.Open() {
		return t, false, nil
	}
	n := AckNotice(t, s.loc)
	if err := notifier.Notify(ctx, n); err != nil {
		return t, false, fmt.Errorf("notify: %w", err)
	}
	if err := s.markAcknowledged(ctx, tx, t, n); err != nil {
		return t, false, err
	}
	return t, true, nil
}

// markAcknowledged records that t's acknowledgement n was sent: a new
// ticket becomes acknowledged; one staff took up first (a reply can be
// quicker than the acknowledgement's job) keeps its status and has the
// time stamped, for the customer still needed the reference.
func (s *Store) markAcknowledged(ctx context.Context, tx pgx.Tx, t *Ticket, n Notice) error {
	system := Actor{Kind: ActorSystem}
	data := map[string]any{"notice": n.Key}
	if t.Status == StatusNew {
		return s.moveStatus(ctx, tx, t.ID, StatusNew, StatusAcknowledged, system, data)
	}
	var got int64
	err := tx.QueryRow(ctx, s.q.TicketAcknowledgedSet, pgx.NamedArgs{
		"id": t.ID, "now": s.now(), "actor_kind": string(system.Kind), "actor_id": system.ID, "data": data,
	}).Scan(&got)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil // stamped meanwhile; the row lock makes this unlikely
	}
	return err
}

// giveUp records that the acknowledgement cannot be delivered and cancels the
// job; the ticket stays new for staff to see.
func (w *AckWorker) giveUp(ctx context.Context, tx pgx.Tx, t *Ticket, job *river.Job[AckArgs], cause error) error {
	s := w.store
	_, err := tx.Exec(ctx, s.q.EventAdd, t.ID, string(ActorSystem), int64(0), "ack_undeliverable",
		map[string]any{"attempt": job.Attempt}, s.now())
	if err == nil {
		err = tx.Commit(ctx)
	}
	if err != nil {
		return fmt.Errorf("tickets: acknowledge ticket %d: record failure: %w", t.ID, err)
	}
	w.logger.WarnContext(ctx, "acknowledgement undeliverable", "ticket", t.ID, "chat", t.CustomerChatID)
	return river.JobCancel(cause)
}

// AckNotice is the acknowledgement for t. Its key says what happens next for
// the outcome the customer asked for; its params are the reference, the
// time handling will be arranged by and the time of the full answer (RFC
// 3339 in loc), and the outcome.
func AckNotice(t *Ticket, loc *time.Location) Notice {
	return Notice{
		ChatID: t.CustomerChatID,
		Lang:   t.CustomerLang,
		Key:    ackKey(t),
		Params: map[string]string{
			"ref":        t.Ref,
			"arrange_by": t.ArrangeBy.In(loc).Format(time.RFC3339),
			"answer_by":  t.AnswerBy.In(loc).Format(time.RFC3339),
			"outcome":    t.Outcome,
		},
	}
}

// ackKey picks the acknowledgement text by what the customer asked for.
func ackKey(t *Ticket) string {
	switch policy.Outcome(t.Outcome) {
	case policy.OutcomeRepair:
		if opt, _ := t.Verdict.Allowed(policy.OutcomeRepair); opt.Paid {
			return "tickets.ack_repair_paid"
		}
		return "tickets.ack_repair"
	case policy.OutcomeReplacement:
		return "tickets.ack_replacement"
	case policy.OutcomeRefund:
		return "tickets.ack_refund"
	default:
		return "tickets.ack_none"
	}
}

// AckWait is how long after filing a message to the customer waits for the
// ticket's acknowledgement, so that the reference comes first: a staff
// member can answer a card before the acknowledgement's job has run. Past
// it (the acknowledgement failing for minutes) the message goes anyway.
const AckWait = 2 * time.Minute

// AwaitsAcknowledgement reports whether, at now, a message to t's customer
// should wait for the acknowledgement: it is still to be sent and it was
// filed less than AckWait ago.
func (t *Ticket) AwaitsAcknowledgement(now time.Time) bool {
	return t.AcknowledgedAt.IsZero() && t.Status.Open() && now.Sub(t.CreatedAt) < AckWait
}

// HurryAcknowledgement makes ticket id's acknowledgement, when its job
// waits to be tried again after a failure, due now: a staff reply waiting
// for it (AwaitsAcknowledgement) should not wait out the job's backoff.
func (s *Store) HurryAcknowledgement(ctx context.Context, id int64) error {
	rows, err := s.pool.Query(ctx, s.q.AckJobsDelayed, pgx.NamedArgs{"ticket_id": id})
	if err != nil {
		return fmt.Errorf("tickets: hurry the acknowledgement of ticket %d: %w", id, err)
	}
	jobs, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("tickets: hurry the acknowledgement of ticket %d: %w", id, err)
	}
	for _, job := range jobs {
		if _, err := s.river.JobRetry(ctx, job); err != nil {
			return fmt.Errorf("tickets: hurry the acknowledgement of ticket %d: job %d: %w", id, job, err)
		}
	}
	return nil
}
