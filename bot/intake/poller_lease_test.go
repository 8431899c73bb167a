package intake

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/complaintbot/complaintbot/internal/redistest"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// pollWatch sees every replica's getUpdates calls from the client side: a
// call counts as in flight from the moment it is sent until the poller has
// its answer (or gave up on it). Calls of two replicas in flight at once
// are two pollers polling together. Other calls (getWebhookInfo) pass
// unwatched.
type pollWatch struct {
	mu       sync.Mutex
	inFlight map[string]int // per replica
	calls    map[string]int // per replica, started
	overlap  int            // the most calls in flight at once, over all replicas
	poke     func()
}

func newPollWatch(poke func()) *pollWatch {
	return &pollWatch{inFlight: map[string]int{}, calls: map[string]int{}, poke: poke}
}

// client is the HTTP client of replica id's poller.
func (w *pollWatch) client(id string) *http.Client {
	return &http.Client{Transport: watchedTransport{w: w, id: id}}
}

func (w *pollWatch) polling(id string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.inFlight[id] > 0
}

func (w *pollWatch) callsOf(id string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.calls[id]
}

func (w *pollWatch) maxOverlap() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.overlap
}

type watchedTransport struct {
	w  *pollWatch
	id string
}

func (tr watchedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(r.URL.Path, "/getUpdates") {
		return http.DefaultTransport.RoundTrip(r)
	}
	w := tr.w
	w.mu.Lock()
	w.inFlight[tr.id]++
	w.calls[tr.id]++
	total := 0
	for _, n := range w.inFlight {
		total += n
	}
	w.overlap = max(w.overlap, total)
	w.mu.Unlock()
	w.poke()
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil {
		// The poller reads the whole answer before it acts on it: the call
		// ends when the body is closed.
		resp.Body = &watchedBody{ReadCloser: resp.Body, done: tr.end}
	} else {
		tr.end()
	}
	return resp, err
}

func (tr watchedTransport) end() {
	tr.w.mu.Lock()
	tr.w.inFlight[tr.id]--
	tr.w.mu.Unlock()
	tr.w.poke()
}

type watchedBody struct {
	io.ReadCloser
	once sync.Once
	done func()
}

func (b *watchedBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.done)
	return err
}

// waitUntil waits until cond holds, woken by any of the intakes' signals,
// and fails the test after a bound.
func waitUntil(t *testing.T, what string, cond func() bool, ins ...*Intake) {
	t.Helper()
	timeout := time.NewTimer(15 * time.Second)
	defer timeout.Stop()
	merged := make(chan struct{}, 1)
	stop := make(chan struct{})
	defer close(stop)
	for _, in := range ins {
		go func() {
			for {
				select {
				case <-in.changed:
					select {
					case merged <- struct{}{}:
					default:
					}
				case <-stop:
					return
				}
			}
		}()
	}
	for !cond() {
		select {
		case <-merged:
		case <-timeout.C:
			t.Fatalf("timed out waiting: %s", what)
		}
	}
}

// pollerTestWorld is a simulator, the Redis it stores into and a dispatcher
// recording what it handles.
type pollerTestWorld struct {
	sim    *telegramsim.Server
	url    string
	rdb    *redis.Client
	prefix string
	in     *Intake
	log    *handlingLog
	watch  *pollWatch
	sent   map[int64][]int64 // update ids per chat
	reg    *prometheus.Registry
}

func newPollerTestWorld(t *testing.T) *pollerTestWorld {
	t.Helper()
	sim, err := telegramsim.New(telegramsim.Options{Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	rdb, prefix := newIntakeTestRedis(t)
	w := &pollerTestWorld{sim: sim, url: srv.URL, rdb: rdb, prefix: prefix, log: newIntakeHandlingLog(), sent: map[int64][]int64{}}
	w.reg = prometheus.NewRegistry()
	w.in = New(rdb, Config{Prefix: prefix, Partitions: 4, Metrics: w.reg})
	w.watch = newPollWatch(w.in.signal)
	startTestDispatcher(t, w.in, w.log.handler(0), testDispatcherConfig("d"))
	return w
}

// poller is replica id's poller, storing into in (the world's when nil).
// Its long poll lasts 50 s, Telegram's longest: a call that ends sooner was
// answered or cancelled, never timed out.
func (w *pollerTestWorld) poller(in *Intake, id string, ttl time.Duration, logs *logBuffer) *Poller {
	if in == nil {
		in = w.in
	}
	return NewPoller(in, PollerConfig{ServerURL: w.url, Token: testToken, Client: w.watch.client(id),
		Timeout: 50 * time.Second, Backoff: 10 * time.Millisecond, ReplicaID: id, LeaseTTL: ttl, Logger: logs.logger()})
}

// send has n customers write once each.
func (w *pollerTestWorld) send(t *testing.T, n int) {
	t.Helper()
	for i := range n {
		u := w.sim.AddUser(telegramsim.User{FirstName: fmt.Sprintf("C%d", i), LanguageCode: "en"})
		if _, err := w.sim.SendText(u.ID, u.ID, "the kettle leaks"); err != nil {
			t.Fatal(err)
		}
		w.sent[u.ID] = append(w.sent[u.ID], w.sim.LastUpdateID())
	}
}

func (w *pollerTestWorld) total() int {
	n := 0
	for _, ids := range w.sent {
		n += len(ids)
	}
	return n
}

func (w *pollerTestWorld) conflicts() int {
	return w.sim.Stats().Errors[http.StatusConflict]
}

// Two replicas poll one bot: only the lease holder polls, and when it stops
// halfway through storing a batch the other takes over; every update is
// handled once and no 409 is seen.
func TestPollersTakeTurns(t *testing.T) {
	t.Parallel()
	w := newPollerTestWorld(t)
	logsA, logsB := &logBuffer{}, &logBuffer{}
	ctxA, stopA := context.WithCancel(context.Background())
	defer stopA()
	doneA := make(chan error, 1)
	go func() { doneA <- w.poller(nil, "a", 600*time.Millisecond, logsA).Run(ctxA) }()
	waitUntil(t, "a polls", func() bool { return w.watch.polling("a") }, w.in)
	runTestPoller(t, w.poller(nil, "b", 600*time.Millisecond, logsB))

	w.send(t, 10)
	waitUntil(t, "the first ten handled", func() bool { return w.log.handled() == w.total() }, w.in)
	if n := w.watch.callsOf("b"); n != 0 {
		t.Fatalf("b called getUpdates %d times while a held the lease", n)
	}

	// a stops after storing five of the next ten, their batch unconfirmed:
	// it gives the lease up on the way out, and b polls next and gets the
	// whole batch again.
	w.rdb.AddHook(&storeCounter{after: func(n int32) {
		if n == 5 { // counted from now on
			stopA()
		}
	}})
	w.send(t, 10)
	select {
	case err := <-doneA:
		if err != nil {
			t.Fatalf("a: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("a did not stop")
	}
	if !strings.Contains(logsA.String(), "stopped being the poller") || !strings.Contains(logsA.String(), "reason=stopping") {
		t.Errorf("a's log does not say it stopped polling:\n%s", logsA)
	}
	waitUntil(t, "b polls", func() bool { return w.watch.polling("b") }, w.in)
	waitUntil(t, "all twenty handled", func() bool { return w.log.handled() >= w.total() }, w.in)
	w.send(t, 10)
	waitUntil(t, "all thirty handled", func() bool { return w.log.handled() >= w.total() }, w.in)
	waitUntil(t, "all confirmed", func() bool { return simUnconfirmed(t, w.url) == 0 }, w.in)

	w.log.check(t, w.sent)
	if n := w.watch.maxOverlap(); n != 1 {
		t.Errorf("%d getUpdates calls in flight at once, want 1", n)
	}
	if n := w.conflicts(); n != 0 {
		t.Errorf("the simulator answered %d calls with 409", n)
	}
	if !strings.Contains(logsB.String(), "replica=b") || !strings.Contains(logsB.String(), "now the poller") {
		t.Errorf("b's log does not say it became the poller:\n%s", logsB)
	}
	for _, l := range []string{logsA.String(), logsB.String()} {
		if strings.Contains(l, "AAE-secret-token") || strings.Contains(l, "kettle") {
			t.Errorf("a log shows the token or a message:\n%s", l)
		}
	}
	// The update a stored last was not confirmed: b got it again.
	dups := gatherIntakeMetrics(t, w.reg)["complaintbot_intake_duplicates_total"]
	if dups < 1 {
		t.Errorf("no update delivered again after a stopped mid-batch")
	}
	t.Logf("updates %d, handled %d, delivered again and dropped %v, a's calls %d, b's calls %d, 409s %d",
		w.total(), w.log.handled(), dups, w.watch.callsOf("a"), w.watch.callsOf("b"), w.conflicts())
}

// A holder that finds its lease held by another replica stops polling at
// once, its long poll cancelled, and polls again once it takes the lease back.
func TestPollerStopsWhenAnotherHoldsItsLease(t *testing.T) {
	t.Parallel()
	w := newPollerTestWorld(t)
	logs := &logBuffer{}
	p := w.poller(nil, "a", 600*time.Millisecond, logs)
	runTestPoller(t, p)
	waitUntil(t, "a polls", func() bool { return w.watch.polling("a") }, w.in)

	ctx := context.Background()
	if err := w.rdb.Set(ctx, p.lease.key, "intruder", time.Minute).Err(); err != nil {
		t.Fatal(err)
	}
	// The 50 s long poll ends long before its timeout: it was cancelled.
	waitUntil(t, "a stops polling", func() bool {
		return !w.watch.polling("a") && strings.Contains(logs.String(), "stopped being the poller")
	}, w.in)
	if !strings.Contains(logs.String(), "another replica holds it") {
		t.Errorf("a's log does not say why it stopped:\n%s", logs)
	}
	calls := w.watch.callsOf("a")
	w.send(t, 3)

	if err := w.rdb.Del(ctx, p.lease.key).Err(); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "a takes the lease back and the updates are handled", func() bool { return w.log.handled() == w.total() }, w.in)
	if w.watch.callsOf("a") == calls {
		t.Error("updates handled but a did not poll again")
	}
	w.log.check(t, w.sent)
}

// A holder cut off from Redis cannot renew its lease: it stops polling
// before the lease can have expired, another replica takes over once it
// has, and the first one polls again when Redis is back and the lease free.
func TestPollerStopsWithoutRedisAndResumes(t *testing.T) {
	t.Parallel()
	w := newPollerTestWorld(t)
	opts, err := redis.ParseURL(redistest.URL())
	if err != nil {
		t.Fatal(err)
	}
	// a reaches the same Redis through a client of its own, which the test
	// cuts off.
	rdbA := redis.NewClient(opts)
	t.Cleanup(func() { _ = rdbA.Close() })
	var mu sync.Mutex
	down := false
	rdbA.AddHook(&redisFault{fail: func(redis.Cmder) bool {
		mu.Lock()
		defer mu.Unlock()
		return down
	}})
	setDown := func(v bool) {
		mu.Lock()
		down = v
		mu.Unlock()
	}
	regA := prometheus.NewRegistry()
	inA := New(rdbA, Config{Prefix: w.prefix, Partitions: 4, Metrics: regA})
	leaderA := func() float64 { return gatherIntakeMetrics(t, regA)["complaintbot_poller_leader"] }
	logsA, logsB := &logBuffer{}, &logBuffer{}
	ttl := 2 * time.Second // a's margin before the lease expires is a tenth of it
	runTestPoller(t, w.poller(inA, "a", ttl, logsA))
	waitUntil(t, "a polls", func() bool { return w.watch.polling("a") }, w.in, inA)
	if g := leaderA(); g != 1 {
		t.Errorf("a's poller_leader gauge is %v while it polls, want 1", g)
	}
	stopB := runTestPoller(t, w.poller(nil, "b", ttl, logsB))

	setDown(true)
	waitUntil(t, "a stops polling", func() bool {
		return !w.watch.polling("a") && strings.Contains(logsA.String(), "may have expired")
	}, w.in, inA)
	if g := leaderA(); g != 0 {
		t.Errorf("a's poller_leader gauge is %v after it stopped polling, want 0", g)
	}
	waitUntil(t, "b takes over", func() bool { return w.watch.polling("b") }, w.in, inA)
	w.send(t, 5)
	waitUntil(t, "handled through b", func() bool { return w.log.handled() == w.total() }, w.in)

	// Redis is back for a, but b holds the lease: a waits. When b stops, a
	// takes over.
	setDown(false)
	callsA := w.watch.callsOf("a")
	stopB()
	waitUntil(t, "a polls again", func() bool { return w.watch.polling("a") }, w.in, inA)
	w.send(t, 5)
	waitUntil(t, "handled through a", func() bool { return w.log.handled() == w.total() }, w.in, inA)
	if w.watch.callsOf("a") == callsA {
		t.Error("a did not poll again")
	}

	w.log.check(t, w.sent)
	if n := w.watch.maxOverlap(); n != 1 {
		t.Errorf("%d getUpdates calls in flight at once, want 1", n)
	}
	if n := w.conflicts(); n != 0 {
		t.Errorf("the simulator answered %d calls with 409", n)
	}
	t.Logf("updates %d, handled %d, a's calls %d, b's calls %d, 409s %d",
		w.total(), w.log.handled(), w.watch.callsOf("a"), w.watch.callsOf("b"), w.conflicts())
}

func TestBotIDIsNeverTheToken(t *testing.T) {
	t.Parallel()
	if got := botID(testToken); got != "123456" {
		t.Errorf("botID = %q, want the numeric prefix", got)
	}
	if got := botID("not-a-token"); strings.Contains(got, "token") || got == "" {
		t.Errorf("botID of a malformed token = %q", got)
	}
}
