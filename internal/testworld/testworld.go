// Package testworld builds the world the tests of the edge, the desk and
// the service share: the Telegram simulator behind HTTP with the real
// go-telegram/bot client, the shop's people (the owner Zhang, and Li and
// Wang of the staff) in their staff group, a clock the test moves, and the
// real PostgreSQL and Redis with a schema and key prefix of the test's own.
//
// Tests decide rather than wait: Pump hands every pending update to the
// code under test and returns when it has handled them, and Settle returns
// when River reports that no job is left, woken by River's own events
// rather than by polling.
package testworld

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
	"github.com/riverqueue/river"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/internal/redistest"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// Token is the bot token of every test world.
const Token = "7000000003:test-world-simulated-token"

// BotUsername is the simulated bot's username.
const BotUsername = "ShopDeskBot"

// Bound is how long a test gives the code under test to show what it was
// signalled to do before it fails; it is never a delay to sleep out.
const Bound = 30 * time.Second

// Clock is a clock the test moves.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock that reads t until moved.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now reads the clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// People are the shop's people in the staff group: Zhang, the owner who
// created it, and Li and Wang of the staff.
type People struct {
	Owner, Li, Wang telegramsim.User
	Staff           telegramsim.Group
}

// AddPeople adds the shop's people and their staff group (a forum unless
// plain) to sim, the bot an administrator there.
func AddPeople(sim *telegramsim.Server, plain bool) People {
	var p People
	p.Owner = sim.AddUser(telegramsim.User{FirstName: "Zhang", Username: "zhang_owner", LanguageCode: "zh-hans"})
	p.Li = sim.AddUser(telegramsim.User{FirstName: "Li", Username: "li_desk", LanguageCode: "en"})
	p.Wang = sim.AddUser(telegramsim.User{FirstName: "Wang", Username: "wang_desk", LanguageCode: "zh-hans"})
	p.Staff = sim.AddGroup(telegramsim.Group{Title: "After-sales desk", Forum: !plain, BotIsAdmin: true,
		Members: []int64{p.Owner.ID, p.Li.ID, p.Wang.ID}})
	return p
}

// Options shape a world.
type Options struct {
	// PlainGroup makes the staff group an ordinary supergroup rather than
	// a forum.
	PlainGroup bool
	// RateLimits turns on Telegram's flood limits in the simulator and in
	// the Sender.
	RateLimits bool
	// API, when set, stands between the service and the simulator: a test
	// fails or holds calls with it.
	API func(http.Handler) http.Handler
}

// World is one test's world. Its fields are the parts a test builds the
// code under test from.
type World struct {
	T testing.TB
	People
	Sim      *telegramsim.Server
	API      string // the simulator's base URL
	Clock    *Clock
	Policy   *policy.Policy
	Catalog  *locale.Catalog
	Pool     *pgxpool.Pool
	Redis    *redis.Client
	Prefix   string // the test's Redis key prefix
	Store    *tickets.Store
	Bot      *tgbot.Bot
	Sender   *send.Sender
	Inserter *river.Client[pgx.Tx] // inserts jobs only

	jobs        *river.Client[pgx.Tx]
	events      <-chan *river.Event
	offset      int64
	submissions atomic.Int64
}

// New builds a world; everything in it is closed when the test ends.
func New(t testing.TB, o Options) *World {
	t.Helper()
	sim, err := telegramsim.New(telegramsim.Options{Token: Token, BotUsername: BotUsername, RateLimits: o.RateLimits})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	var api http.Handler = sim
	if o.API != nil {
		api = o.API(sim)
	}
	ts := httptest.NewServer(api)
	t.Cleanup(ts.Close)

	w := &World{T: t, Sim: sim, API: ts.URL, Clock: NewClock(time.Now()), Policy: policy.Default()}
	w.People = AddPeople(sim, o.PlainGroup)
	w.Pool = pgtest.New(t)
	w.Redis, w.Prefix = redistest.New(t)
	if w.Catalog, err = locale.New(locale.WithClock(w.Clock.Now), locale.WithZone(w.Policy.Shop.TimeZone)); err != nil {
		t.Fatal(err)
	}
	if w.Store, err = tickets.NewStore(w.Pool, w.Policy, w.Clock.Now); err != nil {
		t.Fatal(err)
	}
	w.Bot, err = tgbot.New(Token, tgbot.WithServerURL(ts.URL), tgbot.WithSkipGetMe(), tgbot.WithErrorsHandler(func(error) {}))
	if err != nil {
		t.Fatal(err)
	}
	w.Sender = send.New(w.Bot, nil)
	if o.RateLimits {
		w.Sender.WithLimits(w.Redis, w.Prefix)
	}
	if w.Inserter, err = tickets.NewRiverClient(w.Pool, nil, nil); err != nil {
		t.Fatal(err)
	}
	return w
}

// StartJobs works the world's jobs with workers until the test ends.
func (w *World) StartJobs(workers *river.Workers) {
	w.T.Helper()
	jobs, err := tickets.NewRiverClient(w.Pool, workers, nil)
	if err != nil {
		w.T.Fatal(err)
	}
	events, cancelEvents := jobs.Subscribe(river.EventKindJobCompleted, river.EventKindJobCancelled,
		river.EventKindJobFailed, river.EventKindJobSnoozed)
	if err := jobs.Start(context.Background()); err != nil {
		w.T.Fatal(err)
	}
	w.T.Cleanup(func() {
		stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = jobs.Stop(stop)
		cancelEvents()
	})
	w.jobs, w.events = jobs, events
}

// Settle returns once no job is left to run: none available, running,
// scheduled within the minute or waiting for a retry. It is woken by the
// jobs' own events and fails the test if they stop coming before the jobs
// are done.
func (w *World) Settle() {
	w.T.Helper()
	if w.jobs == nil {
		w.T.Fatal("testworld: Settle before StartJobs")
	}
	timeout := time.NewTimer(Bound)
	defer timeout.Stop()
	for {
		n, pending := w.pendingJobs()
		if n == 0 {
			return
		}
		select {
		case <-w.events:
		case <-timeout.C:
			w.T.Fatalf("testworld: %d jobs still to run:%s", n, pending)
		}
	}
}

// pendingJobs counts the jobs left to run and describes them.
func (w *World) pendingJobs() (int, string) {
	w.T.Helper()
	rows, err := w.Pool.Query(context.Background(),
		`SELECT kind, state, args::text, coalesce(errors::text, '') FROM river_job
		 WHERE state NOT IN ('completed', 'cancelled', 'discarded')
		   -- A follow-up planned days ahead (a nudge, a reminder) is not
		   -- work left to do now.
		   AND NOT (state = 'scheduled' AND scheduled_at > now() + interval '1 minute')`)
	if err != nil {
		w.T.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	n := 0
	for rows.Next() {
		var kind, state, args, errs string
		if err := rows.Scan(&kind, &state, &args, &errs); err != nil {
			w.T.Fatal(err)
		}
		n++
		fmt.Fprintf(&b, "\n%s %s %s %s", kind, state, args, errs)
	}
	if err := rows.Err(); err != nil {
		w.T.Fatal(err)
	}
	return n, b.String()
}

// Updates takes the updates the simulator holds, without waiting.
func (w *World) Updates() []*models.Update {
	w.T.Helper()
	body, _ := json.Marshal(map[string]any{"offset": w.offset, "timeout": 0})
	resp, err := http.Post(w.API+"/bot"+Token+"/getUpdates", "application/json", bytes.NewReader(body))
	if err != nil {
		w.T.Fatalf("testworld: getUpdates: %v", err)
	}
	defer resp.Body.Close()
	var ans struct {
		OK     bool             `json:"ok"`
		Result []*models.Update `json:"result"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil || !ans.OK {
		w.T.Fatalf("testworld: getUpdates: %v %+v", err, ans)
	}
	if n := len(ans.Result); n > 0 {
		w.offset = ans.Result[n-1].ID + 1
	}
	return ans.Result
}

// Pump hands every update the simulator holds to handle, in order, as the
// dispatcher does for one chat, until none is left; an update that fails
// fails the test.
func (w *World) Pump(handle func(context.Context, *models.Update) error) {
	w.T.Helper()
	for {
		batch := w.Updates()
		if len(batch) == 0 {
			return
		}
		for _, upd := range batch {
			if err := handle(context.Background(), upd); err != nil {
				w.T.Fatalf("testworld: update %d: %v", upd.ID, err)
			}
		}
	}
}

// Customer adds a customer who has written to the bot (so that the bot may
// write to them); the caller pumps their message.
func (w *World) Customer(name, lang string) telegramsim.User {
	w.T.Helper()
	u := w.Sim.AddUser(telegramsim.User{FirstName: name, LanguageCode: lang})
	if _, err := w.Sim.SendText(u.ID, u.ID, "hello"); err != nil {
		w.T.Fatal(err)
	}
	return u
}

// File files a ticket for the customer as a confirmed dialogue would: a
// jacket whose zip broke three days after it was bought, a repair asked
// for.
func (w *World) File(u telegramsim.User, attachments ...tickets.Media) *tickets.Ticket {
	w.T.Helper()
	lang := locale.Match(u.LanguageCode)
	now := w.Clock.Now().In(w.Policy.Shop.TimeZone)
	purchased := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location()).AddDate(0, 0, -3)
	facts := policy.Facts{Category: "apparel", Issue: policy.IssueFault, Purchased: purchased}
	t, _, err := w.Store.File(context.Background(), tickets.NewTicket{
		SubmissionID: fmt.Sprintf("%d-%d", u.ID, w.submissions.Add(1)),
		ChatID:       u.ID, UserID: u.ID, FirstName: u.FirstName, Username: u.Username, Lang: lang,
		Category: "apparel", OrderNo: "SO20261116", Purchased: purchased,
		Issue: policy.IssueFault, Description: "The zip broke on the second day.", Attachments: attachments,
		Outcome: policy.OutcomeRepair, Phone: "+8613812345678", Verdict: w.Policy.Decide(facts, now),
	})
	if err != nil {
		w.T.Fatal(err)
	}
	return t
}

// Ticket reads a ticket as it is now.
func (w *World) Ticket(ref string) *tickets.Ticket {
	w.T.Helper()
	t, err := w.Store.Get(context.Background(), ref)
	if err != nil {
		w.T.Fatal(err)
	}
	return t
}

// Thread is the ticket's thread in the staff group once the jobs have
// settled; the test fails if it has no card then.
func (w *World) Thread(ticketID int64) *tickets.Thread {
	w.T.Helper()
	w.Settle()
	th, err := w.Store.Thread(context.Background(), ticketID)
	if err != nil || th.CardMessageID == 0 {
		w.T.Fatalf("testworld: no card for ticket %d (%v); the group:\n%s", ticketID, err, w.Transcript(w.Staff.ID))
	}
	return th
}

// WaitEntry waits, for at most Bound, until a message of chatID matches;
// the simulator signals each message as it arrives.
func (w *World) WaitEntry(chatID int64, what string, match func(telegramsim.Entry) bool) telegramsim.Entry {
	w.T.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), Bound)
	defer cancel()
	e, err := w.Sim.WaitEntry(ctx, chatID, match)
	if err != nil {
		w.T.Fatalf("testworld: chat %d: %s: %v\n%s", chatID, what, err, w.Transcript(chatID))
	}
	return e
}

// Transcript is a chat as the simulator holds it, a message a line.
func (w *World) Transcript(chatID int64) string {
	var b strings.Builder
	for _, e := range w.Sim.Transcript(chatID) {
		b.WriteString(e.String())
		b.WriteString("\n")
	}
	return b.String()
}

// BotEntries are the bot's messages in a chat, forum service messages left
// out.
func BotEntries(sim *telegramsim.Server, chatID int64) []telegramsim.Entry {
	var out []telegramsim.Entry
	for _, e := range sim.Transcript(chatID) {
		m := e.Message
		if e.FromBot && m.ForumTopicCreated == nil && m.ForumTopicClosed == nil && m.ForumTopicReopened == nil && m.ForumTopicEdited == nil {
			out = append(out, e)
		}
	}
	return out
}
