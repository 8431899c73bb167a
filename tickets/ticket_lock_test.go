package tickets_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/tickets"
)

// While a job holds a ticket (the acknowledgement holds it while it sends),
// the desk records the ticket's thread, card and messages without waiting
// for it: the lock keeps the ticket from other lockers and writers, not
// from the rows of other tables that refer to it. The store's connections
// give up on any lock after lock_timeout, so a wait fails the test rather
// than holding it until the lock goes.
func TestTicketLockLetsTheDeskRecordItsThread(t *testing.T) {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, pgtest.NewURL(t)+"&lock_timeout=200")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	s := storeOn(t, pool)
	tk, _, err := s.File(ctx, newTicket(4101))
	if err != nil {
		t.Fatal(err)
	}

	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if err := tickets.LockTicket(ctx, s, tx, tk.ID); err != nil {
		t.Fatal(err)
	}

	th := tickets.Thread{TicketID: tk.ID, ChatID: -1001, ThreadID: 77, CardMessageID: 501,
		MediaMessageIDs: []int64{502, 503}, TopicName: tk.Ref}
	if err := s.SaveThread(ctx, th); err != nil {
		t.Fatalf("saving the thread of a locked ticket: %v", err)
	}
	if got, err := s.TicketByDeskMessage(ctx, -1001, 502); err != nil || got.ID != tk.ID {
		t.Errorf("the thread's file message is ticket %v (%v), want %d", got, err, tk.ID)
	}
	// The lock still keeps another locker out: it waits, until
	// lock_timeout ends the wait.
	other, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = other.Rollback(ctx) }()
	var pgErr *pgconn.PgError
	if err := tickets.LockTicket(ctx, s, other, tk.ID); !errors.As(err, &pgErr) || pgErr.Code != "55P03" /* lock_not_available */ {
		t.Errorf("a second locker of the held ticket got %v, want to wait (lock_not_available)", err)
	}
}
