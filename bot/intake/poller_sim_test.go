package intake

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/complaintbot/complaintbot/telegramsim"
)

// simUnconfirmed asks the simulator, as a bot would, how many updates it still
// holds unconfirmed (getWebhookInfo's pending_update_count).
func simUnconfirmed(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Post(url+"/bot"+testToken+"/getWebhookInfo", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatalf("getWebhookInfo: %v", err)
	}
	defer resp.Body.Close()
	var ans struct {
		OK     bool               `json:"ok"`
		Result models.WebhookInfo `json:"result"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil || !ans.OK {
		t.Fatalf("getWebhookInfo: %v %+v", err, ans)
	}
	return ans.Result.PendingUpdateCount
}

func TestPollerAgainstSimulator(t *testing.T) {
	t.Parallel()
	sim, err := telegramsim.New(telegramsim.Options{Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)

	rdb, prefix := newIntakeTestRedis(t)
	reg := prometheus.NewRegistry()
	in := New(rdb, Config{Prefix: prefix, Partitions: 4, Metrics: reg})
	ann := sim.AddUser(telegramsim.User{FirstName: "Ann", LanguageCode: "en"})
	bob := sim.AddUser(telegramsim.User{FirstName: "Bob", LanguageCode: "zh"})
	for _, u := range []telegramsim.User{ann, bob, ann} {
		if _, err := sim.SendText(u.ID, u.ID, "my kettle arrived broken"); err != nil {
			t.Fatal(err)
		}
	}

	// The poller dies right after storing the third update.
	ctx, cancel := context.WithCancel(context.Background())
	rdb.AddHook(&storeCounter{after: func(n int32) {
		if n == 3 {
			cancel()
		}
	}})
	cfg := PollerConfig{ServerURL: srv.URL, Token: testToken, Timeout: time.Second, Backoff: 10 * time.Millisecond}
	if err := NewPoller(in, cfg).Run(ctx); err != nil {
		t.Fatal(err)
	}
	if n := streamLen(t, in); n != 3 {
		t.Fatalf("%d stored, want 3", n)
	}
	if n := simUnconfirmed(t, srv.URL); n != 3 {
		t.Fatalf("simulator holds %d unconfirmed updates after the crash, want 3", n)
	}

	// Restarted, the poller gets the three again and drops them; a
	// redelivered update is dropped too; a new message is stored.
	runTestPoller(t, NewPoller(in, cfg))
	waitForIntake(t, in, 5*time.Second, "old batch confirmed", func() bool { return simUnconfirmed(t, srv.URL) == 0 })
	if err := sim.InjectDuplicate(sim.LastUpdateID()); err != nil {
		t.Fatal(err)
	}
	waitForIntake(t, in, 5*time.Second, "redelivery dropped", func() bool {
		return gatherIntakeMetrics(t, reg)["complaintbot_intake_duplicates_total"] == 4
	})
	if _, err := sim.SendText(bob.ID, bob.ID, "order 1234"); err != nil {
		t.Fatal(err)
	}
	waitForIntake(t, in, 5*time.Second, "new message stored", func() bool { return streamLen(t, in) == 4 })
	waitForIntake(t, in, 5*time.Second, "new message confirmed", func() bool { return simUnconfirmed(t, srv.URL) == 0 })

	// What the dispatcher hands over is the simulator's update, in order.
	log := newIntakeHandlingLog()
	startTestDispatcher(t, in, log.handler(0), testDispatcherConfig("r"))
	waitForIntake(t, in, 5*time.Second, "handled", func() bool { return log.handled() == 4 })
	log.mu.Lock()
	defer log.mu.Unlock()
	if got := log.order[ann.ID]; len(got) != 2 || len(log.order[bob.ID]) != 2 {
		t.Fatalf("handled per chat: %v", log.order)
	}
	for id, c := range log.count {
		if c != 1 {
			t.Errorf("update %d handled %d times", id, c)
		}
	}
}
