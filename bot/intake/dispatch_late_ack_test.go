package intake

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/redis/go-redis/v9"
)

// lostAnswers stands for a Redis that goes out of reach just as it runs a
// replica's acknowledgement: while on, a pipeline that acknowledges runs
// but its answer is lost, and every other command fails. Each refusal
// pokes the test.
type lostAnswers struct {
	mu   sync.Mutex
	on   bool
	poke func()
}

func (l *lostAnswers) set(on bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.on = on
}

func (l *lostAnswers) active() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.on && l.poke != nil {
		defer l.poke()
	}
	return l.on
}

func (l *lostAnswers) DialHook(next redis.DialHook) redis.DialHook { return next }

func (l *lostAnswers) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if l.active() {
			cmd.SetErr(errRedisDown)
			return errRedisDown
		}
		return next(ctx, cmd)
	}
}

func (l *lostAnswers) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		if !l.active() {
			return next(ctx, cmds)
		}
		if slices.ContainsFunc(cmds, func(c redis.Cmder) bool { return c.Name() == "xack" }) {
			_ = next(ctx, cmds) // Redis takes it; the answer never arrives
		}
		for _, c := range cmds {
			c.SetErr(errRedisDown)
		}
		return errRedisDown
	}
}

// An update handled, whose acknowledgement Redis took but whose answer was
// lost as Redis went out of reach, is reported settled once Redis answers
// again, and is not handled a second time.
func TestAnAcknowledgementWhoseAnswerWasLostIsSettledLate(t *testing.T) {
	t.Parallel()
	rdb, prefix := newIntakeTestRedis(t)
	lost := &lostAnswers{}
	rdb.AddHook(lost)
	in := New(rdb, Config{Prefix: prefix, Partitions: 1})
	lost.mu.Lock()
	lost.poke = in.signal
	lost.mu.Unlock()

	var mu sync.Mutex
	var handled, settled []int64
	handler := HandlerFunc(func(_ context.Context, upd *models.Update) error {
		mu.Lock()
		handled = append(handled, upd.ID)
		mu.Unlock()
		if upd.ID == 1 {
			lost.set(true) // Redis goes just as the handler returns
		}
		return nil
	})
	snapshot := func() (h, s []int64) {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(handled), slices.Clone(settled)
	}
	logs := &logBuffer{}
	cfg := fastFailoverConfig("d")
	cfg.Logger = logs.logger()
	cfg.Settled = func(id int64) {
		mu.Lock()
		settled = append(settled, id)
		mu.Unlock()
	}
	ctx := context.Background()
	if _, err := in.Store(ctx, textUpdate(1, 5)); err != nil {
		t.Fatal(err)
	}
	startTestDispatcher(t, in, handler, cfg)
	waitForIntake(t, in, 10*time.Second, "the runner gave the acknowledgement up", func() bool {
		return strings.Contains(logs.String(), "not acknowledged")
	})
	lost.set(false)
	waitForIntake(t, in, 10*time.Second, "update 1 settled", func() bool {
		_, s := snapshot()
		return slices.Contains(s, 1)
	})

	// A later update of the same chat is handled after whatever of the
	// chat's was still pending: by then update 1 would have been handled
	// again, had its acknowledgement not reached Redis.
	if _, err := in.Store(ctx, textUpdate(2, 5)); err != nil {
		t.Fatal(err)
	}
	waitForIntake(t, in, 10*time.Second, "update 2 settled", func() bool {
		_, s := snapshot()
		return slices.Contains(s, 2)
	})
	if h, _ := snapshot(); !slices.Equal(h, []int64{1, 2}) {
		t.Errorf("handled %v, want [1 2]", h)
	}
}
