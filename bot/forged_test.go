package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/internal/customersim"
	"github.com/complaintbot/complaintbot/internal/shoptest"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// A button press in a customer's private chat that claims to come from
// someone else — Telegram never sends one; a forged update can — moves
// nobody's dialogue. The customer's own press then works as ever.
func TestForgedPressInAnotherChatIsRefused(t *testing.T) {
	t.Parallel()
	h := shoptest.New(t, shoptest.Options{})
	ann := h.Sim.AddUser(telegramsim.User{FirstName: "Ann", LanguageCode: "en"})
	mallory := h.Sim.AddUser(telegramsim.User{FirstName: "Mallory", LanguageCode: "en"})
	d := customersim.New(h.Sim, h.Catalog, ann)
	if err := d.Send("/start"); err != nil {
		t.Fatal(err)
	}
	h.Pump()
	asked := func() int {
		n := 0
		for _, e := range h.Sim.Transcript(ann.ID) {
			if e.FromBot && strings.Contains(e.Message.Text, d.Fragment("conversation.ask_order")) {
				n++
			}
		}
		return n
	}

	category := h.Policy.Categories[0].Name["en"]
	if err := d.Press(category); err != nil {
		t.Fatal(err)
	}
	for _, upd := range h.Updates() {
		forged := *upd
		q := *upd.CallbackQuery
		q.From = models.User{ID: mallory.ID, FirstName: mallory.FirstName}
		forged.CallbackQuery = &q
		if err := h.Edge.HandleUpdate(context.Background(), &forged); err != nil {
			t.Fatal(err)
		}
	}
	if n := asked(); n != 0 {
		t.Fatalf("a forged press moved Ann's dialogue:\n%s", d.Transcript())
	}

	if err := d.Press(category); err != nil {
		t.Fatal(err)
	}
	h.Pump()
	if n := asked(); n != 1 {
		t.Fatalf("Ann's own press after the forged one: asked for the order %d times, want 1:\n%s", n, d.Transcript())
	}
}
