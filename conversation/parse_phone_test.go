package conversation

import (
	"errors"
	"testing"
)

func TestParsePhone(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{ // want empty: errPhoneInvalid
		{"13812345678", "+8613812345678"},
		{"138 1234 5678", "+8613812345678"},
		{"138-1234-5678", "+8613812345678"},
		{"+86 138 1234 5678", "+8613812345678"},
		{"+86-138-1234-5678", "+8613812345678"},
		{"0086 13812345678", "+8613812345678"},
		{"8613812345678", "+8613812345678"},
		{"１３８１２３４５６７８", "+8613812345678"},
		{"021-6123 4567", "+862161234567"},
		{"(010) 6123 4567", "+861061234567"},
		{"+86 21 6123 4567", "+862161234567"},
		{"+86 021 6123 4567", "+862161234567"},
		{"+44 20 7946 0958", "+442079460958"},
		{"+1 (415) 555-0132", "+14155550132"},
		{"0044 20 7946 0958", "+442079460958"},
		{"12812345678", ""}, // Chinese mobiles start 13-19
		{"1381234567", ""},
		{"138123456789", ""},
		{"+0 123 456 789", ""},
		{"+86 abc", ""},
		{"call me", ""},
		{"", ""},
		{"+", ""},
		{"12345", ""},
	}
	for _, tc := range cases {
		got, err := parsePhone(tc.in)
		if tc.want == "" {
			if !errors.Is(err, errPhoneInvalid) {
				t.Errorf("parsePhone(%q) = %q, %v; want errPhoneInvalid", tc.in, got, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("parsePhone(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}
