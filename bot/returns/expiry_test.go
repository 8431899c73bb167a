package returns_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/internal/shoptest"
	"github.com/complaintbot/complaintbot/tickets"
)

// When the deadline passes without the parcel, the owner is alerted
// privately with buttons to give the customer more days or cancel; +7 days
// approves the return again with a new deadline, and the alert's buttons go.
func TestExpiryAlertsTheOwner(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	fan := h.Customer("Fan", "en")
	tk := h.File(fan)
	th := h.Thread(tk.ID)
	staff := h.Staff.ID

	h.Say(h.Owner, "/return refund", shoptest.In(th))
	causes, _ := h.withButton(staff, "rt:c:")
	h.press(staff, h.Owner, causes.ID, fmt.Sprintf("rt:c:%d:refund:change_of_mind", tk.ID))
	preview, send := h.withButton(staff, "rt:send:")
	h.press(staff, h.Owner, preview.ID, send)
	r := h.returnOf(tk.ID)
	if r.State != tickets.ReturnApproved {
		t.Fatalf("after Send: %+v", r)
	}

	// The deadline passes: the store's clock moves past it, and River is
	// told the return's jobs are due now.
	h.Clock.Advance(r.Deadline.Sub(h.Clock.Now()) + time.Minute)
	if _, err := h.Pool.Exec(context.Background(), `UPDATE river_job SET state = 'available', scheduled_at = now()
		WHERE kind IN ('return_reminder', 'return_expiry') AND state = 'scheduled'`); err != nil {
		t.Fatal(err)
	}
	h.Settle()
	if got := h.returnOf(tk.ID); got.State != tickets.ReturnExpired {
		t.Fatalf("after the deadline: %+v", got)
	}
	alert, ext := h.withButton(h.Owner.ID, "rt:ext:")
	deadline := r.Deadline.In(h.Policy.Shop.TimeZone)
	for _, w := range []string{"Return not sent: " + r.RMA + " on " + tk.Ref + " · Clothing",
		"to send the item by " + fmt.Sprintf("%d %s", deadline.Day(), deadline.Format("Jan")), "Give them 7 more days"} {
		if !strings.Contains(alert.Text, w) {
			t.Errorf("the alert lacks %q:\n%s", w, alert.Text)
		}
	}
	if dataOf(alert, "rt:cx:"+compact(r.RMA)) == "" || ext != "rt:ext:"+compact(r.RMA) {
		t.Errorf("the alert's buttons: %+v", alert.ReplyMarkup)
	}
	h.card(th, "rt:ext:", "deadline passed")

	got := h.press(h.Owner.ID, h.Owner, alert.ID, ext)
	now := h.Clock.Now().In(h.Policy.Shop.TimeZone)
	want := time.Date(now.Year(), now.Month(), now.Day()+7, 23, 59, 59, 0, now.Location())
	if !strings.Contains(got, "Extended: the customer has until") {
		t.Errorf("+7 days pressed: %q", got)
	}
	if r = h.returnOf(tk.ID); r.State != tickets.ReturnApproved || !r.Deadline.Equal(want) {
		t.Errorf("after +7 days: %+v, want the deadline %v", r, want)
	}
	if dataOf(h.entryIn(h.Owner.ID, alert.ID), "rt:") != "" {
		t.Error("the alert keeps its buttons")
	}
	h.card(th, "rt:ext:", "instructions sent")
	// Cancel, from the card now.
	if got := h.press(staff, h.Owner, int(th.CardMessageID), "rt:cx:"+compact(r.RMA)); got != "Return cancelled." {
		t.Errorf("Cancel pressed: %q", got)
	}
	h.card(th, "d:return:", "cancelled")
}
