package returns

import (
	"errors"
	"strings"
	"testing"
)

// Every button the flow builds reads back as built and fits Telegram's 64
// bytes; anything else is refused.
func TestButtonData(t *testing.T) {
	t.Parallel()
	for _, b := range []button{
		{Verb: verbKind, TicketID: 9_000_000_000_000, Args: []string{"exchange"}},
		{Verb: verbCause, TicketID: 9_000_000_000_000, Args: []string{"exchange", "out_of_warranty"}},
		{Verb: verbKinds, TicketID: 7},
		{Verb: verbDrop, TicketID: 7},
		{Verb: verbSend, RMA: "RMA-K7M-4QX"},
		{Verb: verbExclude, RMA: "RMA-K7M-4QX", Args: []string{"window_passed"}},
		{Verb: verbReceive, RMA: "RMA-K7M-4QX", Args: []string{receivedDamaged}},
		{Verb: verbExtend, RMA: "RMA-K7M-4QX"},
	} {
		s := b.encode()
		if len(s) > maxCallbackData || !Owns(s) {
			t.Errorf("%+v encodes as %q", b, s)
		}
		got, err := decode(s)
		if err != nil || got.Verb != b.Verb || got.TicketID != b.TicketID || got.RMA != b.RMA || strings.Join(got.Args, ",") != strings.Join(b.Args, ",") {
			t.Errorf("%q decodes as %+v, %v; want %+v", s, got, err, b)
		}
	}
	for _, s := range []string{
		"", "d:claim:1", "rt:", "rt:send", "rt:send:K7M4QX:extra", "rt:send:RMA-K7M-4QX", "rt:send:K7M4Q0",
		"rt:k:0:refund", "rt:k:007:refund", "rt:k:7:gift", "rt:c:7:refund:boredom", "rt:rcv:K7M4QX:maybe",
		"rt:ex:K7M4QX:Washed!", "rt:zap:K7M4QX", "rt:ex:K7M4QX:" + strings.Repeat("x", 60),
	} {
		if _, err := decode(s); !errors.Is(err, errNotButton) {
			t.Errorf("decode(%q) = %v, want errNotButton", s, err)
		}
	}
}
