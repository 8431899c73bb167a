package returns

import (
	"testing"

	"github.com/complaintbot/complaintbot/tickets"
)

func TestParseAmount(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{
		"120": 12000, "120.50": 12050, "120.5": 12050, "120,50": 12050, " ¥ 120 ": 12000, "￥1,200": 120000,
		"120元": 12000, "CNY 99.99": 9999, "1,200.75": 120075, "0.01": 1,
	} {
		if got, ok := ParseAmount(in); !ok || got != want {
			t.Errorf("ParseAmount(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "a lot", "0", "-5", "120.505", "12O", "1.2.3", "99999999999", "¥"} {
		if got, ok := ParseAmount(in); ok {
			t.Errorf("ParseAmount(%q) = %d, want refused", in, got)
		}
	}
}

func TestAmount(t *testing.T) {
	t.Parallel()
	for f, want := range map[tickets.Fee]string{
		{Cents: 12050, Currency: "CNY"}: "¥120.50",
		{Cents: 5, Currency: "HKD"}:     "0.05 HKD",
		{Cents: 100}:                    "1.00",
	} {
		if got := Amount(f); got != want {
			t.Errorf("Amount(%+v) = %q, want %q", f, got, want)
		}
	}
}
