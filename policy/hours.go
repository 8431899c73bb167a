package policy

import (
	"fmt"
	"slices"
	"time"
)

// BusinessHours are the shop's opening hours in its time zone.
type BusinessHours struct {
	// Week holds the opening spans of each day of the week, indexed by
	// time.Weekday; a day without spans is closed.
	Week [7][]Span
	// Holidays are dates the shop is closed whatever the day of the week.
	Holidays []Date
	// ExtraWorkdays are make-up workdays (调休): dates the shop opens although
	// the day of the week is normally closed or short.
	ExtraWorkdays []Date
	// ExtraWorkdayHours are the opening spans of a make-up workday.
	ExtraWorkdayHours []Span
}

// Span is one opening period of a day, as offsets from midnight local time.
// Close is after Open; Close may be 24h, the end of the day.
type Span struct {
	Open  time.Duration
	Close time.Duration
}

// String writes the span as "09:00-18:00".
func (s Span) String() string {
	return clock(s.Open) + "-" + clock(s.Close)
}

func clock(d time.Duration) string {
	m := int(d / time.Minute)
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}

// Spans returns the opening spans of the given date: none on a holiday, the
// make-up hours on a make-up workday, the weekday's hours otherwise.
func (h BusinessHours) Spans(d Date) []Span {
	if slices.Contains(h.Holidays, d) {
		return nil
	}
	if slices.Contains(h.ExtraWorkdays, d) {
		return h.ExtraWorkdayHours
	}
	return h.Week[d.Weekday()]
}

// IsWorkday tells whether the shop opens at all on the given date.
func (h BusinessHours) IsWorkday(d Date) bool {
	return len(h.Spans(d)) > 0
}
