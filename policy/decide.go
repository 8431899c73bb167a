package policy

import "time"

// Decide tells what the customer may have for a complaint.
func (p *Policy) Decide(f Facts, today time.Time) Verdict {
	v := Verdict{}
	for _, o := range Outcomes() {
		v.Options = append(v.Options, Option{Outcome: o, Allowed: o == OutcomeNone})
	}
	return v
}
