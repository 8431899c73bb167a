package conversation

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/complaintbot/complaintbot/internal/redistest"
	"github.com/complaintbot/complaintbot/policy"
)

func TestStoreSaveAndLoad(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rdb, prefix := redistest.New(t)
	s := NewStore(rdb, StoreConfig{Prefix: prefix, TTL: time.Hour})

	st, err := s.Load(ctx, 42)
	if err != nil || st.Version != 0 || st.Stage != Idle {
		t.Fatalf("unknown chat: %+v, %v; want the zero state", st, err)
	}
	st.Stage, st.ID, st.Turn, st.Lang, st.LastUpdate = AskAttachments, "abc", 7, "zh", 99
	st.Form = Form{Category: "apparel", OrderNo: "SO20261120", Purchased: "2026-11-20", Issue: "fault",
		Description: "拉链坏了 😡 — المنتج", Attachments: []Media{{Kind: "photo", FileID: "f1", MediaGroupID: "g"}}}
	v, err := s.Save(ctx, 42, st)
	if err != nil || v != 1 {
		t.Fatalf("Save = %d, %v", v, err)
	}
	got, err := s.Load(ctx, 42)
	if err != nil {
		t.Fatal(err)
	}
	st.Version = 1
	if got.Version != 1 || got.Stage != st.Stage || got.ID != st.ID || got.Turn != st.Turn || got.Lang != "zh" ||
		got.LastUpdate != 99 || got.Form.Description != st.Form.Description || len(got.Form.Attachments) != 1 ||
		got.Form.Attachments[0] != st.Form.Attachments[0] {
		t.Fatalf("loaded %+v, want %+v", got, st)
	}
	key := prefix + "dlg:42"
	if ttl := rdb.PTTL(ctx, key).Val(); ttl <= 0 || ttl > time.Hour {
		t.Errorf("TTL of %s = %v, want up to an hour", key, ttl)
	}
	// Saving again from the old version is refused.
	st.Version = 0
	if _, err := s.Save(ctx, 42, st); !errors.Is(err, ErrConflict) {
		t.Errorf("save from a stale version: %v, want ErrConflict", err)
	}
}

// Each applied step refreshes the TTL; the default is seven days.
func TestStoreRefreshesTTL(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rdb, prefix := redistest.New(t)
	e := NewEngine(NewStore(rdb, StoreConfig{Prefix: prefix}), policy.Default(), func() time.Time { return testNow(t) })
	apply(t, e, Input{ChatID: 7, UpdateID: 1, Kind: KindCommand, Command: "start"})
	key := prefix + "dlg:7"
	if ttl := rdb.PTTL(ctx, key).Val(); ttl <= 6*24*time.Hour || ttl > 7*24*time.Hour {
		t.Fatalf("TTL %v, want seven days", ttl)
	}
	rdb.Expire(ctx, key, time.Minute)
	apply(t, e, Input{ChatID: 7, UpdateID: 2, Kind: KindCommand, Command: "help"})
	if ttl := rdb.PTTL(ctx, key).Val(); ttl <= time.Hour {
		t.Fatalf("TTL %v after a step, want it refreshed to seven days", ttl)
	}
}

// Two deliveries racing for one chat: both compute from the same version,
// one commits, the other gets ErrConflict and must send nothing.
func TestConcurrentStepsConflict(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rdb, prefix := redistest.New(t)
	e := NewEngine(NewStore(rdb, StoreConfig{Prefix: prefix}), policy.Default(), func() time.Time { return testNow(t) })
	apply(t, e, Input{ChatID: 9, UpdateID: 1, Kind: KindCommand, Command: "start"})

	a, err := e.Step(ctx, Input{ChatID: 9, UpdateID: 2, Kind: KindText, Text: "服装"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.Step(ctx, Input{ChatID: 9, UpdateID: 3, Kind: KindText, Text: "Knitwear"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Commit(ctx); err != nil {
		t.Fatalf("first commit: %v", err)
	}
	if err := b.Commit(ctx); !errors.Is(err, ErrConflict) {
		t.Fatalf("second commit: %v, want ErrConflict", err)
	}
	st, _ := e.store.Load(ctx, 9)
	if st.Form.Category != "apparel" || st.LastUpdate != 2 {
		t.Fatalf("stored %+v; want the first delivery's answer only", st.Form)
	}
}

// The dialogue lives in Redis only: a new engine on a new connection, as
// after a restart, carries on where the customer was.
func TestDialogueSurvivesRestart(t *testing.T) {
	t.Parallel()
	rdb, prefix := redistest.New(t)
	clock := func() time.Time { return testNow(t) }
	e1 := NewEngine(NewStore(rdb, StoreConfig{Prefix: prefix}), policy.Default(), clock)
	apply(t, e1, Input{ChatID: 5, UpdateID: 10, Kind: KindCommand, Command: "start", Text: "SO20261120"})
	apply(t, e1, Input{ChatID: 5, UpdateID: 11, Kind: KindText, Text: "Clothing"})

	opts, _ := redis.ParseURL(redistest.URL())
	rdb2 := redis.NewClient(opts)
	defer rdb2.Close()
	e2 := NewEngine(NewStore(rdb2, StoreConfig{Prefix: prefix}), policy.Default(), clock)
	res := apply(t, e2, Input{ChatID: 5, UpdateID: 12, Kind: KindText, Text: "yesterday"})
	if lastKey(res) != "conversation.ask_issue" {
		t.Fatalf("after the restart: %s; want the issue question", describe(res))
	}
	// The update applied before the restart is still known: its redelivery is ignored.
	if res := apply(t, e2, Input{ChatID: 5, UpdateID: 11, Kind: KindText, Text: "Clothing"}); len(res.Replies) != 0 {
		t.Errorf("redelivered update answered: %s", describe(res))
	}
}

// A step costs two round trips to Redis: the load and the compare-and-set.
func TestStepRoundTrips(t *testing.T) {
	t.Parallel()
	rdb, prefix := redistest.New(t)
	rt := &roundTrips{}
	rdb.AddHook(rt)
	e := NewEngine(NewStore(rdb, StoreConfig{Prefix: prefix}), policy.Default(), func() time.Time { return testNow(t) })
	apply(t, e, Input{ChatID: 3, UpdateID: 1, Kind: KindCommand, Command: "start"}) // loads the script once

	inputs := []Input{
		{Kind: KindText, Text: "Clothing"},
		{Kind: KindText, Text: "SO20261120"},
		{Kind: KindText, Text: "3 days ago"},
		{Kind: KindCommand, Command: "back"},
		{Kind: KindUnsupported, What: "sticker"},
	}
	rt.n.Store(0)
	for i, in := range inputs {
		in.ChatID, in.UpdateID = 3, int64(i+2)
		apply(t, e, in)
	}
	if got := rt.n.Load(); got != int64(2*len(inputs)) {
		t.Fatalf("%d round trips for %d steps, want %d", got, len(inputs), 2*len(inputs))
	}
}

// roundTrips counts commands and pipelines sent to Redis.
type roundTrips struct{ n atomic.Int64 }

func (r *roundTrips) DialHook(next redis.DialHook) redis.DialHook { return next }

func (r *roundTrips) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		r.n.Add(1)
		return next(ctx, cmd)
	}
}

func (r *roundTrips) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		r.n.Add(1)
		return next(ctx, cmds)
	}
}

// apply steps and commits one input, failing the test on an error.
func apply(t testing.TB, e *Engine, in Input) Result {
	t.Helper()
	ctx := context.Background()
	s, err := e.Step(ctx, in)
	if err != nil {
		t.Fatalf("Step: %v", err)
	}
	if err := s.Commit(ctx); err != nil {
		t.Fatalf("Commit: %v", err)
	}
	return s.Result()
}

// A state this build cannot read starts afresh instead of locking the
// customer out; the next save replaces it.
func TestStoreUnreadableStateStartsAfresh(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rdb, prefix := redistest.New(t)
	s := NewStore(rdb, StoreConfig{Prefix: prefix})
	rdb.HSet(ctx, prefix+"dlg:8", "v", "3", "d", `{"s":"not a stage"`)
	st, err := s.Load(ctx, 8)
	if err != nil || st.Version != 3 || st.Stage != Idle {
		t.Fatalf("Load = %+v, %v; want a fresh state at version 3", st, err)
	}
	if v, err := s.Save(ctx, 8, st); err != nil || v != 4 {
		t.Fatalf("Save = %d, %v", v, err)
	}
}
