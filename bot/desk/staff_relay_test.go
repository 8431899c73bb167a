package desk_test

import (
	"strings"
	"testing"

	"github.com/complaintbot/complaintbot/internal/shoptest"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// In a plain group (no topics) a message belongs to the ticket whose card,
// relayed message or staff reply it answers; anything else is the staff
// talking among themselves.
func TestStaffRepliesFollowReplyTo(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{plainGroup: true})
	anna := h.Customer("Anna", "en")
	bob := h.Customer("Bob", "en")
	t1, t2 := h.File(anna), h.File(bob)
	th1, th2 := h.Thread(t1.ID), h.Thread(t2.ID)
	if th1.ThreadID != 0 || th2.ThreadID != 0 {
		t.Fatalf("topics in a plain group: %+v %+v", th1, th2)
	}

	h.Say(h.Li, "Hello Anna, we are looking at it.", shoptest.In(th1))
	h.CustomerText(anna, "Hello Anna, we are looking at it.")
	h.Say(h.Wang, "Hello Bob, which size is it?", shoptest.In(th2))
	h.CustomerText(bob, "which size is it?")

	// Anna answers; her message is relayed into the group, and a reply to
	// the relayed message reaches her.
	if _, err := h.Sim.SendText(anna.ID, anna.ID, "It is size M"); err != nil {
		t.Fatal(err)
	}
	h.Pump()
	relayed := h.GroupText("It is size M")
	h.Settle() // the relayed message is recorded as the ticket's
	h.Say(h.Li, "Thanks, an M is on its way.", telegramsim.ReplyTo(relayed.ID))
	h.CustomerText(anna, "an M is on its way")

	// A note as a reply to the card stays in the group.
	h.Say(h.Li, "/note checked stock: 2 left", shoptest.In(th1))
	// Talk not tied to a ticket is left alone.
	chat := h.Say(h.Wang, "lunch at 12?")
	h.Settle()

	got1, got2 := h.Ticket(t1.Ref), h.Ticket(t2.Ref)
	if n := shoptest.CountDirection(got1, tickets.DirectionOut); n != 2 {
		t.Errorf("%s has %d replies to the customer, want 2", t1.Ref, n)
	}
	if n := shoptest.CountDirection(got1, tickets.DirectionInternal); n != 1 {
		t.Errorf("%s has %d notes, want 1", t1.Ref, n)
	}
	if n := shoptest.CountDirection(got2, tickets.DirectionOut); n != 1 {
		t.Errorf("%s has %d replies to the customer, want 1", t2.Ref, n)
	}
	for _, e := range h.Sim.Transcript(anna.ID) {
		if strings.Contains(e.Message.Text, "checked stock") || strings.Contains(e.Message.Text, "lunch") {
			t.Errorf("Anna saw staff talk: %s", e)
		}
	}
	for _, e := range h.Sim.Transcript(h.Staff.ID) {
		if e.FromBot && e.Message.ReplyToMessage != nil && e.Message.ReplyToMessage.ID == chat.ID {
			t.Errorf("the bot answered staff chat: %s", e)
		}
	}
}

// A member editing a reply edits the customer's copy.
func TestStaffEditReachesTheCustomer(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{})
	anna := h.Customer("Anna", "en")
	tk := h.File(anna)
	th := h.Thread(tk.ID)

	m := h.Say(h.Li, "The repair costs 100 yuan.", shoptest.In(th))
	h.CustomerText(anna, "100 yuan")
	h.Settle()
	if err := h.Sim.EditText(h.Staff.ID, h.Li.ID, m.ID, "The repair costs 80 yuan."); err != nil {
		t.Fatal(err)
	}
	h.Pump()
	e, err := h.Sim.WaitEntry(h.Ctx(), anna.ID, func(e telegramsim.Entry) bool {
		return e.FromBot && e.Edited && strings.Contains(e.Message.Text, "80 yuan")
	})
	if err != nil {
		t.Fatalf("Anna's copy was not edited:\n%s", h.Transcript(anna.ID))
	}
	if strings.Contains(e.Message.Text, "100") || !strings.Contains(e.Message.Text, "Li") {
		t.Errorf("edited copy %q: want the new text, still signed", e.Message.Text)
	}
	copies := 0
	for _, e := range h.Sim.Transcript(anna.ID) {
		if e.FromBot && strings.Contains(e.Message.Text, "yuan") {
			copies++
		}
	}
	if copies != 1 {
		t.Errorf("Anna has %d messages about the price, want the one edited:\n%s", copies, h.Transcript(anna.ID))
	}
	var out *tickets.Message
	got := h.Ticket(tk.Ref)
	for i, msg := range got.Messages {
		if msg.Direction == tickets.DirectionOut {
			out = &got.Messages[i]
		}
	}
	if out == nil || out.Text != "The repair costs 80 yuan." || out.EditedAt.IsZero() {
		t.Errorf("stored reply %+v, want the edited text", out)
	}
}

// An unsupported message in a ticket's thread is refused; nothing is kept.
func TestStaffUnsupportedMessage(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{})
	anna := h.Customer("Anna", "en")
	tk := h.File(anna)
	th := h.Thread(tk.ID)
	m, err := h.Sim.SendLocation(h.Staff.ID, h.Li.ID, 31.2, 121.5, shoptest.In(th))
	if err != nil {
		t.Fatal(err)
	}
	h.Pump()
	h.GroupAnswer(m.ID, "can't pass this kind of message")
	if n := shoptest.CountDirection(h.Ticket(tk.Ref), tickets.DirectionOut); n != 0 {
		t.Errorf("%d replies stored for a location", n)
	}
}

// An album captioned /note stays internal as a whole (its caption is on one
// item only); an album without one goes to the customer as a whole.
func TestStaffAlbumFollowsItsCaption(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{})
	anna := h.Customer("Anna", "en")
	tk := h.File(anna)
	th := h.Thread(tk.ID)
	photos := func(caption string) []telegramsim.Media {
		return []telegramsim.Media{{Kind: "photo", Data: []byte("a"), Caption: caption}, {Kind: "photo", Data: []byte("b")}, {Kind: "photo", Data: []byte("c")}}
	}
	if _, err := h.Sim.SendAlbum(h.Staff.ID, h.Li.ID, photos("/note the damage, for the record"), shoptest.In(th)); err != nil {
		t.Fatal(err)
	}
	h.Pump()
	h.Settle()
	got := h.Ticket(tk.Ref)
	if n, out := shoptest.CountDirection(got, tickets.DirectionInternal), shoptest.CountDirection(got, tickets.DirectionOut); n != 3 || out != 0 {
		t.Fatalf("a noted album: %d notes and %d replies, want 3 and 0", n, out)
	}
	if _, err := h.Sim.SendAlbum(h.Staff.ID, h.Li.ID, photos("Is this the fault you mean?"), shoptest.In(th)); err != nil {
		t.Fatal(err)
	}
	h.Pump()
	h.Settle()
	got = h.Ticket(tk.Ref)
	if out := shoptest.CountDirection(got, tickets.DirectionOut); out != 3 {
		t.Fatalf("an album for the customer: %d replies, want 3", out)
	}
	for _, m := range got.Messages {
		if m.Direction == tickets.DirectionOut && len(m.Attachments) != 1 {
			t.Errorf("reply %d has %d attachments, want its photo", m.ID, len(m.Attachments))
		}
	}
}
