package returns

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/complaintbot/complaintbot/tickets"
)

// Any callback data either is refused as not a return button, or decodes
// to a button the flow can encode again, to data meaning the same button.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		"rt:k:42:exchange", "rt:c:42:refund:defect", "rt:kb:42", "rt:no:42", "rt:pv:K7M4QX", "rt:send:K7M4QX",
		"rt:ex:K7M4QX:worn_out", "rt:rcv:K7M4QX:ok", "rt:rcv:K7M4QX:dmg", "rt:done:K7M4QX", "rt:ext:K7M4QX",
		"rt:pv:k7m4qx", "rt:pv:RMAK7M4QX", "rt:pv:K7M-4QX", "rt:pv:K7M 4QX", "rt:k:042:exchange", "rt:k:42:swap",
		"rt:ex:K7M4QX:Worn", "rt:ex:K7M4QX:", "rt:rcv:K7M4QX:bad", "rt:zz:1", "rt:", "rt::", "", "d:claim:42",
		"rt:c:42:refund:defect:extra", "rt:ex:K7M4QX:" + strings.Repeat("a", 60),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		b, err := decode(data)
		if err != nil {
			if !errors.Is(err, errNotButton) {
				t.Fatalf("decode(%q): %v, not errNotButton", data, err)
			}
			return
		}
		if b.Verb.onTicket() != (b.TicketID > 0) || b.Verb.onTicket() == (b.RMA != "") {
			t.Fatalf("decode(%q) = %+v: names both or neither a ticket and a return", data, b)
		}
		again, err := decode(b.encode())
		if err != nil || !reflect.DeepEqual(again, b) {
			t.Fatalf("decode(%q) = %+v, encoded %q, decoded again %+v, %v", data, b, b.encode(), again, err)
		}
	})
}

// A fee read from anything an owner types is a positive amount within
// maxFeeCents, and the amount as the customer reads it reads back the same.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{
		"120", "120.50", "120,50", "120,5", "¥1,200", "1,200.50", "120元", "$ 12", "€12,34", "usd 12", "RMB120",
		"0", "0.00", "0.01", "-5", "1e3", "10000000.00", "10000000.01", "9999999999.99", "99999999999", "1,2,3",
		".5", "5.", "5.123", "¥", "", " 1 2 0 ", "１２０",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cents, ok := ParseAmount(s)
		if !ok {
			if cents != 0 {
				t.Fatalf("ParseAmount(%q) refused with %d", s, cents)
			}
			return
		}
		if cents <= 0 || cents > maxFeeCents {
			t.Fatalf("ParseAmount(%q) = %d cents, outside (0, %d]", s, cents, maxFeeCents)
		}
		shown := tickets.Fee{Cents: cents}.Amount()
		if again, ok := ParseAmount(shown); !ok || again != cents {
			t.Fatalf("ParseAmount(%q) = %d, shown %q, read back %d, %v", s, cents, shown, again, ok)
		}
	})
}
