package telegramsim

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// updateIDs decodes a getUpdates answer into its update ids.
func updateIDs(t *testing.T, a apiAnswer) []int64 {
	t.Helper()
	if !a.OK {
		t.Fatalf("getUpdates failed: %d %s", a.ErrorCode, a.Description)
	}
	var ups []models.Update
	if err := jsonUnmarshal(a.Result, &ups); err != nil {
		t.Fatalf("updates %s: %v", a.Result, err)
	}
	ids := make([]int64, 0, len(ups))
	for _, u := range ups {
		ids = append(ids, u.ID)
	}
	return ids
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// waitPolling waits until a getUpdates call is waiting in the simulator.
func waitPolling(t *testing.T, s *Server) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		waiting := s.upd.poll != nil
		s.mu.Unlock()
		if waiting {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("no getUpdates call started waiting")
}

func TestLibraryPollingReceivesUserMessages(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	got := make(chan *models.Update, 10)
	b, err := bot.New(testToken, bot.WithServerURL(e.url), bot.WithErrorsHandler(func(error) {}),
		bot.WithDefaultHandler(func(_ context.Context, _ *bot.Bot, u *models.Update) { got <- u }))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Start(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })

	u := e.sim.AddUser(User{FirstName: "Ann"})
	if _, err := e.sim.SendText(u.ID, u.ID, "/start"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sim.SendText(u.ID, u.ID, "hello"); err != nil {
		t.Fatal(err)
	}
	// The library runs handlers concurrently, so the order may vary.
	seen := map[string]bool{}
	for len(seen) < 2 {
		select {
		case up := <-got:
			if up.Message == nil || up.Message.From.ID != u.ID {
				t.Fatalf("update = %+v, want a message from the user", up)
			}
			seen[up.Message.Text] = true
		case <-ctxTimeout(t).Done():
			t.Fatalf("updates seen: %v, want /start and hello", seen)
		}
	}
	if !seen["/start"] || !seen["hello"] {
		t.Errorf("updates seen: %v, want /start and hello", seen)
	}
}

func TestGetUpdatesOffsetSemantics(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	u := e.sim.AddUser(User{FirstName: "Ann"})
	for _, text := range []string{"one", "two", "three"} {
		if _, err := e.sim.SendText(u.ID, u.ID, text); err != nil {
			t.Fatal(err)
		}
	}
	all := updateIDs(t, e.call(t, "getUpdates", nil))
	if len(all) != 3 {
		t.Fatalf("updates = %v, want 3", all)
	}
	if again := updateIDs(t, e.call(t, "getUpdates", nil)); !equalIDs(again, all) {
		t.Errorf("unconfirmed updates came back as %v, want %v", again, all)
	}
	if got := updateIDs(t, e.call(t, "getUpdates", map[string]any{"limit": 1})); !equalIDs(got, all[:1]) {
		t.Errorf("limit 1 = %v", got)
	}
	if got := updateIDs(t, e.call(t, "getUpdates", map[string]any{"offset": all[1]})); !equalIDs(got, all[1:]) {
		t.Errorf("offset %d = %v, want %v", all[1], got, all[1:])
	}
	if got := updateIDs(t, e.call(t, "getUpdates", nil)); !equalIDs(got, all[1:]) {
		t.Errorf("after confirming the first: %v", got)
	}
	if got := updateIDs(t, e.call(t, "getUpdates", map[string]any{"offset": -1})); !equalIDs(got, all[2:]) {
		t.Errorf("offset -1 = %v, want the last one", got)
	}
	if got := updateIDs(t, e.call(t, "getUpdates", map[string]any{"offset": all[2] + 1})); len(got) != 0 {
		t.Errorf("after confirming all: %v", got)
	}
	if err := e.sim.InjectDuplicate(all[0]); err != nil {
		t.Fatal(err)
	}
	if got := updateIDs(t, e.call(t, "getUpdates", map[string]any{"offset": all[2] + 1})); !equalIDs(got, all[:1]) {
		t.Errorf("injected duplicate = %v, want %v", got, all[:1])
	}
	if got := updateIDs(t, e.call(t, "getUpdates", map[string]any{"offset": all[2] + 1})); len(got) != 0 {
		t.Errorf("duplicate delivered twice: %v", got)
	}
}

func TestGetUpdatesAllowedUpdatesAndExpiry(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	e := newEnv(t, Options{Clock: clock.Now})
	u := e.sim.AddUser(User{FirstName: "Ann"})
	e.call(t, "getUpdates", map[string]any{"allowed_updates": []string{"callback_query"}})
	if _, err := e.sim.SendText(u.ID, u.ID, "ignored"); err != nil {
		t.Fatal(err)
	}
	if got := updateIDs(t, e.call(t, "getUpdates", nil)); len(got) != 0 {
		t.Errorf("a message arrived although only callback queries are allowed: %v", got)
	}
	e.call(t, "getUpdates", map[string]any{"allowed_updates": []string{}})
	if _, err := e.sim.SendText(u.ID, u.ID, "old"); err != nil {
		t.Fatal(err)
	}
	clock.Advance(25 * time.Hour)
	if got := updateIDs(t, e.call(t, "getUpdates", nil)); len(got) != 0 {
		t.Errorf("an update older than 24 hours was kept: %v", got)
	}
}

func TestLongPollReturnsWhenAnUpdateArrives(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	u := e.sim.AddUser(User{FirstName: "Ann"})
	res := e.async(ctxTimeout(t), "getUpdates", map[string]any{"timeout": 50})
	waitPolling(t, e.sim)
	if _, err := e.sim.SendText(u.ID, u.ID, "wake up"); err != nil {
		t.Fatal(err)
	}
	select {
	case a := <-res:
		if ids := updateIDs(t, a); len(ids) != 1 {
			t.Errorf("long poll returned %v", ids)
		}
	case <-ctxTimeout(t).Done():
		t.Fatal("the long poll did not return on a new update")
	}
}

func TestLongPollTimesOutEmpty(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	if ids := updateIDs(t, e.call(t, "getUpdates", map[string]any{"timeout": 1})); len(ids) != 0 {
		t.Errorf("empty long poll = %v", ids)
	}
}

func TestGetUpdatesConflicts(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	first := e.async(ctxTimeout(t), "getUpdates", map[string]any{"timeout": 50})
	waitPolling(t, e.sim)
	second := e.async(ctxTimeout(t), "getUpdates", map[string]any{"timeout": 50})
	select {
	case a := <-first:
		wantError(t, a, http.StatusConflict, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
	case <-ctxTimeout(t).Done():
		t.Fatal("the first long poll was not terminated")
	}
	waitPolling(t, e.sim)
	if a := e.call(t, "setWebhook", map[string]any{"url": "https://example.com/hook"}); !a.OK {
		t.Fatalf("setWebhook: %s", a.Description)
	}
	select {
	case a := <-second:
		wantError(t, a, http.StatusConflict, "Conflict: terminated by setWebhook request")
	case <-ctxTimeout(t).Done():
		t.Fatal("setWebhook did not end the long poll")
	}
	wantError(t, e.call(t, "getUpdates", nil), http.StatusConflict,
		"Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
}
