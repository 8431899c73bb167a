package bot_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/complaintbot/complaintbot/bot"
	"github.com/complaintbot/complaintbot/internal/shoptest"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// On a stop, FlushOutbox sends answers a handling committed but did not
// send, though they are still within the grace the outbox's round leaves
// them: the stopping process sends them rather than the next one. The
// outbox gauge counts the chat while they wait and not after.
func TestFlushOutboxSendsAnswersStillInTheirGrace(t *testing.T) {
	t.Parallel()
	h := shoptest.New(t, shoptest.Options{})
	var armed atomic.Bool
	bot.CrashAt(h.Edge, func(p string) bool { return p == "committed" && armed.CompareAndSwap(true, false) })
	ctx := context.Background()
	// Bea's /start is handled whole: her answers are what Ada's should be.
	bea := h.Sim.AddUser(telegramsim.User{FirstName: "Bea", LanguageCode: "en"})
	if _, err := h.Sim.SendText(bea.ID, bea.ID, "/start"); err != nil {
		t.Fatal(err)
	}
	for _, upd := range h.Updates() {
		if err := h.Edge.HandleUpdate(ctx, upd); err != nil {
			t.Fatal(err)
		}
	}
	want := botAnswers(h.Sim, bea.ID)

	u := h.Sim.AddUser(telegramsim.User{FirstName: "Ada", LanguageCode: "en"})
	if _, err := h.Sim.SendText(u.ID, u.ID, "/start"); err != nil {
		t.Fatal(err)
	}
	armed.Store(true)
	crashed := 0
	for _, upd := range h.Updates() {
		err := h.Edge.HandleUpdate(ctx, upd)
		switch {
		case errors.Is(err, bot.ErrCrash):
			crashed++
			// The handling died: its drain lock dies with it.
			lock := bot.OutboxLockKey(h.Edge, u.ID)
			if dead, _ := h.Redis.Get(ctx, lock).Result(); dead != "" {
				expireDead.Run(ctx, h.Redis, []string{lock}, dead)
			}
		case err != nil:
			t.Fatal(err)
		}
	}
	if crashed != 1 {
		t.Fatalf("%d handlings crashed after committing, want 1", crashed)
	}
	if n, err := h.Edge.OutboxChats(ctx); err != nil || n != 1 {
		t.Fatalf("outbox chats = %d (%v) before the flush, want 1", n, err)
	}
	if answers := botAnswers(h.Sim, u.ID); answers != 0 {
		t.Fatalf("%d answers before the flush, want 0", answers)
	}

	left, err := h.Edge.FlushOutbox(ctx)
	if err != nil || left != 0 {
		t.Fatalf("flush left %d chats (%v), want 0", left, err)
	}
	if n, err := h.Edge.OutboxChats(ctx); err != nil || n != 0 {
		t.Errorf("outbox chats = %d (%v) after the flush, want 0", n, err)
	}
	if answers := botAnswers(h.Sim, u.ID); want == 0 || answers != want {
		t.Errorf("%d answers after the flush, want %d as a /start handled whole has: %v", answers, want, h.Sim.Transcript(u.ID))
	}
}

func botAnswers(sim *telegramsim.Server, chatID int64) int {
	n := 0
	for _, e := range sim.Transcript(chatID) {
		if e.FromBot {
			n++
		}
	}
	return n
}
