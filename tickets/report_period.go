package tickets

import (
	"cmp"
	"slices"
	"time"
)

// ReportDays is how many days each report span covers.
var ReportDays = map[string]int{"week": 7, "month": 30}

// ReportPeriod is the period of a report of days days that ends with the day
// before end's (so a weekly report sent on Monday morning covers Monday to
// Sunday before it) when whole is true, or with end's own day, up to now,
// when it is false (an owner asking mid-day sees today too). Days are the
// shop's: loc's midnights.
func ReportPeriod(end time.Time, days int, whole bool, loc *time.Location) (from, to time.Time) {
	to = dayStart(end.In(loc))
	if !whole {
		to = to.AddDate(0, 0, 1)
	}
	return to.AddDate(0, 0, -days), to
}

// ranked lists the counts most first, ties by name.
func ranked(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for name, n := range m {
		out = append(out, Count{Name: name, Count: n})
	}
	slices.SortFunc(out, func(a, b Count) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
	return out
}
