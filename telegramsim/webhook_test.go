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
	e := newEnv(t, Options{Clock: clock.Now, WebhookRetryDelay: 5 * time.Millisecond})
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
	e := newEnv(t, Options{})
	tests := []struct {
		params map[string]any
		want   string
	}{
		{map[string]any{"url": "http://example.com/hook"}, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"},
		{map[string]any{"url": "https://example.com/hook", "secret_token": "no spaces"}, "Bad Request: secret token contains unallowed characters"},
	}
	for _, tc := range tests {
		wantError(t, e.call(t, "setWebhook", tc.params), http.StatusBadRequest, tc.want)
	}
}
