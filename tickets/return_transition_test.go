package tickets_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/tickets"
)

// roleNames are the roles a step may be tried by.
var roleNames = map[tickets.ActorKind]string{
	tickets.ActorOwner: "owner", tickets.ActorStaff: "staff", tickets.ActorCustomer: "customer", tickets.ActorSystem: "system",
}

// The whole table of a return's life, written out as an owner would read
// it: "step: from -> to by roles". Every step from every state by every role
// is tried; what is not listed here must be refused, by role when the role
// may never take the step, else by state.
func TestReturnTransitions(t *testing.T) {
	t.Parallel()
	allowed := []string{
		"start: none -> requested by owner",
		"approve: requested -> approved by owner",
		"refuse: requested -> refused by owner",
		"refuse: approved -> refused by owner",
		"accept_fee: approved -> approved by customer",
		"decline_fee: approved -> cancelled by customer",
		"ship: approved -> shipped by owner staff customer",
		"receive: shipped -> received by owner staff",
		"refund: received -> refunded by owner",
		"exchange: received -> exchanged by owner",
		"repair: received -> repaired by owner",
		"close: refunded -> closed by owner",
		"close: exchanged -> closed by owner",
		"close: repaired -> closed by owner",
		"cancel: requested -> cancelled by owner",
		"cancel: approved -> cancelled by owner",
		"cancel: expired -> cancelled by owner",
		"extend: approved -> approved by owner",
		"extend: expired -> approved by owner",
		"expire: approved -> expired by system",
	}
	type key struct {
		step tickets.ReturnStep
		from string
	}
	want := map[key]tickets.ReturnState{}
	mayEver := map[tickets.ReturnStep][]string{}
	rolesOf := map[key][]string{}
	for _, line := range allowed {
		var step, from, to, by string
		head, roles, _ := strings.Cut(line, " by ")
		if _, err := fmt.Sscanf(head, "%s %s -> %s", &step, &from, &to); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		k := key{tickets.ReturnStep(strings.TrimSuffix(step, ":")), from}
		want[k], rolesOf[k] = tickets.ReturnState(to), strings.Fields(roles)
		for _, by = range strings.Fields(roles) {
			if !slices.Contains(mayEver[k.step], by) {
				mayEver[k.step] = append(mayEver[k.step], by)
			}
		}
	}

	states := append([]tickets.ReturnState{""}, tickets.ReturnStates()...)
	tried := 0
	for _, step := range tickets.ReturnSteps() {
		for _, state := range states {
			for role, name := range roleNames {
				from := string(state)
				if from == "" {
					from = "none"
				}
				r := returnFor(step, state)
				move, err := tickets.NextReturn(r, step, role)
				tried++
				to, ok := want[key{step, from}]
				switch {
				case ok && slices.Contains(rolesOf[key{step, from}], name):
					if err != nil || move.To != to {
						t.Errorf("%s from %s by %s = %v, %v; want %s", step, from, name, move.To, err, to)
					}
					if !strings.HasPrefix(move.Event, "return_") {
						t.Errorf("%s from %s: event %q", step, from, move.Event)
					}
				case !slices.Contains(mayEver[step], name):
					if !errors.Is(err, tickets.ErrReturnNotAllowed) || !errors.Is(err, tickets.ErrForbidden) {
						t.Errorf("%s from %s by %s = %v, want ErrReturnNotAllowed", step, from, name, err)
					}
				default:
					if !errors.Is(err, tickets.ErrReturnState) || !errors.Is(err, tickets.ErrConflict) {
						t.Errorf("%s from %s by %s = %v, want ErrReturnState", step, from, name, err)
					}
				}
			}
		}
	}
	if want := len(tickets.ReturnSteps()) * len(states) * len(roleNames); tried != want || tried < 600 {
		t.Errorf("tried %d moves, want %d", tried, want)
	}
}

// returnFor is a return in state that the guards let take step: of the kind
// the step completes, with a fee waiting only for the fee's answers.
func returnFor(step tickets.ReturnStep, state tickets.ReturnState) *tickets.Return {
	if state == "" {
		return nil
	}
	r := &tickets.Return{State: state, Kind: tickets.ReturnKindRefund}
	switch step {
	case tickets.StepExchange:
		r.Kind = tickets.ReturnKindExchange
	case tickets.StepRepair:
		r.Kind = tickets.ReturnKindRepair
	case tickets.StepAcceptFee, tickets.StepDeclineFee:
		r.Kind, r.Fee = tickets.ReturnKindRepair, tickets.Fee{Cents: 12000, Currency: "CNY"}
	}
	return r
}

// What the table alone cannot say: a fee must be answered before the item
// is sent and cannot be answered twice, and a return is completed only as
// its kind says. A refused step names who may take it.
func TestReturnGuards(t *testing.T) {
	t.Parallel()
	fee := tickets.Fee{Cents: 12000, Currency: "CNY"}
	pending := &tickets.Return{State: tickets.ReturnApproved, Kind: tickets.ReturnKindRepair, Fee: fee}
	answered := &tickets.Return{State: tickets.ReturnApproved, Kind: tickets.ReturnKindRepair, Fee: fee, FeeAccepted: true,
		FeeDecided: tickets.ReturnMark{At: filedAt, By: tickets.Actor{Kind: tickets.ActorCustomer, ID: 1}}}
	noFee := &tickets.Return{State: tickets.ReturnApproved, Kind: tickets.ReturnKindRefund}
	received := func(k tickets.ReturnKind) *tickets.Return {
		return &tickets.Return{State: tickets.ReturnReceived, Kind: k}
	}
	for _, tc := range []struct {
		name string
		r    *tickets.Return
		step tickets.ReturnStep
		role tickets.ActorKind
		ok   bool
	}{
		{"ship with the fee unanswered", pending, tickets.StepShip, tickets.ActorCustomer, false},
		{"ship with the fee accepted", answered, tickets.StepShip, tickets.ActorCustomer, true},
		{"staff ship with the fee unanswered", pending, tickets.StepShip, tickets.ActorStaff, false},
		{"accept a fee", pending, tickets.StepAcceptFee, tickets.ActorCustomer, true},
		{"accept a fee twice", answered, tickets.StepAcceptFee, tickets.ActorCustomer, false},
		{"decline an accepted fee", answered, tickets.StepDeclineFee, tickets.ActorCustomer, false},
		{"accept no fee", noFee, tickets.StepAcceptFee, tickets.ActorCustomer, false},
		{"refund a refund", received(tickets.ReturnKindRefund), tickets.StepRefund, tickets.ActorOwner, true},
		{"exchange a refund", received(tickets.ReturnKindRefund), tickets.StepExchange, tickets.ActorOwner, false},
		{"refund an exchange", received(tickets.ReturnKindExchange), tickets.StepRefund, tickets.ActorOwner, false},
		{"repair an exchange", received(tickets.ReturnKindExchange), tickets.StepRepair, tickets.ActorOwner, false},
		{"refund a repair", received(tickets.ReturnKindRepair), tickets.StepRefund, tickets.ActorOwner, false},
	} {
		_, err := tickets.NextReturn(tc.r, tc.step, tc.role)
		if tc.ok != (err == nil) || (err != nil && !errors.Is(err, tickets.ErrReturnState)) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}

	_, err := tickets.NextReturn(received(tickets.ReturnKindRefund), tickets.StepRefund, tickets.ActorStaff)
	var re *tickets.ReturnError
	if !errors.As(err, &re) || !slices.Equal(re.Roles, []tickets.ActorKind{tickets.ActorOwner}) ||
		re.Role != tickets.ActorStaff || re.State != tickets.ReturnReceived || re.Step != tickets.StepRefund {
		t.Errorf("staff refunding: %#v", err)
	}
	if !strings.Contains(err.Error(), "only owners may") {
		t.Errorf("error %q does not say who may", err)
	}
	if _, err := tickets.NextReturn(noFee, "teleport", tickets.ActorOwner); !errors.Is(err, tickets.ErrReturnState) {
		t.Errorf("an unknown step = %v", err)
	}
}

// The buttons each role is offered are the steps it may take now.
func TestReturnActions(t *testing.T) {
	t.Parallel()
	approvedPaid := &tickets.Return{State: tickets.ReturnApproved, Kind: tickets.ReturnKindRepair,
		Fee: tickets.Fee{Cents: 5000, Currency: "CNY"}}
	for _, tc := range []struct {
		r    *tickets.Return
		role tickets.ActorKind
		want []tickets.ReturnStep
	}{
		{nil, tickets.ActorOwner, []tickets.ReturnStep{tickets.StepStart}},
		{nil, tickets.ActorStaff, nil},
		{&tickets.Return{State: tickets.ReturnRequested}, tickets.ActorOwner,
			[]tickets.ReturnStep{tickets.StepApprove, tickets.StepRefuse, tickets.StepCancel}},
		{approvedPaid, tickets.ActorCustomer, []tickets.ReturnStep{tickets.StepAcceptFee, tickets.StepDeclineFee}},
		{approvedPaid, tickets.ActorOwner, []tickets.ReturnStep{tickets.StepRefuse, tickets.StepCancel, tickets.StepExtend}},
		{&tickets.Return{State: tickets.ReturnApproved, Kind: tickets.ReturnKindRefund}, tickets.ActorStaff,
			[]tickets.ReturnStep{tickets.StepShip}},
		{&tickets.Return{State: tickets.ReturnReceived, Kind: tickets.ReturnKindExchange}, tickets.ActorOwner,
			[]tickets.ReturnStep{tickets.StepExchange}},
		{&tickets.Return{State: tickets.ReturnReceived, Kind: tickets.ReturnKindExchange}, tickets.ActorStaff, nil},
		{&tickets.Return{State: tickets.ReturnClosed}, tickets.ActorOwner, nil},
	} {
		if got := tickets.ReturnActions(tc.r, tc.role); !slices.Equal(got, tc.want) {
			state := "none"
			if tc.r != nil {
				state = string(tc.r.State)
			}
			t.Errorf("%s on %s: %v, want %v", tc.role, state, got, tc.want)
		}
	}
}

// A return's number is read however it is typed, and never taken for a
// ticket's reference.
func TestNormalizeRMA(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"RMA-K7M-4QX": "RMA-K7M-4QX", "rma k7m4qx": "RMA-K7M-4QX", "k7m-4qx": "RMA-K7M-4QX",
		" Rma-K7M 4QX ": "RMA-K7M-4QX", "RMA-K0M-4QX": "", "RMB-K7M-4QX": "", "RMA-K7M-4Q": "", "": "",
	} {
		got, ok := tickets.NormalizeRMA(in)
		if got != want || ok != (want != "") {
			t.Errorf("NormalizeRMA(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

// Reminders go at ten in the morning, shop time: two days before the
// deadline's day and on the day, or an hour before a deadline earlier than
// ten; none that would come after the deadline or not after now.
func TestReturnReminderTimes(t *testing.T) {
	t.Parallel()
	at := func(day, h, m int) string { return fmt.Sprintf("%02d %02d:%02d", day, h, m) }
	show := func(got map[string]time.Time) string {
		var parts []string
		for _, k := range []string{tickets.ReminderBefore, tickets.ReminderDue} {
			if v, ok := got[k]; ok {
				v = v.In(shopZone)
				parts = append(parts, k+" "+at(v.Day(), v.Hour(), v.Minute()))
			}
		}
		return strings.Join(parts, ", ")
	}
	now := filedAt // the 20th, 09:30
	day := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, shopZone) }
	for _, tc := range []struct {
		deadline time.Time
		days     int
		want     string
	}{
		{day(27, 23, 59), 2, "before 25 10:00, due 27 10:00"},
		{day(27, 23, 59), 3, "before 24 10:00, due 27 10:00"},
		{day(27, 23, 59), 0, "due 27 10:00"},
		{day(27, 9, 0), 2, "before 25 10:00, due 27 08:00"},
		{day(21, 23, 59), 2, "due 21 10:00"},
		{day(20, 23, 59), 2, "due 20 10:00"},
		{day(20, 10, 0), 2, ""},
		{day(22, 18, 0), 2, "before 20 10:00, due 22 10:00"},
	} {
		got := show(tickets.ReturnReminders(tc.deadline, now, tc.days, shopZone))
		if got != tc.want {
			t.Errorf("deadline %v, %d days: %q, want %q", tc.deadline, tc.days, got, tc.want)
		}
	}
}
