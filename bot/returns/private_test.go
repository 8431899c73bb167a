package returns_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// An owner runs a whole return from their private chat with /return REF;
// what the customer wrote (their name) and what the owner writes show in
// the preview as written, never read as markup.
func TestPrivateReturnEscapesWhatPeopleWrote(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ann := h.Customer("Ann <b>&", "zh")
	tk := h.File(ann)
	th := h.Thread(tk.ID)
	owner := h.Owner.ID

	h.botText(owner, h.privately(h.Owner, "/return").ID, "Write /return and the ticket's reference")
	h.botText(owner, h.privately(h.Owner, "/return ZZZ-ZZZ").ID, "There is no ticket ZZZ-ZZZ.")
	h.privately(h.Owner, "/return "+strings.ToLower(tk.Ref))
	kinds, _ := h.withButton(owner, "rt:k:")
	if !strings.Contains(kinds.Text, "for Ann <b>&: what is it for?") {
		t.Errorf("the kinds are asked as %q", kinds.Text)
	}
	h.press(owner, h.Owner, kinds.ID, fmt.Sprintf("rt:k:%d:refund", tk.ID))
	h.press(owner, h.Owner, kinds.ID, fmt.Sprintf("rt:c:%d:refund:quality_fault", tk.ID))
	r := h.returnOf(tk.ID)
	preview, _ := h.withButton(owner, "rt:send:")
	for _, w := range []string{"as Ann <b>& will read them, in Chinese", "Ann <b>&，您好！", "退货授权号：" + r.RMA, "运费：由本店承担"} {
		if !strings.Contains(preview.Text, w) {
			t.Errorf("the preview lacks %q:\n%s", w, preview.Text)
		}
	}
	h.card(th, "rt:pv:", "Customer: Ann <b>&", "not sent yet")

	h.press(owner, h.Owner, preview.ID, "rt:edit:"+compact(r.RMA))
	ask := h.botText(owner, preview.ID, "in Chinese")
	own := "<i>Ann</i> & 朋友：请把商品寄回，包裹上写 " + r.RMA + "。</blockquote>"
	m, err := h.Sim.SendText(owner, owner, own, telegramsim.ReplyTo(ask.ID))
	if err != nil {
		t.Fatal(err)
	}
	h.Pump()
	edited := h.botText(owner, m.ID, "(your text)")
	if !strings.Contains(edited.Text, own) {
		t.Errorf("the edited preview:\n%s", edited.Text)
	}
	for _, e := range edited.Entities {
		if e.Type == "italic" {
			t.Errorf("the owner's text was read as markup: %+v", edited.Entities)
		}
	}
	h.press(owner, h.Owner, edited.ID, dataOf(edited, "rt:send:"))
	if r = h.returnOf(tk.ID); r.State != tickets.ReturnApproved || r.Instructions != own || r.InstructionsLang != "zh" {
		t.Fatalf("after Send: %+v", r)
	}
	// A second /return finds the one under way.
	again := h.privately(h.Owner, "/return "+tk.Ref)
	h.botText(owner, again.ID, "This ticket already has return "+r.RMA+" (instructions sent)")
}
