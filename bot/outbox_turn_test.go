package bot_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/complaintbot/complaintbot/bot"
	"github.com/complaintbot/complaintbot/internal/customersim"
	"github.com/complaintbot/complaintbot/internal/shoptest"
)

// outboxCalls records the round trips to Redis that touch a chat's outbox.
type outboxCalls struct {
	mu    sync.Mutex
	calls []string
}

func (h *outboxCalls) DialHook(next redis.DialHook) redis.DialHook { return next }
func (h *outboxCalls) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}
func (h *outboxCalls) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		for _, a := range cmd.Args() {
			if s, ok := a.(string); ok && strings.Contains(s, "outq:") && !strings.Contains(s, "outq:due") {
				h.mu.Lock()
				h.calls = append(h.calls, cmd.Name()+" "+s)
				h.mu.Unlock()
				break
			}
		}
		return next(ctx, cmd)
	}
}

// A step that has one answer goes to Redis three times for the chat's
// outbox: the step's commit writes the answer, the turn takes the chat's
// lock and reads the answer at once, and the pop of the answer sent also
// lets the lock go, since nothing else is queued. The lock is gone when the
// handling is over.
func TestAnAnswerTakesThreeRoundTripsAndLetsTheLockGo(t *testing.T) {
	t.Parallel()
	h := shoptest.New(t, shoptest.Options{})
	u := h.Customer("Ada", "en")
	d := customersim.New(h.Sim, h.Catalog, u)
	if err := d.Send("/start"); err != nil {
		t.Fatal(err)
	}
	calls := &outboxCalls{}
	h.Redis.AddHook(calls)
	h.Pump()
	if _, err := d.WaitFor("conversation.ask_category"); err != nil {
		t.Fatal(err)
	}
	calls.mu.Lock()
	got := slices.Clone(calls.calls)
	calls.mu.Unlock()
	if len(got) != 3 {
		t.Errorf("%d round trips to the outbox for one answer, want 3 (commit, take, pop):\n%s", len(got), strings.Join(got, "\n"))
	}
	if n := h.Redis.Exists(context.Background(), bot.OutboxLockKey(h.Edge, u.ID)).Val(); n != 0 {
		t.Error("the chat's lock is still held after its turn")
	}
}
