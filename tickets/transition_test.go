package tickets_test

import (
	"context"
	"errors"
	"testing"

	"github.com/complaintbot/complaintbot/tickets"
)

// Every status change is checked against the table and leaves an event
// saying who moved it from where to where; a refused change leaves nothing.
func TestSetStatus(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newStore(t)
	tk, _, err := s.File(ctx, newTicket(5001))
	if err != nil {
		t.Fatal(err)
	}
	staff := tickets.Actor{Kind: tickets.ActorStaff, ID: 77}

	steps := []struct {
		to   tickets.Status
		want error
	}{
		{tickets.StatusResolved, tickets.ErrConflict}, // new cannot be resolved unseen
		{tickets.StatusInProgress, nil},
		{tickets.StatusInProgress, tickets.ErrConflict}, // staying is no transition
		{tickets.StatusAwaitingCustomer, nil},
		{tickets.StatusResolved, nil},
		{tickets.StatusReopened, nil},
		{tickets.StatusClosed, nil},
		{"lost", tickets.ErrInvalid},
	}
	okMoves := 0
	for _, st := range steps {
		err := s.SetStatus(ctx, tk.ID, st.to, staff, map[string]any{"reason": "test"})
		if !errors.Is(err, st.want) || (st.want == nil && err != nil) {
			t.Fatalf("SetStatus(%s) = %v, want %v", st.to, err, st.want)
		}
		if err == nil {
			okMoves++
		}
	}

	got, err := s.Get(ctx, tk.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != tickets.StatusClosed || got.ClosedAt.IsZero() || !got.ResolvedAt.IsZero() {
		t.Errorf("status %s closed at %v resolved at %v; want closed, with the resolution undone by the reopening",
			got.Status, got.ClosedAt, got.ResolvedAt)
	}
	var moves []string
	for _, e := range got.Events[1:] { // after "filed"
		if e.Kind != "status" || e.Actor != staff || e.Data["reason"] != "test" {
			t.Errorf("event %+v, want a status event by %+v with the reason", e, staff)
		}
		moves = append(moves, e.Data["from"].(string)+">"+e.Data["to"].(string))
	}
	want := []string{"new>in_progress", "in_progress>awaiting_customer", "awaiting_customer>resolved", "resolved>reopened", "reopened>closed"}
	if len(moves) != okMoves || len(moves) != len(want) {
		t.Fatalf("status events %v, want %v", moves, want)
	}
	for i := range want {
		if moves[i] != want[i] {
			t.Errorf("status event %d = %s, want %s", i, moves[i], want[i])
		}
	}
	if err := s.SetStatus(ctx, tk.ID+1000, tickets.StatusClosed, staff, nil); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("SetStatus of a missing ticket = %v, want ErrNotFound", err)
	}
}
