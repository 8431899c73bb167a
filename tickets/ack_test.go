package tickets_test

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// recorder is a Notifier that keeps what it was asked to send; it fails for
// the chats in fail.
type recorder struct {
	mu      sync.Mutex
	notices []tickets.Notice
	fail    map[int64]error
}

func (r *recorder) Notify(_ context.Context, n tickets.Notice) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.fail[n.ChatID]; err != nil {
		return err
	}
	r.notices = append(r.notices, n)
	return nil
}

func (r *recorder) sent() []tickets.Notice {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]tickets.Notice(nil), r.notices...)
}

// startWorkers runs the service's River client on the test schema until the
// test ends, and returns it with a feed of finished jobs.
func startWorkers(t *testing.T, pool *pgxpool.Pool, s *tickets.Store, n tickets.Notifier) (*river.Client[pgx.Tx], <-chan *river.Event) {
	t.Helper()
	client, err := tickets.NewRiverClient(pool, tickets.Workers(s, n), nil)
	if err != nil {
		t.Fatal(err)
	}
	events, cancel := client.Subscribe(river.EventKindJobCompleted, river.EventKindJobCancelled, river.EventKindJobFailed)
	t.Cleanup(cancel)
	runJobs(t, client)
	return client, events
}

// waitJobs reads finished-job events until each ticket's job (on the
// default queue) has finished in the given way, or fails the test after a
// deadline.
func waitJobs(t *testing.T, events <-chan *river.Event, want map[int64]river.EventKind) {
	t.Helper()
	deadline := time.After(15 * time.Second)
	for len(want) > 0 {
		select {
		case ev := <-events:
			if ev.Job.Queue == tickets.DeskQueue {
				continue // the staff group's jobs, worked by the edge's workers
			}
			var args struct {
				TicketID int64 `json:"ticket_id"`
			}
			if err := json.Unmarshal(ev.Job.EncodedArgs, &args); err != nil {
				t.Fatal(err)
			}
			if kind, ok := want[args.TicketID]; ok && kind == ev.Kind {
				delete(want, args.TicketID)
			}
		case <-deadline:
			t.Fatalf("jobs still not finished: %v", want)
		}
	}
}

// The acknowledgement reaches the customer once, with the reference and the
// time handling will be arranged by, and the ticket is then acknowledged. A
// ticket staff took up first gets no acknowledgement; a job that runs again
// sends nothing more.
func TestAckWorker(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	rec := &recorder{}

	fresh, _, err := s.File(ctx, newTicket(8001))
	if err != nil {
		t.Fatal(err)
	}
	taken, _, err := s.File(ctx, newTicket(8002))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(ctx, taken.ID, tickets.StatusInProgress, tickets.Actor{Kind: tickets.ActorStaff, ID: 9}, nil); err != nil {
		t.Fatal(err)
	}

	client, events := startWorkers(t, pool, s, rec)
	waitJobs(t, events, map[int64]river.EventKind{fresh.ID: river.EventKindJobCompleted, taken.ID: river.EventKindJobCompleted})

	// Both customers are acknowledged: the one whose ticket staff took up
	// first still needs the reference.
	sent := rec.sent()
	if len(sent) != 2 {
		t.Fatalf("%d notices sent, want 2: %+v", len(sent), sent)
	}
	slices.SortFunc(sent, func(a, b tickets.Notice) int { return cmp.Compare(a.ChatID, b.ChatID) })
	want := tickets.Notice{ChatID: 8001, Lang: "zh", Key: "tickets.ack_repair", Params: map[string]string{
		"ref": fresh.Ref, "arrange_by": "2026-11-20T11:30:00+08:00", "answer_by": fresh.AnswerBy.Format(time.RFC3339), "outcome": "repair",
	}}
	if fmt.Sprint(sent[0]) != fmt.Sprint(want) {
		t.Errorf("notice = %+v\nwant     %+v", sent[0], want)
	}
	if sent[1].ChatID != 8002 || sent[1].Params["ref"] != taken.Ref {
		t.Errorf("second notice = %+v, want the taken ticket's %s", sent[1], taken.Ref)
	}
	gotTaken, err := s.Get(ctx, taken.Ref)
	if err != nil {
		t.Fatal(err)
	}
	last := gotTaken.Events[len(gotTaken.Events)-1]
	if gotTaken.Status != tickets.StatusInProgress || gotTaken.AcknowledgedAt.IsZero() ||
		last.Kind != "acknowledged" || last.Actor.Kind != tickets.ActorSystem || last.Data["notice"] != "tickets.ack_repair" {
		t.Errorf("taken ticket after the job: status %s acknowledged at %v, last event %+v", gotTaken.Status, gotTaken.AcknowledgedAt, last)
	}

	got, err := s.Get(ctx, fresh.Ref)
	if err != nil {
		t.Fatal(err)
	}
	last = got.Events[len(got.Events)-1]
	if got.Status != tickets.StatusAcknowledged || got.AcknowledgedAt.IsZero() ||
		last.Kind != "status" || last.Actor.Kind != tickets.ActorSystem || last.Data["to"] != "acknowledged" || last.Data["notice"] != want.Key {
		t.Errorf("after the job: status %s acknowledged at %v, last event %+v", got.Status, got.AcknowledgedAt, last)
	}
	if n := count(t, pool, "SELECT count(*) FROM river_job WHERE state = 'completed'"); n != 2 {
		t.Errorf("%d completed jobs, want 2", n)
	}

	// The same job again (a retry after a lost commit, say) sends nothing.
	if _, err := client.Insert(ctx, tickets.AckArgs{TicketID: fresh.ID}, nil); err != nil {
		t.Fatal(err)
	}
	waitJobs(t, events, map[int64]river.EventKind{fresh.ID: river.EventKindJobCompleted})
	if n := len(rec.sent()); n != 2 {
		t.Errorf("after the job ran again: %d notices, want still 2", n)
	}
}

// A customer who blocked the bot is not retried for hours: the job stops,
// the ticket stays new for staff to see, and the log says why. A passing
// failure leaves the ticket new for the retry.
func TestAckWorkerDeliveryFailures(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	rec := &recorder{fail: map[int64]error{
		8101: fmt.Errorf("bot was blocked by the user: %w", tickets.ErrUnreachable),
		8102: errors.New("telegram: 502 bad gateway"),
	}}
	blocked, _, err := s.File(ctx, newTicket(8101))
	if err != nil {
		t.Fatal(err)
	}
	flaky, _, err := s.File(ctx, newTicket(8102))
	if err != nil {
		t.Fatal(err)
	}
	_, events := startWorkers(t, pool, s, rec)
	waitJobs(t, events, map[int64]river.EventKind{blocked.ID: river.EventKindJobCancelled, flaky.ID: river.EventKindJobFailed})

	got, err := s.Get(ctx, blocked.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if last := got.Events[len(got.Events)-1]; got.Status != tickets.StatusNew || last.Kind != "ack_undeliverable" {
		t.Errorf("blocked customer: status %s, last event %+v; want new with ack_undeliverable", got.Status, last)
	}
	got, err = s.Get(ctx, flaky.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != tickets.StatusNew || len(got.Events) != 1 {
		t.Errorf("passing failure: status %s with %d events; want new with only \"filed\"", got.Status, len(got.Events))
	}
	if n := len(rec.sent()); n != 0 {
		t.Errorf("%d notices recorded, want 0", n)
	}
}

// The acknowledgement's text follows what the customer asked for; a repair
// that may cost something says so.
func TestAckNoticeKey(t *testing.T) {
	t.Parallel()
	paid := policy.Verdict{Options: []policy.Option{{Outcome: policy.OutcomeRepair, Allowed: true, Paid: true}}}
	free := policy.Verdict{Options: []policy.Option{{Outcome: policy.OutcomeRepair, Allowed: true}}}
	for _, tc := range []struct {
		outcome policy.Outcome
		verdict policy.Verdict
		key     string
	}{
		{policy.OutcomeRepair, free, "tickets.ack_repair"},
		{policy.OutcomeRepair, paid, "tickets.ack_repair_paid"},
		{policy.OutcomeReplacement, free, "tickets.ack_replacement"},
		{policy.OutcomeRefund, free, "tickets.ack_refund"},
		{policy.OutcomeNone, free, "tickets.ack_none"},
		{"", free, "tickets.ack_none"},
	} {
		tk := &tickets.Ticket{Ref: "K7M-4QX", Outcome: string(tc.outcome), Verdict: tc.verdict,
			ArrangeBy: filedAt.Add(2 * time.Hour), CustomerChatID: 1, CustomerLang: "en"}
		n := tickets.AckNotice(tk, time.UTC)
		if n.Key != tc.key || n.Params["arrange_by"] != "2026-11-20T03:30:00Z" || n.Params["ref"] != "K7M-4QX" {
			t.Errorf("%s (paid %v): notice %+v, want key %s", tc.outcome, tc.verdict.Options[0].Paid, n, tc.key)
		}
	}
}

// The edge acknowledges a ticket as soon as the turn that filed it has
// answered: the customer gets it once, the ticket is acknowledged, and the
// job, when it runs, and a second call send nothing more. A customer who
// cannot be reached is left to the job, which gives up as ever.
func TestAcknowledgeBeforeTheJob(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	rec := &recorder{fail: map[int64]error{8102: fmt.Errorf("blocked: %w", tickets.ErrUnreachable)}}

	tk, _, err := s.File(ctx, newTicket(8101))
	if err != nil {
		t.Fatal(err)
	}
	blocked, _, err := s.File(ctx, newTicket(8102))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Acknowledge(ctx, tk.ID, rec); err != nil {
		t.Fatal(err)
	}
	if err := s.Acknowledge(ctx, tk.ID, rec); err != nil {
		t.Fatalf("again: %v", err)
	}
	if err := s.Acknowledge(ctx, blocked.ID, rec); !errors.Is(err, tickets.ErrUnreachable) {
		t.Errorf("acknowledging a blocked customer: %v, want ErrUnreachable", err)
	}
	got, err := s.Get(ctx, tk.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != tickets.StatusAcknowledged || got.AcknowledgedAt.IsZero() {
		t.Errorf("after Acknowledge: status %s, acknowledged at %v", got.Status, got.AcknowledgedAt)
	}

	_, events := startWorkers(t, pool, s, rec)
	waitJobs(t, events, map[int64]river.EventKind{tk.ID: river.EventKindJobCompleted, blocked.ID: river.EventKindJobCancelled})
	sent := rec.sent()
	if len(sent) != 1 || sent[0].ChatID != 8101 || sent[0].Params["ref"] != tk.Ref {
		t.Errorf("notices %+v, want the one acknowledgement of %s", sent, tk.Ref)
	}
	if b, err := s.Get(ctx, blocked.Ref); err != nil || b.Status != tickets.StatusNew || !b.AcknowledgedAt.IsZero() {
		t.Errorf("the blocked customer's ticket: %+v (%v), want new and not acknowledged", b, err)
	}
}
