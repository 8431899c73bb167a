package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// deskState is what a refused action must leave as it was.
type deskState struct {
	Status   tickets.Status
	Assignee int64
	Priority int
	Urgent   bool
	Events   int
	Messages int
}

func (h *deskHarness) state(ref string) deskState {
	h.t.Helper()
	t := h.get(ref)
	return deskState{Status: t.Status, Assignee: t.AssigneeUserID, Priority: t.Priority, Urgent: t.Urgent,
		Events: len(t.Events), Messages: len(t.Messages)}
}

// Who may do what, end to end: each action a member may not take is
// answered with its reason and changes nothing; an owner may take them.
func TestStaffAccessEndToEnd(t *testing.T) {
	t.Parallel()
	h := newDeskHarness(t, deskOpts{})
	anna := h.customer("Anna", "en")
	tk := h.file(anna)
	th := h.waitThread(tk.ID)

	claim := h.say(h.li, "/claim", h.in(th))
	h.jobsDone()
	if got := h.get(tk.Ref); got.AssigneeUserID != h.li.ID {
		t.Fatalf("after Li's /claim the ticket is held by %d (%s)", got.AssigneeUserID, h.transcript(h.staff.ID))
	}
	if n := h.sim.Stats().Calls["setMessageReaction"]; n == 0 {
		t.Errorf("Li's /claim %d was not confirmed with a reaction", claim.ID)
	}
	h.say(h.owner, "/urgent", h.in(th))
	h.jobsDone()
	if !h.get(tk.Ref).Urgent {
		t.Fatal("the owner's /urgent did not mark the ticket")
	}

	refusals := []struct {
		name string
		from telegramsim.User
		text string
		opt  telegramsim.SendOption
		want string
	}{
		{"reassign a ticket Li holds", h.wang, "/assign @wang_desk", h.in(th), "only an owner can give it to someone else"},
		{"release a ticket Li holds", h.wang, "/release", h.in(th), "only they or an owner can release it"},
		{"urgent off", h.li, "/urgent off", h.in(th), "Only an owner can take the urgent mark off"},
		{"claim a ticket Li holds", h.wang, "/claim", h.in(th), "Li has already taken this ticket"},
		{"a ticket command outside any ticket", h.wang, "/resolve fixed", nil, "Reply to a ticket's card or write in its topic"},
		{"a bad argument", h.wang, "/priority sideways", h.in(th), "/priority up or /priority down"},
	}
	for _, r := range refusals {
		before := h.state(tk.Ref)
		var opts []telegramsim.SendOption
		if r.opt != nil {
			opts = append(opts, r.opt)
		}
		m := h.say(r.from, r.text, opts...)
		h.waitGroupText(m.ID, r.want)
		h.jobsDone()
		if after := h.state(tk.Ref); after != before {
			t.Errorf("%s: the ticket changed from %+v to %+v", r.name, before, after)
		}
	}

	// In a private chat staff commands are refused before the dialogue.
	before := h.state(tk.Ref)
	last := lastID(h.sim.Transcript(h.li.ID))
	if _, err := h.sim.SendText(h.li.ID, h.li.ID, "/claim"); err != nil {
		t.Fatal(err)
	}
	h.pump()
	m, err := h.sim.WaitBotMessage(ctxT(t), h.li.ID, last)
	if err != nil || !strings.Contains(m.Text, "works only in the shop's staff group") {
		t.Errorf("/claim in private: %v %v", m, err)
	}
	if after := h.state(tk.Ref); after != before {
		t.Errorf("/claim in private changed the ticket: %+v", after)
	}

	// The owner may do what Li and Wang may not.
	h.say(h.owner, "/urgent off", h.in(th))
	h.say(h.owner, "/assign @wang_desk", h.in(th))
	h.jobsDone()
	if got := h.get(tk.Ref); got.Urgent || got.AssigneeUserID != h.wang.ID {
		t.Errorf("after the owner's /urgent off and /assign: urgent %v, held by %d", got.Urgent, got.AssigneeUserID)
	}
}

// The card's buttons follow the same table, and a button only acts on its
// own ticket's card.
func TestStaffButtonsEndToEnd(t *testing.T) {
	t.Parallel()
	h := newDeskHarness(t, deskOpts{})
	anna := h.customer("Anna", "en")
	bob := h.customer("Bob", "en")
	t1, t2 := h.file(anna), h.file(bob)
	th1, th2 := h.waitThread(t1.ID), h.waitThread(t2.ID)

	claim := mustDeskData(t, deskData{Action: deskClaim, TicketID: t1.ID})
	if got := h.press(h.li, int(th1.CardMessageID), claim); !strings.Contains(got, "Taken by Li") {
		t.Errorf("Claim pressed: %q", got)
	}
	if h.get(t1.Ref).AssigneeUserID != h.li.ID {
		t.Fatal("the Claim button did not assign Li")
	}

	h.jobsDone() // the card shows Release now
	before1, before2 := h.state(t1.Ref), h.state(t2.Ref)
	release := mustDeskData(t, deskData{Action: deskRelease, TicketID: t1.ID})
	if got := h.press(h.wang, int(th1.CardMessageID), release); !strings.Contains(got, "only they or an owner") {
		t.Errorf("Wang pressed Release on Li's ticket: %q", got)
	}
	// Ticket 1's Claim put onto ticket 2's card does nothing; nor does
	// data that is no desk button.
	h.putButton(int(th2.CardMessageID), claim)
	if got := h.press(h.wang, int(th2.CardMessageID), claim); !strings.Contains(got, "not valid here") {
		t.Errorf("a button of another ticket: %q", got)
	}
	h.putButton(int(th1.CardMessageID), "d:claim:forged:x")
	if got := h.press(h.wang, int(th1.CardMessageID), "d:claim:forged:x"); !strings.Contains(got, "not valid here") {
		t.Errorf("forged data: %q", got)
	}
	h.putButton(int(th1.CardMessageID), assignData(t, t1.ID), release, claim)
	h.jobsDone()
	if a1, a2 := h.state(t1.Ref), h.state(t2.Ref); a1 != before1 || a2 != before2 {
		t.Errorf("refused presses changed the tickets: %+v %+v", a1, a2)
	}

	// Assign opens the picker; picking Wang needs the owner while Li holds it.
	assign := assignData(t, t1.ID)
	if got := h.press(h.owner, int(th1.CardMessageID), assign); got != "" {
		t.Errorf("Assign pressed by the owner: %q", got)
	}
	to := mustDeskData(t, deskData{Action: deskAssignTo, TicketID: t1.ID, Arg: fmt.Sprint(h.wang.ID)})
	if got := h.press(h.owner, int(th1.CardMessageID), to); !strings.Contains(got, "Assigned to Wang") {
		t.Errorf("Wang picked: %q", got)
	}
	if h.get(t1.Ref).AssigneeUserID != h.wang.ID {
		t.Error("picking Wang did not assign him")
	}
	resolve := mustDeskData(t, deskData{Action: deskResolve, TicketID: t1.ID})
	if got := h.press(h.wang, int(th1.CardMessageID), resolve); !strings.Contains(got, "/resolve") {
		t.Errorf("Resolve pressed: %q", got)
	}
}

// putButton gives a message of the bot in the staff group a keyboard of
// buttons carrying data, as a forged or outdated keyboard would.
func (h *deskHarness) putButton(messageID int, data ...string) {
	h.t.Helper()
	var row []models.InlineKeyboardButton
	for _, d := range data {
		row = append(row, models.InlineKeyboardButton{Text: d, CallbackData: d})
	}
	_, err := h.edge.out.Bot().EditMessageReplyMarkup(context.Background(), &tgbot.EditMessageReplyMarkupParams{
		ChatID: h.staff.ID, MessageID: messageID, ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{row}}})
	if err != nil {
		h.t.Fatal(err)
	}
}

func assignData(t *testing.T, ticketID int64) string {
	return mustDeskData(t, deskData{Action: deskAssign, TicketID: ticketID})
}

// press presses a button with data on a message of the staff group and
// returns the notice the press was answered with.
func (h *deskHarness) press(from telegramsim.User, messageID int, data string) string {
	h.t.Helper()
	id, err := h.sim.PressButton(h.staff.ID, from.ID, messageID, data)
	if err != nil {
		h.t.Fatalf("press %q: %v", data, err)
	}
	h.pump()
	ans, err := h.sim.WaitCallbackAnswer(ctxT(h.t), id)
	if err != nil {
		h.t.Fatalf("press %q not answered: %v", data, err)
	}
	return ans.Text
}

func mustDeskData(t *testing.T, d deskData) string {
	t.Helper()
	return encodeDeskData(d)
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func lastID(tr []telegramsim.Entry) int {
	if len(tr) == 0 {
		return 0
	}
	return tr[len(tr)-1].Message.ID
}
