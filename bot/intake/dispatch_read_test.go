package intake

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// readWatch records, in order, a partition's reads (and whether each
// returned the update it looks for) and the nudges that arm the waker.
type readWatch struct {
	stream, wake, body string
	mu                 sync.Mutex
	events             []string
	seen               chan struct{} // closed at the first nudge after the update was read
}

func (h *readWatch) add(ev string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.events = append(h.events, ev)
	if ev == "nudge" && h.seen != nil && strings.Contains(strings.Join(h.events, " "), "read:update") {
		close(h.seen)
		h.seen = nil
	}
}

func (h *readWatch) DialHook(next redis.DialHook) redis.DialHook { return next }
func (h *readWatch) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		err := next(ctx, cmds)
		for _, c := range cmds {
			if c.Name() == "xadd" && fmt.Sprint(c.Args()[1]) == h.wake {
				h.add("nudge")
			}
		}
		return err
	}
}
func (h *readWatch) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		err := next(ctx, cmd)
		args := cmd.Args()
		if (cmd.Name() == "evalsha" || cmd.Name() == "eval") && len(args) > 4 && fmt.Sprint(args[4]) == h.stream {
			if c, ok := cmd.(*redis.Cmd); ok && strings.Contains(fmt.Sprint(c.Val()), h.body) {
				h.add("read:update")
			} else {
				h.add("read")
			}
		}
		return err
	}
}

// A read that returns fewer entries than it asked for has reached the
// stream's end: the partition waits for what comes after the last entry
// without reading again to learn that nothing has.
func TestAShortReadWaitsWithoutReadingAgain(t *testing.T) {
	t.Parallel()
	rdb, prefix := newIntakeTestRedis(t)
	in := New(rdb, Config{Prefix: prefix, Partitions: 1})
	cfg := testDispatcherConfig("a")
	cfg.BlockTimeout = 5 * time.Second // no re-read on a timer within the test
	raw := textUpdate(77, 4242)
	seen := make(chan struct{})
	watch := &readWatch{stream: in.streamKey(0), wake: prefix + "wake:a", body: string(raw), seen: seen}
	rdb.AddHook(watch)
	log := newIntakeHandlingLog()
	startTestDispatcher(t, in, log.handler(0), cfg)

	if _, err := in.Store(context.Background(), raw); err != nil {
		t.Fatal(err)
	}
	select {
	case <-seen:
	case <-time.After(10 * time.Second):
		watch.mu.Lock()
		defer watch.mu.Unlock()
		t.Fatalf("the partition never waited after reading the update: %v", watch.events)
	}
	waitForIntake(t, in, 10*time.Second, "the update handled", func() bool { return log.handled() == 1 })
	watch.mu.Lock()
	defer watch.mu.Unlock()
	events := strings.Join(watch.events, " ")
	after, _ := strings.CutPrefix(events[strings.Index(events, "read:update"):], "read:update")
	if next, _, _ := strings.Cut(strings.TrimSpace(after), " "); next != "nudge" {
		t.Errorf("after the read that returned the update came %q, want the waker armed at once (events: %s)", next, events)
	}
}
