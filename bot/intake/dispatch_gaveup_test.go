package intake

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

// An update the handler never manages is handed to GaveUp, once, so the
// sender can be told.
func TestDispatchTellsGaveUpAfterTheLastAttempt(t *testing.T) {
	t.Parallel()
	rdb, prefix := newIntakeTestRedis(t)
	in := New(rdb, Config{Prefix: prefix, Partitions: 2})
	if _, err := in.Store(context.Background(), textUpdate(7, 701)); err != nil {
		t.Fatal(err)
	}
	gaveUp := make(chan int64, 4)
	cfg := testDispatcherConfig("r")
	cfg.MaxAttempts = 2
	cfg.RetryBackoff = 10 * time.Millisecond
	cfg.GaveUp = func(_ context.Context, upd *models.Update) { gaveUp <- upd.ID }
	startTestDispatcher(t, in, HandlerFunc(func(context.Context, *models.Update) error {
		return errors.New("database down")
	}), cfg)

	select {
	case id := <-gaveUp:
		if id != 7 {
			t.Fatalf("GaveUp got update %d, want 7", id)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("GaveUp was never called")
	}
	if n := len(deadLetters(t, rdb, in)); n != 1 {
		t.Fatalf("%d dead letters, want 1", n)
	}
	select {
	case id := <-gaveUp:
		t.Fatalf("GaveUp called again for update %d", id)
	case <-time.After(200 * time.Millisecond): // a second call would come at once
	}
}
