package tickets_test

import (
	"testing"

	"github.com/complaintbot/complaintbot/tickets"
)

// Every pair of statuses, written out: the moves a ticket may make and,
// by omission, every move it may not.
func TestCanTransitionEveryPair(t *testing.T) {
	t.Parallel()
	const (
		n  = tickets.StatusNew
		a  = tickets.StatusAcknowledged
		ip = tickets.StatusInProgress
		aw = tickets.StatusAwaitingCustomer
		rs = tickets.StatusResolved
		cl = tickets.StatusClosed
		ro = tickets.StatusReopened
	)
	allowed := map[tickets.Status][]tickets.Status{
		n:  {a, ip, cl},
		a:  {ip, aw, rs, cl},
		ip: {aw, rs, cl},
		aw: {ip, rs, cl},
		rs: {cl, ro},
		cl: {ro},
		ro: {ip, aw, rs, cl},
	}
	all := append(tickets.Statuses(), "", "archived")
	for _, from := range all {
		for _, to := range all {
			want := false
			for _, s := range allowed[from] {
				want = want || s == to
			}
			if got := tickets.CanTransition(from, to); got != want {
				t.Errorf("CanTransition(%q, %q) = %v, want %v", from, to, got, want)
			}
		}
	}
	if len(tickets.Statuses()) != len(allowed) {
		t.Errorf("Statuses() has %d statuses, the table above %d", len(tickets.Statuses()), len(allowed))
	}
}

func TestStatusOpen(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		s    tickets.Status
		open bool
	}{
		{tickets.StatusNew, true},
		{tickets.StatusAcknowledged, true},
		{tickets.StatusInProgress, true},
		{tickets.StatusAwaitingCustomer, true},
		{tickets.StatusReopened, true},
		{tickets.StatusResolved, false},
		{tickets.StatusClosed, false},
		{"archived", false},
	} {
		if got := tc.s.Open(); got != tc.open {
			t.Errorf("%q.Open() = %v, want %v", tc.s, got, tc.open)
		}
	}
}
