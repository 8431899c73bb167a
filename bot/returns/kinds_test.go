package returns_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/complaintbot/complaintbot/internal/customersim"
	"github.com/complaintbot/complaintbot/internal/shoptest"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// An exchange started with /return exchange in the thread: the customer
// changed their mind, so they pay the freight; it comes back damaged, and
// the owner confirms the exchange.
func TestExchangeFromTheThread(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	bob := h.Customer("Bob", "en")
	tk := h.File(bob)
	th := h.Thread(tk.ID)
	staff := h.Staff.ID

	cmd := h.Say(h.Owner, "/return exchange", shoptest.In(th))
	causes, _ := h.withButton(staff, "rt:c:")
	if causes.ReplyToMessage == nil || causes.ReplyToMessage.ID != cmd.ID || !strings.Contains(causes.Text, "Exchange on "+tk.Ref) {
		t.Errorf("the causes: %q, replying to %+v", causes.Text, causes.ReplyToMessage)
	}
	h.press(staff, h.Owner, causes.ID, fmt.Sprintf("rt:c:%d:exchange:change_of_mind", tk.ID))
	preview, send := h.withButton(staff, "rt:send:")
	for _, w := range []string{"(exchange)", "Postage: paid by you. There is nothing wrong with the item", "we ship the replacement within 3 days"} {
		if !strings.Contains(preview.Text, w) {
			t.Errorf("the preview lacks %q:\n%s", w, preview.Text)
		}
	}
	h.press(staff, h.Owner, preview.ID, send)
	r := h.returnOf(tk.ID)
	if r.State != tickets.ReturnApproved || r.Kind != tickets.ReturnKindExchange || r.Freight.Payer != tickets.PayerCustomer || r.Freight.PostageRefunded {
		t.Fatalf("after Send: %+v", r)
	}
	h.card(th, "rt:ext:", "Exchange · instructions sent", "Change of mind")

	h.reacted(h.Say(h.Wang, "/shipped YT9876543210", shoptest.In(th)).ID)
	h.card(th, "rt:rcv:", "On its way, tracking YT9876543210")
	// /received as the caption of an album of the item as it arrived: the
	// captioned photo is kept with the inspection, the others as notes, and
	// none is sent to the customer.
	album, err := h.Sim.SendAlbum(staff, h.Li.ID, []telegramsim.Media{
		{Kind: "photo", Data: customersim.SamplePhoto(200, 40, 40), Caption: "/received damaged a stain on the sleeve"},
		{Kind: "photo", Data: customersim.SamplePhoto(40, 200, 40)},
		{Kind: "photo", Data: customersim.SamplePhoto(40, 40, 200)},
	}, shoptest.In(th))
	if err != nil {
		t.Fatal(err)
	}
	stain := album[0]
	h.Pump()
	h.reacted(stain.ID)
	h.card(th, "rt:done:", "Arrived damaged by the customer: a stain on the sleeve")
	r = h.returnOf(tk.ID)
	if r.InspectionResult != tickets.InspectionCustomerDamage || r.InspectionNote != "a stain on the sleeve" || r.Tracking != "YT9876543210" || r.Carrier != "" {
		t.Errorf("after /shipped and /received: %+v", r)
	}
	if len(r.InspectionMedia) != 1 || r.InspectionMedia[0].Kind != "photo" || r.InspectionMedia[0].FileID != stain.Photo[len(stain.Photo)-1].FileID {
		t.Errorf("the inspection's photo: %+v", r.InspectionMedia)
	}
	for _, e := range h.Sim.Transcript(bob.ID) {
		if e.FromBot && len(e.Message.Photo) > 0 {
			t.Errorf("the inspection's photo reached the customer: %+v", e.Message)
		}
	}
	if got := h.Ticket(tk.Ref); shoptest.CountDirection(got, tickets.DirectionInternal) != 2 || shoptest.CountDirection(got, tickets.DirectionOut) != 0 {
		t.Errorf("the album's other photos: %d notes and %d replies, want 2 and 0", shoptest.CountDirection(got, tickets.DirectionInternal), shoptest.CountDirection(got, tickets.DirectionOut))
	}
	if got := h.press(staff, h.Owner, int(th.CardMessageID), "rt:done:"+compact(r.RMA)); got != "Exchange confirmed." {
		t.Errorf("Exchanged pressed: %q", got)
	}
	h.card(th, "rt:cl:", "Exchange · exchanged")

	// A second /received, or /shipped, no longer fits.
	again := h.Say(h.Li, "/received", shoptest.In(th))
	h.GroupAnswer(again.ID, "is exchanged, so you can't record the parcel as received now")
}

// A repair the customer pays for: the owner is asked the fee, a bad amount
// is explained and asked again, a member's reply is not taken (nor passed
// to the customer), and the fee shows in the preview and goes with the
// approval.
func TestChargedRepairAsksTheFee(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	cai := h.Customer("Cai", "zh")
	tk := h.File(cai)
	th := h.Thread(tk.ID)
	staff := h.Staff.ID

	h.Say(h.Owner, "/return repair", shoptest.In(th))
	causes, _ := h.withButton(staff, "rt:c:")
	h.press(staff, h.Owner, causes.ID, fmt.Sprintf("rt:c:%d:repair:customer_damage", tk.ID))
	r := h.returnOf(tk.ID)
	ask := h.botText(staff, causes.ID, "Reply to this message with the estimated fee in CNY")

	bad := h.Say(h.Owner, "a lot", telegramsim.ReplyTo(ask.ID))
	again := h.botText(staff, bad.ID, "I can't read that as an amount")
	if !strings.Contains(again.Text, "estimated fee in CNY") {
		t.Errorf("the fee is not asked again: %q", again.Text)
	}
	li := h.Say(h.Li, "99", telegramsim.ReplyTo(again.ID))
	h.botText(staff, li.ID, "This question is for the owner who started the return")
	good := h.Say(h.Owner, "120.50", telegramsim.ReplyTo(again.ID))
	preview := h.botText(staff, good.ID, "RMA")
	send := dataOf(preview, "rt:send:")
	for _, w := range []string{"· Repair · Damaged by the customer", "in Chinese", "（寄回维修）", "维修费用预估：¥120.50", "退货授权号：" + r.RMA, "运费：由您承担"} {
		if !strings.Contains(preview.Text, w) {
			t.Errorf("the preview lacks %q:\n%s", w, preview.Text)
		}
	}
	if got := h.Ticket(tk.Ref); shoptest.CountDirection(got, tickets.DirectionOut) != 0 {
		t.Errorf("answers to the fee went to the customer: %+v", got.Messages)
	}
	if got := h.press(staff, h.Owner, preview.ID, send); !strings.Contains(got, "Sent") {
		t.Errorf("Send pressed: %q", got)
	}
	r = h.returnOf(tk.ID)
	if r.State != tickets.ReturnApproved || r.Fee != (tickets.Fee{Cents: 12050, Currency: "CNY"}) || !r.FeePending() ||
		r.InstructionsLang != "zh" || !strings.Contains(r.Instructions, "¥120.50") {
		t.Fatalf("after Send: %+v", r)
	}
	h.card(th, "rt:ext:", "Repair fee ¥120.50: the customer has not answered yet")
	// Nothing may be recorded sent before the customer accepts the fee.
	early := h.Say(h.Li, "/shipped SF SF1", shoptest.In(th))
	h.GroupAnswer(early.ID, "has not accepted the repair fee of "+r.RMA)
}
