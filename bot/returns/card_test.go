package returns

import (
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/telegramsim/wire"
	"github.com/complaintbot/complaintbot/tickets"
)

func newCard(t *testing.T, lang string) Card {
	t.Helper()
	pol := policy.Default()
	cat, err := locale.New(locale.WithZone(pol.Shop.TimeZone))
	if err != nil {
		t.Fatal(err)
	}
	return Card{Catalog: cat, Policy: pol, Lang: lang}
}

func data(rows [][]models.InlineKeyboardButton) string {
	var out []string
	for _, row := range rows {
		for _, b := range row {
			out = append(out, b.CallbackData)
		}
	}
	return strings.Join(out, " ")
}

// The card shows where a return stands, and offers the buttons of the
// steps owners or staff may take from there.
func TestCardFollowsTheReturn(t *testing.T) {
	t.Parallel()
	c := newCard(t, "en")
	deadline := time.Date(2026, 11, 27, 23, 59, 59, 0, c.Policy.Shop.TimeZone)
	mark := tickets.ReturnMark{At: deadline.Add(-72 * time.Hour), By: tickets.Actor{Kind: tickets.ActorOwner, ID: 1}}
	base := func(kind tickets.ReturnKind, state tickets.ReturnState) *tickets.Return {
		return &tickets.Return{RMA: "RMA-K7M-4QX", Kind: kind, Cause: tickets.CauseQualityFault, State: state, Requested: mark}
	}
	cases := []struct {
		name    string
		r       *tickets.Return
		buttons string
		shows   []string
	}{
		{"requested", base(tickets.ReturnKindRefund, tickets.ReturnRequested),
			"rt:pv:K7M4QX rt:rf:K7M4QX rt:cx:K7M4QX",
			[]string{"Return RMA-K7M-4QX · Refund · not sent yet", "Why it comes back: Quality fault"}},
		{"approved", func() *tickets.Return {
			r := base(tickets.ReturnKindRefund, tickets.ReturnApproved)
			r.Deadline, r.Approved = deadline, mark
			return r
		}(), "rt:rf:K7M4QX rt:cx:K7M4QX rt:ext:K7M4QX", []string{"instructions sent", "To be sent by 27 Nov"}},
		{"a paid repair waiting for the customer", func() *tickets.Return {
			r := base(tickets.ReturnKindRepair, tickets.ReturnApproved)
			r.Deadline, r.Fee = deadline, tickets.Fee{Cents: 12050, Currency: "CNY"}
			return r
		}(), "rt:rf:K7M4QX rt:cx:K7M4QX rt:ext:K7M4QX", []string{"Repair fee ¥120.50: the customer has not answered yet"}},
		{"shipped", func() *tickets.Return {
			r := base(tickets.ReturnKindExchange, tickets.ReturnShipped)
			r.Shipped, r.Carrier, r.Tracking = mark, "SF <Express>", "SF123"
			return r
		}(), "rt:rcv:K7M4QX:ok rt:rcv:K7M4QX:dmg", []string{"On its way with SF <Express>, tracking SF123"}},
		{"received damaged", func() *tickets.Return {
			r := base(tickets.ReturnKindExchange, tickets.ReturnReceived)
			r.InspectionResult, r.InspectionNote = tickets.InspectionCustomerDamage, "a stain & a tear"
			return r
		}(), "rt:done:K7M4QX", []string{"Arrived damaged by the customer: a stain & a tear"}},
		{"refunded", base(tickets.ReturnKindRefund, tickets.ReturnRefunded), "rt:cl:K7M4QX", []string{"refunded"}},
		{"expired", func() *tickets.Return {
			r := base(tickets.ReturnKindRefund, tickets.ReturnExpired)
			r.Deadline = deadline
			return r
		}(), "rt:cx:K7M4QX rt:ext:K7M4QX", []string{"deadline passed", "To be sent by 27 Nov"}},
		{"refused", func() *tickets.Return {
			r := base(tickets.ReturnKindRefund, tickets.ReturnRefused)
			r.RefusalExclusion, r.RefusalReason = "washed", "It was washed."
			return r
		}(), "", []string{"Refused: Washed"}},
		{"closed", base(tickets.ReturnKindRepair, tickets.ReturnClosed), "", []string{"Repair · closed"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			html := strings.Join(c.Lines(tc.r), "\n")
			f, werr := wire.FormatText(html, "HTML", "")
			if werr != nil {
				t.Fatalf("Telegram refuses the lines: %v\n%s", werr, html)
			}
			for _, w := range tc.shows {
				if !strings.Contains(f.Text, w) {
					t.Errorf("the card lacks %q:\n%s", w, f.Text)
				}
			}
			if got := data(c.Buttons(tc.r)); got != tc.buttons {
				t.Errorf("buttons %q, want %q", got, tc.buttons)
			}
		})
	}
	if c.Lines(nil) != nil || c.Buttons(nil) != nil {
		t.Error("no return, yet the card shows one")
	}
	if got := data(c.Expired("RMA-K7M-4QX").InlineKeyboard); got != "rt:ext:K7M4QX rt:cx:K7M4QX" {
		t.Errorf("the expiry alert's buttons: %q", got)
	}
	if kb := c.Expired("not a number"); kb != nil {
		t.Errorf("a malformed return number has buttons %+v", kb)
	}
}
