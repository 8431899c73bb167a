package main

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/telegramsim"
)

// Telegram failing while the bot answers does not lose the answer: the
// dialogue step is saved, and the answers are sent once Telegram is back.
func TestAnswersSurviveTelegramFailing(t *testing.T) {
	t.Parallel()
	var failing atomic.Bool
	failed := make(chan struct{}, 64)
	failing.Store(true)
	h := startService(t, harnessOpts{api: func(sim http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if failing.Load() && strings.HasSuffix(r.URL.Path, "/sendMessage") {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadGateway)
				_, _ = w.Write([]byte(`{"ok":false,"error_code":502,"description":"Bad Gateway"}`))
				select {
				case failed <- struct{}{}:
				default:
				}
				return
			}
			sim.ServeHTTP(w, r)
		})
	}})
	d := h.driver(t, telegramsim.User{FirstName: "Anna", LanguageCode: "en"})
	if err := d.Send("/start"); err != nil {
		t.Fatal(err)
	}
	// Every try of the first answer fails (the sender's own retries).
	for range 4 {
		select {
		case <-failed:
		case <-time.After(20 * time.Second):
			t.Fatal("the service never tried to answer")
		}
	}
	failing.Store(false)
	must(t, d, "conversation.ask_category")

	var welcomes int
	for _, e := range h.sim.Transcript(d.User.ID) {
		if e.FromBot && strings.Contains(e.Message.Text, d.Fragment("conversation.welcome")) {
			welcomes++
		}
	}
	if welcomes != 1 {
		t.Fatalf("%d welcomes, want 1\n%s", welcomes, d.Transcript())
	}
}
