package telegramsim

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// hookCall is one request the webhook received.
type hookCall struct {
	secret string
	update models.Update
}

func TestWebhookRedeliversUntilConfirmed(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	e := newEnv(t, Options{Clock: clock.Now, WebhookRetryDelay: 5 * time.Millisecond, LoopbackWebhooks: true})
	calls := make(chan hookCall, 10)
	release := make(chan struct{})
	var n atomic.Int32
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var c hookCall
		c.secret = r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
		body, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(body, &c.update)
		calls <- c
		if n.Add(1) == 1 {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		<-release
	}))
	t.Cleanup(hook.Close)
	ctx := ctxTimeout(t)

	ok, err := e.bot.SetWebhook(ctx, &bot.SetWebhookParams{URL: hook.URL, SecretToken: "s3cret"})
	if !ok || err != nil {
		t.Fatalf("SetWebhook = %v, %v", ok, err)
	}
	u := e.sim.AddUser(User{FirstName: "Ann"})
	if _, err := e.sim.SendText(u.ID, u.ID, "hello"); err != nil {
		t.Fatal(err)
	}
	var got []hookCall
	for range 2 {
		select {
		case c := <-calls:
			got = append(got, c)
		case <-ctx.Done():
			t.Fatalf("webhook called %d times, want 2", len(got))
		}
	}
	for _, c := range got {
		if c.secret != "s3cret" || c.update.Message == nil || c.update.Message.Text != "hello" || c.update.ID != got[0].update.ID {
			t.Errorf("webhook request = %+v", c)
		}
	}
	info, err := e.bot.GetWebhookInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.URL != hook.URL || info.PendingUpdateCount != 1 || info.LastErrorMessage != "Wrong response from the webhook: 500 Internal Server Error" || info.LastErrorDate != int(clock.Now().Unix()) {
		t.Errorf("webhook info while failing = %+v", info)
	}
	close(release)
	if err := e.sim.waitFor(ctx, func() bool { return len(e.sim.upd.pending) == 0 }); err != nil {
		t.Fatalf("the update was not confirmed: %v", err)
	}
	if _, err := e.bot.DeleteWebhook(ctx, &bot.DeleteWebhookParams{}); err != nil {
		t.Fatal(err)
	}
	if a := e.call(t, "getUpdates", nil); !a.OK || string(a.Result) != "[]" {
		t.Errorf("after deleteWebhook getUpdates = %d %s %s", a.Status, a.Description, a.Result)
	}
}

func TestSetWebhookChecksURLAndSecret(t *testing.T) {
	t.Parallel()
	const (
		needHTTPS = "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
		badPort   = "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"
		badURL    = "Bad Request: invalid webhook URL specified"
	)
	strict := newEnv(t, Options{})
	local := newEnv(t, Options{LoopbackWebhooks: true})
	tests := []struct {
		e      *env
		params map[string]any
		want   string // "" for success
	}{
		{strict, map[string]any{"url": "https://example.com/hook"}, ""},
		{strict, map[string]any{"url": "https://example.com:443/hook"}, ""},
		{strict, map[string]any{"url": "https://example.com:8443/hook"}, ""},
		{strict, map[string]any{"url": "https://example.com:88/hook"}, ""},
		{strict, map[string]any{"url": "https://example.com:80/hook"}, ""},
		{strict, map[string]any{"url": "HTTPS://example.com/hook"}, ""},
		{strict, map[string]any{"url": "http://example.com/hook"}, needHTTPS},
		{strict, map[string]any{"url": "http://example.com:8443/hook"}, needHTTPS},
		{strict, map[string]any{"url": "https://example.com:8080/hook"}, badPort},
		{strict, map[string]any{"url": "https://example.com:444/hook"}, badPort},
		{strict, map[string]any{"url": "ftp://example.com/hook"}, badURL},
		{strict, map[string]any{"url": "https:///hook"}, badURL},
		{strict, map[string]any{"url": "example.com/hook"}, ""}, // read as HTTPS, as Telegram reads it
		{strict, map[string]any{"url": "example.com:8080/hook"}, badPort},
		// A webhook on this machine needs the simulator's option.
		{strict, map[string]any{"url": "http://127.0.0.1:8080/hook"}, needHTTPS},
		{strict, map[string]any{"url": "https://localhost:9443/hook"}, badPort},
		{local, map[string]any{"url": "http://127.0.0.1:8080/hook"}, ""},
		{local, map[string]any{"url": "http://[::1]:8080/hook"}, ""},
		{local, map[string]any{"url": "https://localhost:9443/hook"}, ""},
		{local, map[string]any{"url": "http://example.com/hook"}, needHTTPS},
		{local, map[string]any{"url": "https://example.com:8080/hook"}, badPort},
		{strict, map[string]any{"url": "https://example.com/hook", "secret_token": "no spaces"}, "Bad Request: secret token contains unallowed characters"},
	}
	for _, tc := range tests {
		a := tc.e.call(t, "setWebhook", tc.params)
		if tc.want == "" {
			if !a.OK {
				t.Errorf("setWebhook %v: %d %q, want it accepted", tc.params, a.ErrorCode, a.Description)
			}
			continue
		}
		if a.OK || a.ErrorCode != http.StatusBadRequest || a.Description != tc.want {
			t.Errorf("setWebhook %v: ok=%v %d %q, want 400 %q", tc.params, a.OK, a.ErrorCode, a.Description, tc.want)
		}
	}
	for _, e := range []*env{strict, local} {
		if a := e.call(t, "deleteWebhook", nil); !a.OK {
			t.Fatalf("deleteWebhook: %s", a.Description)
		}
	}
}
