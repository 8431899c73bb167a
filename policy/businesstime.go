package policy

import "time"

// maxScanDays bounds how far ahead business time is searched. Validation
// makes sure the shop opens some day of every week, so only a policy built
// by hand without hours comes near it.
const maxScanDays = 3660

// AddBusiness returns the instant when d of opening time has passed after
// from, in the shop's time zone. Only opening hours count: closed days and
// holidays are skipped, make-up workdays open. A start outside the hours
// begins counting at the next opening; a duration that runs out exactly at
// closing time ends then, not at the next opening. Hours are real elapsed
// time, so a span across a daylight-saving change counts what the clock
// really ran. With no opening hours in sight it returns from plus d.
func (p *Policy) AddBusiness(from time.Time, d time.Duration) time.Time {
	loc := p.Shop.TimeZone
	t := from.In(loc)
	if d <= 0 {
		return t
	}
	left := d
	day := DateOf(t)
	for range maxScanDays {
		for _, sp := range p.Hours.Spans(day) {
			open, closing := at(day, sp.Open, loc), at(day, sp.Close, loc)
			if !closing.After(t) {
				continue
			}
			start := open
			if t.After(open) {
				start = t
			}
			avail := closing.Sub(start)
			if avail >= left {
				return start.Add(left)
			}
			left -= avail
		}
		day = day.AddDays(1)
	}
	return t.Add(d)
}

// AddWorkingDays returns the close of business of the n-th working day after
// the day of from; the day of from does not count, whatever the hour. For n
// of 0 or less it returns from. With no working day in sight it returns from
// plus n calendar days.
func (p *Policy) AddWorkingDays(from time.Time, n int) time.Time {
	loc := p.Shop.TimeZone
	t := from.In(loc)
	if n <= 0 {
		return t
	}
	day := DateOf(t)
	for range maxScanDays {
		day = day.AddDays(1)
		spans := p.Hours.Spans(day)
		if len(spans) == 0 {
			continue
		}
		if n--; n == 0 {
			return at(day, spans[len(spans)-1].Close, loc)
		}
	}
	return t.AddDate(0, 0, n)
}

// at returns the wall-clock time offset from midnight of day in loc. It
// goes through time.Date rather than adding to midnight, so that 09:00 stays
// 09:00 on a day the clocks change.
func at(day Date, offset time.Duration, loc *time.Location) time.Time {
	h, m := int(offset/time.Hour), int(offset%time.Hour/time.Minute)
	return time.Date(day.Year, day.Month, day.Day, h, m, 0, 0, loc)
}

// DueTimes are the service-level deadlines of one complaint.
type DueTimes struct {
	// ArrangeBy is when handling must be arranged and the customer told.
	ArrangeBy time.Time
	// CheckAt is when staff check that the work was arranged; if it was not,
	// the complaint goes to the shop's leadership.
	CheckAt time.Time
	// AnswerBy is when the complaint must be answered (or the customer told
	// why it takes longer).
	AnswerBy time.Time
}

// Due returns the deadlines of a complaint reported at reported, from the
// service levels: arrange and check in business time, the answer in working
// days. The times are in the shop's time zone.
func (p *Policy) Due(reported time.Time) DueTimes {
	return DueTimes{
		ArrangeBy: p.AddBusiness(reported, p.Service.Arrange),
		CheckAt:   p.AddBusiness(reported, p.Service.Check),
		AnswerBy:  p.AddWorkingDays(reported, p.Service.Answer),
	}
}
