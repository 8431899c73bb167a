package conversation

import (
	"errors"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	t.Parallel()
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	// Friday 20 November 2026, 10:00 in Shanghai (02:00 UTC).
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, sh)
	cases := []struct {
		in   string
		want string // "2006-01-02", or empty when err is set
		err  error
	}{
		{"2026-11-20", "2026-11-20", nil},
		{"2026/11/20", "2026-11-20", nil},
		{"2026.11.3", "2026-11-03", nil},
		{" 2026 - 11 - 18 ", "2026-11-18", nil},
		{"２０２６－１１－１８", "2026-11-18", nil}, // full-width, as Chinese input methods type it
		{"20.11.2026", "2026-11-20", nil},
		{"3.11.2026", "2026-11-03", nil},
		{"11/20", "2026-11-20", nil},
		{"11/21", "2025-11-21", nil}, // this year's would be tomorrow: last year
		{"12/25", "2025-12-25", nil},
		{"1/5", "2026-01-05", nil},
		{"25/10", "2026-10-25", nil}, // 25 cannot be a month
		{"10/25/2026", "2026-10-25", nil},
		{"25/10/2026", "2026-10-25", nil},
		{"18.11", "2026-11-18", nil},
		{"11月20日", "2026-11-20", nil},
		{"11月18号", "2026-11-18", nil},
		{"12月1日", "2025-12-01", nil},
		{"2026年11月20日", "2026-11-20", nil},
		{"2025年 3月 8日", "2025-03-08", nil},
		{"20 Nov", "2026-11-20", nil},
		{"Nov 18th, 2026", "2026-11-18", nil},
		{"3 November 2025", "2025-11-03", nil},
		{"today", "2026-11-20", nil},
		{"Today.", "2026-11-20", nil},
		{"今天", "2026-11-20", nil},
		{"yesterday", "2026-11-19", nil},
		{"昨天", "2026-11-19", nil},
		{"前天", "2026-11-18", nil},
		{"the day before yesterday", "2026-11-18", nil},
		{"3 days ago", "2026-11-17", nil},
		{"a week ago", "2026-11-13", nil},
		{"two weeks ago", "2026-11-06", nil},
		{"三天前", "2026-11-17", nil},
		{"3天前", "2026-11-17", nil},
		{"两天前", "2026-11-18", nil},
		{"十二天前", "2026-11-08", nil},
		{"一周前", "2026-11-13", nil},
		{"一个星期前", "2026-11-13", nil},
		{"2 个礼拜以前", "2026-11-06", nil},
		{"Monday", "2026-11-16", nil},
		{"last Monday", "2026-11-16", nil},
		{"last Friday", "2026-11-13", nil}, // said on a Friday: a week ago
		{"friday", "2026-11-20", nil},
		{"周一", "2026-11-16", nil},
		{"星期三", "2026-11-18", nil},
		{"上周五", "2026-11-13", nil},
		{"上礼拜天", "2026-11-15", nil},
		{"周六", "2026-11-14", nil}, // Saturday of this week is still to come: the one just gone
		// Refused, each with its own reason.
		{"2026-11-21", "", errDateFuture},
		{"tomorrow", "", errDateUnreadable},
		{"本周六", "", errDateFuture},
		{"2021-11-19", "", errDateTooOld},
		{"2021-11-20", "2021-11-20", nil}, // exactly five years: still accepted
		{"1999年1月1日", "", errDateTooOld},
		{"9999 days ago", "", errDateTooOld},
		{"2026-02-30", "", errDateImpossible},
		{"31.04.2026", "", errDateImpossible},
		{"13月1日", "", errDateImpossible},
		{"2/29", "", errDateImpossible}, // no 29 February in the last twelve months
		{"", "", errDateUnreadable},
		{"soon", "", errDateUnreadable},
		{"几天前", "", errDateUnreadable},
		{"2026-11", "", errDateUnreadable},
		{"🙂", "", errDateUnreadable},
	}
	for _, tc := range cases {
		got, err := parseDate(tc.in, now)
		switch {
		case tc.err != nil && !errors.Is(err, tc.err):
			t.Errorf("parseDate(%q) = %v, %v; want error %v", tc.in, got, err, tc.err)
		case tc.err == nil && err != nil:
			t.Errorf("parseDate(%q): %v; want %s", tc.in, err, tc.want)
		case tc.err == nil && got.Format(time.DateOnly) != tc.want:
			t.Errorf("parseDate(%q) = %s, want %s", tc.in, got.Format(time.DateOnly), tc.want)
		case tc.err == nil && (got.Location() != sh || got.Hour() != 0):
			t.Errorf("parseDate(%q) = %v, want midnight in Shanghai", tc.in, got)
		}
	}
}

// Just after midnight in Shanghai it is still the previous day in UTC: the
// shop's day counts.
func TestParseDateUsesTheShopsDay(t *testing.T) {
	t.Parallel()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2026, 11, 20, 16, 30, 0, 0, time.UTC).In(sh) // 00:30 on the 21st in Shanghai
	got, err := parseDate("today", now)
	if err != nil || got.Format(time.DateOnly) != "2026-11-21" {
		t.Fatalf("today = %v, %v; want 2026-11-21", got, err)
	}
}
