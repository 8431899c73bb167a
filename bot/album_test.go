package bot_test

import (
	"testing"

	"github.com/complaintbot/complaintbot/internal/shoptest"
	"github.com/complaintbot/complaintbot/internal/testworld"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// An album sent outside a dialogue is one message to the customer and gets
// one answer: the greeting when they have no request, the note that it was
// added when they have one — where every photo is kept.
func TestAlbumOutsideADialogueIsAnsweredOnce(t *testing.T) {
	t.Parallel()
	h := shoptest.New(t, shoptest.Options{})
	album := func(u telegramsim.User) {
		t.Helper()
		items := []telegramsim.Media{
			{Kind: "photo", Data: testworld.PNG(t, 10)},
			{Kind: "photo", Data: testworld.PNG(t, 20)},
			{Kind: "photo", Data: testworld.PNG(t, 30)},
		}
		if _, err := h.Sim.SendAlbum(u.ID, u.ID, items); err != nil {
			t.Fatal(err)
		}
		h.Pump()
	}
	answers := func(u telegramsim.User) int {
		n := 0
		for _, e := range h.Sim.Transcript(u.ID) {
			if e.FromBot {
				n++
			}
		}
		return n
	}

	newcomer := h.Sim.AddUser(telegramsim.User{FirstName: "Ann", LanguageCode: "en"})
	album(newcomer)
	if n := answers(newcomer); n != 1 {
		t.Errorf("a three-photo album with no request got %d answers, want 1:\n%s", n, h.Transcript(newcomer.ID))
	}

	client := h.Customer("Bob", "en")
	tk := h.File(client)
	before := answers(client)
	album(client)
	if n := answers(client) - before; n != 1 {
		t.Errorf("a three-photo album on a request got %d answers, want 1:\n%s", n, h.Transcript(client.ID))
	}
	h.Settle()
	got := h.Ticket(tk.Ref)
	photos := 0
	for _, m := range got.Messages {
		if m.Direction == tickets.DirectionIn {
			photos += len(m.Attachments)
		}
	}
	if photos != 3 {
		t.Errorf("%s keeps %d of the album's 3 photos", tk.Ref, photos)
	}
}
