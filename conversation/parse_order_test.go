package conversation

import (
	"errors"
	"regexp"
	"testing"
)

func TestParseOrder(t *testing.T) {
	t.Parallel()
	pattern := regexp.MustCompile(`^[A-Z]{2}\d{6,10}$`)
	dashed := regexp.MustCompile(`^\d{4}-\d{4}$`)
	cases := []struct {
		in      string
		pattern *regexp.Regexp
		want    string // empty: errOrderInvalid
	}{
		{"SO20261120", pattern, "SO20261120"},
		{"so20261120", pattern, "SO20261120"},
		{" SO 2026 1120 ", pattern, "SO20261120"},
		{"SO-2026-1120", pattern, "SO20261120"},
		{"ＳＯ２０２６１１２０", pattern, "SO20261120"},
		{"order no: so 20261120", pattern, "SO20261120"},
		{"Order number SO20261120", pattern, "SO20261120"},
		{"订单号：SO20261120", pattern, "SO20261120"},
		{"#SO20261120", pattern, "SO20261120"},
		{"my order is SO20261120, thanks", pattern, "SO20261120"},
		{"NO20261120", pattern, "NO20261120"}, // an order that starts like a label is still an order
		{"SO\u200b20261120", pattern, "SO20261120"},
		{"1234-5678", dashed, "1234-5678"},
		{"1234 - 5678", dashed, "1234-5678"},
		{"12345678", dashed, ""},
		{"12345678", nil, "12345678"},
		{"ab-12", nil, "AB-12"},
		{"SO123", pattern, ""},
		{"20261120", pattern, ""},
		{"I lost it", pattern, ""},
		{"", pattern, ""},
		{"\u200b\u200b", pattern, ""},
	}
	for _, tc := range cases {
		got, err := parseOrder(tc.in, tc.pattern)
		if tc.want == "" {
			if !errors.Is(err, errOrderInvalid) {
				t.Errorf("parseOrder(%q) = %q, %v; want errOrderInvalid", tc.in, got, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("parseOrder(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}
