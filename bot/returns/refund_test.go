package returns_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/complaintbot/complaintbot/internal/shoptest"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// A return for a refund, end to end: the owner starts it from the card,
// previews the instructions, edits them and sends them; staff record the
// parcel sent and received; the owner confirms the refund and closes it.
// The card shows every state.
func TestRefundFromTheCard(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	anna := h.Customer("Anna", "en")
	tk := h.File(anna)
	th := h.Thread(tk.ID)
	card := int(th.CardMessageID)
	staff := h.Staff.ID

	start := dataOf(h.card(th, "d:return:"), "d:return:")
	if got := h.press(staff, h.Owner, card, start); got != "" {
		t.Errorf("Return… pressed by the owner: %q", got)
	}
	kinds, _ := h.withButton(staff, "rt:k:")
	if !strings.Contains(kinds.Text, "Return on "+tk.Ref+" for Anna: what is it for?") {
		t.Errorf("the kinds are asked as %q", kinds.Text)
	}
	h.press(staff, h.Owner, kinds.ID, fmt.Sprintf("rt:k:%d:refund", tk.ID))
	causes, _ := h.withButton(staff, "rt:c:")
	if causes.ID != kinds.ID || !strings.Contains(causes.Text, "why does the item come back?") {
		t.Errorf("the causes are asked as #%d %q", causes.ID, causes.Text)
	}
	h.press(staff, h.Owner, causes.ID, fmt.Sprintf("rt:c:%d:refund:quality_fault", tk.ID))
	r := h.returnOf(tk.ID)
	if r.State != tickets.ReturnRequested || r.Kind != tickets.ReturnKindRefund || r.Cause != tickets.CauseQualityFault {
		t.Fatalf("after the cause: %+v", r)
	}
	preview, send := h.withButton(staff, "rt:send:")
	day, deadline := h.sendBy()
	for _, w := range []string{
		"Return " + r.RMA + " on " + tk.Ref + " · Refund · Quality fault", "as Anna will read them, in English:",
		"Hello Anna", "Return number: " + r.RMA, "Send it to: After-sales, Example Shop, 88 Shili Road",
		"Recipient: 王丽 (Wang Li), phone +86 571 8765 4321", "Please hand it to the courier by " + day,
		"Postage: paid by the shop. The item has a quality fault", "• Leave the tags attached",
		"Please leave out:\n• Cash, bank cards", "we refund you by the original payment method within 7 days",
	} {
		if !strings.Contains(preview.Text, w) {
			t.Errorf("the preview lacks %q:\n%s", w, preview.Text)
		}
	}
	h.card(th, "rt:pv:", "Return "+r.RMA+" · Refund · not sent yet", "Why it comes back: Quality fault")

	// Edit: the owner replies with a text of their own, which the next
	// preview shows as it is.
	h.press(staff, h.Owner, preview.ID, "rt:edit:"+compact(r.RMA))
	ask := h.botText(staff, preview.ID, "whole new text of the instructions for "+r.RMA+", in English")
	own := "Dear Anna, please send the jacket to <After-sales> & write " + r.RMA + " on the parcel by " + day + "."
	reply := h.Say(h.Owner, own, telegramsim.ReplyTo(ask.ID))
	edited := h.botText(staff, reply.ID, "(your text)")
	if !strings.Contains(edited.Text, own) || dataOf(edited, "rt:send:") != send {
		t.Errorf("the edited preview:\n%s", edited.Text)
	}
	if got := h.Ticket(tk.Ref); shoptest.CountDirection(got, tickets.DirectionOut) != 0 {
		t.Errorf("the owner's answer went to the customer: %+v", got.Messages)
	}
	if old := h.entry(preview.ID); old.ReplyMarkup != nil && len(old.ReplyMarkup.InlineKeyboard) > 0 {
		t.Errorf("the first preview keeps its buttons: %+v", old.ReplyMarkup)
	}

	if got := h.press(staff, h.Owner, edited.ID, send); !strings.Contains(got, "Sent: the customer has until") {
		t.Errorf("Send pressed: %q", got)
	}
	r = h.returnOf(tk.ID)
	if r.State != tickets.ReturnApproved || r.Instructions != own || r.InstructionsLang != "en" || !r.Deadline.Equal(deadline) ||
		r.Freight.Payer != tickets.PayerShop || !r.Freight.PostageRefunded || r.WarehouseID != "main" || r.Fee.Cents != 0 {
		t.Fatalf("after Send: %+v (deadline want %v)", r, deadline)
	}
	if sent := h.entry(edited.ID); !strings.Contains(sent.Text, "the customer has the instructions") || sent.ReplyMarkup != nil && len(sent.ReplyMarkup.InlineKeyboard) > 0 {
		t.Errorf("the sent preview: %q %+v", sent.Text, sent.ReplyMarkup)
	}
	h.card(th, "rt:ext:", "instructions sent", "To be sent by")

	// Staff record the parcel for a customer who phoned.
	shipped := h.Say(h.Li, "/shipped SF Express SF1234567890", shoptest.In(th))
	h.reacted(shipped.ID)
	h.card(th, "rt:rcv:", "On its way with SF Express, tracking SF1234567890")
	if got := h.press(staff, h.Li, card, "rt:rcv:"+compact(r.RMA)+":ok"); got != "Recorded as received." {
		t.Errorf("Received pressed by Li: %q", got)
	}
	h.card(th, "rt:done:", "· received", "Arrived as described")
	if got := h.press(staff, h.Li, card, "rt:done:"+compact(r.RMA)); got != "Only owners may confirm the refund." {
		t.Errorf("Refunded pressed by Li: %q", got)
	}
	if got := h.press(staff, h.Owner, card, "rt:done:"+compact(r.RMA)); got != "Refund confirmed." {
		t.Errorf("Refunded pressed by the owner: %q", got)
	}
	h.card(th, "rt:cl:", "· refunded")
	if got := h.press(staff, h.Owner, card, "rt:cl:"+compact(r.RMA)); got != "Return closed." {
		t.Errorf("Close pressed: %q", got)
	}
	h.card(th, "d:return:", "Return "+r.RMA+" · Refund · closed")
	if r = h.returnOf(tk.ID); r.State != tickets.ReturnClosed || r.Received.By.Kind != tickets.ActorStaff || r.Completed.By.Kind != tickets.ActorOwner {
		t.Errorf("at the end: %+v", r)
	}
}
