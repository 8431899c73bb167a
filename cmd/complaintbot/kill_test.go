package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/internal/redistest"
	"github.com/complaintbot/complaintbot/internal/testworld"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// serviceEnv, set in a test binary's environment, makes the binary run the
// service instead of the tests: the crash tests start the test binary
// itself as the service, so that they can kill it for real.
const serviceEnv = "COMPLAINTBOT_TEST_RUN_SERVICE"

func TestMain(m *testing.M) {
	if os.Getenv(serviceEnv) == "1" {
		if armed := os.Getenv(killAtEnv); armed != "" {
			faultHook = killAt(armed)
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := run(ctx, []string{"run"}, os.Getenv, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// holdingAPI stands between the service and the simulator. Armed, it holds
// the next sendMessage — the service is then in the middle of a job, the
// message not yet with Telegram — and says so on held; the request never
// reaches the simulator.
type holdingAPI struct {
	next  http.Handler
	armed atomic.Bool
	held  chan struct{}
}

func (a *holdingAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasSuffix(r.URL.Path, "/sendMessage") && a.armed.CompareAndSwap(true, false) {
		// Read the body first: only then does the server notice the
		// client going away and end the request's context.
		_, _ = io.Copy(io.Discard, r.Body)
		a.held <- struct{}{}
		<-r.Context().Done() // until the service that sent it is killed
		return
	}
	a.next.ServeHTTP(w, r)
}

// A service killed with SIGKILL while it sends acknowledgements and cards
// loses none of them: whatever its jobs were sending when it died goes out
// once the service runs again.
func TestKilledServiceLosesNoAcknowledgementOrCard(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts the service several times")
	}
	t.Parallel()
	const customers, kills = 10, 5

	var api *holdingAPI
	sim, ts, people := childSim(t, func(sim *telegramsim.Server) http.Handler {
		api = &holdingAPI{next: sim, held: make(chan struct{})}
		return api
	})
	var users []telegramsim.User
	for i := range customers {
		u := sim.AddUser(telegramsim.User{FirstName: fmt.Sprintf("Customer%02d", i), LanguageCode: "en"})
		if _, err := sim.SendText(u.ID, u.ID, "hello"); err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}

	dbURL := pgtest.NewURL(t)
	env := childEnv(t, ts.URL, people, dbURL)
	var logs syncBuffer
	start := func() *exec.Cmd { t.Helper(); return startChild(t, env, &logs) }
	service := start()
	t.Cleanup(func() { _ = service.Process.Kill(); _ = service.Wait() })

	// Everyone greeted: the service is up and the customers may be written to.
	for _, u := range users {
		waitChat(t, sim, u.ID, "the greeting", func(*telegramsim.Entry) bool { return true })
	}

	pool, err := pgxpool.New(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	pol := policy.Default()
	store, err := tickets.NewStore(pool, pol, nil)
	if err != nil {
		t.Fatal(err)
	}
	refs := make([]string, customers)
	for i, u := range users {
		now := time.Now()
		purchased := now.AddDate(0, 0, -3)
		tk, _, err := store.File(context.Background(), tickets.NewTicket{
			SubmissionID: fmt.Sprint("kill-", i), ChatID: u.ID, UserID: u.ID, FirstName: u.FirstName, Lang: "en",
			Category: "apparel", OrderNo: fmt.Sprintf("SO2026120%04d", i), Purchased: purchased,
			Issue: policy.IssueFault, Description: "The seam split on the first day.", Outcome: policy.OutcomeRepair,
			Verdict: pol.Decide(policy.Facts{Category: "apparel", Issue: policy.IssueFault, Purchased: purchased}, now),
		})
		if err != nil {
			t.Fatal(err)
		}
		refs[i] = tk.Ref
	}

	// Kill the service in the middle of a send, again and again.
	for k := range kills {
		api.armed.Store(true)
		select {
		case <-api.held:
		case <-time.After(testworld.Bound):
			t.Fatalf("kill %d: no job sent anything to hold\n%s", k+1, logs.String())
		}
		if err := service.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_ = service.Wait()
		service = start()
	}

	// Every acknowledgement and every card arrives: the interrupted jobs
	// are rescued from the replicas that died.
	const within = 3 * time.Minute // a rescue waits out a dead replica's lease and grace
	for i, u := range users {
		waitChatWithin(t, sim, u.ID, within, "the acknowledgement of "+refs[i], func(e *telegramsim.Entry) bool {
			return strings.Contains(e.Message.Text, refs[i])
		})
	}
	for _, ref := range refs {
		waitChatWithin(t, sim, people.Staff.ID, within, "the card of "+ref, func(e *telegramsim.Entry) bool {
			return strings.Contains(e.Message.Text, ref)
		})
	}

	// Stopped gracefully, the service finishes what it has started. The
	// held sends never reached Telegram, so they are not repeated; a kill
	// may also catch another job between Telegram taking its message and
	// the job recording it, and that one goes out again: repeated, never
	// lost. Duplicates are counted, losses fail the test.
	if err := service.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := service.Wait(); err != nil {
		t.Fatalf("service stopped with %v\n%s", err, logs.String())
	}
	acks, cards := 0, 0
	for i, u := range users {
		n := countBot(sim, u.ID, refs[i])
		acks += n
		if n < 1 {
			t.Errorf("%s got no acknowledgement of %s", u.FirstName, refs[i])
		}
	}
	for _, ref := range refs {
		n := countBot(sim, people.Staff.ID, ref)
		cards += n
		if n < 1 {
			t.Errorf("the staff group has no card of %s", ref)
		}
	}
	// A kill between Telegram creating a topic and the desk recording it
	// leaves that topic behind: one topic per ticket across crashes is the
	// delivery work's to guarantee, so it is reported, not asserted, here.
	topics := len(sim.Topics(people.Staff.ID))
	t.Logf("%d customers, %d kills mid-send, %d tickets: %d acknowledgements and %d cards delivered, %d lost, %d duplicated; %d topics",
		customers, kills, len(refs), acks, cards, 2*customers-min(acks, customers)-min(cards, customers),
		max(acks-customers, 0)+max(cards-customers, 0), topics)
}

// countBot counts the bot's messages in a chat whose text contains s, forum
// topics' service messages left out.
func countBot(sim *telegramsim.Server, chatID int64, s string) int {
	n := 0
	for _, e := range testworld.BotEntries(sim, chatID) {
		if strings.Contains(e.Message.Text, s) {
			n++
		}
	}
	return n
}

func waitChat(t *testing.T, sim *telegramsim.Server, chatID int64, what string, match func(*telegramsim.Entry) bool) {
	t.Helper()
	waitChatWithin(t, sim, chatID, testworld.Bound, what, match)
}

// waitChatWithin waits for the bot's message in a chat that match accepts;
// the simulator signals each message as it arrives.
func waitChatWithin(t *testing.T, sim *telegramsim.Server, chatID int64, within time.Duration, what string, match func(*telegramsim.Entry) bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	if _, err := sim.WaitEntry(ctx, chatID, func(e telegramsim.Entry) bool { return e.FromBot && match(&e) }); err != nil {
		t.Fatalf("chat %d: %s: %v\n%s", chatID, what, err, transcriptOf(sim, chatID))
	}
}

// syncBuffer collects the service's log from its two pipes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// childSim starts the simulator a service run as a child process talks
// to, with the shop's people in it, served through api(sim) when api is
// not nil (a test's wrapper that holds or watches calls), else as it is.
func childSim(t *testing.T, api func(*telegramsim.Server) http.Handler) (*telegramsim.Server, *httptest.Server, testworld.People) {
	t.Helper()
	sim, err := telegramsim.New(telegramsim.Options{Token: testToken, BotUsername: testworld.BotUsername})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	var front http.Handler = sim
	if api != nil {
		front = api(sim)
	}
	ts := httptest.NewServer(front)
	t.Cleanup(ts.Close)
	return sim, ts, testworld.AddPeople(sim, false)
}

// childEnv is the environment of a service a test runs as a child process
// (the test binary, made the service by serviceEnv): the simulator at
// apiURL, people's staff group and owner, the database at dbURL, a Redis
// prefix of its own, and extra settings last.
func childEnv(t *testing.T, apiURL string, people testworld.People, dbURL string, extra ...string) []string {
	t.Helper()
	_, prefix := redistest.New(t)
	env := append(os.Environ(), serviceEnv+"=1",
		"TELEGRAM_BOT_TOKEN="+testToken, "TELEGRAM_API_URL="+apiURL,
		fmt.Sprint("STAFF_CHAT_ID=", people.Staff.ID), fmt.Sprint("OWNER_IDS=", people.Owner.ID),
		"DATABASE_URL="+dbURL, "REDIS_URL="+redistest.URL(), "REDIS_PREFIX="+prefix,
		"HTTP_ADDR=127.0.0.1:0", "LOG_LEVEL=error", "STAFF_LANG=en")
	return append(env, extra...)
}

// startChild starts the service as a child process with env, its output
// into logs.
func startChild(t *testing.T, env []string, logs io.Writer) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env, cmd.Stdout, cmd.Stderr = env, logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}
