// Package shoptest runs a shop for tests of the edge and the desk: a test
// world (internal/testworld) with the customer edge and the staff desk
// wired as the service wires them, the desk's jobs worked by River, and
// updates handled when the test pumps them — one after another, as the
// dispatcher does for one chat.
package shoptest

import (
	"context"
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/bot"
	"github.com/complaintbot/complaintbot/bot/desk"
	"github.com/complaintbot/complaintbot/bot/report"
	"github.com/complaintbot/complaintbot/bot/returns"
	"github.com/complaintbot/complaintbot/conversation"
	"github.com/complaintbot/complaintbot/internal/testworld"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// NotePrefix is the shop's note prefix.
const NotePrefix = "!!"

// Shop is a running shop.
type Shop struct {
	*testworld.World
	Desk *desk.Desk
	Edge *bot.Edge
	// Returns is the owners' and staff's side of returns.
	Returns *returns.Flow
	// Reports are the owner's reports.
	Reports *report.Reports
	// Owners are the shop's owners: Zhang, and Chen when asked for.
	Owners []telegramsim.User
}

// Options shape a shop.
type Options struct {
	testworld.Options
	// FloodPerMinute is the edge's flood limit; 0 turns it off.
	FloodPerMinute int
	// StaffLang is the staff group's language, and the owner's reports';
	// empty is English.
	StaffLang string
	// Weekly is when the weekly report is due; off unless set.
	Weekly report.Weekly
	// Notifier, when set, stands between the follow-up jobs and the edge
	// they tell customers through: a test holds a job's message with it.
	Notifier func(tickets.Notifier) tickets.Notifier
	// SecondOwner adds Chen, a second owner, and has both owners start the
	// bot in private, so a test sees an owner alert reach every owner.
	SecondOwner bool
}

// New starts a shop in a new world: staff texts in English, replies signed
// with the member's name, the owner Zhang.
func New(t *testing.T, o Options) *Shop {
	t.Helper()
	w := testworld.New(t, o.Options)
	s := &Shop{World: w, Owners: []telegramsim.User{w.Owner}}
	if o.SecondOwner {
		if _, err := w.Sim.SendText(w.Owner.ID, w.Owner.ID, "hello"); err != nil {
			t.Fatal(err)
		}
		s.Owners = append(s.Owners, w.Customer("Chen", "zh"))
	}
	ownerIDs := make([]int64, len(s.Owners))
	for i, u := range s.Owners {
		ownerIDs[i] = u.ID
	}
	lang := o.StaffLang
	if lang == "" {
		lang = "en"
	}
	s.Reports = report.New(report.Deps{
		Sender: w.Sender, Tickets: w.Store, Catalog: w.Catalog, Policy: w.Policy, Redis: w.Redis,
	}, report.Config{OwnerIDs: ownerIDs, Lang: lang, RedisPrefix: w.Prefix, Weekly: o.Weekly, Clock: w.Clock.Now})
	s.Returns = returns.New(returns.Deps{
		Sender: w.Sender, Tickets: w.Store, Catalog: w.Catalog, Policy: w.Policy, Redis: w.Redis,
	}, returns.Config{OwnerIDs: ownerIDs, Lang: "en", RedisPrefix: w.Prefix, Clock: w.Clock.Now})
	s.Desk = desk.New(desk.Deps{
		Sender: w.Sender, Tickets: w.Store, Catalog: w.Catalog, Policy: w.Policy, Redis: w.Redis, Jobs: w.Inserter,
		Returns: s.Returns, Reports: s.Reports,
	}, desk.Config{
		ChatID: w.Staff.ID, OwnerIDs: ownerIDs, StaffIDs: []int64{w.Li.ID, w.Wang.ID}, AdminsAreStaff: true,
		RedisPrefix: w.Prefix,
		Lang:        lang, Signature: "name", NotePrefix: NotePrefix, Clock: w.Clock.Now,
	})
	dialogue := conversation.NewEngine(conversation.NewStore(w.Redis, conversation.StoreConfig{Prefix: w.Prefix}), w.Policy, w.Clock.Now).
		WithDrafts(w.Store.Drafts()).WithNudges(w.Store.Nudges())
	s.Edge = bot.NewEdge(bot.EdgeDeps{
		Sender: w.Sender, Dialogue: dialogue, Tickets: w.Store,
		Catalog: w.Catalog, Policy: w.Policy, Redis: w.Redis, Desk: s.Desk, Returns: s.Returns, Reports: s.Reports,
	}, bot.EdgeConfig{RedisPrefix: w.Prefix, StaffSignature: "name", FloodPerMinute: o.FloodPerMinute, Clock: w.Clock.Now})
	s.Desk.UseLine(s.Edge)
	if err := s.Edge.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	var notifier tickets.Notifier = s.Edge
	if o.Notifier != nil {
		notifier = o.Notifier(notifier)
	}
	w.StartJobs(tickets.Workers(w.Store, notifier, s.Desk.Workers, s.Reports.Workers, s.Edge.Workers))
	s.Pump() // the bot joining the staff group
	return s
}

// Pump handles every update the simulator holds.
func (s *Shop) Pump() { s.World.Pump(s.Edge.HandleUpdate) }

// Customer adds a customer who has written to the bot.
func (s *Shop) Customer(name, lang string) telegramsim.User {
	s.T.Helper()
	u := s.World.Customer(name, lang)
	s.Pump()
	return u
}

// File files a ticket for the customer and returns it once its card is in
// the staff group and it is acknowledged.
func (s *Shop) File(u telegramsim.User) *tickets.Ticket {
	s.T.Helper()
	t := s.World.File(u)
	s.Settle()
	return s.Ticket(t.Ref)
}

// Say posts text into the staff group as a member and handles it.
func (s *Shop) Say(from telegramsim.User, text string, opts ...telegramsim.SendOption) *models.Message {
	s.T.Helper()
	m, err := s.Sim.SendText(s.Staff.ID, from.ID, text, opts...)
	if err != nil {
		s.T.Fatalf("%s says %q: %v", from.FirstName, text, err)
	}
	s.Pump()
	return m
}

// In places a member's message in the ticket's thread: its topic in a
// forum, a reply to its card in a plain group.
func In(th *tickets.Thread) telegramsim.SendOption {
	if th.ThreadID != 0 {
		return telegramsim.ThreadID(int(th.ThreadID))
	}
	return telegramsim.ReplyTo(int(th.CardMessageID))
}

// GroupAnswer waits for the bot's message in the staff group that replies
// to message replyTo and contains want.
func (s *Shop) GroupAnswer(replyTo int, want string) *models.Message {
	s.T.Helper()
	return s.WaitEntry(s.Staff.ID, "an answer containing "+want, func(e telegramsim.Entry) bool {
		m := e.Message
		return e.FromBot && m.ReplyToMessage != nil && m.ReplyToMessage.ID == replyTo && strings.Contains(m.Text, want)
	}).Message
}

// GroupText waits for the bot's message in the staff group containing
// want.
func (s *Shop) GroupText(want string) *models.Message {
	s.T.Helper()
	return s.WaitEntry(s.Staff.ID, "a message containing "+want, func(e telegramsim.Entry) bool {
		return e.FromBot && strings.Contains(e.Message.Text+e.Message.Caption, want)
	}).Message
}

// CustomerText waits for the bot's message to the customer containing
// want.
func (s *Shop) CustomerText(u telegramsim.User, want string) *models.Message {
	s.T.Helper()
	return s.WaitEntry(u.ID, u.FirstName+" reading "+want, func(e telegramsim.Entry) bool {
		return e.FromBot && strings.Contains(e.Message.Text+e.Message.Caption, want)
	}).Message
}

// Ctx is a context for waiting on the simulator, ending with the test or
// after testworld.Bound.
func (s *Shop) Ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), testworld.Bound)
	s.T.Cleanup(cancel)
	return ctx
}

// LastID is the id of the last message of a transcript; 0 for none.
func LastID(tr []telegramsim.Entry) int {
	if len(tr) == 0 {
		return 0
	}
	return tr[len(tr)-1].Message.ID
}

// CountDirection counts the ticket's messages going one way.
func CountDirection(t *tickets.Ticket, d tickets.Direction) int {
	n := 0
	for _, m := range t.Messages {
		if m.Direction == d {
			n++
		}
	}
	return n
}
