package returns_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/complaintbot/complaintbot/internal/shoptest"
	"github.com/complaintbot/complaintbot/tickets"
)

// Every step only owners may take is refused for staff, with the reason,
// and for a customer pressing a forged button; nothing changes. Staff may
// record the parcel sent and received.
func TestOwnerStepsRefusedForOthers(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	eve := h.Customer("Eve", "en")
	tk := h.File(eve)
	th := h.Thread(tk.ID)
	staff, card := h.Staff.ID, int(th.CardMessageID)

	start := dataOf(h.card(th, "d:return:"), "d:return:")
	if got := h.press(staff, h.Li, card, start); got != "Only an owner can start a return." {
		t.Errorf("Return… pressed by Li: %q", got)
	}
	cmd := h.Say(h.Li, "/return refund", shoptest.In(th))
	h.GroupAnswer(cmd.ID, "Only an owner can start a return.")
	h.putButtons(staff, card, fmt.Sprintf("rt:k:%d:refund", tk.ID), fmt.Sprintf("rt:c:%d:refund:quality_fault", tk.ID))
	for _, data := range []string{fmt.Sprintf("rt:k:%d:refund", tk.ID), fmt.Sprintf("rt:c:%d:refund:quality_fault", tk.ID)} {
		if got := h.press(staff, h.Wang, card, data); got != "Only owners may start a return." {
			t.Errorf("forged %s pressed by Wang: %q", data, got)
		}
	}
	h.noReturn(tk.ID)

	// The owner starts one from their private chat.
	h.privately(h.Owner, "/return "+tk.Ref+" refund")
	causes, _ := h.withButton(h.Owner.ID, "rt:c:")
	h.press(h.Owner.ID, h.Owner, causes.ID, fmt.Sprintf("rt:c:%d:refund:quality_fault", tk.ID))
	r := h.returnOf(tk.ID)
	rma := compact(r.RMA)
	h.card(th, "rt:pv:", "not sent yet")
	for data, want := range map[string]string{
		"rt:pv:" + rma:             "Only owners may send the return instructions.",
		"rt:rf:" + rma:             "Only owners may refuse a return.",
		"rt:cx:" + rma:             "Only owners may cancel a return.",
		"rt:send:" + rma:           "Only owners may send the return instructions.",
		"rt:edit:" + rma:           "Only owners may send the return instructions.",
		"rt:ex:" + rma + ":washed": "Only owners may refuse a return.",
	} {
		h.putButtons(staff, card, data)
		if got := h.press(staff, h.Li, card, data); got != want {
			t.Errorf("%s pressed by Li: %q, want %q", data, got, want)
		}
	}
	// A customer pressing the flow's buttons, forged into their chat.
	ack := h.CustomerText(eve, tk.Ref)
	for data, want := range map[string]string{
		"rt:send:" + rma:           "Only owners may send the return instructions.",
		"rt:ex:" + rma + ":washed": "Only owners may refuse a return.",
		"rt:cx:" + rma:             "Only owners may cancel a return.",
		"rt:ext:" + rma:            "Only owners may give the customer more days.",
		"rt:rcv:" + rma + ":ok":    "Only owners and staff may record the parcel as received.",
		"rt:done:" + rma:           "Only owners may confirm the refund.",
		"rt:cl:" + rma:             "Only owners may close a return.",
		fmt.Sprintf("rt:c:%d:refund:change_of_mind", tk.ID): "Only owners may start a return.",
	} {
		h.putButtons(eve.ID, ack.ID, data)
		if got := h.press(eve.ID, eve, ack.ID, data); got != want {
			t.Errorf("%s pressed by the customer: %q, want %q", data, got, want)
		}
	}
	// A customer's /return is the customer's own business.
	last := shoptest.LastID(h.Sim.Transcript(eve.ID))
	h.privately(eve, "/return "+tk.Ref+" refund")
	if m, err := h.Sim.WaitBotMessage(h.Ctx(), eve.ID, last); err != nil || dataOf(m, "rt:") != "" || strings.Contains(m.Text, "what is it for") {
		t.Errorf("the customer's /return was answered with %+v, %v", m, err)
	}
	if got := h.returnOf(tk.ID); got.State != tickets.ReturnRequested || got.UpdatedAt != r.UpdatedAt {
		t.Fatalf("refused presses changed the return: %+v", got)
	}

	// Sent by the owner; then only owners extend, staff record the parcel.
	preview, send := h.withButton(h.Owner.ID, "rt:send:")
	h.press(h.Owner.ID, h.Owner, preview.ID, send)
	h.card(th, "rt:ext:", "instructions sent")
	if got := h.press(staff, h.Li, card, "rt:ext:"+rma); got != "Only owners may give the customer more days." {
		t.Errorf("+7 days pressed by Li: %q", got)
	}
	h.reacted(h.Say(h.Li, "/shipped EMS EE123456789CN", shoptest.In(th)).ID)
	h.card(th, "rt:rcv:", "On its way")
	if got := h.press(staff, h.Wang, card, "rt:rcv:"+rma+":ok"); got != "Recorded as received." {
		t.Errorf("Received pressed by Wang: %q", got)
	}
	h.card(th, "rt:done:", "Arrived as described")
	if got := h.press(staff, h.Wang, card, "rt:done:"+rma); got != "Only owners may confirm the refund." {
		t.Errorf("Refunded pressed by Wang: %q", got)
	}
	h.press(staff, h.Owner, card, "rt:done:"+rma)
	h.card(th, "rt:cl:", "refunded")
	if got := h.press(staff, h.Li, card, "rt:cl:"+rma); got != "Only owners may close a return." {
		t.Errorf("Close pressed by Li: %q", got)
	}
	if got := h.returnOf(tk.ID); got.State != tickets.ReturnRefunded {
		t.Errorf("at the end: %+v", got)
	}
}
