package intake

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/redis/go-redis/v9"
)

// deadLetters returns the entries of the dead-letter stream.
func deadLetters(t *testing.T, rdb *redis.Client, in *Intake) []redis.XMessage {
	t.Helper()
	msgs, err := rdb.XRange(context.Background(), in.deadKey(), "-", "+").Result()
	if err != nil {
		t.Fatalf("read dead letters: %v", err)
	}
	return msgs
}

func TestDispatchRetriesThenDeadLettersAndMovesOn(t *testing.T) {
	t.Parallel()
	rdb, prefix := newIntakeTestRedis(t)
	in := New(rdb, Config{Prefix: prefix, Partitions: 4})
	const chatA, chatB = 601, 602
	for _, u := range []struct{ id, chat int64 }{{1, chatA}, {2, chatA}, {3, chatB}} {
		if _, err := in.Store(context.Background(), textUpdate(u.id, u.chat)); err != nil {
			t.Fatal(err)
		}
	}

	var mu sync.Mutex
	var events []string
	attempts := 0
	bHandled := make(chan struct{})
	aNext := make(chan struct{})
	h := HandlerFunc(func(ctx context.Context, upd *models.Update) error {
		switch upd.ID {
		case 1:
			mu.Lock()
			attempts++
			n := attempts
			events = append(events, "A1 failed")
			mu.Unlock()
			if n == 2 {
				// One worker only: chat B can run now only if the retry
				// wait of chat A does not keep the worker.
				select {
				case <-bHandled:
				case <-time.After(5 * time.Second):
					return errors.New("chat B was blocked behind chat A")
				}
			}
			return errors.New("shop API down")
		case 2:
			mu.Lock()
			events = append(events, "A2")
			mu.Unlock()
			close(aNext)
		case 3:
			close(bHandled)
		}
		return nil
	})
	cfg := testDispatcherConfig("r")
	cfg.Workers = 1
	cfg.RetryBackoff = 100 * time.Millisecond
	startTestDispatcher(t, in, h, cfg)

	select {
	case <-aNext:
	case <-time.After(10 * time.Second):
		t.Fatal("chat A's next update never ran")
	}
	mu.Lock()
	got := strings.Join(events, ", ")
	mu.Unlock()
	if want := "A1 failed, A1 failed, A1 failed, A2"; got != want {
		t.Fatalf("chat A saw %q, want %q", got, want)
	}
	dead := deadLetters(t, rdb, in)
	if len(dead) != 1 {
		t.Fatalf("%d dead letters, want 1", len(dead))
	}
	v := dead[0].Values
	if v["update_id"] != "1" || v["error"] != "shop API down" || v["attempts"] != "3" ||
		v["body"] != string(textUpdate(1, chatA)) {
		t.Fatalf("dead letter = %v", v)
	}
	waitForIntake(t, in, 5*time.Second, "streams empty", func() bool { return streamLen(t, in) == 0 })
}

func TestDispatchSetsAsidePanicsAndUndecodableUpdates(t *testing.T) {
	t.Parallel()
	rdb, prefix := newIntakeTestRedis(t)
	in := New(rdb, Config{Prefix: prefix, Partitions: 2})
	// Decodes for the intake, but Message.Date must be a number.
	bad := []byte(`{"update_id":7,"message":{"message_id":1,"date":"yesterday","chat":{"id":81,"type":"private"}}}`)
	for _, raw := range [][]byte{textUpdate(5, 80), textUpdate(6, 80), bad} {
		if _, err := in.Store(context.Background(), raw); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	calls := map[int64]int{}
	h := HandlerFunc(func(ctx context.Context, upd *models.Update) error {
		mu.Lock()
		calls[upd.ID]++
		mu.Unlock()
		if upd.ID == 5 {
			var m map[string]int
			//lint:ignore SA5000 the handler's bug is what the test is about
			m["boom"]++ // a bug in the handler
		}
		return nil
	})
	startTestDispatcher(t, in, h, testDispatcherConfig("r"))
	waitForIntake(t, in, 10*time.Second, "both set aside", func() bool { return len(deadLetters(t, rdb, in)) == 2 })
	waitForIntake(t, in, 5*time.Second, "streams empty", func() bool { return streamLen(t, in) == 0 })

	mu.Lock()
	defer mu.Unlock()
	if calls[5] != 3 || calls[6] != 1 || calls[7] != 0 {
		t.Fatalf("handler calls = %v; want the panicking update tried 3 times, the next once, the undecodable never", calls)
	}
	for _, m := range deadLetters(t, rdb, in) {
		switch m.Values["update_id"] {
		case "5":
			if !strings.Contains(m.Values["error"].(string), "panicked") {
				t.Errorf("panic dead letter error = %q", m.Values["error"])
			}
		case "7":
			if m.Values["attempts"] != "1" || !strings.Contains(m.Values["error"].(string), "cannot be decoded") {
				t.Errorf("undecodable dead letter = %v", m.Values)
			}
		default:
			t.Errorf("unexpected dead letter %v", m.Values)
		}
	}
}

func TestDispatchSetsAsideUpdateThatKeepsKillingReplicas(t *testing.T) {
	t.Parallel()
	rdb, prefix := newIntakeTestRedis(t)
	in := New(rdb, Config{Prefix: prefix, Partitions: 1})
	ctx := context.Background()
	if _, err := in.Store(ctx, textUpdate(9, 90)); err != nil {
		t.Fatal(err)
	}
	// Three replicas read it and died before finishing it.
	stream := in.streamKey(0)
	if err := rdb.XGroupCreateMkStream(ctx, stream, consumerGroup, "0").Err(); err != nil {
		t.Fatal(err)
	}
	for _, from := range []string{">", "0", "0"} {
		err := rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: consumerGroup, Consumer: consumerName(0), Streams: []string{stream, from}}).Err()
		if err != nil {
			t.Fatal(err)
		}
	}
	called := make(chan struct{}, 1)
	cfg := testDispatcherConfig("r")
	cfg.MaxDeliveries = 3
	startTestDispatcher(t, in, HandlerFunc(func(context.Context, *models.Update) error {
		called <- struct{}{}
		return nil
	}), cfg)
	waitForIntake(t, in, 10*time.Second, "set aside", func() bool { return len(deadLetters(t, rdb, in)) == 1 })
	select {
	case <-called:
		t.Fatal("the handler ran an update that was read 4 times")
	default:
	}
}
