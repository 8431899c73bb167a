package tickets_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// filedAt is the clock of every test store: a Friday morning in Shanghai,
// inside the default policy's opening hours.
var filedAt = time.Date(2026, 11, 20, 9, 30, 0, 0, shopZone)

// shopZone is the default policy's time zone (Asia/Shanghai).
var shopZone = policy.Default().Shop.TimeZone

// runJobs starts client and, when the test ends, stops it, giving the jobs
// in hand ten seconds to finish.
func runJobs(t testing.TB, client *river.Client[pgx.Tx]) {
	t.Helper()
	if err := client.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = client.Stop(ctx)
	})
}

// newStore returns a store on a fresh schema, with the default policy and
// the clock stopped at filedAt.
func newStore(t testing.TB) (*tickets.Store, *pgxpool.Pool) {
	t.Helper()
	pool := pgtest.New(t)
	return storeOn(t, pool), pool
}

// storeOn returns a store on pool, with the default policy and the clock
// stopped at filedAt.
func storeOn(t testing.TB, pool *pgxpool.Pool) *tickets.Store {
	t.Helper()
	s, err := tickets.NewStore(pool, policy.Default(), func() time.Time { return filedAt })
	if err != nil {
		t.Fatalf("NewStore: %v", err)
	}
	return s
}

var submissions atomic.Int64

// newTicket is a complete complaint with three photos of an album, as the
// dialogue would submit it.
func newTicket(chatID int64) tickets.NewTicket {
	pol := policy.Default()
	purchased := time.Date(2026, 11, 16, 0, 0, 0, 0, shopZone)
	facts := policy.Facts{Category: "apparel", Issue: policy.IssueFault, Purchased: purchased}
	return tickets.NewTicket{
		SubmissionID: fmt.Sprintf("%d-%d", chatID, submissions.Add(1)),
		ChatID:       chatID, UserID: chatID,
		FirstName: "Li <b>Wei</b>", Username: "liwei", Lang: "zh",
		Category: "apparel", OrderNo: "SO20261116", Purchased: purchased,
		Issue: policy.IssueFault, Description: "拉链坏了 — the zip broke on the second day 🙁",
		Attachments: []tickets.Media{
			{Kind: "photo", FileID: "f1", FileUniqueID: "u1", MediaGroupID: "g1", Caption: "front"},
			{Kind: "photo", FileID: "f2", FileUniqueID: "u2", MediaGroupID: "g1"},
			{Kind: "document", FileID: "f3", FileUniqueID: "u3"},
		},
		Outcome: policy.OutcomeRepair, Phone: "+8613812345678",
		Verdict: pol.Decide(facts, filedAt),
	}
}

// count returns a count(*) query's answer.
func count(t testing.TB, pool *pgxpool.Pool, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}
