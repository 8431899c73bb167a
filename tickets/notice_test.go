package tickets_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/complaintbot/complaintbot/tickets"
)

// The customer hears of the resolution in their language, with the summary;
// a customer who blocked the bot leaves an event and the job stops.
func TestCustomerNoticeWorker(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	rec := &recorder{fail: map[int64]error{
		19002: fmt.Errorf("bot was blocked by the user: %w", tickets.ErrUnreachable),
	}}
	resolved := file(t, s, 19001)
	blocked := file(t, s, 19002)
	for _, tk := range []*tickets.Ticket{resolved, blocked} {
		if err := s.SetStatus(ctx, tk.ID, tickets.StatusInProgress, li.Actor(), nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Resolve(ctx, resolved.ID, li, "We replaced the zip."); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CloseTicket(ctx, blocked.ID, li.Actor()); err != nil {
		t.Fatal(err)
	}

	_, events := startWorkers(t, pool, s, rec)
	waitJobs(t, events, map[int64]river.EventKind{resolved.ID: river.EventKindJobCompleted, blocked.ID: river.EventKindJobCancelled})

	var got []tickets.Notice
	for _, n := range rec.sent() {
		if n.Key == "tickets.resolved" {
			got = append(got, n)
		}
	}
	want := tickets.Notice{ChatID: 19001, Lang: "zh", Key: "tickets.resolved",
		Params: map[string]string{"ref": resolved.Ref, "summary": "We replaced the zip."}}
	if len(got) != 1 || fmt.Sprint(got[0]) != fmt.Sprint(want) {
		t.Errorf("resolution notices %+v, want [%+v]", got, want)
	}
	full, err := s.Get(ctx, blocked.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if last := full.Events[len(full.Events)-1]; last.Kind != "notice_undeliverable" || last.Data["key"] != "tickets.closed" {
		t.Errorf("last event of the blocked customer's ticket = %+v", last)
	}
}

// deskWorker stands in for the edge's card worker: it counts the card jobs
// it works and how many ran at once.
type deskWorker struct {
	river.WorkerDefaults[tickets.DeskCardArgs]
	mu            sync.Mutex
	running, most int
	done          map[int64]int
}

func (w *deskWorker) Work(ctx context.Context, job *river.Job[tickets.DeskCardArgs]) error {
	w.mu.Lock()
	w.running++
	w.most = max(w.most, w.running)
	w.mu.Unlock()
	// Widens the window in which a second worker, if there were one, would
	// overlap: the test can only fail when two run at once, never because
	// the pause was short.
	time.Sleep(20 * time.Millisecond)
	w.mu.Lock()
	w.running--
	w.done[job.Args.TicketID]++
	w.mu.Unlock()
	return nil
}

// The edge's desk workers join the package's through Workers, and the desk
// queue is worked one job at a time so the group shows things in order.
func TestDeskQueueWorkers(t *testing.T) {
	t.Parallel()
	s, pool := newStore(t)
	w := &deskWorker{done: map[int64]int{}}
	client, err := tickets.NewRiverClient(pool, tickets.Workers(s, &recorder{}, func(ws *river.Workers) {
		river.AddWorker(ws, w)
	}), nil)
	if err != nil {
		t.Fatal(err)
	}
	events, cancel := client.Subscribe(river.EventKindJobCompleted)
	defer cancel()

	var ids []int64
	for i := range 5 {
		ids = append(ids, file(t, s, int64(19100+i)).ID)
	}
	runJobs(t, client)
	deadline := time.After(15 * time.Second)
	allCarded := func() bool {
		w.mu.Lock()
		defer w.mu.Unlock()
		for _, id := range ids {
			if w.done[id] == 0 {
				return false
			}
		}
		return true
	}
	for !allCarded() {
		select {
		case <-events:
		case <-deadline:
			t.Fatalf("not every ticket's card job was done: %v", ids)
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	// Filing queues one card job. The acknowledgement, worked by the same
	// client, changes the card again: it joins that job while it waits, or
	// queues a second one when the first has already started.
	for _, id := range ids {
		if n := w.done[id]; n < 1 || n > 2 {
			t.Errorf("ticket %d: %d card jobs worked, want 1 or 2", id, n)
		}
	}
	if w.most != 1 {
		t.Errorf("%d desk jobs ran at once, want 1", w.most)
	}
}

// Notices to one customer are sent in the order they were decided, though
// the workers run them at once: while the first is held in sending, the
// ones after it wait, and nothing overtakes it.
func TestCustomerNoticesKeepTheirOrder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	tk := file(t, s, 19101)
	rec := &heldRecorder{release: make(chan struct{}), overtaken: make(chan string, 8)}
	client, events := startWorkers(t, pool, s, rec)
	snoozed, cancel := client.Subscribe(river.EventKindJobSnoozed)
	t.Cleanup(cancel)

	keys := []string{"first", "second", "third", "fourth"}
	var params []river.InsertManyParams
	for _, k := range keys {
		params = append(params, river.InsertManyParams{Args: tickets.CustomerNoticeArgs{TicketID: tk.ID, Key: k}})
	}
	if _, err := client.InsertMany(ctx, params); err != nil {
		t.Fatal(err)
	}

	// The first is held; a later one must wait for it rather than be sent.
	// Other jobs of the filed ticket (its service-level timer) may snooze
	// too; only a notice's snooze says a later notice waited.
	held := time.After(15 * time.Second)
	for waited := false; !waited; {
		select {
		case ev := <-snoozed:
			waited = ev.Job.Kind == "customer_notice"
		case key := <-rec.overtaken:
			t.Fatalf("%q was sent while the first notice was still being sent", key)
		case <-held:
			t.Fatal("no later notice ran while the first was held")
		}
	}
	close(rec.release)

	done := 0
	deadline := time.After(15 * time.Second)
	for done < len(keys) {
		select {
		case ev := <-events:
			if ev.Job.Kind == "customer_notice" && ev.Kind == river.EventKindJobCompleted {
				done++
			}
		case <-deadline:
			t.Fatalf("%d of %d notices sent", done, len(keys))
		}
	}
	if got := fmt.Sprint(rec.keys()); got != fmt.Sprint(keys) {
		t.Errorf("the customer heard %s, want %s", got, keys)
	}
}

// heldRecorder records the keys of the notices it is given; the one keyed
// "first" waits for release, and any other given while it waits is
// reported on overtaken.
type heldRecorder struct {
	mu        sync.Mutex
	sent      []string
	holding   bool
	release   chan struct{}
	overtaken chan string
}

func (r *heldRecorder) Notify(_ context.Context, n tickets.Notice) error {
	if strings.HasPrefix(n.Key, "tickets.ack") {
		return nil // the acknowledgement, sent by its own job
	}
	r.mu.Lock()
	if n.Key == "first" {
		r.holding = true
		r.mu.Unlock()
		<-r.release
		r.mu.Lock()
		r.holding = false
	} else if r.holding {
		r.overtaken <- n.Key
	}
	r.sent = append(r.sent, n.Key)
	r.mu.Unlock()
	return nil
}

func (r *heldRecorder) keys() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.sent...)
}
