package tickets_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/tickets"
)

// A customer closes only their own ticket: another chat's reference, or
// one that does not exist, is not found, so its existence does not show.
func TestCloseByCustomer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	mine := file(t, s, 15001)
	theirs := file(t, s, 15002)

	for _, ref := range []string{theirs.Ref, "AAA-AAA", "nonsense"} {
		if _, err := s.CloseByCustomer(ctx, 15001, ref); !errors.Is(err, tickets.ErrNotFound) {
			t.Errorf("CloseByCustomer(%q) = %v, want ErrNotFound", ref, err)
		}
	}
	if got, _ := s.GetByID(ctx, theirs.ID); got.Status != tickets.StatusNew {
		t.Errorf("another's ticket is %s", got.Status)
	}
	got, err := s.CloseByCustomer(ctx, 15001, " "+mine.Ref[:3]+mine.Ref[4:]+" ")
	if err != nil || got.Status != tickets.StatusClosed {
		t.Fatalf("CloseByCustomer(own, typed loosely) = %+v, %v", got, err)
	}
	if _, err := s.CloseByCustomer(ctx, 15001, mine.Ref); !errors.Is(err, tickets.ErrConflict) {
		t.Errorf("closing twice = %v, want ErrConflict", err)
	}
	full, _ := s.Get(ctx, mine.Ref)
	last := full.Events[len(full.Events)-1]
	if last.Kind != "status" || last.Actor != (tickets.Actor{Kind: tickets.ActorCustomer, ID: 15001}) {
		t.Errorf("last event %+v, want a status change by the customer", last)
	}
	if n := jobs(t, pool, "customer_notice", fmt.Sprintf(`{"ticket_id": %d}`, mine.ID)); n != 0 {
		t.Errorf("%d notices to a customer who closed it themselves", n)
	}
	if n := cardJobs(t, pool, mine.ID); n != 1 {
		t.Errorf("%d card jobs, want 1", n)
	}
}

// A ticket resolved or closed lately may be reopened by its customer within
// the window; what they wrote meanwhile then reaches the desk.
func TestRecentlyResolvedAndReopen(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	const week = 7 * 24 * time.Hour
	older := file(t, s, 15101)
	tk := file(t, s, 15101)

	if _, err := s.RecentlyResolved(ctx, 15101, week); !errors.Is(err, tickets.ErrNotFound) {
		t.Fatalf("RecentlyResolved with nothing resolved = %v, want ErrNotFound", err)
	}
	if _, err := s.CloseTicket(ctx, older.ID, li.Actor()); err != nil {
		t.Fatal(err)
	}
	clk.advance(time.Hour)
	if err := s.SetStatus(ctx, tk.ID, tickets.StatusInProgress, li.Actor(), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Resolve(ctx, tk.ID, li, "refunded"); err != nil {
		t.Fatal(err)
	}
	got, err := s.RecentlyResolved(ctx, 15101, week)
	if err != nil || got.ID != tk.ID {
		t.Fatalf("RecentlyResolved = %v, %v; want the later resolved ticket", got, err)
	}
	if _, err := s.RecentlyResolved(ctx, 15102, week); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("another chat's RecentlyResolved = %v, want ErrNotFound", err)
	}

	// Two messages (an album) and a text while it is resolved: held.
	var held []int64
	for i, m := range []tickets.NewMessage{
		{Text: "still broken", Attachments: []tickets.Media{{Kind: "photo", FileID: "p1", MediaGroupID: "g9"}}},
		{Attachments: []tickets.Media{{Kind: "photo", FileID: "p2", MediaGroupID: "g9"}}},
		{Text: "see?"},
	} {
		m.UserID, m.ChatID, m.MessageID = 15101, 15101, int64(100+i)
		msg, _, err := s.AddCustomerMessage(ctx, tk.ID, m)
		if err != nil || msg.Delivery != tickets.DeliveryHeld {
			t.Fatalf("message %d while resolved = %+v, %v", i, msg, err)
		}
		held = append(held, msg.ID)
	}

	if _, err := s.ReopenByCustomer(ctx, 15102, tk.ID, week); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("another chat reopening = %v, want ErrNotFound", err)
	}
	if _, err := s.ReopenByCustomer(ctx, 15101, tk.ID+1000, week); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("reopening a missing ticket = %v, want ErrNotFound", err)
	}
	clk.advance(week + time.Minute)
	if _, err := s.RecentlyResolved(ctx, 15101, week); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("RecentlyResolved after the window = %v, want ErrNotFound", err)
	}
	if _, err := s.ReopenByCustomer(ctx, 15101, tk.ID, week); !errors.Is(err, tickets.ErrConflict) {
		t.Errorf("reopening after the window = %v, want ErrConflict", err)
	}
	clk.advance(-2 * time.Minute)
	got, err = s.ReopenByCustomer(ctx, 15101, tk.ID, week)
	if err != nil || got.Status != tickets.StatusReopened || got.ReopenedAt.IsZero() {
		t.Fatalf("ReopenByCustomer = %+v, %v", got, err)
	}
	for _, id := range held {
		m, err := s.Message(ctx, id)
		if err != nil || m.Delivery != tickets.DeliveryPending {
			t.Errorf("held message %d after reopening: %+v, %v", id, m, err)
		}
		if n := jobs(t, pool, "desk_relay", fmt.Sprintf(`{"message_id": %d}`, id)); n != 1 {
			t.Errorf("%d relay jobs for held message %d, want 1", n, id)
		}
	}
	album, err := s.AlbumMessages(ctx, tk.ID, tickets.DirectionIn, "g9")
	if err != nil || len(album) != 2 || album[0].ID != held[0] || album[1].ID != held[1] {
		t.Errorf("AlbumMessages = %+v, %v; want the two album rows in order", album, err)
	}
	if _, err := s.ReopenByCustomer(ctx, 15101, tk.ID, week); !errors.Is(err, tickets.ErrConflict) {
		t.Errorf("reopening an open ticket = %v, want ErrConflict", err)
	}
	// The reopened ticket is no longer on offer; the older closed one is,
	// within a longer window.
	if got, err := s.RecentlyResolved(ctx, 15101, 2*week); err != nil || got.ID != older.ID {
		t.Errorf("RecentlyResolved after reopening = %v, %v; want the older closed ticket", got, err)
	}
	if n := jobs(t, pool, "customer_notice", fmt.Sprintf(`{"ticket_id": %d, "key": "tickets.reopened"}`, tk.ID)); n != 0 {
		t.Errorf("%d reopen notices to the customer who reopened it", n)
	}
}
