package main

import (
	"cmp"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/internal/redistest"
	"github.com/complaintbot/complaintbot/internal/testworld"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
)

const testToken = "7000000002:service-test-simulated-token"

// harness runs the real service wiring against the simulator, on a database
// schema and Redis prefix of the test's own.
type harness struct {
	stopService func() error
	sim         *telegramsim.Server
	staff       telegramsim.Group
	// The shop's people in the staff group: the owner, who created it,
	// and two staff members.
	owner, li, wang telegramsim.User
	cfg             *config
	// listener is the service's port, open until the service takes it.
	listener net.Listener
	// heard is what the service signalled it has done.
	heard *heard
	http  string         // the service's HTTP base URL
	store *tickets.Store // opened by ticketStore
	pool  *pgxpool.Pool  // the store's
	logs  io.Writer      // the service's log; nil: discarded
}

type harnessOpts struct {
	webhook bool
	// api, when set, stands between the service and the simulator (to
	// inject Telegram's failures).
	api func(sim http.Handler) http.Handler
	// plainGroup makes the staff group an ordinary supergroup rather than
	// a forum.
	plainGroup bool
	// rateLimits turns on Telegram's flood limits in the simulator.
	rateLimits bool
	// clock, when set, is the service's clock.
	clock *testworld.Clock
	// databaseURL, when set, is the service's PostgreSQL (through a proxy
	// the test can cut) instead of a schema of its own.
	databaseURL string
	// redisURL, when set, is the service's Redis (a server of the test's
	// own, or the shared one through a proxy the test can cut) instead of
	// the shared one; redisPrefix, when set, its keys' prefix.
	redisURL, redisPrefix string
	// leaseTTL, when set, is the TTL of the intake's leases.
	leaseTTL time.Duration
	// logs, when set, receives the service's log (else it is discarded),
	// in cfg.LogFormat.
	logs io.Writer
	// configure, when set, changes the configuration before the start.
	configure func(*config)
}

func startService(t *testing.T, o harnessOpts) *harness {
	t.Helper()
	// LoopbackWebhooks: in webhook mode the service listens on 127.0.0.1
	// over plain HTTP, which Telegram itself would refuse.
	sim, err := telegramsim.New(telegramsim.Options{Token: testToken, BotUsername: "ShopDeskBot", WebhookRetryDelay: 50 * time.Millisecond,
		RateLimits: o.rateLimits, LoopbackWebhooks: true})
	if err != nil {
		t.Fatal(err)
	}
	var front http.Handler = sim
	if o.api != nil {
		front = o.api(sim)
	}
	ts := httptest.NewServer(front)
	t.Cleanup(ts.Close)
	redisURL, prefix := o.redisURL, cmp.Or(o.redisPrefix, "complaintbot:")
	if redisURL == "" {
		redisURL = redistest.URL()
		_, prefix = redistest.New(t)
	}

	// The service's port is opened here and handed over open, so that the
	// webhook's URL is known before the service starts and no other test
	// can take the port in between.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	h := &harness{sim: sim, http: "http://" + addr, listener: ln}
	people := testworld.AddPeople(sim, o.plainGroup)
	h.owner, h.li, h.wang, h.staff = people.Owner, people.Li, people.Wang, people.Staff
	databaseURL := o.databaseURL
	if databaseURL == "" {
		databaseURL = pgtest.NewURL(t)
	}
	h.cfg = &config{
		Token: testToken, APIURL: ts.URL,
		StaffChatID: h.staff.ID, OwnerIDs: []int64{h.owner.ID}, StaffIDs: []int64{h.li.ID, h.wang.ID}, AdminsAreStaff: true,
		StaffLang: "en", Signature: "name",
		DatabaseURL: databaseURL, RedisURL: redisURL, RedisPrefix: prefix,
		HTTPAddr: addr, LogLevel: slog.LevelInfo,
	}
	if o.clock != nil {
		h.cfg.clock = o.clock.Now
	}
	h.cfg.leaseTTL = o.leaseTTL
	// Without the simulator's limits there is nothing to pace for.
	h.cfg.unpaced = !o.rateLimits
	h.heard = newHeard()
	h.cfg.signals = h.heard.signals()
	if o.webhook {
		h.cfg.WebhookURL = h.http + "/telegram/hook"
		h.cfg.WebhookSecret = "s3cret-for-tests"
	}

	h.logs = o.logs
	if o.configure != nil {
		o.configure(h.cfg)
	}
	h.start(t)
	t.Cleanup(func() { h.stop(t) })
	return h
}

// start runs the service; stop stops it. A test may stop and start it
// again, as a deployment restarting mid-conversation does.
func (h *harness) start(t *testing.T) {
	t.Helper()
	if h.listener == nil {
		// A restart: the port is the one the service had.
		ln, err := net.Listen("tcp", h.cfg.HTTPAddr)
		if err != nil {
			t.Fatalf("the service's port again: %v", err)
		}
		h.listener = ln
	}
	h.cfg.listener, h.listener = h.listener, nil
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan struct{})
	done := make(chan error, 1)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if h.logs != nil {
		logger = newLogger(h.logs, h.cfg.LogLevel, h.cfg.LogFormat)
	}
	go func() { done <- serve(ctx, h.cfg, logger, func() { close(ready) }) }()
	h.stopService = func() error {
		cancel()
		return <-done
	}
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("service did not start: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("service did not start within 30s")
	}
}

func (h *harness) stop(t *testing.T) {
	t.Helper()
	if h.stopService == nil {
		return
	}
	if err := h.stopService(); err != nil {
		t.Errorf("service stopped with: %v", err)
	}
	h.stopService = nil
}

// say sends text as the user and returns the bot's answer.
func (h *harness) say(t *testing.T, userID int64, text string) string {
	t.Helper()
	last := 0
	if tr := h.sim.Transcript(userID); len(tr) > 0 {
		last = tr[len(tr)-1].Message.ID
	}
	if _, err := h.sim.SendText(userID, userID, text); err != nil {
		t.Fatalf("send %q: %v", text, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	m, err := h.sim.WaitBotMessage(ctx, userID, last+1)
	if err != nil {
		t.Fatalf("no answer to %q: %v", text, err)
	}
	return m.Text
}

func TestServiceAnswersInBothModes(t *testing.T) {
	t.Parallel()
	for _, mode := range []struct {
		name    string
		webhook bool
	}{{"long polling", false}, {"webhook", true}} {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			h := startService(t, harnessOpts{webhook: mode.webhook})
			anna := h.sim.AddUser(telegramsim.User{FirstName: "Anna", LanguageCode: "en"})
			ming := h.sim.AddUser(telegramsim.User{FirstName: "小明", LanguageCode: "zh-hans"})
			if got := h.say(t, anna.ID, "/start"); !strings.Contains(got, "after-sales") {
				t.Errorf("English customer got %q", got)
			}
			if got := h.say(t, ming.ID, "/start"); !strings.Contains(got, "售后") {
				t.Errorf("Chinese customer got %q", got)
			}
		})
	}
}

func TestServiceHandlesADuplicateDeliveryOnce(t *testing.T) {
	t.Parallel()
	h := startService(t, harnessOpts{})
	anna := h.sim.AddUser(telegramsim.User{FirstName: "Anna", LanguageCode: "en"})
	h.say(t, anna.ID, "hello")
	// Telegram delivers the same update again; a later message then shows
	// the service has caught up: the duplicate must not have been answered.
	if err := h.sim.InjectDuplicate(h.sim.LastUpdateID()); err != nil {
		t.Fatal(err)
	}
	h.say(t, anna.ID, "second message")
	var botAnswers int
	for _, e := range h.sim.Transcript(anna.ID) {
		if e.FromBot {
			botAnswers++
		}
	}
	if botAnswers != 2 {
		t.Fatalf("bot answered %d times to 2 messages and 1 duplicate delivery; transcript:\n%v", botAnswers, h.sim.Transcript(anna.ID))
	}
}

func TestHealthAndReadiness(t *testing.T) {
	t.Parallel()
	h := startService(t, harnessOpts{})
	// A customer answered: the intake has taken its partitions.
	anna := h.sim.AddUser(telegramsim.User{FirstName: "Anna", LanguageCode: "en"})
	h.say(t, anna.ID, "hello")
	for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
		resp, err := http.Get(h.http + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d %s", path, resp.StatusCode, body)
		}
	}
}

// heard keeps what the service signalled: the updates it has settled, and
// a poke at every update settled and job done.
type heard struct {
	mu      sync.Mutex
	settled map[int64]bool
	poke    chan struct{}
}

func newHeard() *heard {
	return &heard{settled: map[int64]bool{}, poke: make(chan struct{}, 1)}
}

func (w *heard) signals() *signals {
	return &signals{
		settled: func(id int64) {
			w.mu.Lock()
			w.settled[id] = true
			w.mu.Unlock()
			w.nudge()
		},
		jobEvent: func(*river.Event) { w.nudge() },
	}
}

func (w *heard) nudge() {
	select {
	case w.poke <- struct{}{}:
	default:
	}
}

// unsettled counts the updates up to last the service has not settled.
func (w *heard) unsettled(last int64) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for id := int64(1); id <= last; id++ {
		if !w.settled[id] {
			n++
		}
	}
	return n
}

// quiet returns once the service has settled every update the simulator
// has made so far and no follow-up job is left to run: everything the
// test did up to now has had its effect. It is woken by the service's
// signals, and fails the test if they stop before it is quiet.
func (h *harness) quiet(t *testing.T) {
	t.Helper()
	timeout := time.NewTimer(testworld.Bound)
	defer timeout.Stop()
	for {
		updates := h.heard.unsettled(h.sim.LastUpdateID())
		jobs := h.pendingJobs(t)
		if updates == 0 && jobs == 0 {
			return
		}
		select {
		case <-h.heard.poke:
		case <-timeout.C:
			t.Fatalf("the service is not quiet: %d updates unsettled, %d jobs to run", updates, jobs)
		}
	}
}

// pendingJobs counts the follow-up jobs left to run, leaving out those
// planned days ahead (a nudge, a return's reminder).
func (h *harness) pendingJobs(t *testing.T) int {
	t.Helper()
	var n int
	h.ticketStore(t)
	if err := h.pool.QueryRow(context.Background(),
		`SELECT count(*) FROM river_job WHERE state NOT IN ('completed', 'cancelled', 'discarded')
		   AND NOT (state = 'scheduled' AND scheduled_at > now() + interval '1 minute')`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
