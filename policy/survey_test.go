package policy

import (
	"testing"
	"time"
)

// Quiet hours move a moment that falls in them to their end, the morning,
// on the shop's clock; a moment outside them stays.
func TestQuietHoursNotBefore(t *testing.T) {
	t.Parallel()
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	night := QuietHours{From: 21 * time.Hour, To: 9 * time.Hour}
	early := QuietHours{From: 0, To: 7 * time.Hour}
	at := func(loc *time.Location, s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	tests := []struct {
		name string
		q    QuietHours
		loc  *time.Location
		in   string
		want string
	}{
		{"afternoon stays", night, sh, "2026-03-02 15:30", "2026-03-02 15:30"},
		{"just before the night", night, sh, "2026-03-02 20:59", "2026-03-02 20:59"},
		{"the night begins", night, sh, "2026-03-02 21:00", "2026-03-03 09:00"},
		{"late evening: next morning", night, sh, "2026-03-02 23:45", "2026-03-03 09:00"},
		{"after midnight: this morning", night, sh, "2026-03-03 02:10", "2026-03-03 09:00"},
		{"the morning itself", night, sh, "2026-03-03 09:00", "2026-03-03 09:00"},
		{"end of a month", night, sh, "2026-03-31 22:00", "2026-04-01 09:00"},
		{"not wrapping, inside", early, sh, "2026-03-02 03:00", "2026-03-02 07:00"},
		{"not wrapping, outside", early, sh, "2026-03-02 23:00", "2026-03-02 23:00"},
		{"none", QuietHours{}, sh, "2026-03-02 03:00", "2026-03-02 03:00"},
		// The night the clocks go forward in New York is an hour shorter;
		// it still ends at nine.
		{"daylight saving", night, ny, "2026-03-07 22:00", "2026-03-08 09:00"},
	}
	for _, tt := range tests {
		got := tt.q.NotBefore(at(tt.loc, tt.in), tt.loc)
		if want := at(tt.loc, tt.want); !got.Equal(want) {
			t.Errorf("%s: %s → %s, want %s", tt.name, tt.in, got.In(tt.loc).Format("2006-01-02 15:04"), tt.want)
		}
	}
}

func TestParseQuietHours(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]QuietHours{
		"21:00-09:00":   {From: 21 * time.Hour, To: 9 * time.Hour},
		"22:30 - 24:00": {From: 22*time.Hour + 30*time.Minute, To: 0},
		"":              {},
	} {
		if got, err := parseQuiet(in); err != nil || got != want {
			t.Errorf("parseQuiet(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, in := range []string{"9-21", "24:00-08:00", "25:00-08:00", "08:00"} {
		if _, err := parseQuiet(in); err == nil {
			t.Errorf("parseQuiet(%q) took it", in)
		}
	}
}
