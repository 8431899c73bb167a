package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// ask sends text as the customer and returns the bot's next message.
func (h *deskHarness) ask(u telegramsim.User, text string) *models.Message {
	h.t.Helper()
	last := lastID(h.sim.Transcript(u.ID))
	if _, err := h.sim.SendText(u.ID, u.ID, text); err != nil {
		h.t.Fatal(err)
	}
	h.pump()
	m, err := h.sim.WaitBotMessage(ctxT(h.t), u.ID, last)
	if err != nil {
		h.t.Fatalf("no answer to %q:\n%s", text, h.transcript(u.ID))
	}
	return m
}

// /close REF closes the customer's own ticket only; another customer's
// reference gets the same answer as one that does not exist.
func TestCustomerCloses(t *testing.T) {
	t.Parallel()
	h := newDeskHarness(t, deskOpts{})
	anna := h.customer("Anna", "en")
	bob := h.customer("Bob", "en")
	ta, tb := h.file(anna), h.file(bob)

	if m := h.ask(anna, "/close"); !strings.Contains(m.Text, "/close K7M-4QX") {
		t.Errorf("/close without a reference: %q", m.Text)
	}
	notFound := h.ask(anna, "/close "+tb.Ref).Text
	if !strings.Contains(notFound, "can't find a request of yours") {
		t.Errorf("Bob's ticket closed by Anna: %q", notFound)
	}
	if other := h.ask(anna, "/close ZZZ-ZZZ").Text; other != notFound {
		t.Errorf("an unknown reference answers %q, another customer's %q: they must not differ", other, notFound)
	}
	if h.get(tb.Ref).Status == tickets.StatusClosed {
		t.Fatal("Anna closed Bob's ticket")
	}
	if m := h.ask(anna, "/close "+strings.ToLower(ta.Ref)); !strings.Contains(m.Text, ta.Ref+"</b> is closed") && !strings.Contains(m.Text, ta.Ref+" is closed") {
		t.Errorf("closing her own: %q", m.Text)
	}
	if h.get(ta.Ref).Status != tickets.StatusClosed {
		t.Fatal("Anna's ticket is not closed")
	}
	if m := h.ask(anna, "/close "+ta.Ref); !strings.Contains(m.Text, "already closed") {
		t.Errorf("closing it again: %q", m.Text)
	}
}

// /status says who handles each open ticket.
func TestCustomerStatusNamesTheHandler(t *testing.T) {
	t.Parallel()
	h := newDeskHarness(t, deskOpts{})
	anna := h.customer("Anna", "en")
	t1 := h.file(anna)
	h.file(anna)
	h.say(h.li, "/claim", h.in(h.waitThread(t1.ID)))
	m := h.ask(anna, "/status")
	if !strings.Contains(m.Text, "Li is handling it") || !strings.Contains(m.Text, "Waiting for a staff member") {
		t.Errorf("/status: %q", m.Text)
	}
}

// After a resolution the customer's next message is kept on the ticket and
// they may reopen it with a button, within the window; staff then see what
// they wrote.
func TestCustomerReopensAResolvedTicket(t *testing.T) {
	t.Parallel()
	h := newDeskHarness(t, deskOpts{})
	anna := h.customer("Anna", "en")
	bob := h.customer("Bob", "en")
	ta, tb := h.file(anna), h.file(bob)
	th := h.waitThread(ta.ID)
	h.say(h.li, "/resolve Replacement sent", h.in(th))
	h.say(h.li, "/resolve Refunded", h.in(h.waitThread(tb.ID)))
	h.jobsDone()

	offer := h.ask(anna, "The replacement has the same fault")
	data := reopenData(ta.ID)
	if !strings.Contains(offer.Text, ta.Ref) || !hasButton(offer, data) {
		t.Fatalf("after the resolution: %q %+v", offer.Text, offer.ReplyMarkup)
	}
	held := h.get(ta.Ref)
	if n := countDir(held, tickets.DirectionIn); n != 1 || held.Messages[len(held.Messages)-1].Delivery != "held" {
		t.Fatalf("Anna's message is not held on %s: %+v", ta.Ref, held.Messages)
	}

	// Bob's ticket id on Anna's button is refused.
	forged := h.pressPrivate(anna, offer.ID, data, reopenData(tb.ID))
	if !strings.Contains(forged, "can no longer be reopened") || h.get(tb.Ref).Status != tickets.StatusResolved {
		t.Errorf("Anna reopening Bob's ticket: %q, status %s", forged, h.get(tb.Ref).Status)
	}
	if got := h.pressPrivate(anna, offer.ID, data, data); !strings.Contains(got, "reopened") {
		t.Errorf("reopen pressed: %q", got)
	}
	if got := h.get(ta.Ref); got.Status != tickets.StatusReopened {
		t.Fatalf("status %s after reopening", got.Status)
	}
	h.waitBotGroup("same fault")

	// Past the window there is only the offer to report a new problem.
	h.say(h.li, "/resolve Second replacement sent", h.in(th))
	h.jobsDone()
	h.clock.Advance(8 * 24 * time.Hour)
	late := h.ask(anna, "Thanks")
	if hasButton(late, reopenData(ta.ID)) || strings.Contains(late.Text, ta.Ref) {
		t.Errorf("a reopen offer after eight days: %q", late.Text)
	}
}

// pressPrivate gives the customer's message a button with data (as a
// forged client could) and presses it; it returns the notice shown.
func (h *deskHarness) pressPrivate(u telegramsim.User, messageID int, keep, data string) string {
	h.t.Helper()
	if keep != data {
		h.putPrivateButton(u, messageID, data)
	}
	id, err := h.sim.PressButton(u.ID, u.ID, messageID, data)
	if err != nil {
		h.t.Fatalf("press %q: %v", data, err)
	}
	h.pump()
	ans, err := h.sim.WaitCallbackAnswer(ctxT(h.t), id)
	if err != nil {
		h.t.Fatalf("press %q not answered", data)
	}
	if keep != data {
		h.putPrivateButton(u, messageID, keep)
	}
	return ans.Text
}

func (h *deskHarness) putPrivateButton(u telegramsim.User, messageID int, data string) {
	h.t.Helper()
	_, err := h.edge.out.Bot().EditMessageReplyMarkup(context.Background(), &tgbot.EditMessageReplyMarkupParams{
		ChatID: u.ID, MessageID: messageID, ReplyMarkup: &models.InlineKeyboardMarkup{
			InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "x", CallbackData: data}}}}})
	if err != nil {
		h.t.Fatal(err)
	}
}

func hasButton(m *models.Message, data string) bool {
	if m.ReplyMarkup == nil {
		return false
	}
	for _, row := range m.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData == data {
				return true
			}
		}
	}
	return false
}
