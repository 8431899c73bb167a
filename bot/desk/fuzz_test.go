package desk

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/complaintbot/complaintbot/tickets"
)

// Any callback data either is refused as not a desk button, or decodes to a
// button that encodes back to the same data: one meaning per data, and a
// forged press cannot name an action or an argument no card carries.
func FuzzDecodeButton(f *testing.F) {
	for _, s := range []string{
		"d:claim:42", "d:assignto:42:9223372036854775807", "d:prio:7:+1", "d:prio:7:-1", "d:urgent:7:on",
		"d:urgent:7:off", "d:back:7", "d:return:7", "d:priority:7:+1", "d:claim:042", "d:claim:+42", "d:claim:-1",
		"d:claim:0", "d:claim:42:x", "d:assignto:42:0", "d:assignto:42:+5", "d:prio:7:+2", "d::", "d:", "",
		"rt:kind:1:exchange", "sv:1:a:5", "c1|a|0|ok|", "d:claim:99999999999999999999", "d:claim:42" + strings.Repeat(":", 60),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		b, err := decodeButton(data)
		if err != nil {
			if !errors.Is(err, errNotButton) {
				t.Fatalf("decodeButton(%q): %v, not errNotButton", data, err)
			}
			return
		}
		if b.TicketID <= 0 {
			t.Fatalf("decodeButton(%q) = ticket %d", data, b.TicketID)
		}
		if got := encodeButton(b); got != data {
			t.Fatalf("decodeButton(%q) = %+v, which encodes to %q", data, b, got)
		}
	})
}

// Whatever a staff member types (or captions a file with), the parser
// either passes it to the customer, ignores another bot's command, or reads
// one of our commands, answering bad arguments with a usage text; what it
// reads is within the command's bounds.
func FuzzStaffCommand(f *testing.F) {
	for _, s := range []string{
		"Hello, the replacement ships today", "/ shrug", "/claim", "/claim@ShopDeskBot", "/claim@OtherBot", "/claim now",
		"/assign @alice", "/assign @al ice", "/assign", "/needinfo Which colour?\nAnd the size?", "/needinfo",
		"/resolve Refunded", "/resolve", "/resolve " + strings.Repeat("好", maxSummary+1), "/priority up", "/priority +2",
		"/urgent off", "/urgent maybe", "/tickets mine", "/tickets OVERDUE", "/tickets all", "/sla", "/sla 12", "/sla 72h",
		"/sla 73", "/sla 0", "/sla -1", "/sla 9999999999999999999", "/report", "/report month", "/report 月", "/report year",
		"/ticket K7M-4QX", "/ticket k7m 4qx", "/ticket nope", "/reply thanks", "/reply", "/reply a b", "/return refund defect",
		"/shipped SF1234567890", "/received ok", "/note", "/help", "/unknown", "!! internal note", "!!", "/", "",
		"/sla\u00a012", "/SLA 4", "/report\tweek",
	} {
		f.Add(s, false)
	}
	f.Add("/note", true)
	f.Add("/shipped", true)
	f.Add("/claim", true)
	f.Add("", true)
	p := testStaffParser()
	f.Fuzz(func(t *testing.T, text string, withFile bool) {
		c, kind, err := p.parse(text, withFile)
		if err != nil {
			var u *usageError
			if kind != inputCommand || !errors.As(err, &u) || u.Key == "" {
				t.Fatalf("parse(%q): kind %d, error %v; want a usage text for a command", text, kind, err)
			}
			return
		}
		if kind != inputCommand {
			if c.Verb != "" {
				t.Fatalf("parse(%q): kind %d but verb %q", text, kind, c.Verb)
			}
			return
		}
		switch c.Verb {
		case actSLA:
			if c.Hours < 1 || c.Hours > maxSLAHours {
				t.Fatalf("parse(%q): /sla of %d hours", text, c.Hours)
			}
		case actReport:
			if c.Days != 7 && c.Days != 30 {
				t.Fatalf("parse(%q): /report of %d days", text, c.Days)
			}
		case actShow:
			if ref, ok := tickets.NormalizeRef(c.Ref); !ok || ref != c.Ref {
				t.Fatalf("parse(%q): /ticket %q, not a normalised reference", text, c.Ref)
			}
		case actResolve:
			if c.Text == "" || utf8.RuneCountInString(c.Text) > maxSummary {
				t.Fatalf("parse(%q): a summary of %d characters", text, utf8.RuneCountInString(c.Text))
			}
		case actPriority:
			if c.Delta != 1 && c.Delta != -1 {
				t.Fatalf("parse(%q): priority moves by %d", text, c.Delta)
			}
		case actAssign:
			if c.Username != "" && !validUsername(c.Username) {
				t.Fatalf("parse(%q): assign to %q", text, c.Username)
			}
		}
	})
}
