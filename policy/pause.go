package policy

import "time"

// BusinessBetween returns how much opening time lies between from and to
// in the shop's time zone (0 when to is not after from): what AddBusiness
// would have to add to from to reach to, counted the same way.
func (p *Policy) BusinessBetween(from, to time.Time) time.Duration {
	loc := p.Shop.TimeZone
	from, to = from.In(loc), to.In(loc)
	if !to.After(from) {
		return 0
	}
	var sum time.Duration
	for day := DateOf(from); !at(day, 0, loc).After(to); day = day.AddDays(1) {
		for _, sp := range p.Hours.Spans(day) {
			open, closing := at(day, sp.Open, loc), at(day, sp.Close, loc)
			if open.Before(from) {
				open = from
			}
			if closing.After(to) {
				closing = to
			}
			if closing.After(open) {
				sum += closing.Sub(open)
			}
		}
	}
	return sum
}

// Resume returns where a deadline goes when the ticket's clock stopped at
// paused and runs again at resumed (the ticket waited for the customer in
// between). The opening time that was left before the deadline when the
// clock stopped is left again from resumed, so a wait over a weekend or a
// holiday costs only the opening hours it really took. A deadline that had
// passed before the clock stopped stays where it was.
func (p *Policy) Resume(deadline, paused, resumed time.Time) time.Time {
	loc := p.Shop.TimeZone
	if !deadline.After(paused) || !resumed.After(paused) {
		return deadline.In(loc)
	}
	left := p.BusinessBetween(paused, deadline)
	if left == 0 {
		// A deadline outside opening hours with none left before it (a
		// shop without hours): keep the wall-clock time that was left.
		return resumed.In(loc).Add(deadline.Sub(paused))
	}
	return p.AddBusiness(resumed, left)
}

// Prioritised returns the deadlines of a complaint reported at reported
// whose priority is priority (0 for a new one): a raised priority halves
// the business time to arrange and to check for every step up, never below
// a quarter of an hour. The answer keeps its working days, and a priority
// of 0 or below gives the deadlines of Due: lowering the priority never
// takes back the time promised at filing.
func (p *Policy) Prioritised(reported time.Time, priority int) DueTimes {
	due := p.Due(reported)
	if priority <= 0 {
		return due
	}
	shrink := func(d time.Duration) time.Duration {
		return max(d>>min(priority, 8), min(d, minPrioritised))
	}
	due.ArrangeBy = p.AddBusiness(reported, shrink(p.Service.Arrange))
	due.CheckAt = p.AddBusiness(reported, shrink(p.Service.Check))
	return due
}

// minPrioritised is the shortest time Prioritised leaves to arrange or check.
const minPrioritised = 15 * time.Minute
