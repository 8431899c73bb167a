package returns

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/complaintbot/complaintbot/tickets"
)

// maxFeeCents bounds a repair fee an owner may write: ten million in the
// currency, far above any repair, so that a slip of the keyboard is caught.
const maxFeeCents = 10_000_000_00

// amountRE is an amount as written once the currency and spaces are gone:
// whole units, and at most two decimals after a point.
var amountRE = regexp.MustCompile(`^([0-9]{1,10})(?:\.([0-9]{1,2}))?$`)

// currencyMarks are what people write around an amount to name the
// currency; they are dropped before reading it.
var currencyMarks = []string{"¥", "￥", "cny", "rmb", "yuan", "元", "$", "usd", "€", "eur"}

// ParseAmount reads a fee as an owner writes it — "120", "120.50",
// "120,50", "¥1,200", "120元" — into the currency's smallest unit. It
// reports false for anything else, for nothing, and for more than
// maxFeeCents.
func ParseAmount(s string) (int64, bool) {
	s = strings.ToLower(strings.Join(strings.Fields(s), ""))
	for _, m := range currencyMarks {
		s = strings.TrimPrefix(s, m)
		s = strings.TrimSuffix(s, m)
	}
	// A comma is the decimal mark when it is the only mark and one or two
	// digits follow it ("120,5"); else it groups thousands ("1,200").
	if i := strings.LastIndexByte(s, ','); i >= 0 {
		if !strings.Contains(s, ".") && len(s)-i-1 <= 2 && strings.Count(s, ",") == 1 {
			s = s[:i] + "." + s[i+1:]
		} else {
			s = strings.ReplaceAll(s, ",", "")
		}
	}
	m := amountRE.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	units, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil {
		return 0, false
	}
	frac := m[2] + strings.Repeat("0", 2-len(m[2]))
	cents, _ := strconv.ParseInt(frac, 10, 64)
	total := units*100 + cents
	if total <= 0 || total > maxFeeCents {
		return 0, false
	}
	return total, true
}

// currencySigns are the signs written before an amount of some currencies.
var currencySigns = map[string]string{"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}

// Amount writes a fee as the customer reads it: "¥120.50", or "120.50 HKD"
// for a currency without a sign here.
func Amount(f tickets.Fee) string {
	if sign, ok := currencySigns[f.Currency]; ok {
		return sign + f.Amount()
	}
	if f.Currency == "" {
		return f.Amount()
	}
	return f.Amount() + " " + f.Currency
}
