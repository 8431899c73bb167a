package main

import (
	"bytes"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/complaintbot/complaintbot/telegramsim"
)

// heldChatAPI stands between the service and the simulator and holds the
// bot's first sendMessage to one chat until released: the update it
// answers is then in hand, neither answered nor lost.
type heldChatAPI struct {
	next    http.Handler
	chat    atomic.Int64
	held    chan struct{} // closed once the message is held
	release chan struct{} // closed to let it through
	once    sync.Once
}

func (a *heldChatAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if chat := a.chat.Load(); chat != 0 && strings.HasSuffix(r.URL.Path, "/sendMessage") {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if bytes.Contains(body, []byte(strconv.FormatInt(chat, 10))) {
			first := false
			a.once.Do(func() { first = true })
			if first {
				close(a.held)
				<-a.release
			}
		}
	}
	a.next.ServeHTTP(w, r)
}

// A stop with an update in hand: the webhook refuses new updates with 503
// at once, the update in hand is finished and answered, every step of the
// stop ends within SHUTDOWN_TIMEOUT and in order, and after a restart the
// update Telegram could not deliver meanwhile is answered, each customer
// once.
func TestStopFinishesWhatItTookAndRefusesTheRest(t *testing.T) {
	t.Parallel()
	for _, mode := range []struct {
		name    string
		webhook bool
	}{{"webhook", true}, {"long polling", false}} {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			testStop(t, mode.webhook)
		})
	}
}

// testStop is TestStopFinishesWhatItTookAndRefusesTheRest in one mode. In
// long polling the poller stops asking instead of answering 503; what
// Chen writes meanwhile waits with Telegram all the same.
func testStop(t *testing.T, webhook bool) {
	api := &heldChatAPI{held: make(chan struct{}), release: make(chan struct{})}
	var mu sync.Mutex
	var steps []string // of the first stop; the restarted service stops again at the end
	refusing := make(chan struct{})
	h := startService(t, harnessOpts{
		webhook: webhook,
		api:     func(sim http.Handler) http.Handler { api.next = sim; return api },
		configure: func(c *config) {
			c.signals.stopStep = func(name string, clean bool) {
				mu.Lock()
				defer mu.Unlock()
				if slices.Contains(steps, "stopped") {
					return
				}
				steps = append(steps, name+map[bool]string{true: "", false: " (cut short)"}[clean])
				if name == "refusing" {
					close(refusing)
				}
			}
		},
	})
	anna := h.sim.AddUser(telegramsim.User{FirstName: "Anna", LanguageCode: "en"})
	boris := h.sim.AddUser(telegramsim.User{FirstName: "Boris", LanguageCode: "en"})
	chen := h.sim.AddUser(telegramsim.User{FirstName: "Chen", LanguageCode: "en"})
	h.say(t, anna.ID, "hello")

	// Boris's answer is held: his update is in hand when the stop begins.
	api.chat.Store(boris.ID)
	if _, err := h.sim.SendText(boris.ID, boris.ID, "hello"); err != nil {
		t.Fatal(err)
	}
	<-api.held
	stopped := make(chan error, 1)
	go func() { stopped <- h.stopService() }()
	<-refusing

	// From now on an update is refused, not taken: Telegram keeps it.
	if webhook {
		req, err := http.NewRequest(http.MethodPost, h.cfg.WebhookURL, strings.NewReader(`{"update_id": 999999}`))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", h.cfg.WebhookSecret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("webhook while stopping = %d, want 503", resp.StatusCode)
		}
	}
	// Chen writes meanwhile: the simulator's deliveries meet the same 503
	// and are retried until the service is back.
	if _, err := h.sim.SendText(chen.ID, chen.ID, "hello"); err != nil {
		t.Fatal(err)
	}
	if got := getStatus(t, h, "/readyz"); got != http.StatusServiceUnavailable {
		t.Errorf("/readyz while stopping = %d, want 503", got)
	}

	close(api.release)
	if err := <-stopped; err != nil {
		t.Fatalf("the stop failed: %v", err)
	}
	h.stopService = nil
	mu.Lock()
	got := slices.Clone(steps)
	mu.Unlock()
	want := []string{"refusing", "updates", "outbox", "jobs", "http", "stopped"}
	if !slices.Equal(got, want) {
		t.Errorf("the stop went %q, want %q, each in time", got, want)
	}
	// Boris was answered before the process went, not by the next one.
	if n := botMessages(h.sim, boris.ID); n != 1 {
		t.Errorf("Boris has %d answers once stopped, want 1", n)
	}

	h.start(t)
	h.quiet(t)
	for _, u := range []telegramsim.User{anna, boris, chen} {
		if n := botMessages(h.sim, u.ID); n != 1 {
			t.Errorf("%s got %d answers to one message, want 1:\n%v", u.FirstName, n, h.sim.Transcript(u.ID))
		}
	}
}

func botMessages(sim *telegramsim.Server, chatID int64) int {
	n := 0
	for _, e := range sim.Transcript(chatID) {
		if e.FromBot {
			n++
		}
	}
	return n
}

func getStatus(t *testing.T, h *harness, path string) int {
	t.Helper()
	resp, err := http.Get(h.http + path)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
