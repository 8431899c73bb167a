package intake

import (
	"context"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

// leaseHolders counts the partitions each replica holds a lease on.
func leaseHolders(t *testing.T, in *Intake) map[string]int {
	t.Helper()
	held := map[string]int{}
	for p := range in.partitions {
		id, err := in.rdb.Get(context.Background(), in.leaseKey(p)).Result()
		if err == nil {
			held[id]++
		}
	}
	return held
}

func TestDispatchSharesPartitionsAndReleasesThem(t *testing.T) {
	t.Parallel()
	rdb, prefix := newIntakeTestRedis(t)
	in := New(rdb, Config{Prefix: prefix, Partitions: 8})
	noop := HandlerFunc(func(context.Context, *models.Update) error { return nil })

	startTestDispatcher(t, in, noop, fastFailoverConfig("a"))
	waitForIntake(t, in, 5*time.Second, "a alone holds all", func() bool { return leaseHolders(t, in)["a"] == 8 })

	b := startTestDispatcher(t, in, noop, fastFailoverConfig("b"))
	waitForIntake(t, in, 5*time.Second, "a and b hold half each", func() bool {
		h := leaseHolders(t, in)
		return h["a"] == 4 && h["b"] == 4
	})

	c := startTestDispatcher(t, in, noop, fastFailoverConfig("c"))
	waitForIntake(t, in, 5*time.Second, "three replicas hold 3, 3 and 2", func() bool {
		h := leaseHolders(t, in)
		return h["a"]+h["b"]+h["c"] == 8 && h["a"] >= 2 && h["b"] >= 2 && h["c"] >= 2
	})

	b.stop(t)
	c.stop(t)
	if h := leaseHolders(t, in); h["b"] != 0 || h["c"] != 0 {
		t.Fatalf("stopped replicas still hold leases: %v", h)
	}
	waitForIntake(t, in, 5*time.Second, "a takes everything back", func() bool { return leaseHolders(t, in)["a"] == 8 })

	// Updates keep flowing through a after the others left.
	if _, err := in.Store(context.Background(), textUpdate(42, 1)); err != nil {
		t.Fatal(err)
	}
	waitForIntake(t, in, 5*time.Second, "update handled", func() bool { return streamLen(t, in) == 0 })
}
