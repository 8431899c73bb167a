package policy

import (
	"testing"
	"time"
)

func TestBusinessBetween(t *testing.T) {
	t.Parallel()
	def := Default()
	berlin := mustParse(t, berlinYAML)
	kolkata := mustParse(t, kolkataYAML)
	sh, be, ko := def.Shop.TimeZone, berlin.Shop.TimeZone, kolkata.Shop.TimeZone
	at := func(loc *time.Location, y int, m time.Month, d, h, min int) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, loc)
	}
	tests := []struct {
		name     string
		pol      *Policy
		from, to time.Time
		want     time.Duration
	}{
		{"within hours", def, at(sh, 2026, 11, 24, 10, 0), at(sh, 2026, 11, 24, 12, 0), 2 * time.Hour},
		{"overnight", def, at(sh, 2026, 11, 24, 17, 0), at(sh, 2026, 11, 25, 10, 0), 2 * time.Hour},
		{"night only", def, at(sh, 2026, 11, 24, 19, 0), at(sh, 2026, 11, 25, 8, 0), 0},
		{"open Saturday, closed Sunday", def, at(sh, 2026, 11, 27, 17, 0), at(sh, 2026, 11, 30, 10, 0), 11 * time.Hour},
		{"across the national-day holidays", def, at(sh, 2026, 9, 30, 17, 0), at(sh, 2026, 10, 8, 10, 0), 2 * time.Hour},
		{"backwards", def, at(sh, 2026, 11, 25, 10, 0), at(sh, 2026, 11, 24, 10, 0), 0},
		{"instants in UTC", def, time.Date(2026, 11, 24, 1, 0, 0, 0, time.UTC), time.Date(2026, 11, 24, 3, 30, 0, 0, time.UTC), 2*time.Hour + 30*time.Minute},
		{"Berlin: night the clocks go forward", berlin, at(be, 2026, 3, 29, 0, 0), at(be, 2026, 3, 29, 6, 0), 5 * time.Hour},
		{"Kolkata: lunch break left out", kolkata, at(ko, 2026, 11, 23, 12, 0), at(ko, 2026, 11, 23, 15, 0), 2 * time.Hour},
		{"Kolkata: holiday Tuesday", kolkata, at(ko, 2026, 11, 23, 18, 0), at(ko, 2026, 11, 27, 22, 0), 3 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.pol.BusinessBetween(tt.from, tt.to); got != tt.want {
				t.Fatalf("BusinessBetween(%s, %s) = %s, want %s", tt.from, tt.to, got, tt.want)
			}
			if tt.want > 0 {
				if back := tt.pol.AddBusiness(tt.from, tt.want); back.After(tt.to) {
					t.Errorf("AddBusiness(from, %s) = %s, after %s", tt.want, back, tt.to)
				}
			}
		})
	}
}

func TestResume(t *testing.T) {
	t.Parallel()
	def := Default()
	berlin := mustParse(t, berlinYAML)
	sh, be := def.Shop.TimeZone, berlin.Shop.TimeZone
	at := func(loc *time.Location, y int, m time.Month, d, h, min int) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, loc)
	}
	tests := []struct {
		name                      string
		pol                       *Policy
		deadline, paused, resumed time.Time
		want                      time.Time
	}{
		{"same day", def, at(sh, 2026, 11, 24, 12, 0), at(sh, 2026, 11, 24, 10, 0), at(sh, 2026, 11, 24, 16, 0), at(sh, 2026, 11, 24, 18, 0)},
		{"overnight", def, at(sh, 2026, 11, 24, 12, 0), at(sh, 2026, 11, 24, 10, 0), at(sh, 2026, 11, 24, 17, 0), at(sh, 2026, 11, 25, 10, 0)},
		{"resumed at night starts at opening", def, at(sh, 2026, 11, 24, 12, 0), at(sh, 2026, 11, 24, 10, 0), at(sh, 2026, 11, 24, 22, 0), at(sh, 2026, 11, 25, 11, 0)},
		{"a closed Sunday costs only the Saturday hour", def, at(sh, 2026, 11, 30, 10, 0), at(sh, 2026, 11, 28, 17, 0), at(sh, 2026, 11, 30, 9, 0), at(sh, 2026, 11, 30, 11, 0)},
		{"deadline across a holiday", def, at(sh, 2026, 10, 8, 10, 0), at(sh, 2026, 9, 30, 16, 0), at(sh, 2026, 10, 8, 9, 0), at(sh, 2026, 10, 8, 12, 0)},
		{"answer at close of business moves a day", def, at(sh, 2026, 11, 26, 18, 0), at(sh, 2026, 11, 24, 10, 0), at(sh, 2026, 11, 25, 10, 0), at(sh, 2026, 11, 27, 18, 0)},
		{"deadline passed before the wait", def, at(sh, 2026, 11, 24, 9, 30), at(sh, 2026, 11, 24, 10, 0), at(sh, 2026, 11, 24, 16, 0), at(sh, 2026, 11, 24, 9, 30)},
		{"no time passed", def, at(sh, 2026, 11, 24, 12, 0), at(sh, 2026, 11, 24, 10, 0), at(sh, 2026, 11, 24, 10, 0), at(sh, 2026, 11, 24, 12, 0)},
		{"Berlin in UTC: Friday CET to Monday CEST", berlin, time.Date(2026, 3, 27, 16, 0, 0, 0, time.UTC), at(be, 2026, 3, 27, 15, 0), at(be, 2026, 3, 30, 9, 0), at(be, 2026, 3, 30, 11, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := tt.pol.Resume(tt.deadline, tt.paused, tt.resumed)
			if !got.Equal(tt.want) {
				t.Fatalf("Resume(%s, %s, %s) = %s, want %s", tt.deadline, tt.paused, tt.resumed, got, tt.want)
			}
			if got.Location() != tt.pol.Shop.TimeZone {
				t.Errorf("result in %s, want the shop's zone", got.Location())
			}
		})
	}
}

func TestHurry(t *testing.T) {
	t.Parallel()
	def := Default()
	sh := def.Shop.TimeZone
	at := func(d, h, min int) time.Time { return time.Date(2026, 11, d, h, min, 0, 0, sh) }
	tests := []struct {
		name          string
		deadline, now time.Time
		steps         int
		want          time.Time
	}{
		{"one step halves what is left", at(24, 12, 0), at(24, 10, 0), 1, at(24, 11, 0)},
		{"two steps quarter it", at(24, 14, 0), at(24, 10, 0), 2, at(24, 11, 0)},
		{"overnight: half of the opening time left", at(25, 11, 0), at(24, 17, 0), 1, at(25, 9, 30)},
		{"never below a quarter of an hour", at(24, 10, 20), at(24, 10, 0), 2, at(24, 10, 15)},
		{"less than the floor left stays", at(24, 10, 10), at(24, 10, 0), 1, at(24, 10, 10)},
		{"lowered: no time given back", at(24, 12, 0), at(24, 10, 0), -1, at(24, 12, 0)},
		{"passed deadline stays", at(24, 9, 30), at(24, 10, 0), 1, at(24, 9, 30)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := def.Hurry(tt.deadline, tt.now, tt.steps); !got.Equal(tt.want) {
				t.Fatalf("Hurry(%s, %s, %d) = %s, want %s", tt.deadline, tt.now, tt.steps, got, tt.want)
			}
		})
	}
}
