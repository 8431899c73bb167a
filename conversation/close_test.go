package conversation

import (
	"reflect"
	"testing"
)

// /close REF asks the caller to close that ticket, wherever the customer
// is; the dialogue under way is left as it was.
func TestCloseCommand(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	res := h.command("close", " k7m-4qx ")
	if len(res.Effects) != 1 || len(res.Replies) != 0 {
		t.Fatalf("/close REF: %s; want one effect and no reply of its own", describe(res))
	}
	if c, ok := res.Effects[0].(CloseTicket); !ok || c.Ref != "k7m-4qx" {
		t.Fatalf("effect %#v, want CloseTicket{k7m-4qx}", res.Effects[0])
	}

	h.walk(AskIssue)
	turn, form := h.st.Turn, h.st.Form
	res = h.command("close", "K7M-4QX")
	if _, ok := res.Effects[0].(CloseTicket); !ok || h.st.Stage != AskIssue || h.st.Turn != turn || !reflect.DeepEqual(h.st.Form, form) {
		t.Fatalf("/close in a dialogue: %s, stage %s turn %d; want the dialogue untouched", describe(res), h.st.Stage, h.st.Turn)
	}

	res = h.command("close", "   ")
	if len(res.Effects) != 0 || lastKey(res) != "conversation.close_usage" || h.st.Stage != AskIssue {
		t.Fatalf("/close without a reference: %s; want how to write it", describe(res))
	}
}
