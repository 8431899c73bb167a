package bot

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
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/complaintbot/complaintbot/conversation"
	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/internal/redistest"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

const deskTestToken = "7000000003:desk-test-simulated-token"

// deskHarness is the edge with its real services — PostgreSQL, Redis, the
// follow-up jobs and the desk's workers — talking to the simulator through
// the real client. Updates are handled when the test pumps them, one after
// another, as the dispatcher would for one chat.
type deskHarness struct {
	t     *testing.T
	sim   *telegramsim.Server
	api   string
	edge  *Edge
	store *tickets.Store
	pool  *pgxpool.Pool
	pol   *policy.Policy
	clock *deskClock
	// The shop's people in the staff group: the owner (who created it)
	// and two members of staff.
	owner, li, wang telegramsim.User
	staff           telegramsim.Group
	offset          int64
	submissions     atomic.Int64
}

// deskClock is a clock the test can move.
type deskClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *deskClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *deskClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

type deskOpts struct {
	plainGroup bool // an ordinary supergroup instead of a forum
}

func newDeskHarness(t *testing.T, o deskOpts) *deskHarness {
	t.Helper()
	sim, err := telegramsim.New(telegramsim.Options{Token: deskTestToken, BotUsername: "ShopDeskBot"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	ts := httptest.NewServer(sim)
	t.Cleanup(ts.Close)

	h := &deskHarness{t: t, sim: sim, api: ts.URL, pol: policy.Default(), clock: &deskClock{now: time.Now()}}
	h.owner = sim.AddUser(telegramsim.User{FirstName: "Zhang", Username: "zhang_owner", LanguageCode: "zh-hans"})
	h.li = sim.AddUser(telegramsim.User{FirstName: "Li", Username: "li_desk", LanguageCode: "en"})
	h.wang = sim.AddUser(telegramsim.User{FirstName: "Wang", Username: "wang_desk", LanguageCode: "zh-hans"})
	h.staff = sim.AddGroup(telegramsim.Group{Title: "After-sales desk", Forum: !o.plainGroup, BotIsAdmin: true,
		Members: []int64{h.owner.ID, h.li.ID, h.wang.ID}})

	ctx := context.Background()
	h.pool = pgtest.New(t)
	rdb, prefix := redistest.New(t)
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	h.store, err = tickets.NewStore(h.pool, h.pol, h.clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	tg, err := tgbot.New(deskTestToken, tgbot.WithServerURL(ts.URL), tgbot.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	dialogue := conversation.NewEngine(conversation.NewStore(rdb, conversation.StoreConfig{Prefix: prefix}), h.pol, h.clock.Now)
	inserter, err := tickets.NewRiverClient(h.pool, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	h.edge = NewEdge(EdgeDeps{
		Sender: NewSender(tg, nil), Dialogue: dialogue, Tickets: h.store,
		Catalog: cat, Policy: h.pol, Redis: rdb, Jobs: inserter,
	}, EdgeConfig{
		StaffChatID: h.staff.ID, OwnerIDs: []int64{h.owner.ID}, RedisPrefix: prefix,
		StaffLang: "en", StaffSignature: "name", NotePrefix: "!!", Clock: h.clock.Now,
	})
	if err := h.edge.Start(ctx); err != nil {
		t.Fatal(err)
	}
	jobs, err := tickets.NewRiverClient(h.pool, tickets.Workers(h.store, h.edge, h.edge.DeskWorkers, h.edge.StaffWorkers), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := jobs.Start(context.WithoutCancel(ctx)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = jobs.Stop(stop)
	})
	h.pump() // the bot joining the staff group
	return h
}

// pump handles every update the simulator holds, in order, and fails the
// test when one cannot be handled.
func (h *deskHarness) pump() {
	h.t.Helper()
	for {
		batch := h.getUpdates()
		if len(batch) == 0 {
			return
		}
		for _, upd := range batch {
			h.offset = upd.ID + 1
			if err := h.edge.HandleUpdate(context.Background(), upd); err != nil {
				h.t.Fatalf("update %d: %v", upd.ID, err)
			}
		}
	}
}

// getUpdates asks the simulator for pending updates without waiting.
func (h *deskHarness) getUpdates() []*models.Update {
	h.t.Helper()
	body, _ := json.Marshal(map[string]any{"offset": h.offset, "timeout": 0})
	resp, err := http.Post(h.api+"/bot"+deskTestToken+"/getUpdates", "application/json", bytes.NewReader(body))
	if err != nil {
		h.t.Fatalf("getUpdates: %v", err)
	}
	defer resp.Body.Close()
	var ans struct {
		OK     bool             `json:"ok"`
		Result []*models.Update `json:"result"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil || !ans.OK {
		h.t.Fatalf("getUpdates: %v %+v", err, ans)
	}
	return ans.Result
}

// customer adds a customer who has written to the bot.
func (h *deskHarness) customer(name, lang string) telegramsim.User {
	h.t.Helper()
	u := h.sim.AddUser(telegramsim.User{FirstName: name, LanguageCode: lang})
	if _, err := h.sim.SendText(u.ID, u.ID, "hello"); err != nil {
		h.t.Fatal(err)
	}
	h.pump()
	return u
}

// file files a ticket for the customer, as a confirmed dialogue would, and
// waits for its card in the staff group and its acknowledgement.
func (h *deskHarness) file(u telegramsim.User) *tickets.Ticket {
	h.t.Helper()
	lang := locale.Match(u.LanguageCode)
	now := h.clock.Now().In(h.pol.Shop.TimeZone)
	purchased := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location()).AddDate(0, 0, -3)
	facts := policy.Facts{Category: "apparel", Issue: policy.IssueFault, Purchased: purchased}
	t, _, err := h.store.File(context.Background(), tickets.NewTicket{
		SubmissionID: fmt.Sprintf("%d-%d", u.ID, h.submissions.Add(1)),
		ChatID:       u.ID, UserID: u.ID, FirstName: u.FirstName, Lang: lang,
		Category: "apparel", OrderNo: "SO20261116", Purchased: purchased,
		Issue: policy.IssueFault, Description: "The zip broke on the second day.",
		Outcome: policy.OutcomeRepair, Verdict: h.pol.Decide(facts, now),
	})
	if err != nil {
		h.t.Fatal(err)
	}
	h.waitThread(t.ID)
	h.jobsDone() // the acknowledgement too: a new ticket cannot be resolved yet
	return h.get(t.Ref)
}

// waitThread waits until the ticket's card is in the staff group.
func (h *deskHarness) waitThread(ticketID int64) *tickets.Thread {
	h.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		th, err := h.store.Thread(context.Background(), ticketID)
		if err == nil && th.CardMessageID != 0 {
			return th
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("no card for ticket %d: %v", ticketID, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// get reads a ticket as it is now.
func (h *deskHarness) get(ref string) *tickets.Ticket {
	h.t.Helper()
	t, err := h.store.Get(context.Background(), ref)
	if err != nil {
		h.t.Fatal(err)
	}
	return t
}

// say posts text into the staff group as a member and handles it.
func (h *deskHarness) say(from telegramsim.User, text string, opts ...telegramsim.SendOption) *models.Message {
	h.t.Helper()
	m, err := h.sim.SendText(h.staff.ID, from.ID, text, opts...)
	if err != nil {
		h.t.Fatalf("%s says %q: %v", from.FirstName, text, err)
	}
	h.pump()
	return m
}

// in places a member's message in the ticket's thread: its topic in a
// forum, a reply to its card in a plain group.
func (h *deskHarness) in(th *tickets.Thread) telegramsim.SendOption {
	if th.ThreadID != 0 {
		return telegramsim.ThreadID(int(th.ThreadID))
	}
	return telegramsim.ReplyTo(int(th.CardMessageID))
}

// waitGroupText waits for a message of the bot in the staff group that
// replies to message replyTo and contains want.
func (h *deskHarness) waitGroupText(replyTo int, want string) *models.Message {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	e, err := h.sim.WaitEntry(ctx, h.staff.ID, func(e telegramsim.Entry) bool {
		m := e.Message
		return e.FromBot && m.ReplyToMessage != nil && m.ReplyToMessage.ID == replyTo && strings.Contains(m.Text, want)
	})
	if err != nil {
		h.t.Fatalf("no answer containing %q to message %d; the group:\n%s", want, replyTo, h.transcript(h.staff.ID))
	}
	return e.Message
}

// waitCustomer waits for a message of the bot to the customer containing
// want.
func (h *deskHarness) waitCustomer(u telegramsim.User, want string) *models.Message {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	e, err := h.sim.WaitEntry(ctx, u.ID, func(e telegramsim.Entry) bool {
		return e.FromBot && strings.Contains(e.Message.Text+e.Message.Caption, want)
	})
	if err != nil {
		h.t.Fatalf("%s got nothing containing %q:\n%s", u.FirstName, want, h.transcript(u.ID))
	}
	return e.Message
}

func (h *deskHarness) transcript(chatID int64) string {
	var b strings.Builder
	for _, e := range h.sim.Transcript(chatID) {
		b.WriteString(e.String())
		b.WriteString("\n")
	}
	return b.String()
}

// jobsDone waits until no job is left to run.
func (h *deskHarness) jobsDone() {
	h.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var n int
		err := h.pool.QueryRow(context.Background(),
			`SELECT count(*) FROM river_job WHERE state IN ('available', 'running', 'retryable', 'scheduled', 'pending')`).Scan(&n)
		if err != nil {
			h.t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			rows, _ := h.pool.Query(context.Background(),
				`SELECT kind, state, args::text, coalesce(errors::text, '') FROM river_job WHERE state NOT IN ('completed', 'cancelled', 'discarded')`)
			var b strings.Builder
			for rows.Next() {
				var kind, state, args, errs string
				_ = rows.Scan(&kind, &state, &args, &errs)
				fmt.Fprintf(&b, "\n%s %s %s %s", kind, state, args, errs)
			}
			rows.Close()
			h.t.Fatalf("%d jobs still to run:%s", n, b.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
