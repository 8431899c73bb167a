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

// Hurry returns where a deadline goes when the ticket's priority is
// raised by steps at now: the opening time left before it is halved for
// every step, but never below a quarter of an hour (or what was left, when
// less). A deadline already passed, or no step up, leaves it where it was:
// lowering a priority takes back no time, as the customer was promised the
// deadline when the ticket was filed.
func (p *Policy) Hurry(deadline, now time.Time, steps int) time.Time {
	loc := p.Shop.TimeZone
	if steps <= 0 || !deadline.After(now) {
		return deadline.In(loc)
	}
	left := p.BusinessBetween(now, deadline)
	if left == 0 {
		return deadline.In(loc)
	}
	return p.AddBusiness(now, max(left>>min(steps, 8), min(left, minHurried)))
}

// minHurried is the shortest time Hurry leaves before a deadline.
const minHurried = 15 * time.Minute
