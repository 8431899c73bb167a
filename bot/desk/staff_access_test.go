package desk_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/bot/desk"
	"github.com/complaintbot/complaintbot/internal/shoptest"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// ticketState is what a refused action must leave as it was.
type ticketState struct {
	Status   tickets.Status
	Assignee int64
	Priority int
	Urgent   bool
	Events   int
	Messages int
}

func (h *harness) state(ref string) ticketState {
	h.T.Helper()
	t := h.Ticket(ref)
	return ticketState{Status: t.Status, Assignee: t.AssigneeUserID, Priority: t.Priority, Urgent: t.Urgent,
		Events: len(t.Events), Messages: len(t.Messages)}
}

// Who may do what, end to end: each action a member may not take is
// answered with its reason and changes nothing; an owner may take them.
func TestStaffAccessEndToEnd(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{})
	anna := h.Customer("Anna", "en")
	tk := h.File(anna)
	th := h.Thread(tk.ID)

	claim := h.Say(h.Li, "/claim", shoptest.In(th))
	h.Settle()
	if got := h.Ticket(tk.Ref); got.AssigneeUserID != h.Li.ID {
		t.Fatalf("after Li's /claim the ticket is held by %d (%s)", got.AssigneeUserID, h.Transcript(h.Staff.ID))
	}
	if n := h.Sim.Stats().Calls["setMessageReaction"]; n == 0 {
		t.Errorf("Li's /claim %d was not confirmed with a reaction", claim.ID)
	}
	h.Say(h.Owner, "/urgent", shoptest.In(th))
	h.Settle()
	if !h.Ticket(tk.Ref).Urgent {
		t.Fatal("the owner's /urgent did not mark the ticket")
	}

	refusals := []struct {
		name string
		from telegramsim.User
		text string
		opt  telegramsim.SendOption
		want string
	}{
		{"reassign a ticket Li holds", h.Wang, "/assign @wang_desk", shoptest.In(th), "only an owner can give it to someone else"},
		{"release a ticket Li holds", h.Wang, "/release", shoptest.In(th), "only they or an owner can release it"},
		{"urgent off", h.Li, "/urgent off", shoptest.In(th), "Only an owner can take the urgent mark off"},
		{"claim a ticket Li holds", h.Wang, "/claim", shoptest.In(th), "Li has already taken this ticket"},
		{"a ticket command outside any ticket", h.Wang, "/resolve fixed", nil, "Reply to a ticket's card or write in its topic"},
		{"a bad argument", h.Wang, "/priority sideways", shoptest.In(th), "/priority up or /priority down"},
	}
	for _, r := range refusals {
		before := h.state(tk.Ref)
		var opts []telegramsim.SendOption
		if r.opt != nil {
			opts = append(opts, r.opt)
		}
		m := h.Say(r.from, r.text, opts...)
		h.GroupAnswer(m.ID, r.want)
		h.Settle()
		if after := h.state(tk.Ref); after != before {
			t.Errorf("%s: the ticket changed from %+v to %+v", r.name, before, after)
		}
	}

	// In a private chat staff commands are refused before the dialogue.
	before := h.state(tk.Ref)
	last := shoptest.LastID(h.Sim.Transcript(h.Li.ID))
	if _, err := h.Sim.SendText(h.Li.ID, h.Li.ID, "/claim"); err != nil {
		t.Fatal(err)
	}
	h.Pump()
	m, err := h.Sim.WaitBotMessage(h.Ctx(), h.Li.ID, last)
	if err != nil || !strings.Contains(m.Text, "works only in the shop's staff group") {
		t.Errorf("/claim in private: %v %v", m, err)
	}
	if after := h.state(tk.Ref); after != before {
		t.Errorf("/claim in private changed the ticket: %+v", after)
	}

	// The owner may do what Li and Wang may not.
	h.Say(h.Owner, "/urgent off", shoptest.In(th))
	h.Say(h.Owner, "/assign @wang_desk", shoptest.In(th))
	h.Settle()
	if got := h.Ticket(tk.Ref); got.Urgent || got.AssigneeUserID != h.Wang.ID {
		t.Errorf("after the owner's /urgent off and /assign: urgent %v, held by %d", got.Urgent, got.AssigneeUserID)
	}
}

// The card's buttons follow the same table, and a button only acts on its
// own ticket's card.
func TestStaffButtonsEndToEnd(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{})
	anna := h.Customer("Anna", "en")
	bob := h.Customer("Bob", "en")
	t1, t2 := h.File(anna), h.File(bob)
	th1, th2 := h.Thread(t1.ID), h.Thread(t2.ID)

	claim := desk.ButtonData("claim", t1.ID, "")
	if got := h.press(h.Li, int(th1.CardMessageID), claim); !strings.Contains(got, "Taken by Li") {
		t.Errorf("Claim pressed: %q", got)
	}
	if h.Ticket(t1.Ref).AssigneeUserID != h.Li.ID {
		t.Fatal("the Claim button did not assign Li")
	}

	h.Settle() // the card shows Release now
	before1, before2 := h.state(t1.Ref), h.state(t2.Ref)
	release := desk.ButtonData("release", t1.ID, "")
	if got := h.press(h.Wang, int(th1.CardMessageID), release); !strings.Contains(got, "only they or an owner") {
		t.Errorf("Wang pressed Release on Li's ticket: %q", got)
	}
	// Ticket 1's Claim put onto ticket 2's card does nothing; nor does
	// data that is no desk button.
	h.putButton(int(th2.CardMessageID), claim)
	if got := h.press(h.Wang, int(th2.CardMessageID), claim); !strings.Contains(got, "not valid here") {
		t.Errorf("a button of another ticket: %q", got)
	}
	h.putButton(int(th1.CardMessageID), "d:claim:forged:x")
	if got := h.press(h.Wang, int(th1.CardMessageID), "d:claim:forged:x"); !strings.Contains(got, "not valid here") {
		t.Errorf("forged data: %q", got)
	}
	h.putButton(int(th1.CardMessageID), assignData(t, t1.ID), release, claim)
	h.Settle()
	if a1, a2 := h.state(t1.Ref), h.state(t2.Ref); a1 != before1 || a2 != before2 {
		t.Errorf("refused presses changed the tickets: %+v %+v", a1, a2)
	}

	// Assign opens the picker; picking Wang needs the owner while Li holds it.
	assign := assignData(t, t1.ID)
	if got := h.press(h.Owner, int(th1.CardMessageID), assign); got != "" {
		t.Errorf("Assign pressed by the owner: %q", got)
	}
	to := desk.ButtonData("assignto", t1.ID, fmt.Sprint(h.Wang.ID))
	if got := h.press(h.Owner, int(th1.CardMessageID), to); !strings.Contains(got, "Assigned to Wang") {
		t.Errorf("Wang picked: %q", got)
	}
	if h.Ticket(t1.Ref).AssigneeUserID != h.Wang.ID {
		t.Error("picking Wang did not assign him")
	}
	resolve := desk.ButtonData("resolve", t1.ID, "")
	if got := h.press(h.Wang, int(th1.CardMessageID), resolve); !strings.Contains(got, "/resolve") {
		t.Errorf("Resolve pressed: %q", got)
	}
}

// putButton gives a message of the bot in the staff group a keyboard of
// buttons carrying data, as a forged or outdated keyboard would.
func (h *harness) putButton(messageID int, data ...string) {
	h.T.Helper()
	var row []models.InlineKeyboardButton
	for _, d := range data {
		row = append(row, models.InlineKeyboardButton{Text: d, CallbackData: d})
	}
	_, err := h.Bot.EditMessageReplyMarkup(context.Background(), &tgbot.EditMessageReplyMarkupParams{
		ChatID: h.Staff.ID, MessageID: messageID, ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{row}}})
	if err != nil {
		h.T.Fatal(err)
	}
}

func assignData(t *testing.T, ticketID int64) string {
	return desk.ButtonData("assign", ticketID, "")
}

// press presses a button with data on a message of the staff group and
// returns the notice the press was answered with.
func (h *harness) press(from telegramsim.User, messageID int, data string) string {
	h.T.Helper()
	id, err := h.Sim.PressButton(h.Staff.ID, from.ID, messageID, data)
	if err != nil {
		h.T.Fatalf("press %q: %v", data, err)
	}
	h.Pump()
	ans, err := h.Sim.WaitCallbackAnswer(h.Ctx(), id)
	if err != nil {
		h.T.Fatalf("press %q not answered: %v", data, err)
	}
	return ans.Text
}
