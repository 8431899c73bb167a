package tickets_test

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/complaintbot/complaintbot/tickets"
)

// A change to a ticket whose card job waits at the head of the desk queue
// neither lets the desk post the next ticket's card first nor lets the
// card job read the ticket before the change is committed.
func TestAChangeKeepsTheDesksOrder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	first, second := file(t, s, 20101), file(t, s, 20102)

	// A change to the first ticket, in the middle of its transaction: it
	// has changed the ticket and found the card job waiting, so it queues
	// none.
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, `UPDATE tickets SET priority = priority + 1 WHERE id = $1`, first.ID); err != nil {
		t.Fatal(err)
	}
	if r := cardRoute(t, tx, first.ID); !r.cardWaiting || r.editWaiting || r.posted || r.cardRunning {
		t.Fatalf("%+v; want a card job waiting alone", r)
	}
	waiting := cardJobID(t, pool, first.ID)

	// River fetches the desk's next job meanwhile: the first ticket's card.
	got, err := riverpgxv5.New(pool).GetExecutor().JobGetAvailable(ctx, &riverdriver.JobGetAvailableParams{
		ClientID: "desk-order-test", MaxAttemptedBy: 100, MaxToLock: 1, Queue: tickets.DeskQueue})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Jobs) != 1 || got.Jobs[0].ID != waiting {
		var ids []int64
		for _, j := range got.Jobs {
			ids = append(ids, j.ID)
		}
		t.Fatalf("River fetched jobs %v, want the first ticket's card job %d, before ticket %s's", ids, waiting, second.Ref)
	}

	// The card job reads the ticket once the change is committed.
	read := make(chan *tickets.DeskState, 1)
	go func() {
		st, err := s.DeskState(ctx, first.ID)
		if err != nil {
			t.Error(err)
		}
		read <- st
	}()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for waits := 0; waits == 0; {
		select {
		case st := <-read:
			t.Fatalf("the card job read the ticket (priority %d) before the change to it was committed", st.Ticket.Priority)
		case <-tick.C:
		}
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM pg_locks
			WHERE locktype = 'advisory' AND NOT granted
			  AND ((classid::bigint << 32) | objid::bigint) = hashtextextended('complaintbot card ' || current_schema() || ' ' || $1::bigint::text, 0)`,
			first.ID).Scan(&waits); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if st := <-read; st == nil || st.Ticket.Priority != first.Priority+1 {
		t.Errorf("the card job read %+v, want the ticket with its priority raised", st)
	}
}
