package intake

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// toldLog records the update_ids Config.Unstored is given.
type toldLog struct {
	mu  sync.Mutex
	ids []int64
}

func (l *toldLog) tell(_ context.Context, raw []byte) {
	key, err := parseUpdateKey(raw)
	if err != nil {
		panic(err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ids = append(l.ids, key.ID)
}

func (l *toldLog) got() []int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]int64(nil), l.ids...)
}

// While Redis cannot store, the poller keeps fetching what is unconfirmed,
// and each update, those that arrive during the outage among them, is
// passed to Unstored once however often it is fetched again; when Redis is
// back every one is stored and confirmed.
func TestPollerTellsOfEachUpdateItCannotStoreOnce(t *testing.T) {
	t.Parallel()
	rdb, prefix := newIntakeTestRedis(t)
	var down atomic.Bool
	down.Store(true)
	rdb.AddHook(&redisFault{fail: func(cmd redis.Cmder) bool { return down.Load() && isStore(cmd) }})
	logs := &logBuffer{}
	told := &toldLog{}
	in := New(rdb, Config{Prefix: prefix, Unstored: told.tell})
	fake := newFakeGetUpdates(testToken)
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close) // after the poller stopped
	fake.add(20, textUpdate(20, 1))
	fake.add(21, textUpdate(21, 2))

	stop := runTestPoller(t, NewPoller(in, PollerConfig{ServerURL: srv.URL, Token: testToken,
		Timeout: time.Second, Backoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond, Logger: logs.logger()}))
	waitForIntake(t, in, 5*time.Second, "both told", func() bool { return len(told.got()) == 2 })
	fake.add(22, textUpdate(22, 1)) // written during the outage
	waitForIntake(t, in, 5*time.Second, "the third told", func() bool { return len(told.got()) == 3 })
	// Fetched again several times more: still told once each.
	failed := strings.Count(logs.String(), "store failed")
	waitForIntake(t, in, 5*time.Second, "fetched again", func() bool {
		return strings.Count(logs.String(), "store failed") >= failed+3
	})
	if got := told.got(); len(got) != 3 || got[0] != 20 || got[1] != 21 || got[2] != 22 {
		t.Fatalf("told of %v, want [20 21 22] once each", got)
	}

	down.Store(false)
	waitForIntake(t, in, 5*time.Second, "all stored and confirmed", func() bool {
		return streamLen(t, in) == 3 && fake.unconfirmed() == 0
	})
	stop()
	if got := told.got(); len(got) != 3 {
		t.Fatalf("told of %v after Redis came back", got)
	}
}

// A webhook delivery Redis cannot store is refused with 500 each time
// Telegram tries it, and passed to Unstored the first time only.
func TestWebhookTellsOfAnUpdateItCannotStoreOnce(t *testing.T) {
	t.Parallel()
	_, prefix := newIntakeTestRedis(t)
	told := &toldLog{}
	in := New(unreachableRedis(t), Config{Prefix: prefix, Unstored: told.tell})
	h := in.WebhookHandler("")
	for _, id := range []int64{7, 7, 8, 7} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(textUpdate(id, 6))))
		if rec.Code != http.StatusInternalServerError {
			t.Fatalf("update %d: status %d, want 500", id, rec.Code)
		}
	}
	if got := told.got(); len(got) != 2 || got[0] != 7 || got[1] != 8 {
		t.Fatalf("told of %v, want [7 8]", got)
	}
	// Not an update: refused, and nobody is told.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"no":"id"}`)))
	if rec.Code != http.StatusBadRequest || len(told.got()) != 2 {
		t.Fatalf("not an update: status %d, told %v", rec.Code, told.got())
	}
}

// The memory of what was told is bounded: the oldest ids are forgotten.
func TestUnstoredMemoryIsBounded(t *testing.T) {
	t.Parallel()
	n := 0
	u := &unstoredTold{tell: func(context.Context, []byte) { n++ }, seen: map[int64]bool{}}
	for id := range int64(unstoredMemory + 10) {
		u.told(context.Background(), id, nil)
	}
	u.told(context.Background(), unstoredMemory+5, nil) // remembered
	if n != unstoredMemory+10 || len(u.seen) != unstoredMemory || len(u.order) != unstoredMemory {
		t.Fatalf("told %d, remembering %d (%d in order)", n, len(u.seen), len(u.order))
	}
	u.told(context.Background(), 0, nil) // forgotten, told again
	if n != unstoredMemory+11 {
		t.Fatalf("the oldest id was not forgotten")
	}
}
