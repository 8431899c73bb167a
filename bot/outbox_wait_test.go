package bot_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/complaintbot/complaintbot/bot"
	"github.com/complaintbot/complaintbot/internal/shoptest"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// turnTries tells, on tries, of every attempt to take a chat's turn that
// came back refused.
type turnTries struct{ refused chan struct{} }

func (h turnTries) DialHook(next redis.DialHook) redis.DialHook { return next }
func (h turnTries) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}
func (h turnTries) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		err := next(ctx, cmd)
		if !strings.HasPrefix(cmd.Name(), "eval") || !strings.Contains(cmd.String(), "outq:lock:") {
			return err
		}
		if res, ok := cmd.(*redis.Cmd); ok {
			if v, _ := res.Slice(); len(v) == 1 && v[0] == int64(0) {
				select {
				case h.refused <- struct{}{}:
				default:
				}
			}
		}
		return err
	}
}

// turnWaitShop is a shop whose senders waiting for a turn poll an hour
// apart, a customer, and the hook that tells of each refused try.
func turnWaitShop(t *testing.T) (*shoptest.Shop, telegramsim.User, turnTries) {
	t.Helper()
	h := shoptest.New(t, shoptest.Options{})
	bot.PollTurnsEvery(h.Edge, time.Hour, time.Hour)
	tries := turnTries{refused: make(chan struct{}, 1)}
	h.Redis.AddHook(tries)
	return h, h.Customer("Ada", "en"), tries
}

// A message waiting for a chat's turn held by its own process (an
// acknowledgement behind the answer to Confirm) goes as that turn ends, not
// at the next poll: with the polls an hour apart, it could not go at all
// otherwise.
func TestATurnEndingWakesTheSenderWaitingInTheSameProcess(t *testing.T) {
	t.Parallel()
	h, u, tries := turnWaitShop(t)
	ctx, cancel := context.WithTimeout(h.Ctx(), time.Minute)
	defer cancel()

	holding, release := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- h.Edge.Turn(ctx, u.ID, func(context.Context) error {
			close(holding)
			<-release
			return nil
		})
	}()
	<-holding
	second := make(chan error, 1)
	var order []string
	go func() {
		second <- h.Edge.Turn(ctx, u.ID, func(context.Context) error {
			order = append(order, "second")
			return nil
		})
	}()
	<-tries.refused // the second found the turn taken and waits
	order = append(order, "first done")
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Fatalf("the second sender did not get the turn: %v", err)
	}
	if want := []string{"first done", "second"}; strings.Join(order, ",") != strings.Join(want, ",") {
		t.Fatalf("order %v, want %v", order, want)
	}
}

// A sender that gives up waiting for a turn another replica holds leaves
// nothing behind it to be woken.
func TestASenderGivingUpOnATurnForgetsItsWatch(t *testing.T) {
	t.Parallel()
	h, u, tries := turnWaitShop(t)
	// Another replica's turn: its lock, held by a token of its own.
	if err := h.Redis.Set(h.Ctx(), bot.OutboxLockKey(h.Edge, u.ID), "another-replica", time.Minute).Err(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(h.Ctx())
	done := make(chan error, 1)
	go func() {
		done <- h.Edge.Turn(ctx, u.ID, func(context.Context) error {
			t.Error("sent in a turn another replica holds")
			return nil
		})
	}()
	<-tries.refused
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("the sender that gave up returned %v, want context.Canceled", err)
	}
	if n := bot.WatchedTurns(h.Edge); n != 0 {
		t.Errorf("%d chats still watched after their only sender gave up", n)
	}
}
