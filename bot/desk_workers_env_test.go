package bot

import (
	"context"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/internal/redistest"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// deskEnv is the desk's way out, running for real: the simulator behind
// the real client, a staff group (a forum unless plain), PostgreSQL with
// the tickets, Redis, and River working the jobs with the desk workers.
type deskEnv struct {
	sim      *telegramsim.Server
	pool     *pgxpool.Pool
	store    *tickets.Store
	edge     *Edge
	pol      *policy.Policy
	desk     telegramsim.Group
	owner    telegramsim.User
	li       telegramsim.User
	customer telegramsim.User
	files    map[string]File
}

type deskEnvOpts struct {
	plain     bool   // the staff group is not a forum
	signature string // EdgeConfig.StaffSignature; default "name"
	// blockedOwner adds a second owner who blocked the bot.
	blockedOwner bool
}

func newDeskEnv(t *testing.T, o deskEnvOpts) *deskEnv {
	t.Helper()
	senv := newSenderEnv(t, false)
	sim := senv.sim
	d := &deskEnv{sim: sim, pol: policy.Default()}
	d.owner = sim.AddUser(telegramsim.User{FirstName: "Zhang", Username: "zhang_owner", LanguageCode: "zh-hans"})
	d.li = sim.AddUser(telegramsim.User{FirstName: "Li", Username: "li_desk", LanguageCode: "en"})
	d.customer = sim.AddUser(telegramsim.User{FirstName: "Ann", Username: "ann_w", LanguageCode: "en"})
	// Owners get alerts privately: the owner has written to the bot.
	if _, err := sim.SendText(d.owner.ID, d.owner.ID, "/start"); err != nil {
		t.Fatal(err)
	}
	d.files = userFiles(t, sim, d.customer.ID)
	d.desk = sim.AddGroup(telegramsim.Group{Title: "Staff", Forum: !o.plain, BotIsAdmin: true, Members: []int64{d.owner.ID, d.li.ID}})
	owners := []int64{d.owner.ID}
	if o.blockedOwner {
		gone := sim.AddUser(telegramsim.User{FirstName: "Gone"})
		if _, err := sim.SendText(gone.ID, gone.ID, "/start"); err != nil {
			t.Fatal(err)
		}
		if err := sim.BlockBot(gone.ID); err != nil {
			t.Fatal(err)
		}
		owners = append([]int64{gone.ID}, owners...)
	}
	if o.signature == "" {
		o.signature = "name"
	}

	rdb, prefix := redistest.New(t)
	d.pool = pgtest.New(t)
	store, err := tickets.NewStore(d.pool, d.pol, nil)
	if err != nil {
		t.Fatal(err)
	}
	d.store = store
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	d.edge = NewEdge(EdgeDeps{Sender: senv.out, Tickets: store, Catalog: cat, Policy: d.pol, Redis: rdb},
		EdgeConfig{StaffChatID: d.desk.ID, OwnerIDs: owners, RedisPrefix: prefix, StaffLang: "en", StaffSignature: o.signature})
	rc, err := tickets.NewRiverClient(d.pool, tickets.Workers(store, d.edge, d.edge.DeskWorkers), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := rc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop, done := context.WithTimeout(context.Background(), 10*time.Second)
		defer done()
		_ = rc.Stop(stop)
		cancel()
	})
	return d
}

// file files a complaint from the customer with the given files.
func (d *deskEnv) file(t *testing.T, files ...string) *tickets.Ticket {
	t.Helper()
	now := time.Now()
	purchased := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, d.pol.Shop.TimeZone).AddDate(0, 0, -3)
	v := d.pol.Decide(policy.Facts{Category: "apparel", Issue: policy.IssueFault, Purchased: purchased}, now)
	var media []tickets.Media
	for _, name := range files {
		f := d.files[name]
		media = append(media, tickets.Media{Kind: f.Kind, FileID: f.FileID})
	}
	tk, _, err := d.store.File(context.Background(), tickets.NewTicket{
		SubmissionID: "sub-" + rand.Text(), ChatID: d.customer.ID, UserID: d.customer.ID,
		FirstName: "Ann", Username: "ann_w", Lang: "en",
		Category: "apparel", OrderNo: "SO-77", Purchased: purchased, Issue: policy.IssueFault,
		Description: "The zip broke on the second day.", Attachments: media,
		Outcome: policy.OutcomeReplacement, Phone: "+8613812345678", Verdict: v,
	})
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// thread waits until the ticket's thread has its card (and n files) and
// returns it.
func (d *deskEnv) thread(t *testing.T, ticketID int64, files int) *tickets.Thread {
	t.Helper()
	var th *tickets.Thread
	deskWait(t, "the ticket's card and files", func() bool {
		var err error
		th, err = d.store.Thread(context.Background(), ticketID)
		return err == nil && th.CardMessageID != 0 && len(th.MediaMessageIDs) == files
	})
	return th
}

// addCustomer stores a customer's message about their ticket.
func (d *deskEnv) addCustomer(tk *tickets.Ticket, m tickets.NewMessage) error {
	_, _, err := d.store.AddCustomerMessage(context.Background(), tk.ID, m)
	return err
}

// settle waits until River has no job left to run.
func (d *deskEnv) settle(t *testing.T) {
	t.Helper()
	deskWait(t, "all jobs done", func() bool {
		var n int
		err := d.pool.QueryRow(context.Background(),
			`SELECT count(*) FROM river_job WHERE state NOT IN ('completed', 'cancelled', 'discarded')`).Scan(&n)
		return err == nil && n == 0
	})
}

// entry returns the group's message id as it is now.
func (d *deskEnv) entry(t *testing.T, id int64) telegramsim.Entry {
	t.Helper()
	for _, e := range d.sim.Transcript(d.desk.ID) {
		if int64(e.Message.ID) == id {
			return e
		}
	}
	t.Fatalf("no message %d in the staff group", id)
	return telegramsim.Entry{}
}

// inThread lists the bot's messages in a thread (forum) or replying to the
// card (plain group), service messages left out, as "text or caption".
func (d *deskEnv) inThread(th *tickets.Thread) []telegramsim.Entry {
	var out []telegramsim.Entry
	for _, e := range botEntries(d.sim, d.desk.ID) {
		m := e.Message
		switch {
		case e.Deleted:
		case th.ThreadID != 0 && int64(m.MessageThreadID) == th.ThreadID:
			out = append(out, e)
		case th.ThreadID == 0 && (int64(m.ID) == th.CardMessageID || (m.ReplyToMessage != nil && int64(m.ReplyToMessage.ID) == th.CardMessageID)):
			out = append(out, e)
		}
	}
	return out
}

func countContaining(entries []telegramsim.Entry, s string) int {
	n := 0
	for _, e := range entries {
		if strings.Contains(e.Message.Text+e.Message.Caption, s) {
			n++
		}
	}
	return n
}

// deskCtx is a context for waiting on the simulator, ending with the test
// or after 20 seconds.
func deskCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// deskWait polls cond for up to 20 seconds.
func deskWait(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// deskJob wraps args as a River job, to run a worker by hand.
func deskJob[T river.JobArgs](args T) *river.Job[T] {
	return &river.Job[T]{JobRow: &rivertype.JobRow{ID: 1, Attempt: 1}, Args: args}
}

func staffLi(d *deskEnv) tickets.Staff {
	return tickets.Staff{UserID: d.li.ID, Name: "Li", Username: "li_desk"}
}

func (d *deskEnv) staffReply(t *testing.T, tk *tickets.Ticket, msgID int64, text string, media ...tickets.Media) *tickets.Message {
	t.Helper()
	m, _, err := d.store.AddStaffReply(context.Background(), tk.ID, staffLi(d), tickets.NewMessage{
		UserID: d.li.ID, AuthorName: "Li", Text: text, Attachments: media,
		ChatID: d.desk.ID, MessageID: msgID, At: time.Now(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}
