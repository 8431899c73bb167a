package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/internal/shoptest"
	"github.com/complaintbot/complaintbot/tickets"
)

// A ticket waiting for its customer: after two days of silence the customer
// is reminded in their language, after seven the ticket closes by the
// system, the customer is told and the card follows; writing again offers
// to reopen it. A wait that the customer's answer ended does nothing.
func TestAwaitingCustomerNudgeAndAutoClose(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{})
	anna := h.Customer("Anna", "en")
	mei := h.Customer("Mei", "zh")
	ta, tm := h.File(anna), h.File(mei)
	h.Say(h.Li, "/needinfo Which size did you order?", shoptest.In(h.Thread(ta.ID)))
	h.Say(h.Li, "/needinfo 请问您买的是哪个尺码？", shoptest.In(h.Thread(tm.ID)))
	h.Settle()
	for _, tk := range []*tickets.Ticket{ta, tm} {
		if got := h.Ticket(tk.Ref); got.Status != tickets.StatusAwaitingCustomer {
			t.Fatalf("%s is %s after /needinfo", tk.Ref, got.Status)
		}
	}
	// Mei answers: her ticket no longer waits, and her jobs are cancelled.
	h.send(mei, "M 码")
	h.Settle()
	var waiting int
	if err := h.Pool.QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE kind = 'awaiting_customer'
		AND (args->>'ticket_id')::bigint = $1 AND state <> 'cancelled'`, tm.ID).Scan(&waiting); err != nil || waiting != 0 {
		t.Errorf("Mei's ticket, answered, keeps %d follow-ups (%v)", waiting, err)
	}

	ma, mm := h.mark(anna), h.mark(mei)
	h.Clock.Advance(48*time.Hour + time.Minute)
	h.runAwaiting(ta.ID, tickets.AwaitingNudge)
	nudge := h.after(anna, ma, "we are still waiting for the information")
	if !strings.Contains(nudge.Text, ta.Ref) {
		t.Errorf("the nudge: %q", nudge.Text)
	}

	h.Clock.Advance(5 * 24 * time.Hour)
	h.runAwaiting(ta.ID, tickets.AwaitingClose)
	closed := h.after(anna, nudge.ID, "we have closed ticket "+ta.Ref)
	if !strings.Contains(closed.Text, "7 days") {
		t.Errorf("the close: %q", closed.Text)
	}
	h.Settle()
	if got := h.Ticket(ta.Ref); got.Status != tickets.StatusClosed {
		t.Errorf("%s is %s after seven days", ta.Ref, got.Status)
	}
	if got := h.Ticket(tm.Ref); got.Status != tickets.StatusInProgress {
		t.Errorf("Mei's answered ticket is %s", got.Status)
	}
	for _, e := range h.Sim.Transcript(mei.ID) {
		if e.FromBot && e.Message.ID > mm && (strings.Contains(e.Message.Text, "温馨提醒") || strings.Contains(e.Message.Text, "暂时关闭")) {
			t.Errorf("Mei, who answered, got %q", e.Message.Text)
		}
	}

	offer := h.ask(anna, "Sorry, it was size M")
	if !strings.Contains(offer.Text, ta.Ref) {
		t.Errorf("writing after the auto-close: %q", offer.Text)
	}
}

// runAwaiting makes the ticket's scheduled nudge or close available now, as
// if its time had come.
func (h *harness) runAwaiting(ticketID int64, step string) {
	h.T.Helper()
	ctx := context.Background()
	var id int64
	err := h.Pool.QueryRow(ctx, `SELECT id FROM river_job WHERE kind = 'awaiting_customer' AND state = 'scheduled'
		AND (args->>'ticket_id')::bigint = $1 AND args->>'step' = $2`, ticketID, step).Scan(&id)
	if err != nil {
		h.T.Fatalf("%s of ticket %d: %v", step, ticketID, err)
	}
	if _, err := h.Inserter.JobRetry(ctx, id); err != nil {
		h.T.Fatal(err)
	}
}
