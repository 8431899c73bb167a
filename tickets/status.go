package tickets

import "slices"

// Status is where a ticket stands in its life.
type Status string

// The statuses a ticket moves through. A ticket starts new, is acknowledged
// to the customer, taken up by staff, may wait for the customer, and is
// resolved and then closed; a resolved or closed ticket can be reopened.
const (
	StatusNew              Status = "new"
	StatusAcknowledged     Status = "acknowledged"
	StatusInProgress       Status = "in_progress"
	StatusAwaitingCustomer Status = "awaiting_customer"
	StatusResolved         Status = "resolved"
	StatusClosed           Status = "closed"
	StatusReopened         Status = "reopened"
)

// next is every move a ticket may make: the statuses it may go to from
// from. Anything not listed is refused; an unknown status goes nowhere.
func next(from Status) []Status {
	switch from {
	case StatusNew:
		// Staff may take a ticket up before its acknowledgement has gone
		// out, and may close a duplicate at once.
		return []Status{StatusAcknowledged, StatusInProgress, StatusClosed}
	case StatusAcknowledged:
		return []Status{StatusInProgress, StatusAwaitingCustomer, StatusResolved, StatusClosed}
	case StatusInProgress:
		return []Status{StatusAwaitingCustomer, StatusResolved, StatusClosed}
	case StatusAwaitingCustomer:
		return []Status{StatusInProgress, StatusResolved, StatusClosed}
	case StatusResolved:
		return []Status{StatusClosed, StatusReopened}
	case StatusClosed:
		return []Status{StatusReopened}
	case StatusReopened:
		return []Status{StatusInProgress, StatusAwaitingCustomer, StatusResolved, StatusClosed}
	}
	return nil
}

// Statuses lists every status in the order of a ticket's life.
func Statuses() []Status {
	return []Status{StatusNew, StatusAcknowledged, StatusInProgress, StatusAwaitingCustomer,
		StatusResolved, StatusClosed, StatusReopened}
}

// Valid reports whether s is one of the statuses above.
func (s Status) Valid() bool {
	return next(s) != nil
}

// Open reports whether the ticket still needs work: anything but resolved
// or closed. A customer's message outside a dialogue goes to their open
// ticket.
func (s Status) Open() bool {
	return s.Valid() && s != StatusResolved && s != StatusClosed
}

// CanTransition reports whether a ticket may move from one status to another.
// Staying in the same status is not a transition.
func CanTransition(from, to Status) bool {
	return slices.Contains(next(from), to)
}

// openStatuses lists the statuses for which Open is true, for queries.
func openStatuses() []string {
	var out []string
	for _, s := range Statuses() {
		if s.Open() {
			out = append(out, string(s))
		}
	}
	return out
}
