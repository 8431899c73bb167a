package telegramsim

import (
	"context"
	"errors"
	"maps"
	"testing"
	"time"

	"github.com/go-telegram/bot"
)

// send sends a text through the library and returns the flood wait it got
// (0 when the message went through).
func send(t *testing.T, e *env, chatID int64) int {
	t.Helper()
	_, err := e.bot.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: chatID, Text: "x"})
	var tooMany *bot.TooManyRequestsError
	switch {
	case errors.As(err, &tooMany):
		return tooMany.RetryAfter
	case err != nil:
		t.Fatalf("SendMessage: %v", err)
	}
	return 0
}

func TestPerChatLimit(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	e := newEnv(t, Options{Clock: clock.Now, RateLimits: true})
	u := e.startedUser(t, "Ann")
	for i := range chatBurst {
		if wait := send(t, e, u.ID); wait != 0 {
			t.Fatalf("message %d of the burst refused, retry after %d", i+1, wait)
		}
	}
	if wait := send(t, e, u.ID); wait != 1 {
		t.Errorf("message past the burst: retry after %d, want 1", wait)
	}
	clock.Advance(time.Second)
	if wait := send(t, e, u.ID); wait != 0 {
		t.Errorf("a second later: retry after %d, want success", wait)
	}
	if st := e.sim.Stats(); st.TooManyRequests != 1 || st.Calls["sendMessage"] != chatBurst+2 || !maps.Equal(st.TooManyBy, map[string]int{"chat": 1}) {
		t.Errorf("stats = %+v", st)
	}
}

func TestPerGroupLimit(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	e := newEnv(t, Options{Clock: clock.Now, RateLimits: true})
	staff := e.sim.AddUser(User{FirstName: "Olga"})
	g := e.sim.AddGroup(Group{Members: []int64{staff.ID}, BotIsAdmin: true})
	for i := range groupPerMinute {
		if wait := send(t, e, g.ID); wait != 0 {
			t.Fatalf("group message %d refused, retry after %d", i+1, wait)
		}
		clock.Advance(time.Second)
	}
	// 20 messages in the last 20 seconds: the first leaves the window 40s on.
	if wait := send(t, e, g.ID); wait != 40 {
		t.Errorf("21st message in a minute: retry after %d, want 40", wait)
	}
	if by := e.sim.Stats().TooManyBy; by["group"] != 1 || by["overall"] != 0 {
		t.Errorf("429s by limit %v, want the group's one", by)
	}
	clock.Advance(40 * time.Second)
	if wait := send(t, e, g.ID); wait != 0 {
		t.Errorf("after the wait: retry after %d", wait)
	}
}

func TestOverallLimitAndSwitchingOff(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	e := newEnv(t, Options{Clock: clock.Now, RateLimits: true})
	users := make([]User, globalPerSecond+1)
	for i := range users {
		users[i] = e.startedUser(t, "U")
	}
	for _, u := range users[:globalPerSecond] {
		if wait := send(t, e, u.ID); wait != 0 {
			t.Fatalf("message to a fresh chat refused, retry after %d", wait)
		}
	}
	if wait := send(t, e, users[globalPerSecond].ID); wait != 1 {
		t.Errorf("31st message in a second: retry after %d, want 1", wait)
	}
	if by := e.sim.Stats().TooManyBy; !maps.Equal(by, map[string]int{"overall": 1}) {
		t.Errorf("429s by limit %v, want the overall one", by)
	}
	e.sim.SetRateLimits(false)
	for range 2 * chatBurst {
		if wait := send(t, e, users[0].ID); wait != 0 {
			t.Fatalf("limits off but refused, retry after %d", wait)
		}
	}
}

func TestEditsAndCallbacksSpareGroupLimit(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	e := newEnv(t, Options{Clock: clock.Now, RateLimits: true})
	staff := e.sim.AddUser(User{FirstName: "Olga"})
	g := e.sim.AddGroup(Group{Members: []int64{staff.ID}, BotIsAdmin: true})
	m, err := e.bot.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: g.ID, Text: "card"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range groupPerMinute {
		clock.Advance(time.Second)
		_, err := e.bot.EditMessageText(context.Background(), &bot.EditMessageTextParams{ChatID: g.ID, MessageID: m.ID, Text: "card " + itoa(int64(i))})
		if err != nil {
			t.Fatalf("edit %d: %v", i, err)
		}
	}
	clock.Advance(time.Second)
	if wait := send(t, e, g.ID); wait != 0 {
		t.Errorf("edits counted towards the group limit: retry after %d", wait)
	}
}
