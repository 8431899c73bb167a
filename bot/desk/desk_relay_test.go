package desk

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// addCustomerText stores a text from the customer about their ticket, as
// the edge does for a message outside a dialogue.
func (d *env) addCustomerText(t *testing.T, tk *tickets.Ticket, msgID int64, text string) {
	t.Helper()
	err := d.addCustomer(tk, tickets.NewMessage{UserID: d.customer.ID, AuthorName: "Ann", Text: text,
		ChatID: d.customer.ID, MessageID: msgID, At: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
}

// A customer's message goes into the ticket's topic marked with their
// name, once, however often its job runs.
func TestDeskRelayPostsOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := newEnv(t, envOpts{})
	tk := d.file(t)
	th := d.thread(t, tk.ID, 0)
	d.addCustomerText(t, tk, 9001, "Any news? <parcel 7> waiting")
	d.wait(t, "the message in the topic", func() bool { return countContaining(d.inThread(th), "parcel 7") == 1 })
	d.settle(t)

	rows, err := d.store.Get(ctx, tk.Ref)
	if err != nil {
		t.Fatal(err)
	}
	var row tickets.Message
	for _, m := range rows.Messages {
		if m.MessageID == 9001 {
			row = m
		}
	}
	if row.ID == 0 {
		t.Fatal("the message is not in the relay log")
	}
	// The job runs again: nothing more is posted.
	if err := (&relayInWorker{job[tickets.DeskRelayArgs]{desk: d.staff}}).Work(ctx, jobOf(tickets.DeskRelayArgs{MessageID: row.ID})); err != nil {
		t.Fatal(err)
	}
	msgs := d.inThread(th)
	if n := countContaining(msgs, "parcel 7"); n != 1 {
		t.Fatalf("the message is in the topic %d times", n)
	}
	last := msgs[len(msgs)-1].Message
	if last.Text != "👤 Ann:\nAny news? <parcel 7> waiting" {
		t.Errorf("relayed as %q", last.Text)
	}
	got, err := d.store.Message(ctx, row.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Delivery != "delivered" || got.CopyChatID != d.desk.ID || !slices.Equal(got.CopyMessageIDs, []int64{int64(last.ID)}) {
		t.Errorf("row after relay: delivery %s, copies %d %v; posted %d", got.Delivery, got.CopyChatID, got.CopyMessageIDs, last.ID)
	}
	if owner, err := d.store.TicketByDeskMessage(ctx, d.desk.ID, int64(last.ID)); err != nil || owner.ID != tk.ID {
		t.Errorf("the relayed copy belongs to %v, %v", owner, err)
	}
}

// Staff deleted the topic: the next message about the ticket makes a new
// one, with the card, and then the message; the customer's files follow
// them, posted anew.
func TestDeskRecreatesADeletedTopic(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := newEnv(t, envOpts{})
	tk := d.file(t, "photo")
	old := d.thread(t, tk.ID, 1)
	d.settle(t)
	if err := d.sim.DeleteTopic(d.desk.ID, int(old.ThreadID)); err != nil {
		t.Fatal(err)
	}
	d.addCustomerText(t, tk, 9002, "hello again")
	var th *tickets.Thread
	d.wait(t, "a new topic", func() bool {
		var err error
		th, err = d.store.Thread(ctx, tk.ID)
		return err == nil && th.ThreadID != 0 && th.ThreadID != old.ThreadID && countContaining(d.inThread(th), "hello again") == 1 &&
			len(th.MediaMessageIDs) == 1
	})
	topics := d.sim.Topics(d.desk.ID)
	if len(topics) != 2 || !topics[0].Deleted || topics[1].Deleted || topics[1].Name != tk.Ref+" · Clothing · Ann" {
		t.Errorf("topics %+v", topics)
	}
	msgs := d.inThread(th)
	if len(msgs) < 2 || int64(msgs[0].Message.ID) != th.CardMessageID || !strings.Contains(msgs[0].Message.Text, tk.Ref) {
		t.Fatalf("the new topic does not open with the card: %v", msgs)
	}
	if len(msgs) != 3 || !strings.Contains(msgs[1].Message.Text, "hello again") ||
		int64(msgs[2].Message.ID) != th.MediaMessageIDs[0] || len(msgs[2].Message.Photo) == 0 {
		t.Errorf("the new topic holds %v, want the card, the message, then the photo", msgs)
	}
}

// Staff replies reach the customer signed with the staff member's name:
// a text, a photo with its caption, an album as one album.
func TestCustomerRelaySigned(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := newEnv(t, envOpts{})
	tk := d.file(t)
	d.thread(t, tk.ID, 0)
	bot := func() []telegramsim.Entry {
		var out []telegramsim.Entry
		for _, e := range d.sim.Transcript(d.customer.ID) {
			if e.FromBot {
				out = append(out, e)
			}
		}
		return out
	}
	before := len(bot())

	text := d.relayReply(t, tk, 5001, "We will send a new one <today>.")
	d.wait(t, "the text", func() bool { return len(bot()) == before+1 })
	if got := bot()[before].Message.Text; got != "💬 Li:\nWe will send a new one <today>." {
		t.Errorf("the customer reads %q", got)
	}

	photo := d.files["photo"]
	d.relayReply(t, tk, 5002, "the label", tickets.Media{Kind: "photo", FileID: photo.FileID})
	d.wait(t, "the photo", func() bool { return len(bot()) == before+2 })
	if m := bot()[before+1].Message; len(m.Photo) == 0 || m.Caption != "💬 Li:\nthe label" {
		t.Errorf("the photo arrives as %s", bot()[before+1])
	}

	var album []*tickets.Message
	for i, name := range []string{"photo", "video", "photo2"} {
		f := d.files[name]
		album = append(album, d.relayReply(t, tk, int64(5003+i), "", tickets.Media{Kind: f.Kind, FileID: f.FileID, MediaGroupID: "staff-album-1"}))
	}
	d.wait(t, "the album", func() bool { return len(bot()) == before+5 })
	d.settle(t)
	items := bot()[before+2:]
	if len(items) != 3 {
		t.Fatalf("%d album items arrived", len(items))
	}
	for i, e := range items {
		if e.Message.MediaGroupID == "" || e.Message.MediaGroupID != items[0].Message.MediaGroupID {
			t.Errorf("item %d is not in the album", i)
		}
	}
	if items[0].Message.Caption != "💬 Li:" {
		t.Errorf("the album's first caption is %q", items[0].Message.Caption)
	}
	for i, m := range append([]*tickets.Message{text}, album...) {
		got, err := d.store.Message(ctx, m.ID)
		if err != nil || got.Delivery != "delivered" || got.CopyChatID != d.customer.ID || len(got.CopyMessageIDs) != 1 {
			t.Errorf("reply %d: %+v, %v", i, got, err)
		}
	}
}

// With replies signed by the team, the customer reads the team's name in
// their language.
func TestCustomerRelaySignedByTheTeam(t *testing.T) {
	t.Parallel()
	d := newEnv(t, envOpts{signature: "team"})
	tk := d.file(t)
	d.thread(t, tk.ID, 0)
	d.relayReply(t, tk, 5101, "Sorted.")
	if _, err := d.sim.WaitEntry(waitCtx(t), d.customer.ID, func(e telegramsim.Entry) bool {
		return e.FromBot && e.Message.Text == "💬 Support:\nSorted."
	}); err != nil {
		t.Fatal(err)
	}
}

// A customer who blocked the bot: the reply is marked undeliverable and
// the topic says so once, even when the job runs again.
func TestCustomerRelayToABlockedCustomer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := newEnv(t, envOpts{})
	tk := d.file(t)
	th := d.thread(t, tk.ID, 0)
	d.settle(t)
	if err := d.sim.BlockBot(d.customer.ID); err != nil {
		t.Fatal(err)
	}
	m := d.relayReply(t, tk, 5201, "Are you there?")
	d.wait(t, "the reply undeliverable", func() bool {
		got, err := d.store.Message(ctx, m.ID)
		return err == nil && got.Delivery == "undeliverable"
	})
	d.wait(t, "the notice in the topic", func() bool { return countContaining(d.inThread(th), "blocked the bot") == 1 })
	if err := (&relayOutWorker{job[tickets.CustomerRelayArgs]{desk: d.staff}}).Work(ctx, jobOf(tickets.CustomerRelayArgs{MessageID: m.ID})); err != nil {
		t.Fatal(err)
	}
	d.settle(t)
	if n := countContaining(d.inThread(th), "blocked the bot"); n != 1 {
		t.Errorf("the topic says %d times that the customer blocked the bot", n)
	}
	var state string
	if err := d.pool.QueryRow(ctx, `SELECT state FROM river_job WHERE kind = 'customer_relay'`).Scan(&state); err != nil || state != "completed" {
		t.Errorf("customer relay job %q, %v; want completed, not retried", state, err)
	}
}
