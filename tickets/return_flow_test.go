package tickets_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/tickets"
)

// A return for a refund, from start to close: each step saves who took it
// and when, logs an event, queues the card and tells the customer; the
// approval schedules the reminders and the expiry, and the parcel's
// tracking number cancels them.
func TestReturnRefundFlow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	tk := file(t, s, 30001)
	runCardJobs(t, pool, tk.ID)
	card := func(step string) {
		t.Helper()
		if n := cardJobs(t, pool, tk.ID); n != 1 {
			t.Errorf("after %s: %d card jobs waiting, want 1", step, n)
		}
		runCardJobs(t, pool, tk.ID)
	}

	r, err := s.StartReturn(ctx, " "+tk.Ref[:3]+tk.Ref[4:]+" ", tickets.ReturnKindRefund, tickets.CauseQualityFault, ownerActor)
	if err != nil {
		t.Fatal(err)
	}
	if r.State != tickets.ReturnRequested || r.TicketID != tk.ID || r.TicketRef != tk.Ref || len(r.RMA) != len("RMA-K7M-4QX") ||
		!sameMark(r.Requested, tickets.ReturnMark{At: filedAt, By: ownerActor}) || r.CustomerName != "Li <b>Wei</b>" || r.Category != "apparel" {
		t.Fatalf("started return = %+v", r)
	}
	card("start")
	if n := noticeKeys(t, pool, tk.ID); len(n) != 0 {
		t.Errorf("the customer heard of a return only requested: %v", n)
	}

	clk.advance(time.Hour)
	approvedAt := filedAt.Add(time.Hour)
	a := instructions()
	a.Freight = tickets.Freight{Payer: tickets.PayerShop, PostageRefunded: true, Reason: "The item is faulty: we refund your postage."}
	r, err = s.ApproveReturn(ctx, r.RMA, a, ownerActor)
	if err != nil {
		t.Fatal(err)
	}
	if r.State != tickets.ReturnApproved || !r.Deadline.Equal(defaultDeadline) || r.Instructions != a.Instructions ||
		r.Freight != a.Freight || r.WarehouseID != "sh-main" || !sameMark(r.Approved, tickets.ReturnMark{At: approvedAt, By: ownerActor}) {
		t.Fatalf("approved return = %+v", r)
	}
	card("approve")
	jobs := returnJobs(t, pool, r.ID)
	var got []string
	for _, j := range jobs {
		got = append(got, fmt.Sprintf("%s %s %s", j.Kind, j.Reminder, j.ScheduledAt.Format("02 15:04:05")))
	}
	if want := []string{"return_reminder before 25 10:00:00", "return_reminder due 27 10:00:00", "return_expiry  27 23:59:59"}; !slices.Equal(got, want) {
		t.Errorf("scheduled %q, want %q", got, want)
	}
	notices := noticesOf(t, pool, tk.ID)
	if len(notices) != 1 || notices[0].Key != tickets.NoticeReturnApproved {
		t.Fatalf("notices %+v, want the instructions", notices)
	}
	wantParams := map[string]string{"ref": tk.Ref, "rma": r.RMA, "kind": "refund", "state": "approved",
		"instructions": a.Instructions, "deadline": "2026-11-27T23:59:59+08:00", "warehouse": "sh-main",
		"freight_payer": "shop", "postage_refunded": "true"}
	if fmt.Sprint(notices[0].Params) != fmt.Sprint(wantParams) {
		t.Errorf("instructions' params\n%v\nwant\n%v", notices[0].Params, wantParams)
	}

	clk.advance(24 * time.Hour)
	r, err = s.RecordShipped(ctx, r.RMA, tickets.Shipment{Carrier: " SF Express ", Tracking: "SF1234567890"}, customerOf(tk))
	if err != nil {
		t.Fatal(err)
	}
	if r.State != tickets.ReturnShipped || r.Carrier != "SF Express" || r.Tracking != "SF1234567890" ||
		r.Shipped.By != customerOf(tk) {
		t.Fatalf("shipped return = %+v", r)
	}
	card("ship")
	if w := waitingJobs(returnJobs(t, pool, r.ID)); len(w) != 0 {
		t.Errorf("reminders still waiting after the parcel was sent: %+v", w)
	}

	photo := []tickets.Media{{Kind: "photo", FileID: "insp1"}}
	r, err = s.RecordReceived(ctx, r.RMA, tickets.Inspection{Result: tickets.InspectionAsDescribed, Note: "zip broken as shown", Media: photo}, staffActor)
	if err != nil {
		t.Fatal(err)
	}
	if r.State != tickets.ReturnReceived || r.InspectionNote != "zip broken as shown" || !slices.Equal(r.InspectionMedia, photo) ||
		r.Received.By != staffActor {
		t.Fatalf("received return = %+v", r)
	}
	card("receive")
	if r, err = s.CompleteReturn(ctx, r.RMA, tickets.ReturnRefunded, ownerActor); err != nil || r.State != tickets.ReturnRefunded {
		t.Fatalf("CompleteReturn = %+v, %v", r, err)
	}
	card("refund")
	if r, err = s.CloseReturn(ctx, r.RMA, ownerActor); err != nil || r.State != tickets.ReturnClosed {
		t.Fatalf("CloseReturn = %+v, %v", r, err)
	}
	card("close")

	// What was saved reads back as it was returned.
	stored, err := s.GetReturn(ctx, r.RMA)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprintf("%+v", *stored) != fmt.Sprintf("%+v", *r) {
		t.Errorf("stored return\n%+v\nwant\n%+v", *stored, *r)
	}

	var steps []string
	for _, e := range returnEvents(t, s, tk.Ref) {
		if e.Data["rma"] != r.RMA {
			t.Errorf("event %s names return %v", e.Kind, e.Data["rma"])
		}
		steps = append(steps, fmt.Sprintf("%s by %s: %v -> %v", e.Kind, e.Actor.Kind, e.Data["from"], e.Data["to"]))
	}
	want := []string{
		"return_started by owner:  -> requested",
		"return_approved by owner: requested -> approved",
		"return_shipped by customer: approved -> shipped",
		"return_received by staff: shipped -> received",
		"return_refunded by owner: received -> refunded",
		"return_closed by owner: refunded -> closed",
	}
	if !slices.Equal(steps, want) {
		t.Errorf("events\n%q\nwant\n%q", steps, want)
	}
	wantKeys := []string{tickets.NoticeReturnApproved, tickets.NoticeReturnShipped, tickets.NoticeReturnReceived,
		tickets.NoticeReturnRefunded, tickets.NoticeReturnClosed}
	if keys := noticeKeys(t, pool, tk.ID); !slices.Equal(keys, wantKeys) {
		t.Errorf("notices %v, want %v", keys, wantKeys)
	}
	shipped := noticesOf(t, pool, tk.ID)[1].Params
	if shipped["carrier"] != "SF Express" || shipped["tracking"] != "SF1234567890" || shipped["receipt"] != "false" {
		t.Errorf("shipped notice params %v", shipped)
	}

	// Closed, the ticket may have a new return.
	if _, err := s.StartReturn(ctx, tk.Ref, tickets.ReturnKindExchange, tickets.CauseChangeOfMind, ownerActor); err != nil {
		t.Errorf("a second return after the first closed: %v", err)
	}
}

// An exchange goes the same way, is completed as exchanged only, and the
// parcel may be sent with a photo of the receipt instead of a number.
func TestReturnExchange(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	tk, r := approvedReturn(t, s, 30101, tickets.ReturnKindExchange, instructions())
	receipt := []tickets.Media{{Kind: "photo", FileID: "rcpt", FileUniqueID: "u-rcpt"}}
	r, err := s.RecordShipped(ctx, r.RMA, tickets.Shipment{Receipt: receipt}, staffActor)
	if err != nil || !slices.Equal(r.ShippingMedia, receipt) || r.Tracking != "" {
		t.Fatalf("RecordShipped with a receipt = %+v, %v", r, err)
	}
	if _, err := s.RecordReceived(ctx, r.RMA, tickets.Inspection{Result: tickets.InspectionCustomerDamage}, ownerActor); err != nil {
		t.Fatal(err)
	}
	for _, outcome := range []tickets.ReturnState{tickets.ReturnRefunded, tickets.ReturnRepaired} {
		if _, err := s.CompleteReturn(ctx, r.RMA, outcome, ownerActor); !errors.Is(err, tickets.ErrReturnState) {
			t.Errorf("an exchange completed as %s: %v", outcome, err)
		}
	}
	if _, err := s.CompleteReturn(ctx, r.RMA, tickets.ReturnClosed, ownerActor); !errors.Is(err, tickets.ErrInvalid) {
		t.Errorf("completed as closed: %v", err)
	}
	if r, err = s.CompleteReturn(ctx, r.RMA, tickets.ReturnExchanged, ownerActor); err != nil || r.State != tickets.ReturnExchanged {
		t.Fatalf("CompleteReturn exchanged = %+v, %v", r, err)
	}
	if r.InspectionResult != tickets.InspectionCustomerDamage || r.Completed.By != ownerActor {
		t.Errorf("exchanged return = %+v", r)
	}
	received := noticesOf(t, pool, tk.ID)[2]
	if received.Key != tickets.NoticeReturnReceived || received.Params["inspection"] != "customer_damage" {
		t.Errorf("received notice %+v", received)
	}
}
