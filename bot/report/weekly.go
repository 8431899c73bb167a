package report

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Weekly is when the weekly report goes out: a day of the week and a time
// of day in the shop's time zone. The zero value is off.
type Weekly struct {
	On     bool
	Day    time.Weekday
	Hour   int
	Minute int
}

// DefaultWeekly is the weekly report's setting unless configured: Monday
// 09:00, when the owner starts the week with the one before it.
const DefaultWeekly = "mon 09:00"

var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// ParseWeekly reads the weekly report's setting: "off", or a day and a
// time such as "mon 09:00" (sun, mon, tue, wed, thu, fri or sat, and the
// time as HH:MM in the shop's time zone).
func ParseWeekly(s string) (Weekly, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "off" {
		return Weekly{}, nil
	}
	fields := strings.Fields(s)
	bad := errors.New(`must be "off" or a day and a time such as "mon 09:00" (sun, mon, tue, wed, thu, fri or sat; HH:MM in the shop's time zone)`)
	if len(fields) != 2 {
		return Weekly{}, bad
	}
	day, ok := weekdays[fields[0]]
	if !ok {
		return Weekly{}, bad
	}
	at, err := time.Parse("15:04", fields[1])
	if err != nil {
		return Weekly{}, bad
	}
	return Weekly{On: true, Day: day, Hour: at.Hour(), Minute: at.Minute()}, nil
}

// String is the setting as ParseWeekly reads it.
func (w Weekly) String() string {
	if !w.On {
		return "off"
	}
	return fmt.Sprintf("%s %02d:%02d", strings.ToLower(w.Day.String()[:3]), w.Hour, w.Minute)
}

// schedule is the weekly report's River schedule in the shop's zone.
type schedule struct {
	w   Weekly
	loc *time.Location
}

// Next is the first time after t at which the report is due: the setting's
// day and time in the shop's zone (a clock moved by daylight saving is
// taken as time.Date takes it).
func (s schedule) Next(t time.Time) time.Time {
	local := t.In(s.loc)
	y, m, d := local.Date()
	for i := 0; i <= 7; i++ {
		at := time.Date(y, m, d+i, s.w.Hour, s.w.Minute, 0, 0, s.loc)
		if at.Weekday() == s.w.Day && at.After(t) {
			return at
		}
	}
	// Unreachable: within eight days the day comes round after t.
	return time.Date(y, m, d+7, s.w.Hour, s.w.Minute, 0, 0, s.loc)
}
