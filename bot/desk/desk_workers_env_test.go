package desk

import (
	"context"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/internal/testworld"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// env is the desk's way out, running for real: a test world (the
// simulator behind the real client, PostgreSQL, Redis) with the desk's
// workers working its jobs, a staff group (a forum unless plain) and a
// customer who has sent the bot files.
type env struct {
	*testworld.World
	staff    *Desk
	sim      *telegramsim.Server
	store    *tickets.Store
	pool     *pgxpool.Pool
	pol      *policy.Policy
	desk     telegramsim.Group // the staff group
	owner    telegramsim.User
	li       telegramsim.User
	customer telegramsim.User
	files    map[string]send.File
}

type envOpts struct {
	plain     bool   // the staff group is not a forum
	signature string // Config.Signature; default "name"
	// blockedOwner adds a second owner who blocked the bot.
	blockedOwner bool
	clock        func() time.Time // Config.Clock; default time.Now
	// held leaves the jobs unworked until the test calls start.
	held bool
}

func newEnv(t *testing.T, o envOpts) *env {
	t.Helper()
	w := testworld.New(t, testworld.Options{PlainGroup: o.plain})
	d := &env{World: w, sim: w.Sim, store: w.Store, pool: w.Pool, pol: w.Policy,
		desk: w.Staff, owner: w.Owner, li: w.Li}
	d.customer = w.Sim.AddUser(telegramsim.User{FirstName: "Ann", Username: "ann_w", LanguageCode: "en"})
	// Owners get alerts privately: the owner has written to the bot.
	if _, err := w.Sim.SendText(d.owner.ID, d.owner.ID, "/start"); err != nil {
		t.Fatal(err)
	}
	d.files = testworld.UserFiles(t, w.Sim, d.customer.ID)
	owners := []int64{d.owner.ID}
	if o.blockedOwner {
		gone := w.Sim.AddUser(telegramsim.User{FirstName: "Gone"})
		if _, err := w.Sim.SendText(gone.ID, gone.ID, "/start"); err != nil {
			t.Fatal(err)
		}
		if err := w.Sim.BlockBot(gone.ID); err != nil {
			t.Fatal(err)
		}
		owners = append([]int64{gone.ID}, owners...)
	}
	if o.signature == "" {
		o.signature = "name"
	}
	d.staff = New(Deps{Sender: w.Sender, Tickets: w.Store, Catalog: w.Catalog, Policy: w.Policy, Redis: w.Redis},
		Config{ChatID: w.Staff.ID, OwnerIDs: owners, StaffIDs: []int64{w.Li.ID, w.Wang.ID}, RedisPrefix: w.Prefix, Lang: "en", Signature: o.signature, Clock: o.clock})
	if !o.held {
		d.start()
	}
	return d
}

// start works the jobs.
func (d *env) start() { d.StartJobs(tickets.Workers(d.store, noNotices{}, d.staff.Workers)) }

// noNotices stands where the customer edge would send customers their
// notices: the desk's tests look at the staff group.
type noNotices struct{}

func (noNotices) Notify(context.Context, tickets.Notice) error { return nil }

// file files a complaint from the customer with the given files.
func (d *env) file(t *testing.T, files ...string) *tickets.Ticket {
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

// thread returns the ticket's thread once the jobs have settled, failing
// the test unless it has its card and n files.
func (d *env) thread(t *testing.T, ticketID int64, files int) *tickets.Thread {
	t.Helper()
	th := d.Thread(ticketID)
	if len(th.MediaMessageIDs) != files {
		t.Fatalf("ticket %d's thread has %d files, want %d", ticketID, len(th.MediaMessageIDs), files)
	}
	return th
}

// addCustomer stores a customer's message about their ticket.
func (d *env) addCustomer(tk *tickets.Ticket, m tickets.NewMessage) error {
	_, _, err := d.store.AddCustomerMessage(context.Background(), tk.ID, m)
	return err
}

// settle returns once River has no job left to run.
func (d *env) settle(t *testing.T) {
	t.Helper()
	d.Settle()
}

// entry returns the group's message id as it is now.
func (d *env) entry(t *testing.T, id int64) telegramsim.Entry {
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
func (d *env) inThread(th *tickets.Thread) []telegramsim.Entry {
	var out []telegramsim.Entry
	for _, e := range testworld.BotEntries(d.sim, d.desk.ID) {
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

// waitCtx is a context for waiting on the simulator, ending with the test
// or after testworld.Bound.
func waitCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), testworld.Bound)
	t.Cleanup(cancel)
	return ctx
}

// deskWait lets the jobs settle and then checks what they must have done.
func (d *env) wait(t *testing.T, what string, cond func() bool) {
	t.Helper()
	d.Settle()
	if !cond() {
		t.Fatalf("after every job ran: not %s; the group:\n%s", what, d.Transcript(d.desk.ID))
	}
}

// jobOf wraps args as a River job, to run a worker by hand.
func jobOf[T river.JobArgs](args T) *river.Job[T] {
	return &river.Job[T]{JobRow: &rivertype.JobRow{ID: 1, Attempt: 1}, Args: args}
}

func liOf(d *env) tickets.Staff {
	return tickets.Staff{UserID: d.li.ID, Name: "Li", Username: "li_desk"}
}

func (d *env) relayReply(t *testing.T, tk *tickets.Ticket, msgID int64, text string, media ...tickets.Media) *tickets.Message {
	t.Helper()
	m, _, err := d.store.AddStaffReply(context.Background(), tk.ID, liOf(d), tickets.NewMessage{
		UserID: d.li.ID, AuthorName: "Li", Text: text, Attachments: media,
		ChatID: d.desk.ID, MessageID: msgID, At: time.Now(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}
