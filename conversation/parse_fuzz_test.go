package conversation

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
)

// A date typed by a customer is either refused with one of the errDate*
// errors or read as midnight of a day between maxPurchaseAge years ago and
// today, whatever the text.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"2026-11-20", "2026/11/20", "20.11.2026", "11/20", "20/11/2026", "11月20日", "2026年11月20日",
		"20 Nov", "Nov 20th, 2025", "3 days ago", "a week ago", "三天前", "十二天前", "两周前", "today", "昨天",
		"前天", "the day before yesterday", "last Monday", "上周一", "周日", "30.02.2026", "29 feb", "1900-01-01",
		"9999999999999999999 weeks ago", "1317624576693539401 weeks ago", "-3 days ago", "", "。", "２０２６－１１－２０",
	} {
		f.Add(s)
	}
	loc := time.FixedZone("CST", 8*3600)
	now := time.Date(2026, 12, 6, 15, 4, 5, 0, loc)
	today := midnight(now)
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseDate(s, now)
		if err != nil {
			if !errors.Is(err, errDateUnreadable) && !errors.Is(err, errDateImpossible) &&
				!errors.Is(err, errDateFuture) && !errors.Is(err, errDateTooOld) {
				t.Fatalf("parseDate(%q): unexpected error %v", s, err)
			}
			return
		}
		if d.After(today) || d.Before(today.AddDate(-maxPurchaseAge, 0, 0)) {
			t.Fatalf("parseDate(%q) = %v, outside the last %d years to %v", s, d, maxPurchaseAge, today)
		}
		if !d.Equal(midnight(d)) || d.Location() != loc {
			t.Fatalf("parseDate(%q) = %v, not midnight in the shop's zone", s, d)
		}
	})
}

// An order number read from any text matches the shop's pattern, and
// reading the number read gives it back unchanged.
func FuzzParseOrder(f *testing.F) {
	for _, s := range []string{
		"SO20261120", "so 2026 1120", "order no: so 2026 1120", "订单号：SO-20261120", "my order is SO20261120, thanks",
		"#SO20261120", "ＳＯ２０２６１１２０", "1234-5678", "order 1234 5678", "", "---", "no.", strings.Repeat("A", 41),
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	shop := regexp.MustCompile(`^[A-Z]{2}\d{6,10}$`)
	f.Fuzz(func(t *testing.T, s string, withPattern bool) {
		pattern, check := (*regexp.Regexp)(nil), anyOrderRE
		if withPattern {
			pattern, check = shop, shop
		}
		got, err := parseOrder(s, pattern)
		if err != nil {
			if !errors.Is(err, errOrderInvalid) {
				t.Fatalf("parseOrder(%q): unexpected error %v", s, err)
			}
			return
		}
		if !check.MatchString(got) {
			t.Fatalf("parseOrder(%q) = %q, which the pattern refuses", s, got)
		}
		if again, err := parseOrder(got, pattern); err != nil || again != got {
			t.Fatalf("parseOrder(%q) = %q, but parseOrder(%q) = %q, %v", s, got, got, again, err)
		}
	})
}

// A phone number read from any text is in E.164 form ("+" and 8 to 15
// digits), and reading it again gives it back unchanged.
func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{
		"13812345678", "138 1234 5678", "+86 138-1234-5678", "0086 13812345678", "8613812345678", "021-1234 5678",
		"+86 021 12345678", "(021) 1234.5678", "+1 (415) 555-0100", "１３８１２３４５６７８", "+", "00", "", "+0123",
		"+8601", "1381234567a", strings.Repeat("9", 40),
	} {
		f.Add(s)
	}
	e164 := regexp.MustCompile(`^\+[1-9][0-9]{7,14}$`)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parsePhone(s)
		if err != nil {
			if !errors.Is(err, errPhoneInvalid) {
				t.Fatalf("parsePhone(%q): unexpected error %v", s, err)
			}
			return
		}
		if !e164.MatchString(got) {
			t.Fatalf("parsePhone(%q) = %q, not E.164", s, got)
		}
		if again, err := parsePhone(got); err != nil || again != got {
			t.Fatalf("parsePhone(%q) = %q, but parsePhone(%q) = %q, %v", s, got, got, again, err)
		}
	})
}
