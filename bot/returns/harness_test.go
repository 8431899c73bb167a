package returns_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/internal/shoptest"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// harness is a running shop, the flow of returns wired into its desk and
// its edge, whose updates the test pumps. The owner has written to the bot,
// so that it may write to them.
type harness struct{ *shoptest.Shop }

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{shoptest.New(t, shoptest.Options{})}
	if _, err := h.Sim.SendText(h.Owner.ID, h.Owner.ID, "/start"); err != nil {
		t.Fatal(err)
	}
	h.Pump()
	return h
}

// press presses a button with data on message messageID of chat as from
// and returns the notice the press was answered with.
func (h *harness) press(chat int64, from telegramsim.User, messageID int, data string) string {
	h.T.Helper()
	id, err := h.Sim.PressButton(chat, from.ID, messageID, data)
	if err != nil {
		h.T.Fatalf("%s presses %q on %d: %v\n%s", from.FirstName, data, messageID, err, h.Transcript(chat))
	}
	h.Pump()
	ans, err := h.Sim.WaitCallbackAnswer(h.Ctx(), id)
	if err != nil {
		h.T.Fatalf("press %q not answered: %v", data, err)
	}
	return ans.Text
}

// withButton waits for the bot's message in chat that carries a button
// whose data starts with prefix, and returns it with that button's data.
func (h *harness) withButton(chat int64, prefix string) (*models.Message, string) {
	h.T.Helper()
	e := h.WaitEntry(chat, "a message with a "+prefix+" button", func(e telegramsim.Entry) bool {
		return e.FromBot && dataOf(e.Message, prefix) != ""
	})
	return e.Message, dataOf(e.Message, prefix)
}

// dataOf is the data of m's first button starting with prefix; "" for none.
func dataOf(m *models.Message, prefix string) string {
	if m.ReplyMarkup == nil {
		return ""
	}
	for _, row := range m.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if strings.HasPrefix(b.CallbackData, prefix) {
				return b.CallbackData
			}
		}
	}
	return ""
}

// botText waits for the bot's message in chat containing want, from those
// after message after.
func (h *harness) botText(chat int64, after int, want string) *models.Message {
	h.T.Helper()
	return h.WaitEntry(chat, "a message containing "+want, func(e telegramsim.Entry) bool {
		return e.FromBot && e.Message.ID > after && strings.Contains(e.Message.Text, want)
	}).Message
}

// card waits until the ticket's card shows every text of want and, when
// button is not "", a button whose data starts with it; it returns the
// card.
func (h *harness) card(th *tickets.Thread, button string, want ...string) *models.Message {
	h.T.Helper()
	return h.WaitEntry(h.Staff.ID, "the card showing "+strings.Join(want, ", ")+" and "+button, func(e telegramsim.Entry) bool {
		if int64(e.Message.ID) != th.CardMessageID {
			return false
		}
		for _, w := range want {
			if !strings.Contains(e.Message.Text, w) {
				return false
			}
		}
		return button == "" || dataOf(e.Message, button) != ""
	}).Message
}

// reacted waits for the bot's 👍 on message id of the staff group.
func (h *harness) reacted(id int) {
	h.T.Helper()
	h.WaitEntry(h.Staff.ID, "a 👍 on the command", func(e telegramsim.Entry) bool {
		return e.Message.ID == id && e.Reaction == "👍"
	})
}

// returnOf is the ticket's return as it is now.
func (h *harness) returnOf(ticketID int64) *tickets.Return {
	h.T.Helper()
	r, err := h.Store.ReturnOf(context.Background(), ticketID)
	if err != nil {
		h.T.Fatalf("return of ticket %d: %v", ticketID, err)
	}
	return r
}

// noReturn fails the test if the ticket has a return.
func (h *harness) noReturn(ticketID int64) {
	h.T.Helper()
	if r, err := h.Store.ReturnOf(context.Background(), ticketID); !errors.Is(err, tickets.ErrNotFound) {
		h.T.Fatalf("ticket %d has return %+v (%v)", ticketID, r, err)
	}
}

// putButtons gives a message of the bot in chat a keyboard of buttons
// carrying data, as a forged keyboard would.
func (h *harness) putButtons(chat int64, messageID int, data ...string) {
	h.T.Helper()
	var row []models.InlineKeyboardButton
	for _, d := range data {
		row = append(row, models.InlineKeyboardButton{Text: d, CallbackData: d})
	}
	_, err := h.Bot.EditMessageReplyMarkup(context.Background(), &tgbot.EditMessageReplyMarkupParams{
		ChatID: chat, MessageID: messageID, ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{row}}})
	if err != nil {
		h.T.Fatal(err)
	}
}

// sendBy is the last day to send, as the policy gives it for instructions
// sent now, and the deadline of that day in the shop's zone.
func (h *harness) sendBy() (string, time.Time) {
	d := h.Policy.SendBy(h.Clock.Now())
	return d.String(), d.AddDays(1).In(h.Policy.Shop.TimeZone).Add(-time.Second)
}

// compact is the return number as the flow's buttons carry it.
func compact(rma string) string {
	return strings.ReplaceAll(strings.TrimPrefix(rma, "RMA-"), "-", "")
}

// entry is message id of the staff group as it is now.
func (h *harness) entry(id int) *models.Message { return h.entryIn(h.Staff.ID, id) }

// entryIn is message id of chat as it is now.
func (h *harness) entryIn(chat int64, id int) *models.Message {
	h.T.Helper()
	for _, e := range h.Sim.Transcript(chat) {
		if e.Message.ID == id {
			return e.Message
		}
	}
	h.T.Fatalf("no message %d in chat %d", id, chat)
	return nil
}

// privately sends text to the bot in from's private chat and handles it.
func (h *harness) privately(from telegramsim.User, text string) *models.Message {
	h.T.Helper()
	m, err := h.Sim.SendText(from.ID, from.ID, text)
	if err != nil {
		h.T.Fatalf("%s writes %q: %v", from.FirstName, text, err)
	}
	h.Pump()
	return m
}
