package bot

import (
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// In a plain group (no topics) a message belongs to the ticket whose card,
// relayed message or staff reply it answers; anything else is the staff
// talking among themselves.
func TestStaffRepliesFollowReplyTo(t *testing.T) {
	t.Parallel()
	h := newDeskHarness(t, deskOpts{plainGroup: true})
	anna := h.customer("Anna", "en")
	bob := h.customer("Bob", "en")
	t1, t2 := h.file(anna), h.file(bob)
	th1, th2 := h.waitThread(t1.ID), h.waitThread(t2.ID)
	if th1.ThreadID != 0 || th2.ThreadID != 0 {
		t.Fatalf("topics in a plain group: %+v %+v", th1, th2)
	}

	h.say(h.li, "Hello Anna, we are looking at it.", h.in(th1))
	h.waitCustomer(anna, "Hello Anna, we are looking at it.")
	h.say(h.wang, "Hello Bob, which size is it?", h.in(th2))
	h.waitCustomer(bob, "which size is it?")

	// Anna answers; her message is relayed into the group, and a reply to
	// the relayed message reaches her.
	if _, err := h.sim.SendText(anna.ID, anna.ID, "It is size M"); err != nil {
		t.Fatal(err)
	}
	h.pump()
	relayed := h.waitBotGroup("It is size M")
	h.jobsDone() // the relayed message is recorded as the ticket's
	h.say(h.li, "Thanks, an M is on its way.", telegramsim.ReplyTo(relayed.ID))
	h.waitCustomer(anna, "an M is on its way")

	// A note as a reply to the card stays in the group.
	h.say(h.li, "/note checked stock: 2 left", h.in(th1))
	// Talk not tied to a ticket is left alone.
	chat := h.say(h.wang, "lunch at 12?")
	h.jobsDone()

	got1, got2 := h.get(t1.Ref), h.get(t2.Ref)
	if n := countDir(got1, tickets.DirectionOut); n != 2 {
		t.Errorf("%s has %d replies to the customer, want 2", t1.Ref, n)
	}
	if n := countDir(got1, tickets.DirectionInternal); n != 1 {
		t.Errorf("%s has %d notes, want 1", t1.Ref, n)
	}
	if n := countDir(got2, tickets.DirectionOut); n != 1 {
		t.Errorf("%s has %d replies to the customer, want 1", t2.Ref, n)
	}
	for _, e := range h.sim.Transcript(anna.ID) {
		if strings.Contains(e.Message.Text, "checked stock") || strings.Contains(e.Message.Text, "lunch") {
			t.Errorf("Anna saw staff talk: %s", e)
		}
	}
	for _, e := range h.sim.Transcript(h.staff.ID) {
		if e.FromBot && e.Message.ReplyToMessage != nil && e.Message.ReplyToMessage.ID == chat.ID {
			t.Errorf("the bot answered staff chat: %s", e)
		}
	}
}

// A member editing a reply edits the customer's copy.
func TestStaffEditReachesTheCustomer(t *testing.T) {
	t.Parallel()
	h := newDeskHarness(t, deskOpts{})
	anna := h.customer("Anna", "en")
	tk := h.file(anna)
	th := h.waitThread(tk.ID)

	m := h.say(h.li, "The repair costs 100 yuan.", h.in(th))
	h.waitCustomer(anna, "100 yuan")
	h.jobsDone()
	if err := h.sim.EditText(h.staff.ID, h.li.ID, m.ID, "The repair costs 80 yuan."); err != nil {
		t.Fatal(err)
	}
	h.pump()
	e, err := h.sim.WaitEntry(ctxT(t), anna.ID, func(e telegramsim.Entry) bool {
		return e.FromBot && e.Edited && strings.Contains(e.Message.Text, "80 yuan")
	})
	if err != nil {
		t.Fatalf("Anna's copy was not edited:\n%s", h.transcript(anna.ID))
	}
	if strings.Contains(e.Message.Text, "100") || !strings.Contains(e.Message.Text, "Li") {
		t.Errorf("edited copy %q: want the new text, still signed", e.Message.Text)
	}
	copies := 0
	for _, e := range h.sim.Transcript(anna.ID) {
		if e.FromBot && strings.Contains(e.Message.Text, "yuan") {
			copies++
		}
	}
	if copies != 1 {
		t.Errorf("Anna has %d messages about the price, want the one edited:\n%s", copies, h.transcript(anna.ID))
	}
	var out *tickets.Message
	got := h.get(tk.Ref)
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
	h := newDeskHarness(t, deskOpts{})
	anna := h.customer("Anna", "en")
	tk := h.file(anna)
	th := h.waitThread(tk.ID)
	m, err := h.sim.SendLocation(h.staff.ID, h.li.ID, 31.2, 121.5, h.in(th))
	if err != nil {
		t.Fatal(err)
	}
	h.pump()
	h.waitGroupText(m.ID, "can't pass this kind of message")
	if n := countDir(h.get(tk.Ref), tickets.DirectionOut); n != 0 {
		t.Errorf("%d replies stored for a location", n)
	}
}

// waitBotGroup waits for a message of the bot in the staff group containing
// want, as text or caption.
func (h *deskHarness) waitBotGroup(want string) *models.Message {
	h.t.Helper()
	e, err := h.sim.WaitEntry(ctxT(h.t), h.staff.ID, func(e telegramsim.Entry) bool {
		return e.FromBot && strings.Contains(e.Message.Text+e.Message.Caption, want)
	})
	if err != nil {
		h.t.Fatalf("no %q in the staff group:\n%s", want, h.transcript(h.staff.ID))
	}
	return e.Message
}

func countDir(t *tickets.Ticket, d tickets.Direction) int {
	n := 0
	for _, m := range t.Messages {
		if m.Direction == d {
			n++
		}
	}
	return n
}

// An album captioned /note stays internal as a whole (its caption is on one
// item only); an album without one goes to the customer as a whole.
func TestStaffAlbumFollowsItsCaption(t *testing.T) {
	t.Parallel()
	h := newDeskHarness(t, deskOpts{})
	anna := h.customer("Anna", "en")
	tk := h.file(anna)
	th := h.waitThread(tk.ID)
	photos := func(caption string) []telegramsim.Media {
		return []telegramsim.Media{{Kind: "photo", Data: []byte("a"), Caption: caption}, {Kind: "photo", Data: []byte("b")}, {Kind: "photo", Data: []byte("c")}}
	}
	if _, err := h.sim.SendAlbum(h.staff.ID, h.li.ID, photos("/note the damage, for the record"), h.in(th)); err != nil {
		t.Fatal(err)
	}
	h.pump()
	h.jobsDone()
	got := h.get(tk.Ref)
	if n, out := countDir(got, tickets.DirectionInternal), countDir(got, tickets.DirectionOut); n != 3 || out != 0 {
		t.Fatalf("a noted album: %d notes and %d replies, want 3 and 0", n, out)
	}
	if _, err := h.sim.SendAlbum(h.staff.ID, h.li.ID, photos("Is this the fault you mean?"), h.in(th)); err != nil {
		t.Fatal(err)
	}
	h.pump()
	h.jobsDone()
	got = h.get(tk.Ref)
	if out := countDir(got, tickets.DirectionOut); out != 3 {
		t.Fatalf("an album for the customer: %d replies, want 3", out)
	}
	for _, m := range got.Messages {
		if m.Direction == tickets.DirectionOut && len(m.Attachments) != 1 {
			t.Errorf("reply %d has %d attachments, want its photo", m.ID, len(m.Attachments))
		}
	}
}
