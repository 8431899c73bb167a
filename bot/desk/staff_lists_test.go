package desk_test

import (
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/bot/desk"
	"github.com/complaintbot/complaintbot/internal/shoptest"
	"github.com/complaintbot/complaintbot/tickets"
)

// /tickets and /ticket answer anywhere in the staff group with a line per
// ticket linking to its topic; canned replies, notes and /help work in a
// ticket's topic.
func TestStaffListsRepliesAndNotes(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{})
	anna := h.Customer("Anna", "en")
	bob := h.Customer("Bob", "zh-hans")
	ta, tb := h.File(anna), h.File(bob)
	tha := h.Thread(ta.ID)
	h.Say(h.Li, "/claim", shoptest.In(tha))

	all := h.Say(h.Wang, "/tickets")
	list := h.GroupAnswer(all.ID, "Open tickets")
	if !strings.Contains(list.Text, ta.Ref) || !strings.Contains(list.Text, tb.Ref) || !strings.Contains(list.Text, "Li") {
		t.Errorf("/tickets: %q", list.Text)
	}
	if !hasLink(list, desk.ThreadLink(tha.ChatID, tha)) {
		t.Errorf("/tickets does not link %s to its topic: %+v", ta.Ref, list.Entities)
	}
	mine := h.GroupAnswer(h.Say(h.Li, "/tickets mine").ID, "Your open tickets")
	if !strings.Contains(mine.Text, ta.Ref) || strings.Contains(mine.Text, tb.Ref) {
		t.Errorf("/tickets mine: %q", mine.Text)
	}
	h.GroupAnswer(h.Say(h.Wang, "/tickets waiting").ID, "No ticket is waiting")
	one := h.GroupAnswer(h.Say(h.Wang, "/ticket "+strings.ToLower(tb.Ref)).ID, tb.Ref)
	if strings.Contains(one.Text, ta.Ref) {
		t.Errorf("/ticket %s: %q", tb.Ref, one.Text)
	}
	h.GroupAnswer(h.Say(h.Wang, "/ticket ABC-DEF").ID, "There is no ticket ABC-DEF")

	// A ready answer goes to each customer in their own language.
	// The thread sees the text as it went, in reply to the command.
	sent := h.GroupAnswer(h.Say(h.Li, "/reply thanks", shoptest.In(tha)).ID, "is on its way to the customer")
	if !strings.Contains(sent.Text, "Thank you for taking the time to tell us, Anna.") {
		t.Errorf("/reply thanks shows the thread %q", sent.Text)
	}
	h.CustomerText(anna, "Thank you for taking the time to tell us, Anna. We have noted everything on ticket "+ta.Ref)
	h.Say(h.Wang, "/reply@ShopDeskBot thanks", shoptest.In(h.Thread(tb.ID)))
	h.CustomerText(bob, "Bob，感谢您耐心告诉我们这些情况。我们已经在工单 "+tb.Ref)

	// Notes, by command or prefix, stay in the group.
	h.Say(h.Li, "!! customer sounded upset", shoptest.In(tha))
	h.Say(h.Li, "/note offered a call", shoptest.In(tha))
	h.Settle()
	got := h.Ticket(ta.Ref)
	var notes []string
	for _, m := range got.Messages {
		if m.Direction == tickets.DirectionInternal {
			notes = append(notes, m.Text)
		}
	}
	if strings.Join(notes, "|") != "customer sounded upset|offered a call" {
		t.Errorf("notes %q", notes)
	}
	for _, e := range h.Sim.Transcript(anna.ID) {
		if strings.Contains(e.Message.Text, "upset") || strings.Contains(e.Message.Text, "offered a call") {
			t.Errorf("Anna saw a note: %s", e)
		}
	}

	help := h.GroupAnswer(h.Say(h.Wang, "/help").ID, "/resolve summary")
	if !strings.Contains(help.Text, "!!") || !strings.Contains(help.Text, "size-guide") {
		t.Errorf("/help: %q", help.Text)
	}
}

// hasLink reports whether the message links to url.
func hasLink(m *models.Message, url string) bool {
	for _, e := range m.Entities {
		if e.Type == models.MessageEntityTypeTextLink && e.URL == url {
			return true
		}
	}
	return false
}
