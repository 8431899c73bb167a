package bot_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/complaintbot/complaintbot/internal/shoptest"
)

// Something that cannot be kept on a ticket (here a location), sent
// outside a dialogue, is answered in the context of the customer's open
// ticket; a customer with none is offered to report a problem.
func TestUnsupportedMessageIsAnsweredInTheTicketsContext(t *testing.T) {
	t.Parallel()
	h := shoptest.New(t, shoptest.Options{})
	for _, c := range []struct {
		lang   string
		ticket bool
	}{{"en", true}, {"zh-hans", true}, {"en", false}} {
		u := h.Customer("Client", c.lang)
		// With no ticket: what it is, and the offer to report a problem,
		// in one message.
		want := []string{h.Catalog.Text(c.lang, "conversation.unsupported.location", nil) + "\n\n" +
			h.Catalog.Text(c.lang, "conversation.offer_start", nil)}
		if c.ticket {
			tk := h.File(u)
			want = []string{strings.NewReplacer("<b>", "", "</b>", "").Replace(
				h.Catalog.Text(c.lang, "bot.unsupported_on_ticket", map[string]any{"ref": tk.Ref}))}
		}
		before := len(h.Sim.Transcript(u.ID))
		if _, err := h.Sim.SendLocation(u.ID, u.ID, 31.23, 121.47); err != nil {
			t.Fatal(err)
		}
		h.Pump()
		var answers []string
		for _, e := range h.Sim.Transcript(u.ID)[before:] {
			if e.FromBot {
				answers = append(answers, e.Message.Text)
			}
		}
		if !slices.Equal(answers, want) {
			t.Errorf("%s, open ticket %v: a location was answered %q; want %q", c.lang, c.ticket, answers, want)
		}
	}
}
