package returns_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/complaintbot/complaintbot/internal/shoptest"
	"github.com/complaintbot/complaintbot/tickets"
)

// The owner may refuse a return for each of the default policy's
// exclusions: the reason the customer reads is the policy's, in their
// language, and the outcomes still open to them (a repair the verdict
// allows) go with it.
func TestRefusalForEachExclusion(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	dai := h.Customer("Dai", "en")
	tk := h.File(dai)
	th := h.Thread(tk.ID)
	staff := h.Staff.ID
	if len(h.Policy.Returns.Exclusions) < 5 {
		t.Fatalf("the default policy has %d exclusions", len(h.Policy.Returns.Exclusions))
	}
	names := map[string]string{"washed": "Washed", "cut_or_torn": "Cut, taken apart or torn", "clearance": "Clearance item",
		"window_passed": "Return window passed", "no_receipt": "No receipt"}
	for _, e := range h.Policy.Returns.Exclusions {
		cmd := h.Say(h.Owner, "/return refund", shoptest.In(th))
		causes := h.botText(staff, cmd.ID, "why does the item come back?")
		h.press(staff, h.Owner, causes.ID, fmt.Sprintf("rt:c:%d:refund:quality_fault", tk.ID))
		r := h.returnOf(tk.ID)
		preview := h.botText(staff, causes.ID, "Return number: "+r.RMA)
		h.press(staff, h.Owner, preview.ID, "rt:rf:"+compact(r.RMA))
		ask := h.botText(staff, preview.ID, "Refuse return "+r.RMA)
		if !strings.Contains(ask.Text, names[e.ID]+" — "+e.Reason["en"]) {
			t.Errorf("%s: the question lacks the exclusion:\n%s", e.ID, ask.Text)
		}
		data := "rt:ex:" + compact(r.RMA) + ":" + e.ID
		if dataOf(ask, data) == "" {
			t.Fatalf("%s: no button %s:\n%s", e.ID, data, h.Transcript(staff))
		}
		if got := h.press(staff, h.Owner, ask.ID, data); got != "Refused." {
			t.Errorf("%s pressed: %q", e.ID, got)
		}
		got, err := h.Store.GetReturn(context.Background(), r.RMA)
		if err != nil || got.State != tickets.ReturnRefused || got.RefusalExclusion != e.ID || got.RefusalReason != e.Reason["en"] {
			t.Errorf("%s: after the refusal %+v, %v", e.ID, got, err)
		}
		if msg := h.entry(ask.ID); !strings.Contains(msg.Text, "Return "+r.RMA+" refused: "+names[e.ID]) || dataOf(msg, "rt:") != "" {
			t.Errorf("%s: the question afterwards: %q", e.ID, msg.Text)
		}
		if dataOf(h.entry(preview.ID), "rt:") != "" {
			t.Errorf("%s: the preview keeps its buttons", e.ID)
		}
		h.Settle()
		var n int
		err = h.Pool.QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE kind = 'customer_notice'
			AND args->>'key' = $1 AND args->'params'->>'rma' = $2 AND args->'params'->>'exclusion' = $3
			AND args->'params'->>'alternatives' = 'repair'`, tickets.NoticeReturnRefused, r.RMA, e.ID).Scan(&n)
		if err != nil || n != 1 {
			t.Errorf("%s: %d refusal notices with the repair still open (%v)", e.ID, n, err)
		}
		h.card(th, "d:return:", "· refused", "Refused: "+names[e.ID])
	}
	// Keep: the question goes, the return stays.
	cmd := h.Say(h.Owner, "/return", shoptest.In(th))
	kinds := h.botText(staff, cmd.ID, "what is it for?")
	h.press(staff, h.Owner, kinds.ID, fmt.Sprintf("rt:k:%d:refund", tk.ID))
	h.press(staff, h.Owner, kinds.ID, fmt.Sprintf("rt:c:%d:refund:change_of_mind", tk.ID))
	r := h.returnOf(tk.ID)
	card := int(h.card(th, "rt:rf:").ID)
	h.press(staff, h.Owner, card, "rt:rf:"+compact(r.RMA))
	ask := h.botText(staff, card, "Refuse return "+r.RMA)
	h.press(staff, h.Owner, ask.ID, "rt:keep:"+compact(r.RMA))
	if msg := h.entry(ask.ID); !strings.Contains(msg.Text, "is not refused") || h.returnOf(tk.ID).State != tickets.ReturnRequested {
		t.Errorf("after Don't refuse: %q", msg.Text)
	}
}
