package tickets

import "time"

// The service-level deadlines of a ticket (Deadline.Name, SLAArgs.Step's
// deadline).
const (
	DeadlineArrange = "arrange" // claimed or answered by ArrangeBy
	DeadlineCheck   = "check"   // arranged by CheckAt, else the owners hear of it
	DeadlineAnswer  = "answer"  // resolved by AnswerBy
)

// Deadline is the service-level deadline a ticket has to meet next, as the
// card and /sla show it.
type Deadline struct {
	// Name is DeadlineArrange, DeadlineCheck or DeadlineAnswer.
	Name string
	// At is when it falls due.
	At time.Time
	// Missed is true once At has passed.
	Missed bool
	// Soon is true within the warning time before At.
	Soon bool
}

// Arranged reports whether someone took the ticket up: staff claimed it or
// answered the customer. The arrange and check deadlines ask for this.
func (t *Ticket) Arranged() bool {
	return t.AssigneeUserID != 0 || !t.FirstResponseAt.IsZero()
}

// Paused reports whether the ticket's service-level clock stands still: it
// waits for the customer, and its deadlines move on by the wait when it
// ends.
func (t *Ticket) Paused() bool { return t.Status == StatusAwaitingCustomer }

// NextDeadline returns the deadline the ticket has to meet next at now, with
// warn the policy's warning time: the arrange deadline while nobody took it
// up (the check once that passed too), then the answer. A ticket that is
// resolved, closed, waiting for the customer or without deadlines has none.
func (t *Ticket) NextDeadline(now time.Time, warn time.Duration) (Deadline, bool) {
	if !t.Status.Open() || t.Paused() || t.ArrangeBy.IsZero() {
		return Deadline{}, false
	}
	d := Deadline{Name: DeadlineAnswer, At: t.AnswerBy}
	if !t.Arranged() {
		d = Deadline{Name: DeadlineArrange, At: t.ArrangeBy}
		if !now.Before(t.CheckAt) {
			d = Deadline{Name: DeadlineCheck, At: t.CheckAt}
		}
	}
	d.Missed = !now.Before(d.At)
	d.Soon = !d.Missed && !now.Before(d.At.Add(-warn))
	return d, true
}
