package tickets_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/complaintbot/complaintbot/tickets"
)

// Who may take, hand over and release a ticket, and turn urgency off: a
// refused action changes nothing and queues no card; an allowed one changes
// the ticket, logs it and queues the card.
func TestStaffPermissions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)

	type op func(id int64) (*tickets.Ticket, error)
	claim := func(by tickets.Staff) op {
		return func(id int64) (*tickets.Ticket, error) { return s.Claim(ctx, id, by) }
	}
	assign := func(by, to tickets.Staff) op {
		return func(id int64) (*tickets.Ticket, error) { return s.Assign(ctx, id, by, to) }
	}
	release := func(by tickets.Staff) op {
		return func(id int64) (*tickets.Ticket, error) { return s.Release(ctx, id, by) }
	}
	urgent := func(by tickets.Staff, on bool) op {
		return func(id int64) (*tickets.Ticket, error) { return s.SetUrgent(ctx, id, by, on) }
	}
	for i, tc := range []struct {
		name       string
		heldBy     *tickets.Staff // claimed by before
		urgent     bool           // marked urgent before
		do         op
		want       error
		assignee   int64
		wantUrgent bool
		changed    bool // a card job and an event
	}{
		{name: "claim a free ticket", do: claim(li), assignee: li.UserID, changed: true},
		{name: "claim one's own", heldBy: &li, do: claim(li), assignee: li.UserID},
		{name: "claim another's", heldBy: &li, do: claim(wang), want: tickets.ErrConflict, assignee: li.UserID},
		{name: "owner claims another's", heldBy: &li, do: claim(owner), want: tickets.ErrConflict, assignee: li.UserID},
		{name: "assign a free ticket", do: assign(wang, li), assignee: li.UserID, changed: true},
		{name: "hand over one's own", heldBy: &li, do: assign(li, wang), assignee: wang.UserID, changed: true},
		{name: "assign another's", heldBy: &li, do: assign(wang, wang), want: tickets.ErrForbidden, assignee: li.UserID},
		{name: "owner reassigns", heldBy: &li, do: assign(owner, wang), assignee: wang.UserID, changed: true},
		{name: "assign to nobody", do: assign(li, tickets.Staff{}), want: tickets.ErrInvalid},
		{name: "release one's own", heldBy: &li, do: release(li), changed: true},
		{name: "release another's", heldBy: &li, do: release(wang), want: tickets.ErrForbidden, assignee: li.UserID},
		{name: "owner releases", heldBy: &li, do: release(owner), changed: true},
		{name: "release a free ticket", do: release(wang)},
		{name: "staff without an id", do: claim(tickets.Staff{Name: "?"}), want: tickets.ErrInvalid},
		{name: "urgent on", do: urgent(wang, true), wantUrgent: true, changed: true},
		{name: "urgent on again", urgent: true, do: urgent(wang, true), wantUrgent: true},
		{name: "urgent off by staff", urgent: true, do: urgent(wang, false), want: tickets.ErrForbidden, wantUrgent: true},
		{name: "urgent off by owner", urgent: true, do: urgent(owner, false), changed: true},
		{name: "urgent off when not urgent, by staff", do: urgent(li, false), want: tickets.ErrForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tk := file(t, s, int64(11000+i))
			if tc.heldBy != nil {
				if _, err := s.Claim(ctx, tk.ID, *tc.heldBy); err != nil {
					t.Fatal(err)
				}
			}
			if tc.urgent {
				if _, err := s.SetUrgent(ctx, tk.ID, li, true); err != nil {
					t.Fatal(err)
				}
			}
			runCardJobs(t, pool, tk.ID)
			eventsBefore := len(eventKinds(t, s, tk.Ref))

			after, err := tc.do(tk.ID)
			if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			got, gerr := s.Get(ctx, tk.Ref)
			if gerr != nil {
				t.Fatal(gerr)
			}
			if err == nil && (after.AssigneeUserID != got.AssigneeUserID || after.Urgent != got.Urgent) {
				t.Errorf("returned ticket (assignee %d, urgent %v) differs from the stored one (%d, %v)",
					after.AssigneeUserID, after.Urgent, got.AssigneeUserID, got.Urgent)
			}
			if got.AssigneeUserID != tc.assignee || got.Urgent != tc.wantUrgent {
				t.Errorf("assignee %d urgent %v, want %d %v", got.AssigneeUserID, got.Urgent, tc.assignee, tc.wantUrgent)
			}
			wantJobs, wantEvents := 0, eventsBefore
			if tc.changed {
				wantJobs, wantEvents = 1, eventsBefore+1
			}
			if n := cardJobs(t, pool, tk.ID); n != wantJobs {
				t.Errorf("%d card jobs waiting, want %d", n, wantJobs)
			}
			if n := len(got.Events) - 1; n != wantEvents {
				t.Errorf("%d events after filing, want %d", n, wantEvents)
			}
		})
	}
}

// Marking a ticket urgent alerts the owners once; the assignee's name shows
// on the ticket; priority stays within -2..2.
func TestUrgentAlertAndPriority(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	tk := file(t, s, 12001)
	for range 2 {
		if _, err := s.SetUrgent(ctx, tk.ID, li, true); err != nil {
			t.Fatal(err)
		}
	}
	if n := jobs(t, pool, "owner_alert", fmt.Sprintf(`{"ticket_id": %d, "reason": "urgent"}`, tk.ID)); n != 1 {
		t.Errorf("%d urgent alerts, want 1", n)
	}
	if got, _ := s.Claim(ctx, tk.ID, wang); got == nil || got.AssigneeName != "Wang" {
		t.Errorf("claimed ticket = %+v, want Wang's", got)
	}
	for _, step := range []struct{ delta, want int }{{1, 1}, {5, 2}, {1, 2}, {-1, 1}, {-9, -2}} {
		got, err := s.ShiftPriority(ctx, tk.ID, li, step.delta)
		if err != nil || got.Priority != step.want {
			t.Fatalf("ShiftPriority(%+d) = %v, %v; want priority %d", step.delta, got, err, step.want)
		}
	}
	kinds := eventKinds(t, s, tk.Ref)
	if want := []string{"urgent", "claimed", "priority", "priority", "priority", "priority"}; !slices.Equal(kinds, want) {
		t.Errorf("events %v, want %v", kinds, want)
	}
	if _, err := s.Claim(ctx, tk.ID+1000, li); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("Claim of a missing ticket = %v, want ErrNotFound", err)
	}
}

// Status moves by staff: each logs a status event and queues the card;
// resolving needs a summary and tells the customer; closing and reopening
// by staff tell the customer too.
func TestStatusActions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	tk := file(t, s, 13001)
	runCardJobs(t, pool, tk.ID)

	if _, err := s.NeedInfo(ctx, tk.ID, li); !errors.Is(err, tickets.ErrConflict) {
		t.Fatalf("NeedInfo on a new ticket = %v, want ErrConflict", err)
	}
	if err := s.SetStatus(ctx, tk.ID, tickets.StatusAcknowledged, tickets.Actor{Kind: tickets.ActorSystem}, nil); err != nil {
		t.Fatal(err)
	}
	if n := cardJobs(t, pool, tk.ID); n != 1 {
		t.Fatalf("%d card jobs after SetStatus, want 1", n)
	}
	got, err := s.NeedInfo(ctx, tk.ID, li)
	if err != nil || got.Status != tickets.StatusAwaitingCustomer {
		t.Fatalf("NeedInfo = %v, %v", got, err)
	}
	if n := cardJobs(t, pool, tk.ID); n != 1 {
		t.Errorf("%d card jobs waiting after two changes, want 1 (the waiting one shows both)", n)
	}

	long := string(make([]rune, 1001))
	for _, summary := range []string{"", "   ", long} {
		if _, err := s.Resolve(ctx, tk.ID, li, summary); !errors.Is(err, tickets.ErrInvalid) {
			t.Errorf("Resolve with a %d-byte summary = %v, want ErrInvalid", len(summary), err)
		}
	}
	got, err = s.Resolve(ctx, tk.ID, li, "  Replaced the zip; courier brings it Monday.  ")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != tickets.StatusResolved || got.Resolution != "Replaced the zip; courier brings it Monday." || !got.ResolvedAt.Equal(filedAt) {
		t.Errorf("resolved ticket: status %s resolution %q at %v", got.Status, got.Resolution, got.ResolvedAt)
	}
	resolved := fmt.Sprintf(`{"ticket_id": %d, "key": "tickets.resolved", "params": {"ref": %q, "summary": "Replaced the zip; courier brings it Monday."}}`, tk.ID, tk.Ref)
	if n := jobs(t, pool, "customer_notice", resolved); n != 1 {
		t.Errorf("%d resolution notices, want 1", n)
	}

	if _, err := s.Resolve(ctx, tk.ID, li, "again"); !errors.Is(err, tickets.ErrConflict) {
		t.Errorf("Resolve twice = %v, want ErrConflict", err)
	}
	got, err = s.Reopen(ctx, tk.ID, li.Actor())
	if err != nil || got.Status != tickets.StatusReopened || !got.ReopenedAt.Equal(filedAt) || !got.ResolvedAt.IsZero() {
		t.Fatalf("Reopen = %+v, %v", got, err)
	}
	if _, err := s.Reopen(ctx, tk.ID, li.Actor()); !errors.Is(err, tickets.ErrConflict) {
		t.Errorf("Reopen of an open ticket = %v, want ErrConflict", err)
	}
	got, err = s.CloseTicket(ctx, tk.ID, owner.Actor())
	if err != nil || got.Status != tickets.StatusClosed || got.ClosedAt.IsZero() {
		t.Fatalf("CloseTicket = %+v, %v", got, err)
	}
	if _, err := s.CloseTicket(ctx, tk.ID, li.Actor()); !errors.Is(err, tickets.ErrConflict) {
		t.Errorf("CloseTicket twice = %v, want ErrConflict", err)
	}
	for _, key := range []string{"tickets.reopened", "tickets.closed"} {
		if n := jobs(t, pool, "customer_notice", fmt.Sprintf(`{"ticket_id": %d, "key": %q}`, tk.ID, key)); n != 1 {
			t.Errorf("%d %s notices, want 1", n, key)
		}
	}

	full, err := s.Get(ctx, tk.Ref)
	if err != nil {
		t.Fatal(err)
	}
	var moves []string
	for _, e := range full.Events {
		if e.Kind == "status" {
			moves = append(moves, fmt.Sprintf("%s>%s by %s", e.Data["from"], e.Data["to"], e.Actor.Kind))
		}
		if _, leaked := e.Data["summary"]; leaked {
			t.Errorf("event %s holds the summary", e.Kind)
		}
	}
	want := []string{"new>acknowledged by system", "acknowledged>awaiting_customer by staff",
		"awaiting_customer>resolved by staff", "resolved>reopened by staff", "reopened>closed by owner"}
	if !slices.Equal(moves, want) {
		t.Errorf("status events %v, want %v", moves, want)
	}

	// A ticket closed by the system (or the customer) tells the customer nothing.
	quiet := file(t, s, 13002)
	if _, err := s.CloseTicket(ctx, quiet.ID, tickets.Actor{Kind: tickets.ActorSystem}); err != nil {
		t.Fatal(err)
	}
	if n := jobs(t, pool, "customer_notice", fmt.Sprintf(`{"ticket_id": %d}`, quiet.ID)); n != 0 {
		t.Errorf("%d notices for a ticket the system closed, want 0", n)
	}
}
