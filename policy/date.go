package policy

import (
	"fmt"
	"time"
)

// Date is a calendar date without a time of day or a zone, such as a holiday.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate reads a date written as "2006-01-02".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("policy: date %q is not written as YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// String writes the date as "2006-01-02".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// In returns midnight at the start of the date in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns the date n days later (earlier when n is negative).
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 0, 0, 0, 0, time.UTC))
}

// IsZero tells whether d is the zero Date, standing for no date.
func (d Date) IsZero() bool {
	return d == Date{}
}

// Before tells whether d comes before e.
func (d Date) Before(e Date) bool {
	return d.key() < e.key()
}

// After tells whether d comes after e.
func (d Date) After(e Date) bool {
	return d.key() > e.key()
}

// Weekday returns the day of the week of the date.
func (d Date) Weekday() time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Weekday()
}

func (d Date) key() int {
	return d.Year*10000 + int(d.Month)*100 + d.Day
}
