package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/complaintbot/complaintbot/internal/redistest"
	"github.com/complaintbot/complaintbot/internal/testworld"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// Three replicas in long-polling mode share one bot: only the poller
// lease's holder polls, so Telegram never answers 409; when the holder
// stops mid-load another replica takes over and every customer is answered
// once.
func TestThreeReplicasPollOneAtATime(t *testing.T) {
	t.Parallel()
	const leaseTTL = 2 * time.Second
	h := startService(t, harnessOpts{leaseTTL: leaseTTL})
	stops := map[string]func(){"replica-2": h.runReplica(t, "replica-2"), "replica-3": h.runReplica(t, "replica-3")}

	opts, err := redis.ParseURL(redistest.URL())
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opts)
	t.Cleanup(func() { _ = rdb.Close() })
	leaseKey := h.cfg.RedisPrefix + "poller:" + strings.Split(testToken, ":")[0]
	holder := func() string {
		id, err := rdb.Get(context.Background(), leaseKey).Result()
		if err != nil {
			t.Fatalf("the poller lease: %v", err)
		}
		return id
	}
	conflicts := func() int { return h.sim.Stats().Errors[http.StatusConflict] }

	sent := map[int64]int{} // customer messages per chat
	wave := func(name string, n int) []int64 {
		var chats []int64
		for i := range n {
			u := h.sim.AddUser(telegramsim.User{FirstName: fmt.Sprintf("%s%d", name, i), LanguageCode: "en"})
			if _, err := h.sim.SendText(u.ID, u.ID, "hello"); err != nil {
				t.Fatal(err)
			}
			sent[u.ID]++
			chats = append(chats, u.ID)
		}
		return chats
	}
	answered := func(chats []int64) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), testworld.Bound)
		defer cancel()
		for _, c := range chats {
			if _, err := h.sim.WaitBotMessage(ctx, c, 0); err != nil {
				t.Fatalf("customer %d not answered: %v", c, err)
			}
		}
	}

	// Start settled: all three run and the first customers are answered.
	answered(wave("Early", 10))
	first := holder()
	if n := conflicts(); n != 0 {
		t.Errorf("%d × 409 with three replicas running, want 0", n)
	}

	// The holder stops while customers write; another replica takes over.
	during := wave("During", 10)
	stopping := time.Now()
	if stop, ok := stops[first]; ok {
		stop()
	} else {
		h.stop(t) // the first replica, whose id is random
	}
	stopped := time.Now()
	answered(during)
	takeover := time.Since(stopped)
	next := holder()
	if next == first {
		t.Fatalf("%s still holds the poller lease after it stopped", first)
	}
	atTakeover := conflicts()

	// After the takeover: more customers, all answered, still no 409.
	answered(wave("Late", 10))
	h.quiet(t)
	if n := conflicts() - atTakeover; n != 0 {
		t.Errorf("%d × 409 after the takeover settled, want 0", n)
	}

	updates, answers, lost, duplicated := 0, 0, 0, 0
	for chat, n := range sent {
		updates += n
		got := 0
		for _, e := range h.sim.Transcript(chat) {
			if e.FromBot {
				got++
			}
		}
		answers += min(got, n)
		lost += max(n-got, 0)
		duplicated += max(got-n, 0)
	}
	if lost != 0 || duplicated != 0 {
		t.Errorf("%d customer messages not answered, %d answered twice", lost, duplicated)
	}
	t.Logf("poller %s, then %s (the holder's shutdown took %v, its customers were all answered %v after it; lease TTL %v)",
		first, next, stopped.Sub(stopping).Round(time.Millisecond), takeover.Round(time.Millisecond), leaseTTL)
	t.Logf("updates %d, answered %d, lost %d, duplicated %d, 409s %d (at the takeover %d, after it %d)",
		updates, answers, lost, duplicated, conflicts(), atTakeover, conflicts()-atTakeover)
}
