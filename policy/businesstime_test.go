package policy

import (
	"testing"
	"time"
)

// berlinYAML is a shop in a zone with daylight saving time. On Sundays it
// opens through the night, across the hour the clocks change.
const berlinYAML = `shop:
  time_zone: Europe/Berlin
hours:
  week:
    mon: ["09:00-18:00"]
    tue: ["09:00-18:00"]
    wed: ["09:00-18:00"]
    thu: ["09:00-18:00"]
    fri: ["09:00-18:00"]
    sun: ["00:00-06:00"]
  holidays: []
  extra_workdays: []
`

// kolkataYAML is a shop in a zone without daylight saving, half an hour off
// the hour, with a lunch break and a day that runs to midnight.
const kolkataYAML = `shop:
  time_zone: Asia/Kolkata
hours:
  week:
    mon: ["10:00-13:00", "14:00-19:00"]
    tue: ["10:00-13:00", "14:00-19:00"]
    fri: ["20:00-24:00"]
  holidays: ["2026-11-24"]
  extra_workdays: []
`

func mustParse(t *testing.T, src string) *Policy {
	t.Helper()
	p, err := Parse("test.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAddBusiness(t *testing.T) {
	t.Parallel()
	def := Default()
	berlin := mustParse(t, berlinYAML)
	kolkata := mustParse(t, kolkataYAML)
	sh := def.Shop.TimeZone
	be := berlin.Shop.TimeZone
	ko := kolkata.Shop.TimeZone
	at := func(loc *time.Location, y int, m time.Month, d, h, min int) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, loc)
	}
	tests := []struct {
		name string
		pol  *Policy
		from time.Time
		d    time.Duration
		want time.Time
	}{
		{"within hours", def, at(sh, 2026, 11, 24, 10, 0), 2 * time.Hour, at(sh, 2026, 11, 24, 12, 0)},
		{"runs out at closing time", def, at(sh, 2026, 11, 24, 16, 0), 2 * time.Hour, at(sh, 2026, 11, 24, 18, 0)},
		{"carries over to the next morning", def, at(sh, 2026, 11, 24, 17, 0), 2 * time.Hour, at(sh, 2026, 11, 25, 10, 0)},
		{"evening report starts at the next opening", def, at(sh, 2026, 11, 24, 20, 0), 2 * time.Hour, at(sh, 2026, 11, 25, 11, 0)},
		{"early report starts at opening", def, at(sh, 2026, 11, 24, 7, 30), 2 * time.Hour, at(sh, 2026, 11, 24, 11, 0)},
		{"weekend: Saturday evening to Monday", def, at(sh, 2026, 11, 28, 19, 0), 2 * time.Hour, at(sh, 2026, 11, 30, 11, 0)},
		{"Sunday report", def, at(sh, 2026, 11, 29, 12, 0), 4 * time.Hour, at(sh, 2026, 11, 30, 13, 0)},
		{"several days", def, at(sh, 2026, 11, 23, 9, 0), 20 * time.Hour, at(sh, 2026, 11, 25, 11, 0)},
		{"national-day holidays skipped", def, at(sh, 2026, 9, 30, 17, 0), 2 * time.Hour, at(sh, 2026, 10, 8, 10, 0)},
		{"make-up Sunday opens", def, at(sh, 2026, 9, 19, 17, 30), 2 * time.Hour, at(sh, 2026, 9, 20, 10, 30)},
		{"new-year holidays then a make-up Sunday", def, at(sh, 2025, 12, 31, 17, 0), 4 * time.Hour, at(sh, 2026, 1, 4, 12, 0)},
		{"instant given in UTC", def, time.Date(2026, 11, 24, 1, 0, 0, 0, time.UTC), 2 * time.Hour, at(sh, 2026, 11, 24, 11, 0)},
		{"zero duration", def, at(sh, 2026, 11, 24, 20, 0), 0, at(sh, 2026, 11, 24, 20, 0)},
		{"Berlin: Friday CET through the short Sunday night to Monday CEST", berlin, at(be, 2026, 3, 27, 17, 0), 7 * time.Hour, at(be, 2026, 3, 30, 10, 0)},
		{"Berlin: night the clocks go forward has 5 hours", berlin, at(be, 2026, 3, 29, 0, 0), 5 * time.Hour, at(be, 2026, 3, 29, 6, 0)},
		{"Berlin: the sixth hour falls on Monday", berlin, at(be, 2026, 3, 29, 0, 0), 6 * time.Hour, at(be, 2026, 3, 30, 10, 0)},
		{"Berlin: night the clocks go back has 7 hours", berlin, at(be, 2026, 10, 25, 0, 0), 7 * time.Hour, at(be, 2026, 10, 25, 6, 0)},
		{"Berlin: Friday CEST to Monday CET", berlin, at(be, 2026, 10, 23, 17, 30), time.Hour, at(be, 2026, 10, 25, 0, 30)},
		{"Kolkata: across the lunch break", kolkata, at(ko, 2026, 11, 23, 12, 0), 2 * time.Hour, at(ko, 2026, 11, 23, 15, 0)},
		{"Kolkata: holiday Tuesday, open to midnight Friday", kolkata, at(ko, 2026, 11, 23, 18, 0), 3 * time.Hour, at(ko, 2026, 11, 27, 22, 0)},
		{"Kolkata: ends at midnight", kolkata, at(ko, 2026, 11, 27, 20, 0), 4 * time.Hour, at(ko, 2026, 11, 28, 0, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := tt.pol.AddBusiness(tt.from, tt.d)
			if !got.Equal(tt.want) {
				t.Fatalf("AddBusiness(%s, %s) = %s, want %s", tt.from, tt.d, got, tt.want)
			}
			if got.Location() != tt.pol.Shop.TimeZone {
				t.Errorf("result in %s, want the shop's zone", got.Location())
			}
		})
	}
}

func TestAddWorkingDays(t *testing.T) {
	t.Parallel()
	def := Default()
	berlin := mustParse(t, berlinYAML)
	sh, be := def.Shop.TimeZone, berlin.Shop.TimeZone
	at := func(loc *time.Location, y int, m time.Month, d, h, min int) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, loc)
	}
	tests := []struct {
		name string
		pol  *Policy
		from time.Time
		n    int
		want time.Time
	}{
		{"Monday morning", def, at(sh, 2026, 11, 23, 10, 0), 3, at(sh, 2026, 11, 26, 18, 0)},
		{"Monday evening", def, at(sh, 2026, 11, 23, 20, 0), 3, at(sh, 2026, 11, 26, 18, 0)},
		{"Saturday is a working day", def, at(sh, 2026, 11, 26, 10, 0), 3, at(sh, 2026, 11, 30, 18, 0)},
		{"Sunday is not", def, at(sh, 2026, 11, 28, 10, 0), 3, at(sh, 2026, 12, 2, 18, 0)},
		{"national-day holidays skipped", def, at(sh, 2026, 9, 29, 10, 0), 3, at(sh, 2026, 10, 9, 18, 0)},
		{"make-up Sunday counts", def, at(sh, 2026, 9, 18, 10, 0), 2, at(sh, 2026, 9, 20, 18, 0)},
		{"zero days", def, at(sh, 2026, 11, 23, 10, 0), 0, at(sh, 2026, 11, 23, 10, 0)},
		{"Berlin across the clock change", berlin, at(be, 2026, 3, 27, 12, 0), 1, at(be, 2026, 3, 29, 6, 0)},
		{"Berlin: two days", berlin, at(be, 2026, 3, 27, 12, 0), 2, at(be, 2026, 3, 30, 18, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.pol.AddWorkingDays(tt.from, tt.n); !got.Equal(tt.want) {
				t.Fatalf("AddWorkingDays(%s, %d) = %s, want %s", tt.from, tt.n, got, tt.want)
			}
		})
	}
}

func TestDue(t *testing.T) {
	t.Parallel()
	p := Default()
	sh := p.Shop.TimeZone
	got := p.Due(time.Date(2026, 11, 24, 17, 0, 0, 0, sh))
	want := DueTimes{
		ArrangeBy: time.Date(2026, 11, 25, 10, 0, 0, 0, sh),
		CheckAt:   time.Date(2026, 11, 25, 12, 0, 0, 0, sh),
		AnswerBy:  time.Date(2026, 11, 27, 18, 0, 0, 0, sh),
	}
	if !got.ArrangeBy.Equal(want.ArrangeBy) || !got.CheckAt.Equal(want.CheckAt) || !got.AnswerBy.Equal(want.AnswerBy) {
		t.Fatalf("Due = %+v\nwant %+v", got, want)
	}
}

func TestBusinessTimeWithoutHoursEnds(t *testing.T) {
	t.Parallel()
	p := &Policy{Shop: Shop{TimeZone: time.UTC}} // built by hand, never open
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if got := p.AddBusiness(from, time.Hour); !got.Equal(from.Add(time.Hour)) {
		t.Errorf("AddBusiness = %s, want plain addition", got)
	}
	if got := p.AddWorkingDays(from, 2); !got.Equal(from.AddDate(0, 0, 2)) {
		t.Errorf("AddWorkingDays = %s, want plain addition", got)
	}
}

func BenchmarkDue(b *testing.B) {
	p := Default()
	from := time.Date(2026, 9, 30, 17, 0, 0, 0, p.Shop.TimeZone)
	for b.Loop() {
		p.Due(from)
	}
}
