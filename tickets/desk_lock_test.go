package tickets_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/complaintbot/complaintbot/tickets"
)

// cardPoster stands in for the edge's card worker, shared by every replica
// of a test: it records which client worked each ticket's first card job
// and how many card jobs ran at once, and says on worked when one is done.
type cardPoster struct {
	river.WorkerDefaults[tickets.DeskCardArgs]
	mu            sync.Mutex
	running, most int
	by            map[int64]string
	worked        chan int64
}

func newCardPoster() *cardPoster {
	return &cardPoster{by: map[int64]string{}, worked: make(chan int64, 64)}
}

func (w *cardPoster) Work(ctx context.Context, job *river.Job[tickets.DeskCardArgs]) error {
	w.mu.Lock()
	w.running++
	w.most = max(w.most, w.running)
	w.mu.Unlock()
	// Widens the window in which a second worker, if there were one, would
	// overlap: the test fails only when two run at once, never because
	// the pause was short.
	time.Sleep(10 * time.Millisecond)
	w.mu.Lock()
	w.running--
	if _, seen := w.by[job.Args.TicketID]; !seen {
		// The first: the acknowledgement queues another card job, which
		// may well be left for the next holder.
		w.by[job.Args.TicketID] = job.AttemptedBy[len(job.AttemptedBy)-1]
	}
	w.mu.Unlock()
	w.worked <- job.Args.TicketID
	return nil
}

// waitWorked waits until every ticket of ids has had a card job worked.
func (w *cardPoster) waitWorked(t *testing.T, ids ...int64) {
	t.Helper()
	want := map[int64]bool{}
	for _, id := range ids {
		want[id] = true
	}
	deadline := time.After(15 * time.Second)
	for len(want) > 0 {
		select {
		case id := <-w.worked:
			delete(want, id)
		case <-deadline:
			t.Fatalf("card jobs of %v not worked", want)
		}
	}
}

// replica is one River client with the desk lock, as a replica of the
// service runs them; held hears the lock taken and given up.
type replica struct {
	id   string
	held chan bool
	stop context.CancelFunc
	done chan struct{}
}

func startReplica(t *testing.T, pool *pgxpool.Pool, s *tickets.Store, w *cardPoster, id string) *replica {
	t.Helper()
	client, err := tickets.NewRiverClient(pool, tickets.Workers(s, &recorder{}, func(ws *river.Workers) {
		river.AddWorker(ws, w)
	}), nil, tickets.WithClientID(id), tickets.WithDeskOnLock())
	if err != nil {
		t.Fatal(err)
	}
	runJobs(t, client)
	r := &replica{id: id, held: make(chan bool, 16), done: make(chan struct{})}
	lock := s.NewDeskLock(client, tickets.DeskLockConfig{Retry: 20 * time.Millisecond, Held: func(b bool) { r.held <- b }})
	ctx, cancel := context.WithCancel(context.Background())
	r.stop = func() { cancel(); <-r.done }
	go func() { defer close(r.done); lock.Run(ctx) }()
	t.Cleanup(r.stop)
	return r
}

// waitHeld waits for the replica to take (true) or give up (false) the
// desk lock.
func (r *replica) waitHeld(t *testing.T, want bool) {
	t.Helper()
	select {
	case got := <-r.held:
		if got != want {
			t.Fatalf("%s: desk lock held %v, want %v", r.id, got, want)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("%s: desk lock never held=%v", r.id, want)
	}
}

// Of two replicas, only the desk lock's holder works the desk queue, one
// job at a time; when it stops, the other takes the lock and the queue.
func TestOneReplicaAtATimeWorksTheDesk(t *testing.T) {
	t.Parallel()
	s, pool := newStore(t)
	w := newCardPoster()
	a := startReplica(t, pool, s, w, "replica-a")
	a.waitHeld(t, true)
	b := startReplica(t, pool, s, w, "replica-b")

	var first []int64
	for i := range 6 {
		first = append(first, file(t, s, int64(19200+i)).ID)
	}
	w.waitWorked(t, first...)
	select {
	case <-b.held:
		t.Fatal("replica-b took the desk lock while replica-a held it")
	default:
	}

	a.stop()
	a.waitHeld(t, false)
	b.waitHeld(t, true)
	var then []int64
	for i := range 3 {
		then = append(then, file(t, s, int64(19300+i)).ID)
	}
	w.waitWorked(t, then...)

	w.mu.Lock()
	defer w.mu.Unlock()
	for _, id := range first {
		if w.by[id] != "replica-a" {
			t.Errorf("ticket %d's card worked by %q while replica-a held the lock", id, w.by[id])
		}
	}
	for _, id := range then {
		if w.by[id] != "replica-b" {
			t.Errorf("ticket %d's card worked by %q after replica-b took the lock", id, w.by[id])
		}
	}
	if w.most != 1 {
		t.Errorf("%d desk jobs ran at once, want 1", w.most)
	}
}

// A desk job its worker never finished (the holder was killed mid-job) is
// worked by the next holder as soon as it takes the lock, not after River's
// stuck-job window of minutes.
func TestDeskLockHandsOverWhatTheLastHolderLeftRunning(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	tk := file(t, s, 19400)
	if _, err := pool.Exec(ctx, `UPDATE river_job SET state = 'running', attempt = 1,
		attempted_at = now(), attempted_by = '{killed-replica}' WHERE queue = $1`, tickets.DeskQueue); err != nil {
		t.Fatal(err)
	}
	w := newCardPoster()
	r := startReplica(t, pool, s, w, "replica-next")
	r.waitHeld(t, true)
	w.waitWorked(t, tk.ID)
}

// When the lock's session ends under its holder (PostgreSQL restarted, the
// connection cut), the holder stops working the desk queue and takes the
// lock again once it can.
func TestDeskLockLostWithItsSessionIsTakenAgain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	w := newCardPoster()
	r := startReplica(t, pool, s, w, "replica-only")
	r.waitHeld(t, true)

	var killed bool
	if err := pool.QueryRow(ctx, `SELECT pg_terminate_backend(pid) FROM pg_locks
		WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
		  AND ((classid::bigint << 32) | objid::bigint) = hashtextextended('complaintbot desk queue ' || current_schema(), 0)`).Scan(&killed); err != nil {
		if err == pgx.ErrNoRows {
			t.Fatal("no session holds the desk lock")
		}
		t.Fatal(err)
	}
	r.waitHeld(t, false)
	r.waitHeld(t, true)
	w.waitWorked(t, file(t, s, 19500).ID)
}
