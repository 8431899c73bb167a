package intake

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

const testToken = "123456:AAE-secret-token"

// logBuffer collects a logger's output for tests that check what is logged.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func (l *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// storeCounter is a go-redis hook that calls after(n) when the n-th update
// has been stored, i.e. after each store script that ran without error.
type storeCounter struct {
	n     atomic.Int32
	after func(n int32)
}

func (h *storeCounter) DialHook(next redis.DialHook) redis.DialHook { return next }

// ProcessPipelineHook counts the stores of a batch, one by one, once Redis
// has answered the batch.
func (h *storeCounter) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		err := next(ctx, cmds)
		for _, cmd := range cmds {
			h.count(cmd)
		}
		return err
	}
}
func (h *storeCounter) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		err := next(ctx, cmd)
		h.count(cmd)
		return err
	}
}

// count counts cmd when it is a store script that stored its update.
func (h *storeCounter) count(cmd redis.Cmder) {
	if c, ok := cmd.(*redis.Cmd); ok && isStore(cmd) {
		if n, err := c.Int(); err == nil && n == 1 {
			h.after(h.n.Add(1))
		}
	}
}

// redisFault is a go-redis hook that fails, as an unreachable Redis would,
// every command for which fail returns true; the others reach Redis.
type redisFault struct {
	fail func(cmd redis.Cmder) bool
}

var errRedisDown = errors.New("dial tcp: connection refused (the test cut Redis off)")

func (h *redisFault) DialHook(next redis.DialHook) redis.DialHook { return next }
func (h *redisFault) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		for _, c := range cmds {
			if h.fail(c) {
				for _, c := range cmds {
					c.SetErr(errRedisDown)
				}
				return errRedisDown
			}
		}
		return next(ctx, cmds)
	}
}
func (h *redisFault) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if h.fail(cmd) {
			cmd.SetErr(errRedisDown)
			return errRedisDown
		}
		return next(ctx, cmd)
	}
}

// isStore says whether cmd is the intake's store script.
func isStore(cmd redis.Cmder) bool {
	args := cmd.Args()
	return (cmd.Name() == "evalsha" || cmd.Name() == "eval") && len(args) > 3 &&
		strings.Contains(fmt.Sprint(args[3]), ":seen:")
}

// runTestPoller runs p until the returned stop is called (or the test ends).
func runTestPoller(t *testing.T, p *Poller) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Errorf("poller did not stop")
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

func TestPollerStoresBeforeConfirmingAndDropsDuplicates(t *testing.T) {
	t.Parallel()
	rdb, prefix := newIntakeTestRedis(t)
	in := New(rdb, Config{Prefix: prefix, Partitions: 4})
	fake := newFakeGetUpdates(testToken)
	var problems []string
	fake.onConfirm = func(id int64) { // runs (under fake.mu) when Telegram would forget the update
		if seen, _ := in.Seen(context.Background(), id); !seen {
			problems = append(problems, fmt.Sprintf("update %d confirmed before it was stored", id))
		}
	}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close) // after the poller stopped
	for id := int64(10); id <= 12; id++ {
		fake.add(id, textUpdate(id, id%2+1))
	}

	// The poller "dies" right after storing the third update.
	ctx, cancel := context.WithCancel(context.Background())
	rdb.AddHook(&storeCounter{after: func(n int32) {
		if n == 3 {
			cancel()
		}
	}})
	cfg := PollerConfig{ServerURL: srv.URL, Token: testToken, Timeout: time.Second,
		AllowedUpdates: []string{"message", "callback_query"}, Backoff: 10 * time.Millisecond}
	if err := NewPoller(in, cfg).Run(ctx); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if n := streamLen(t, in); n != 3 {
		t.Fatalf("%d updates stored, want 3", n)
	}
	if n := fake.unconfirmed(); n != 3 {
		t.Fatalf("Telegram holds %d unconfirmed updates after the crash, want all 3 still there", n)
	}
	var first struct {
		Timeout        int      `json:"timeout"`
		Limit          int      `json:"limit"`
		AllowedUpdates []string `json:"allowed_updates"`
	}
	fake.mu.Lock()
	call, _ := json.Marshal(fake.calls[0])
	fake.mu.Unlock()
	_ = json.Unmarshal(call, &first)
	if first.Timeout != 1 || first.Limit != 100 || strings.Join(first.AllowedUpdates, ",") != "message,callback_query" {
		t.Fatalf("first call params = %s", call)
	}

	// A restart starts at offset 0: Telegram sends the three again, they
	// are dropped as duplicates; a redelivered one too; a new one is stored.
	stop := runTestPoller(t, NewPoller(in, cfg))
	waitForIntake(t, in, 5*time.Second, "restart confirms the old batch", func() bool { return fake.unconfirmed() == 0 })
	fake.redeliver(11)
	fake.add(13, textUpdate(13, 1))
	waitForIntake(t, in, 5*time.Second, "new update stored", func() bool { return streamLen(t, in) == 4 })
	waitForIntake(t, in, 5*time.Second, "all confirmed", func() bool { return fake.unconfirmed() == 0 })
	stop()

	if n := streamLen(t, in); n != 4 {
		t.Fatalf("%d entries, want 4 (10–13 once each)", n)
	}
	msgs, err := rdb.XRange(context.Background(), in.streamKey(partitionOf("2", 4)), "-", "+").Result()
	if err != nil || len(msgs) == 0 || msgs[0].Values["body"] != string(textUpdate(11, 2)) {
		t.Fatalf("stored body is not Telegram's bytes: %v %v", msgs, err)
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if len(problems) > 0 {
		t.Fatal(strings.Join(problems, "; "))
	}
}

func TestPollerHoldsOffsetWhileStoreFails(t *testing.T) {
	t.Parallel()
	// Redis answers the poller lease but every store fails.
	rdb, prefix := newIntakeTestRedis(t)
	rdb.AddHook(&redisFault{fail: isStore})
	logs := &logBuffer{}
	in := New(rdb, Config{Prefix: prefix})
	fake := newFakeGetUpdates(testToken)
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close) // after the poller stopped
	fake.add(20, textUpdate(20, 1))
	fake.add(21, textUpdate(21, 1))

	stop := runTestPoller(t, NewPoller(in, PollerConfig{ServerURL: srv.URL, Token: testToken,
		Timeout: time.Second, Backoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond, Logger: logs.logger()}))
	waitForIntake(t, in, 5*time.Second, "store retried", func() bool { return strings.Count(logs.String(), "store failed") >= 3 })
	stop()

	for _, o := range fake.offsets() {
		if o != 0 {
			t.Fatalf("offset advanced to %d though nothing was stored", o)
		}
	}
	if n := fake.unconfirmed(); n != 2 {
		t.Fatalf("%d unconfirmed, want 2", n)
	}
}

func TestPollerRetriesAPIErrorsWithoutAdvancing(t *testing.T) {
	t.Parallel()
	rdb, prefix := newIntakeTestRedis(t)
	in := New(rdb, Config{Prefix: prefix})
	fake := newFakeGetUpdates(testToken)
	fake.failNext = []fakeAnswer{
		{http.StatusInternalServerError, `{"ok":false,"error_code":500,"description":"Internal Server Error"}`},
		{http.StatusBadGateway, `<html>bad gateway</html>`},
		{http.StatusConflict, `{"ok":false,"error_code":409,"description":"Conflict: terminated by other getUpdates request"}`},
	}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close) // after the poller stopped
	fake.add(30, textUpdate(30, 3))

	logs := &logBuffer{}
	runTestPoller(t, NewPoller(in, PollerConfig{ServerURL: srv.URL, Token: testToken,
		Timeout: time.Second, Backoff: time.Millisecond, Logger: logs.logger()}))
	waitForIntake(t, in, 5*time.Second, "confirmed after the errors", func() bool { return fake.unconfirmed() == 0 })
	offsets := fake.offsets()
	if len(offsets) < 5 || offsets[0] != 0 || offsets[1] != 0 || offsets[2] != 0 || offsets[3] != 0 || offsets[4] != 31 {
		t.Fatalf("offsets = %v; want three failed calls at 0, then 0 and 31", offsets)
	}
	if streamLen(t, in) != 1 || strings.Count(logs.String(), "getUpdates failed") != 3 {
		t.Fatalf("want the update stored once and 3 failures logged:\n%s", logs)
	}
}

func TestPollerNeverLogsTheToken(t *testing.T) {
	t.Parallel()
	logs := &logBuffer{}
	rdb, prefix := newIntakeTestRedis(t)
	in := New(rdb, Config{Prefix: prefix})
	stop := runTestPoller(t, NewPoller(in, PollerConfig{ServerURL: "http://127.0.0.1:1", Token: testToken,
		Timeout: time.Second, Backoff: time.Millisecond, Logger: logs.logger()}))
	waitForIntake(t, in, 5*time.Second, "a failure logged", func() bool { return strings.Contains(logs.String(), "getUpdates failed") })
	stop()
	out := logs.String()
	if strings.Contains(out, "AAE-secret-token") || !strings.Contains(out, "<token>") {
		t.Fatalf("log must show the URL with the token redacted:\n%s", out)
	}
}

func TestPollerBackoff(t *testing.T) {
	t.Parallel()
	p := NewPoller(&Intake{}, PollerConfig{Token: "x", Backoff: 100 * time.Millisecond, MaxBackoff: time.Second})
	plain := errors.New("connection refused")
	tooMany := fmt.Errorf("getUpdates: %w", &botAPIError{Code: 429, Description: "Too Many Requests: retry after 7", RetryAfter: 7})
	tests := []struct {
		n    int
		err  error
		want time.Duration
	}{
		{1, plain, 100 * time.Millisecond},
		{2, plain, 200 * time.Millisecond},
		{4, plain, 800 * time.Millisecond},
		{5, plain, time.Second},
		{50, plain, time.Second},
		{1, tooMany, 7 * time.Second},
		{9, tooMany, 7 * time.Second},
	}
	for _, tt := range tests {
		if got := p.backoff(tt.n, tt.err); got != tt.want {
			t.Errorf("backoff(%d, %v) = %v, want %v", tt.n, tt.err, got, tt.want)
		}
	}
}
