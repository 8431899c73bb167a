package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/complaintbot/complaintbot/bot/intake"
	"github.com/complaintbot/complaintbot/internal/redistest"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// Requests to the running service's webhook that are not Telegram's, or
// not updates, are refused with their status, are not stored, and are not
// answered: the customer they claim to come from hears only the answer to
// the message they really sent.
func TestWebhookRefusesAbuse(t *testing.T) {
	t.Parallel()
	h := startService(t, harnessOpts{webhook: true})
	anna := h.sim.AddUser(telegramsim.User{FirstName: "Anna", LanguageCode: "en"})
	hook := h.cfg.WebhookURL

	// forged is a text update from Anna's chat, with an update_id far from
	// the simulator's.
	forged := func(id int64) []byte {
		return fmt.Appendf(nil, `{"update_id":%d,"message":{"message_id":%d,"date":1700000000,`+
			`"chat":{"id":%d,"type":"private","first_name":"Anna"},"from":{"id":%d,"is_bot":false,"first_name":"Anna"},"text":"/start"}}`,
			id, id, anna.ID, anna.ID)
	}
	const base = 1 << 40
	cases := []struct {
		name     string
		method   string
		secret   string
		body     []byte
		status   int
		updateID int64 // the update_id it carries, if any
	}{
		{"no secret", http.MethodPost, "", forged(base + 1), http.StatusUnauthorized, base + 1},
		{"wrong secret", http.MethodPost, "s3cret-for-test", forged(base + 2), http.StatusUnauthorized, base + 2},
		{"a valid update of 10 MB", http.MethodPost, h.cfg.WebhookSecret, padded(forged(base+3), 10<<20), http.StatusRequestEntityTooLarge, base + 3},
		{"invalid JSON", http.MethodPost, h.cfg.WebhookSecret, forged(base + 4)[:60], http.StatusBadRequest, base + 4},
		{"JSON but no update", http.MethodPost, h.cfg.WebhookSecret, []byte(`{"ok":true,"result":[]}`), http.StatusBadRequest, 0},
		{"an array of updates", http.MethodPost, h.cfg.WebhookSecret, []byte(`[` + string(forged(base+5)) + `]`), http.StatusBadRequest, base + 5},
		{"GET", http.MethodGet, h.cfg.WebhookSecret, nil, http.StatusMethodNotAllowed, 0},
	}
	for _, tc := range cases {
		req, err := http.NewRequest(tc.method, hook, bytes.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		if tc.secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", tc.secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, resp.StatusCode, tc.status)
		}
	}

	// Anna's real message is answered; once the service has settled every
	// update there is, nothing else has been sent her.
	h.say(t, anna.ID, "hello")
	h.quiet(t)
	answers := 0
	for _, e := range h.sim.Transcript(anna.ID) {
		if e.FromBot {
			answers++
		}
	}
	if answers != 1 {
		t.Errorf("Anna got %d answers to one message; transcript:\n%v", answers, h.sim.Transcript(anna.ID))
	}
	rdb, _ := redistest.New(t)
	marks := intake.New(rdb, intake.Config{Prefix: h.cfg.RedisPrefix})
	seen := func(id int64) bool {
		ok, err := marks.Seen(context.Background(), id)
		return err == nil && ok
	}
	if !seen(h.sim.LastUpdateID()) {
		t.Fatalf("Anna's message is not marked seen: the check below would see nothing")
	}
	for _, tc := range cases {
		if tc.updateID == 0 {
			continue
		}
		if seen(tc.updateID) {
			t.Errorf("%s: update %d was stored", tc.name, tc.updateID)
		}
	}
}

// padded is the update with a field of n bytes added: still an update,
// only too large.
func padded(update []byte, n int) []byte {
	b := append([]byte(nil), update[:len(update)-1]...) // without its closing brace
	b = append(b, `,"pad":"`...)
	b = append(b, bytes.Repeat([]byte("a"), n)...)
	return append(b, `"}`...)
}
