package report

import "testing"

// WEEKLY_REPORT, whatever it says, is refused or read as a day and a time
// of day that String writes back to a setting read the same; /report's
// argument is refused or read as 7 or 30 days.
func FuzzParseWeekly(f *testing.F) {
	for _, s := range []string{
		DefaultWeekly, "off", "OFF", " Sun 23:59 ", "fri 00:00", "mon 9:00", "mon 24:00", "mon 09:60", "monday 09:00",
		"mon  09:00", "mon 09:00 utc", "mon", "09:00", "", "week", "month", "周", "一个月", "year",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if days, ok := ParseSpan(s); ok != (days == 7 || days == 30) {
			t.Fatalf("ParseSpan(%q) = %d, %v", s, days, ok)
		}
		w, err := ParseWeekly(s)
		if err != nil {
			return
		}
		if w.On && (w.Day < 0 || w.Day > 6 || w.Hour < 0 || w.Hour > 23 || w.Minute < 0 || w.Minute > 59) {
			t.Fatalf("ParseWeekly(%q) = %+v", s, w)
		}
		if again, err := ParseWeekly(w.String()); err != nil || again != w {
			t.Fatalf("ParseWeekly(%q) = %+v, written %q, read back %+v, %v", s, w, w.String(), again, err)
		}
	})
}
