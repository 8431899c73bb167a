package desk_test

import (
	"context"
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/bot/desk"
	"github.com/complaintbot/complaintbot/internal/shoptest"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// Who may act at the desk: the listed staff and the group's administrators
// do; a plain member, an administrator since demoted, someone removed and
// let back in as a plain member, someone posting anonymously as the group
// and another bot do not — and nothing of theirs reaches the customer.
func TestOnlyStaffActAtTheDesk(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{})
	anna := h.Customer("Anna", "en")
	tk := h.File(anna)
	th := h.Thread(tk.ID)
	group := h.Staff.ID
	member := func(name string) telegramsim.User {
		t.Helper()
		u := h.Sim.AddUser(telegramsim.User{FirstName: name, LanguageCode: "en"})
		if err := h.Sim.AddMember(group, u.ID); err != nil {
			t.Fatal(err)
		}
		h.Pump()
		return u
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		h.Pump() // the chat_member update
	}

	admin := member("Zhao")
	must(h.Sim.PromoteMember(group, admin.ID))
	plain := member("Pan")
	demoted := member("Qian")
	must(h.Sim.PromoteMember(group, demoted.ID))
	must(h.Sim.DemoteMember(group, demoted.ID))
	removed := member("Sun")
	must(h.Sim.PromoteMember(group, removed.ID))
	must(h.Sim.RemoveMember(group, removed.ID))
	must(h.Sim.AddMember(group, removed.ID))

	cases := []struct {
		name   string
		from   telegramsim.User
		opts   []telegramsim.SendOption
		staff  bool
		answer string // what a refused one is told
	}{
		{"listed staff", h.Li, nil, true, ""},
		{"an administrator", admin, nil, true, ""},
		{"the owner", h.Owner, nil, true, ""},
		{"a plain member", plain, nil, false, "Only the shop's staff"},
		{"a demoted administrator", demoted, nil, false, "Only the shop's staff"},
		{"a removed member let back in", removed, nil, false, "Only the shop's staff"},
		{"an anonymous administrator", admin, []telegramsim.SendOption{telegramsim.AsGroup()}, false, "Post under your own name"},
	}
	for _, tc := range cases {
		text := "A word to Anna from " + tc.name
		m, err := h.Sim.SendText(group, tc.from.ID, text, append(tc.opts, shoptest.In(th))...)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		h.Pump()
		h.Settle()
		relayed := strings.Contains(h.Transcript(anna.ID), text)
		if relayed != tc.staff {
			t.Errorf("%s: relayed to the customer = %v, want %v", tc.name, relayed, tc.staff)
		}
		if !tc.staff {
			h.GroupAnswer(m.ID, tc.answer)
		}
	}

	// A refused member's button press changes nothing.
	before := h.Ticket(tk.Ref)
	ans := pressCard(t, h, plain, th, tk)
	if after := h.Ticket(tk.Ref); after.AssigneeUserID != before.AssigneeUserID || !strings.Contains(ans, "Only the shop's staff") {
		t.Errorf("a plain member's Claim: assignee %d→%d, answered %q", before.AssigneeUserID, after.AssigneeUserID, ans)
	}

	// Another bot in the group is not staff either: it is left alone.
	sent := len(h.Sim.Transcript(group))
	bot := &models.User{ID: 5550001, IsBot: true, FirstName: "OtherBot"}
	upd := &models.Update{ID: 1 << 40, Message: &models.Message{
		ID: 99999, From: bot, Chat: models.Chat{ID: group, Type: models.ChatTypeSupergroup, IsForum: true},
		IsTopicMessage: true, MessageThreadID: int(th.ThreadID), Text: "/claim",
	}}
	if err := h.Desk.HandleUpdate(context.Background(), upd); err != nil {
		t.Fatal(err)
	}
	h.Settle()
	if n := len(h.Sim.Transcript(group)); n != sent {
		t.Errorf("another bot's /claim got %d answers", n-sent)
	}
	if got := h.Ticket(tk.Ref); got.AssigneeUserID == bot.ID {
		t.Error("another bot claimed the ticket")
	}
	staffOut := 0
	for _, msg := range h.Ticket(tk.Ref).Messages {
		if msg.Direction == tickets.DirectionOut {
			staffOut++
		}
	}
	if staffOut != 3 {
		t.Errorf("%d replies went to the customer, want the 3 of staff", staffOut)
	}
}

// pressCard presses the Claim button of the ticket's card as from and
// returns the notice the press was answered with.
func pressCard(t *testing.T, h *harness, from telegramsim.User, th *tickets.Thread, tk *tickets.Ticket) string {
	t.Helper()
	data := desk.ButtonData("claim", tk.ID, "")
	h.putButton(int(th.CardMessageID), data) // the card shows Release by now
	id, err := h.Sim.PressButton(h.Staff.ID, from.ID, int(th.CardMessageID), data)
	if err != nil {
		t.Fatal(err)
	}
	h.Pump()
	ans, err := h.Sim.WaitCallbackAnswer(h.Ctx(), id)
	if err != nil {
		t.Fatal(err)
	}
	return ans.Text
}
