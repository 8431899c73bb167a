package report

import (
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/policy"
)

func TestParseWeekly(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"mon 09:00": "mon 09:00", " Fri 17:30 ": "fri 17:30", "off": "off", "OFF": "off", "sun 00:00": "sun 00:00",
		"": "", "monday 09:00": "", "mon 9am": "", "mon 25:00": "", "mon": "", "mon 09:00 utc": "",
	} {
		w, err := ParseWeekly(in)
		if (err != nil) != (want == "") {
			t.Errorf("ParseWeekly(%q): err %v", in, err)
			continue
		}
		if want != "" && w.String() != want {
			t.Errorf("ParseWeekly(%q) = %s, want %s", in, w, want)
		}
	}
	if w, _ := ParseWeekly(DefaultWeekly); !w.On || w.Day != time.Monday || w.Hour != 9 {
		t.Errorf("the default is %s", w)
	}
}

// The schedule names the next Monday 09:00 in the shop's zone, whatever
// zone the time asked about is in.
func TestWeeklyScheduleNext(t *testing.T) {
	t.Parallel()
	zone := policy.Default().Shop.TimeZone // Asia/Shanghai, UTC+8
	s := schedule{w: Weekly{On: true, Day: time.Monday, Hour: 9}, loc: zone}
	at := func(day, hour, minute int) time.Time { return time.Date(2026, 11, day, hour, minute, 0, 0, zone) }
	for _, tc := range []struct{ now, want time.Time }{
		{at(22, 10, 0), at(23, 9, 0)},       // Sunday: tomorrow
		{at(23, 8, 59), at(23, 9, 0)},       // Monday before nine: today
		{at(23, 9, 0), at(30, 9, 0)},        // Monday at nine: next week
		{at(24, 0, 0), at(30, 9, 0)},        // Tuesday
		{at(23, 0, 30).UTC(), at(23, 9, 0)}, // still Sunday in UTC
	} {
		if got := s.Next(tc.now); !got.Equal(tc.want) {
			t.Errorf("Next(%s) = %s, want %s", tc.now, got, tc.want)
		}
	}
}
