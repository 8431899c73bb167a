package tickets_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/complaintbot/complaintbot/internal/testworld"
	"github.com/complaintbot/complaintbot/tickets"
)

// postedCard gives the ticket a thread whose card is in the group, as the
// desk's card job leaves it, and takes the card job that filing queued off
// the desk queue.
func postedCard(t *testing.T, s *tickets.Store, pool *pgxpool.Pool, ticketID int64) tickets.Thread {
	t.Helper()
	th := tickets.Thread{TicketID: ticketID, ChatID: -100777, ThreadID: 5, CardMessageID: 9, TopicName: "topic", CardHash: "h0"}
	if err := s.SaveThread(context.Background(), th); err != nil {
		t.Fatal(err)
	}
	runCardJobs(t, pool, ticketID)
	return th
}

// waitsForLock returns once a session waits for the advisory lock named
// name (without the schema and the ticket's id) of ticketID.
func waitsForLock(t *testing.T, pool *pgxpool.Pool, name string, ticketID int64) {
	t.Helper()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.NewTimer(testworld.Bound)
	defer deadline.Stop()
	for {
		var waits int
		if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM pg_locks
			WHERE locktype = 'advisory' AND NOT granted
			  AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1 || ' ' || current_schema() || ' ' || $2::bigint::text, 0)`,
			name, ticketID).Scan(&waits); err != nil {
			t.Fatal(err)
		}
		if waits > 0 {
			return
		}
		select {
		case <-tick.C:
		case <-deadline.C:
			t.Fatalf("nobody came to wait for the %s lock of ticket %d", name, ticketID)
		}
	}
}

// editJobs counts the ticket's edit jobs waiting on the edit queue.
func editJobs(t *testing.T, pool *pgxpool.Pool, ticketID int64) int {
	t.Helper()
	return count(t, pool, `SELECT count(*) FROM river_job WHERE kind = 'desk_card_edit' AND queue = 'desk_edit'
		AND (args->>'ticket_id')::bigint = $1 AND state = 'available'`, ticketID)
}

// A change to a ticket whose card is in the staff group queues an edit of
// it on the edit queue, beside the desk's queue of posts; a second change
// before the edit starts queues nothing more. Before the card is posted, a
// change counts on the waiting card job.
func TestAChangeToAPostedCardQueuesAnEdit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	tk := file(t, s, 20201)

	if _, err := s.Claim(ctx, tk.ID, li); err != nil {
		t.Fatal(err)
	}
	if cards, edits := cardJobs(t, pool, tk.ID), editJobs(t, pool, tk.ID); cards != 1 || edits != 0 {
		t.Fatalf("before the card is posted: %d card jobs and %d edit jobs waiting, want the card job filing queued alone", cards, edits)
	}

	postedCard(t, s, pool, tk.ID)
	if _, err := s.ShiftPriority(ctx, tk.ID, li, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ShiftPriority(ctx, tk.ID, li, 1); err != nil {
		t.Fatal(err)
	}
	if cards, edits := cardJobs(t, pool, tk.ID), editJobs(t, pool, tk.ID); cards != 0 || edits != 1 {
		t.Fatalf("after two changes to a posted card: %d card jobs and %d edit jobs waiting, want one edit job", cards, edits)
	}
}

// Of two edits of one card, the second starts once the first has
// recorded what it did, and reads it; a change to the ticket meanwhile
// neither waits for the edit in hand nor is missed: it queues an edit of
// its own. An edit starting while a change that counted on it is being
// made waits for the change and shows it.
func TestEditsOfACardTakeTurns(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	tk := file(t, s, 20202)
	postedCard(t, s, pool, tk.ID)

	inFirst, release := make(chan struct{}), make(chan struct{})
	var releaseOnce sync.Once
	letGo := func() { releaseOnce.Do(func() { close(release) }) }
	t.Cleanup(letGo) // a failing test lets the first edit end too
	firstDone := make(chan error, 1)
	go func() {
		firstDone <- s.EditCard(ctx, tk.ID, func(st *tickets.DeskState) (*tickets.Thread, error) {
			close(inFirst)
			<-release
			th := *st.Thread
			th.CardHash = "h1"
			return &th, nil
		})
	}()
	<-inFirst

	// The change goes through while the first edit calls Telegram.
	changed := make(chan error, 1)
	go func() {
		bounded, cancel := context.WithTimeout(ctx, testworld.Bound)
		defer cancel()
		_, err := s.Claim(bounded, tk.ID, li)
		changed <- err
	}()
	if err := <-changed; err != nil {
		t.Fatalf("a change to the ticket during an edit of its card: %v", err)
	}
	if n := editJobs(t, pool, tk.ID); n != 1 {
		t.Fatalf("%d edit jobs waiting after the change, want 1", n)
	}

	second := make(chan *tickets.DeskState, 1)
	secondDone := make(chan error, 1)
	go func() {
		secondDone <- s.EditCard(ctx, tk.ID, func(st *tickets.DeskState) (*tickets.Thread, error) {
			second <- st
			return nil, nil
		})
	}()
	waitsForLock(t, pool, "complaintbot card edit", tk.ID)
	select {
	case <-second:
		t.Fatal("the second edit read the card while the first was editing it")
	default:
	}
	letGo()
	if err := <-firstDone; err != nil {
		t.Fatal(err)
	}
	if err := <-secondDone; err != nil {
		t.Fatal(err)
	}
	st := <-second
	if st.Thread.CardHash != "h1" || st.Ticket.AssigneeUserID != li.UserID {
		t.Errorf("the second edit read card %q, assignee %d; want the first edit's card and the claim", st.Thread.CardHash, st.Ticket.AssigneeUserID)
	}

	// A change that found the edit job waiting holds its transaction open:
	// the edit reads the ticket once it is committed.
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, `UPDATE tickets SET priority = 2 WHERE id = $1`, tk.ID); err != nil {
		t.Fatal(err)
	}
	if r := cardRoute(t, tx, tk.ID); r.cardWaiting || !r.editWaiting || !r.posted || r.cardRunning {
		t.Fatalf("%+v; want the edit job waiting", r)
	}
	third := make(chan *tickets.DeskState, 1)
	go func() {
		_ = s.EditCard(ctx, tk.ID, func(st *tickets.DeskState) (*tickets.Thread, error) {
			third <- st
			return nil, nil
		})
	}()
	waitsForLock(t, pool, "complaintbot card", tk.ID)
	select {
	case st := <-third:
		t.Fatalf("the edit read the ticket (priority %d) before the change to it was committed", st.Ticket.Priority)
	default:
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if st := <-third; st.Ticket.Priority != 2 {
		t.Errorf("the edit read priority %d, want the change's 2", st.Ticket.Priority)
	}
}

// An edit records what it did only on the thread it edited: if the card
// was posted anew meanwhile (by the desk queue, after staff deleted it),
// the new card's record stands.
func TestAnEditLeavesACardPostedAnewAlone(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	tk := file(t, s, 20203)
	old := postedCard(t, s, pool, tk.ID)

	err := s.EditCard(ctx, tk.ID, func(st *tickets.DeskState) (*tickets.Thread, error) {
		anew := old
		anew.CardMessageID, anew.CardHash = 12, "new"
		if err := s.SaveThread(ctx, anew); err != nil {
			return nil, err
		}
		th := *st.Thread
		th.CardHash = "edited"
		return &th, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	th, err := s.Thread(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if th.CardMessageID != 12 || th.CardHash != "new" {
		t.Errorf("thread %+v; want the card posted anew (12, \"new\")", th)
	}
}
