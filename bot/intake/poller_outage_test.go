package intake

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/complaintbot/complaintbot/internal/redistest"
)

// redisCut cuts a client off the test Redis: while down every command
// fails as if the server were gone.
type redisCut struct {
	mu      sync.Mutex
	down    bool
	refused int    // commands refused so far
	poke    func() // called on each refusal, to wake a waiting test
}

// cutRedis returns a client of the test Redis that the test can cut off.
func cutRedis(t *testing.T) (*redis.Client, *redisCut) {
	t.Helper()
	opts, err := redis.ParseURL(redistest.URL())
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opts)
	t.Cleanup(func() { _ = rdb.Close() })
	c := &redisCut{}
	rdb.AddHook(&redisFault{fail: func(redis.Cmder) bool {
		c.mu.Lock()
		down, poke := c.down, c.poke
		if down {
			c.refused++
		}
		c.mu.Unlock()
		if down && poke != nil {
			poke()
		}
		return down
	}})
	return rdb, c
}

func (c *redisCut) set(down bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.down = down
}

// wake has each refusal call poke.
func (c *redisCut) wake(poke func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.poke = poke
}

func (c *redisCut) refusals() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.refused
}

// Redis stays out of reach for longer than the poller lease: the poller
// stops polling when its lease may have expired, and then, as no other
// replica takes the updates, fetches those that wait without confirming
// them and tells their senders once each. When Redis is back every update
// is handled, none is told twice, and Telegram never saw two getUpdates at
// once.
func TestPollerTellsCustomersThroughALongRedisOutage(t *testing.T) {
	t.Parallel()
	w := newPollerTestWorld(t)
	rdbA, cut := cutRedis(t)
	told := &toldLog{}
	inA := New(rdbA, Config{Prefix: w.prefix, Partitions: 4, Unstored: told.tell})
	logs := &logBuffer{}
	runTestPoller(t, w.poller(inA, "a", 500*time.Millisecond, logs))
	waitUntil(t, "a polls", func() bool { return w.watch.polling("a") }, w.in, inA)

	cut.set(true)
	waitUntil(t, "a stops polling", func() bool {
		return !w.watch.polling("a") && strings.Contains(logs.String(), "may have expired")
	}, w.in, inA)
	w.send(t, 3)
	var want []int64
	for _, ids := range w.sent {
		want = append(want, ids...)
	}
	slices.Sort(want)
	waitUntil(t, "the three customers told", func() bool { return len(told.got()) == 3 }, w.in, inA)
	got := told.got()
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("told of updates %v, want %v", got, want)
	}
	// The watch goes on, and fetches the same updates again: still told once.
	calls := w.watch.callsOf("a")
	waitUntil(t, "fetched again", func() bool { return w.watch.callsOf("a") >= calls+2 }, w.in, inA)
	if n := len(told.got()); n != 3 {
		t.Errorf("told %d times after fetching again, want 3", n)
	}

	cut.set(false)
	waitUntil(t, "every update handled", func() bool { return w.log.handled() == w.total() }, w.in, inA)
	w.log.check(t, w.sent)
	if n := len(told.got()); n != 3 {
		t.Errorf("told %d times in all, want 3", n)
	}
	if n := w.watch.maxOverlap(); n != 1 {
		t.Errorf("%d getUpdates calls in flight at once, want 1", n)
	}
	if n := w.conflicts(); n != 0 {
		t.Errorf("the simulator answered %d calls with 409", n)
	}
}

// A watch whose fetch meets a 409 has found another poller after all: it
// fetches nothing more, and tells no one, until Redis answers again.
func TestOutageWatchEndsAtAConflict(t *testing.T) {
	t.Parallel()
	_, prefix := newIntakeTestRedis(t)
	rdb, cut := cutRedis(t)
	told := &toldLog{}
	in := New(rdb, Config{Prefix: prefix, Unstored: told.tell})
	cut.wake(in.signal)
	fake := newFakeGetUpdates(testToken)
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close) // after the poller stopped
	logs := &logBuffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Log(logs.String())
		}
	})
	stop := runTestPoller(t, NewPoller(in, PollerConfig{ServerURL: srv.URL, Token: testToken,
		Timeout: time.Second, Backoff: time.Millisecond, LeaseTTL: 300 * time.Millisecond, Logger: logs.logger()}))
	waitForIntake(t, in, 5*time.Second, "polling", func() bool { return len(fake.offsets()) > 0 })

	cut.set(true)
	// The long poll the lapse cancelled is over at the fake too, so that
	// the 409 below answers the watch's fetch.
	waitForIntake(t, in, 5*time.Second, "the lease lapsed", func() bool {
		return strings.Contains(logs.String(), "may have expired") && fake.answering() == 0
	})
	fake.mu.Lock()
	fake.failNext = append(fake.failNext, fakeAnswer{status: http.StatusConflict,
		body: `{"ok":false,"error_code":409,"description":"Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}`})
	fake.mu.Unlock()
	fake.add(30, textUpdate(30, 1))
	waitForIntake(t, in, 5*time.Second, "the watch ended", func() bool { return strings.Contains(logs.String(), "another replica polls") })
	// Three more rounds of trying to take the lease, each a look were the
	// watch still on.
	calls, looks, refused := len(fake.offsets()), fake.looks(), cut.refusals()
	waitForIntake(t, in, 5*time.Second, "three more rounds", func() bool { return cut.refusals() >= refused+3 })
	if n := len(fake.offsets()); n != calls {
		t.Errorf("%d getUpdates calls after the 409, want none", n-calls)
	}
	if n := fake.looks(); n != looks {
		t.Errorf("%d getWebhookInfo calls after the 409, want none", n-looks)
	}
	if got := told.got(); len(got) != 0 {
		t.Errorf("told of %v after the 409, want no one", got)
	}

	cut.set(false)
	waitForIntake(t, in, 5*time.Second, "stored and confirmed once Redis is back", func() bool { return fake.unconfirmed() == 0 })
	stop()
}
