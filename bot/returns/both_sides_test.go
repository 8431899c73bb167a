package returns_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// A return as the owner, the staff and the customer live it, each in their
// own chat: the owner sends the instructions from the card; the customer
// reads them with their buttons, says the parcel is sent and gives the
// tracking number; staff confirm it arrived; the owner confirms the refund
// and closes the return. The customer hears of every step, in order, and
// /status tells where the return stands.
func TestReturnOnBothSides(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	anna := h.Customer("Anna", "en")
	tk := h.File(anna)
	th := h.Thread(tk.ID)
	staff := h.Staff.ID

	// The owner: Return… → refund → quality fault → Send.
	h.press(staff, h.Owner, int(th.CardMessageID), dataOf(h.card(th, "d:return:"), "d:return:"))
	kinds, _ := h.withButton(staff, "rt:k:")
	h.press(staff, h.Owner, kinds.ID, fmt.Sprintf("rt:k:%d:refund", tk.ID))
	causes, _ := h.withButton(staff, "rt:c:")
	h.press(staff, h.Owner, causes.ID, fmt.Sprintf("rt:c:%d:refund:quality_fault", tk.ID))
	preview, send := h.withButton(staff, "rt:send:")
	if got := h.press(staff, h.Owner, preview.ID, send); !strings.Contains(got, "Sent") {
		t.Fatalf("Send pressed: %q", got)
	}
	r := h.returnOf(tk.ID)

	// The customer: the instructions, with "I've sent it".
	instr, sent := h.withButton(anna.ID, "rc:s:")
	for _, want := range []string{"Return " + r.RMA, "88 Shili Road", "hand the parcel to the courier by"} {
		if !strings.Contains(instr.Text, want) {
			t.Errorf("the instructions Anna reads lack %q:\n%s", want, instr.Text)
		}
	}
	if _, ask := h.withButton(anna.ID, "rc:q:"); ask == "" {
		t.Error(`the instructions have no "I have a question" button`)
	}
	h.press(anna.ID, anna, instr.ID, sent)
	prompt := h.botText(anna.ID, instr.ID, "tracking number of return "+r.RMA)
	if _, err := h.Sim.SendText(anna.ID, anna.ID, "SF Express SF1234567890"); err != nil {
		t.Fatal(err)
	}
	h.Pump()
	h.botText(anna.ID, prompt.ID, "is on its way to us (SF Express SF1234567890)")
	h.card(th, "rt:rcv:", "On its way with SF Express, tracking SF1234567890")
	if r = h.returnOf(tk.ID); r.State != tickets.ReturnShipped || r.Shipped.By.Kind != tickets.ActorCustomer {
		t.Fatalf("after Anna gave the tracking number: %+v", r)
	}

	// Staff and the owner finish it.
	if got := h.press(staff, h.Li, int(th.CardMessageID), "rt:rcv:"+compact(r.RMA)+":ok"); got != "Recorded as received." {
		t.Errorf("Received pressed by Li: %q", got)
	}
	h.card(th, "rt:done:", "Arrived as described")
	if got := h.press(staff, h.Owner, int(th.CardMessageID), "rt:done:"+compact(r.RMA)); got != "Refund confirmed." {
		t.Errorf("Refunded pressed by the owner: %q", got)
	}
	h.card(th, "rt:cl:", "· refunded")
	if got := h.press(staff, h.Owner, int(th.CardMessageID), "rt:cl:"+compact(r.RMA)); got != "Return closed." {
		t.Errorf("Close pressed: %q", got)
	}
	closed := h.botText(anna.ID, prompt.ID, "Return "+r.RMA+" (ticket "+tk.Ref+") is complete")

	// What Anna read, in order, after giving the number.
	var order []string
	for _, e := range h.Sim.Transcript(anna.ID) {
		if !e.FromBot || e.Message.ID <= prompt.ID || e.Message.ID > closed.ID {
			continue
		}
		for _, step := range []struct{ name, frag string }{
			{"shipped", "is on its way to us"}, {"received", "has arrived and we've checked it"},
			{"refunded", "Your refund for return"}, {"closed", "is complete"},
		} {
			if strings.Contains(e.Message.Text, step.frag) {
				order = append(order, step.name)
			}
		}
	}
	if got := strings.Join(order, ","); got != "shipped,received,refunded,closed" {
		t.Errorf("Anna was told %s, want shipped,received,refunded,closed:\n%s", got, h.Transcript(anna.ID))
	}

	// /status tells where the return stands.
	before := lastBot(h.Sim.Transcript(anna.ID))
	if _, err := h.Sim.SendText(anna.ID, anna.ID, "/status"); err != nil {
		t.Fatal(err)
	}
	h.Pump()
	status := h.botText(anna.ID, before, tk.Ref)
	if !strings.Contains(status.Text, "Return "+r.RMA) {
		t.Errorf("/status does not show the return:\n%s", status.Text)
	}
}

// lastBot is the id of the last message in entries.
func lastBot(entries []telegramsim.Entry) int {
	id := 0
	for _, e := range entries {
		id = max(id, e.Message.ID)
	}
	return id
}
