package tickets_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// clock is a store clock a test moves on.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newClockStore is newStore with a clock starting at filedAt that the test
// moves.
func newClockStore(t testing.TB) (*tickets.Store, *pgxpool.Pool, *clock) {
	t.Helper()
	pool := pgtest.New(t)
	c := &clock{t: filedAt}
	s, err := tickets.NewStore(pool, policy.Default(), c.now)
	if err != nil {
		t.Fatalf("NewStore: %v", err)
	}
	return s, pool, c
}

// Staff of the tests: two members and an owner.
var (
	li    = tickets.Staff{UserID: 901, Name: "Li", Username: "li_desk"}
	wang  = tickets.Staff{UserID: 902, Name: "Wang", Username: "Wang"}
	owner = tickets.Staff{UserID: 900, Name: "Boss", Owner: true}
)

// file files a fresh ticket for chat and fails the test if it cannot.
func file(t testing.TB, s *tickets.Store, chat int64) *tickets.Ticket {
	t.Helper()
	tk, _, err := s.File(context.Background(), newTicket(chat))
	if err != nil {
		t.Fatalf("File: %v", err)
	}
	return tk
}

// jobs counts the River jobs of kind whose args contain args (JSON).
func jobs(t testing.TB, pool *pgxpool.Pool, kind, args string) int {
	t.Helper()
	return count(t, pool, "SELECT count(*) FROM river_job WHERE kind = $1 AND args @> $2::jsonb", kind, args)
}

// cardJobs counts the ticket's card jobs waiting to run.
func cardJobs(t testing.TB, pool *pgxpool.Pool, ticketID int64) int {
	t.Helper()
	return count(t, pool, `SELECT count(*) FROM river_job WHERE kind = 'desk_card' AND queue = 'desk'
		AND (args->>'ticket_id')::bigint = $1 AND state = 'available'`, ticketID)
}

// runCardJobs marks the ticket's waiting card jobs as done, as the desk's
// worker would, so a test sees whether a change queues a new one.
func runCardJobs(t testing.TB, pool *pgxpool.Pool, ticketID int64) {
	t.Helper()
	_, err := pool.Exec(context.Background(), `UPDATE river_job SET state = 'completed', finalized_at = now()
		WHERE kind = 'desk_card' AND (args->>'ticket_id')::bigint = $1 AND state = 'available'`, ticketID)
	if err != nil {
		t.Fatal(err)
	}
}

// eventKinds lists the kinds of the ticket's events after "filed".
func eventKinds(t testing.TB, s *tickets.Store, ref string) []string {
	t.Helper()
	got, err := s.Get(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range got.Events[1:] {
		kinds = append(kinds, e.Kind)
	}
	return kinds
}

// cardJobID is the id of the ticket's card job waiting on the desk queue.
func cardJobID(t testing.TB, pool *pgxpool.Pool, ticketID int64) int64 {
	t.Helper()
	var id int64
	if err := pool.QueryRow(context.Background(), `SELECT id FROM river_job WHERE kind = 'desk_card' AND queue = 'desk'
		AND (args->>'ticket_id')::bigint = $1 AND state = 'available'`, ticketID).Scan(&id); err != nil {
		t.Fatalf("card job of ticket %d: %v", ticketID, err)
	}
	return id
}

// route is what DeskCardRoute finds for the ticket in tx, which takes the
// ticket's card lock, shared, until it ends.
type route struct{ cardWaiting, editWaiting, posted, cardRunning bool }

func cardRoute(t testing.TB, tx pgx.Tx, ticketID int64) route {
	t.Helper()
	q, err := tickets.Queries()
	if err != nil {
		t.Fatal(err)
	}
	var r route
	if err := tx.QueryRow(context.Background(), q.DeskCardRoute, pgx.NamedArgs{"ticket_id": ticketID,
		"card_kind": tickets.DeskCardArgs{}.Kind(), "card_queue": tickets.DeskQueue,
		"edit_kind": tickets.DeskCardEditArgs{}.Kind(), "edit_queue": tickets.DeskEditQueue,
	}).Scan(&r.cardWaiting, &r.editWaiting, &r.posted, &r.cardRunning); err != nil {
		t.Fatal(err)
	}
	return r
}
