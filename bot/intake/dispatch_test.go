package intake

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/redis/go-redis/v9"
)

// testDispatcherConfig is a dispatcher tuned for tests: quick retries and
// leases long enough that a machine busy with other tests does not let them
// lapse (which would make a replica give its partitions up mid-test).
func testDispatcherConfig(id string) DispatcherConfig {
	return DispatcherConfig{
		ReplicaID:       id,
		Workers:         8,
		LeaseTTL:        2 * time.Second,
		BlockTimeout:    50 * time.Millisecond,
		MaxAttempts:     3,
		RetryBackoff:    10 * time.Millisecond,
		ShutdownTimeout: 2 * time.Second,
	}
}

// fastFailoverConfig has short leases, so that a dead replica's partitions
// move within a fraction of a second.
func fastFailoverConfig(id string) DispatcherConfig {
	cfg := testDispatcherConfig(id)
	cfg.LeaseTTL = 300 * time.Millisecond
	return cfg
}

// runningTestDispatcher is a Dispatcher running in the background.
type runningTestDispatcher struct {
	d      *Dispatcher
	cancel context.CancelFunc
	done   chan error
}

// startTestDispatcher runs a dispatcher until stopped or the test ends.
func startTestDispatcher(t *testing.T, in *Intake, h Handler, cfg DispatcherConfig) *runningTestDispatcher {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	rd := &runningTestDispatcher{d: NewDispatcher(in, h, cfg), cancel: cancel, done: make(chan error, 1)}
	go func() { rd.done <- rd.d.Run(ctx) }()
	t.Cleanup(func() { rd.stop(t) })
	return rd
}

// stop cancels the dispatcher and waits for Run to return.
func (rd *runningTestDispatcher) stop(t *testing.T) {
	t.Helper()
	rd.cancel()
	select {
	case <-rd.done:
		rd.done <- nil // later stops return at once
	case <-time.After(10 * time.Second):
		t.Fatalf("dispatcher did not stop")
	}
}

// waitForIntake checks cond each time in's dispatchers or pollers signal
// they did something, until it holds; within bounds how long the test gives
// them before it fails.
func waitForIntake(t *testing.T, in *Intake, within time.Duration, what string, cond func() bool) {
	t.Helper()
	timeout := time.NewTimer(within)
	defer timeout.Stop()
	for !cond() {
		select {
		case <-in.changed:
		case <-timeout.C:
			t.Fatalf("timed out waiting: %s", what)
		}
	}
}

// handlingLog records what a test handler saw and what went wrong.
type handlingLog struct {
	mu       sync.Mutex
	count    map[int64]int     // times each update_id was handled
	order    map[int64][]int64 // update_ids per chat, in handling order
	inFlight map[int64]int     // handler calls in progress per chat
	problems []string
}

func newIntakeHandlingLog() *handlingLog {
	return &handlingLog{count: map[int64]int{}, order: map[int64][]int64{}, inFlight: map[int64]int{}}
}

// handler returns a Handler that records each update and checks that no
// two updates of one chat are handled at the same time.
func (l *handlingLog) handler(work time.Duration) Handler {
	return HandlerFunc(func(ctx context.Context, upd *models.Update) error {
		chat := upd.Message.Chat.ID
		l.mu.Lock()
		l.inFlight[chat]++
		if l.inFlight[chat] > 1 {
			l.problems = append(l.problems, fmt.Sprintf("chat %d: update %d started while another was in progress", chat, upd.ID))
		}
		l.mu.Unlock()
		time.Sleep(work) // widen the window in which a second call would overlap
		l.mu.Lock()
		l.inFlight[chat]--
		l.count[upd.ID]++
		l.order[chat] = append(l.order[chat], upd.ID)
		l.mu.Unlock()
		return nil
	})
}

func (l *handlingLog) handled() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, c := range l.count {
		n += c
	}
	return n
}

// check fails the test unless every stored update was handled exactly once
// and each chat's updates in increasing update_id order.
func (l *handlingLog) check(t *testing.T, stored map[int64][]int64) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, p := range l.problems {
		t.Error(p)
	}
	for chat, ids := range stored {
		for _, id := range ids {
			if c := l.count[id]; c != 1 {
				t.Errorf("chat %d update %d handled %d times, want once", chat, id, c)
			}
		}
		got := l.order[chat]
		for i := 1; i < len(got); i++ {
			if got[i] <= got[i-1] {
				t.Errorf("chat %d handled out of order: %v", chat, got)
				break
			}
		}
	}
}

func TestDispatchExactlyOnceInOrderAcrossReplicas(t *testing.T) {
	t.Parallel()
	rdb, prefix := newIntakeTestRedis(t)
	in := New(rdb, Config{Prefix: prefix, Partitions: 8})
	log := newIntakeHandlingLog()
	h := log.handler(time.Millisecond)

	a := startTestDispatcher(t, in, h, testDispatcherConfig("a"))
	startTestDispatcher(t, in, h, testDispatcherConfig("b"))

	const chats, perChat = 40, 25
	stored := map[int64][]int64{}
	id := int64(1000)
	for round := range perChat {
		if round == perChat/2 {
			// A third replica joins and the first leaves while updates flow:
			// partitions change hands under load.
			startTestDispatcher(t, in, h, testDispatcherConfig("c"))
			go a.cancel()
		}
		for c := range int64(chats) {
			id++
			chat := 5000 + c
			for range 2 { // every update delivered twice
				if _, err := in.Store(context.Background(), textUpdate(id, chat)); err != nil {
					t.Fatalf("Store: %v", err)
				}
			}
			stored[chat] = append(stored[chat], id)
		}
	}
	waitForIntake(t, in, 30*time.Second, "all updates handled", func() bool { return log.handled() >= chats*perChat })
	waitForIntake(t, in, 5*time.Second, "streams empty", func() bool { return streamLen(t, in) == 0 })
	log.check(t, stored)
}

func TestDispatchTakesOverFromCrashedReplica(t *testing.T) {
	t.Parallel()
	rdb, prefix := newIntakeTestRedis(t)
	cfg := Config{Prefix: prefix, Partitions: 4}
	in := New(rdb, cfg)

	stored := map[int64][]int64{}
	id := int64(1)
	for range 3 {
		for chat := int64(71); chat <= 73; chat++ {
			if _, err := in.Store(context.Background(), textUpdate(id, chat)); err != nil {
				t.Fatal(err)
			}
			stored[chat] = append(stored[chat], id)
			id++
		}
	}

	// The doomed replica has a Redis connection of its own: closing it is
	// the process dying, nothing it does afterwards reaches Redis.
	doomedRDB := redis.NewClient(&redis.Options{Addr: rdb.Options().Addr, DB: rdb.Options().DB, MaxRetries: -1})
	started := make(chan int64, 16)
	doomed := startTestDispatcher(t, New(doomedRDB, cfg), HandlerFunc(func(ctx context.Context, upd *models.Update) error {
		started <- upd.ID
		<-ctx.Done() // hangs until the replica is gone
		return ctx.Err()
	}), fastFailoverConfig("doomed"))
	for range 3 { // the first update of each chat is in the handler
		select {
		case <-started:
		case <-time.After(10 * time.Second):
			t.Fatal("doomed replica never started handling")
		}
	}
	_ = doomedRDB.Close()
	doomed.stop(t)

	if n := streamLen(t, in); n != 9 {
		t.Fatalf("after the crash %d updates remain stored, want all 9", n)
	}
	pending, err := rdb.XPending(context.Background(), in.streamKey(partitionOf("71", 4)), consumerGroup).Result()
	if err != nil || pending.Count == 0 {
		t.Fatalf("crashed replica's reads should be pending: %+v, %v", pending, err)
	}

	log := newIntakeHandlingLog()
	startTestDispatcher(t, in, log.handler(0), fastFailoverConfig("survivor"))
	for chat := int64(71); chat <= 73; chat++ { // and life goes on
		if _, err := in.Store(context.Background(), textUpdate(id, chat)); err != nil {
			t.Fatal(err)
		}
		stored[chat] = append(stored[chat], id)
		id++
	}
	waitForIntake(t, in, 10*time.Second, "survivor handled everything", func() bool { return log.handled() >= 12 })
	waitForIntake(t, in, 5*time.Second, "streams empty", func() bool { return streamLen(t, in) == 0 })
	log.check(t, stored)
}
