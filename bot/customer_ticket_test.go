package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/bot"
	"github.com/complaintbot/complaintbot/internal/shoptest"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// ask sends text as the customer and returns the bot's next message.
func (h *harness) ask(u telegramsim.User, text string) *models.Message {
	h.T.Helper()
	last := shoptest.LastID(h.Sim.Transcript(u.ID))
	if _, err := h.Sim.SendText(u.ID, u.ID, text); err != nil {
		h.T.Fatal(err)
	}
	h.Pump()
	m, err := h.Sim.WaitBotMessage(h.Ctx(), u.ID, last)
	if err != nil {
		h.T.Fatalf("no answer to %q:\n%s", text, h.Transcript(u.ID))
	}
	return m
}

// /close REF closes the customer's own ticket only; another customer's
// reference gets the same answer as one that does not exist.
func TestCustomerCloses(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{})
	anna := h.Customer("Anna", "en")
	bob := h.Customer("Bob", "en")
	ta, tb := h.File(anna), h.File(bob)

	if m := h.ask(anna, "/close"); !strings.Contains(m.Text, "/close K7M-4QX") {
		t.Errorf("/close without a reference: %q", m.Text)
	}
	notFound := h.ask(anna, "/close "+tb.Ref).Text
	if !strings.Contains(notFound, "can't find a ticket of yours") {
		t.Errorf("Bob's ticket closed by Anna: %q", notFound)
	}
	if other := h.ask(anna, "/close ZZZ-ZZZ").Text; other != notFound {
		t.Errorf("an unknown reference answers %q, another customer's %q: they must not differ", other, notFound)
	}
	if h.Ticket(tb.Ref).Status == tickets.StatusClosed {
		t.Fatal("Anna closed Bob's ticket")
	}
	if m := h.ask(anna, "/close "+strings.ToLower(ta.Ref)); !strings.Contains(m.Text, ta.Ref+"</b> is closed") && !strings.Contains(m.Text, ta.Ref+" is closed") {
		t.Errorf("closing her own: %q", m.Text)
	}
	if h.Ticket(ta.Ref).Status != tickets.StatusClosed {
		t.Fatal("Anna's ticket is not closed")
	}
	if m := h.ask(anna, "/close "+ta.Ref); !strings.Contains(m.Text, "already closed") {
		t.Errorf("closing it again: %q", m.Text)
	}
}

// /status says who handles each open ticket.
func TestCustomerStatusNamesTheHandler(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{})
	anna := h.Customer("Anna", "en")
	t1 := h.File(anna)
	h.File(anna)
	h.Say(h.Li, "/claim", shoptest.In(h.Thread(t1.ID)))
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
	h := newHarness(t, harnessOpts{})
	anna := h.Customer("Anna", "en")
	bob := h.Customer("Bob", "en")
	ta, tb := h.File(anna), h.File(bob)
	th := h.Thread(ta.ID)
	h.Say(h.Li, "/resolve Replacement sent", shoptest.In(th))
	h.Say(h.Li, "/resolve Refunded", shoptest.In(h.Thread(tb.ID)))
	h.Settle()

	offer := h.ask(anna, "The replacement has the same fault")
	data := bot.ReopenData(ta.ID)
	if !strings.Contains(offer.Text, ta.Ref) || !hasButton(offer, data) {
		t.Fatalf("after the resolution: %q %+v", offer.Text, offer.ReplyMarkup)
	}
	held := h.Ticket(ta.Ref)
	if n := shoptest.CountDirection(held, tickets.DirectionIn); n != 1 || held.Messages[len(held.Messages)-1].Delivery != "held" {
		t.Fatalf("Anna's message is not held on %s: %+v", ta.Ref, held.Messages)
	}

	// Bob's ticket id on Anna's button is refused.
	forged := h.pressPrivate(anna, offer.ID, data, bot.ReopenData(tb.ID))
	if !strings.Contains(forged, "can no longer be reopened") || h.Ticket(tb.Ref).Status != tickets.StatusResolved {
		t.Errorf("Anna reopening Bob's ticket: %q, status %s", forged, h.Ticket(tb.Ref).Status)
	}
	if got := h.pressPrivate(anna, offer.ID, data, data); !strings.Contains(got, "reopened") {
		t.Errorf("reopen pressed: %q", got)
	}
	if got := h.Ticket(ta.Ref); got.Status != tickets.StatusReopened {
		t.Fatalf("status %s after reopening", got.Status)
	}
	h.GroupText("same fault")

	// Past the window there is only the offer to report a new problem.
	h.Say(h.Li, "/resolve Second replacement sent", shoptest.In(th))
	h.Settle()
	h.Clock.Advance(8 * 24 * time.Hour)
	late := h.ask(anna, "Thanks")
	if hasButton(late, bot.ReopenData(ta.ID)) || strings.Contains(late.Text, ta.Ref) {
		t.Errorf("a reopen offer after eight days: %q", late.Text)
	}
}

// pressPrivate gives the customer's message a button with data (as a
// forged client could) and presses it; it returns the notice shown.
func (h *harness) pressPrivate(u telegramsim.User, messageID int, keep, data string) string {
	h.T.Helper()
	if keep != data {
		h.putPrivateButton(u, messageID, data)
	}
	id, err := h.Sim.PressButton(u.ID, u.ID, messageID, data)
	if err != nil {
		h.T.Fatalf("press %q: %v", data, err)
	}
	h.Pump()
	ans, err := h.Sim.WaitCallbackAnswer(h.Ctx(), id)
	if err != nil {
		h.T.Fatalf("press %q not answered", data)
	}
	if keep != data {
		h.putPrivateButton(u, messageID, keep)
	}
	return ans.Text
}

func (h *harness) putPrivateButton(u telegramsim.User, messageID int, data string) {
	h.T.Helper()
	_, err := h.Bot.EditMessageReplyMarkup(context.Background(), &tgbot.EditMessageReplyMarkupParams{
		ChatID: u.ID, MessageID: messageID, ReplyMarkup: &models.InlineKeyboardMarkup{
			InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "x", CallbackData: data}}}}})
	if err != nil {
		h.T.Fatal(err)
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
