package policy

import "time"

// AddBusiness returns the instant when d of opening time has passed after
// from. Only the shop's opening hours count, in its time zone, skipping
// closed days and holidays and opening on make-up workdays; a start outside
// the hours begins counting at the next opening. A duration that ends exactly
// at closing time ends then, not at the next opening.
func (p *Policy) AddBusiness(from time.Time, d time.Duration) time.Time {
	return from.Add(d) // TODO
}

// AddWorkingDays returns the close of business of the n-th working day after
// the day of from (the day of from itself does not count).
func (p *Policy) AddWorkingDays(from time.Time, n int) time.Time {
	return from.AddDate(0, 0, n) // TODO
}

// DueTimes are the service-level deadlines of one complaint.
type DueTimes struct {
	// ArrangeBy is when handling must be arranged and the customer told.
	ArrangeBy time.Time
	// CheckAt is when staff check that the work was arranged.
	CheckAt time.Time
	// AnswerBy is when the complaint must be answered.
	AnswerBy time.Time
}

// Due returns the deadlines of a complaint reported at reported.
func (p *Policy) Due(reported time.Time) DueTimes {
	return DueTimes{
		ArrangeBy: p.AddBusiness(reported, p.Service.Arrange),
		CheckAt:   p.AddBusiness(reported, p.Service.Check),
		AnswerBy:  p.AddWorkingDays(reported, p.Service.Answer),
	}
}
