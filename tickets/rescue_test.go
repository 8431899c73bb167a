package tickets_test

import (
	"context"
	"testing"
	"time"
)

// Jobs a dead replica had taken are made available again; those of live
// replicas, and those taken too recently to know, are left running.
func TestRescueOrphanJobs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	// Filing queues the acknowledgement and the card: two jobs per ticket.
	for i := range 4 {
		file(t, s, int64(19300+i))
	}
	var ids []int64
	rows, err := pool.Query(ctx, `SELECT id FROM river_job ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if rows.Err() != nil || len(ids) < 4 {
		t.Fatalf("jobs %v, %v", ids, rows.Err())
	}
	take := func(id int64, by string, ago time.Duration) {
		t.Helper()
		if _, err := pool.Exec(ctx, `UPDATE river_job SET state = 'running', attempt = 1,
			attempted_by = ARRAY['older', $2], attempted_at = now() - make_interval(secs => $3) WHERE id = $1`,
			id, by, ago.Seconds()); err != nil {
			t.Fatal(err)
		}
	}
	take(ids[0], "dead-a", time.Minute)    // a dead replica's, long ago: rescued
	take(ids[1], "dead-b", 20*time.Second) // a dead replica's, past the grace: rescued
	take(ids[2], "live-a", time.Hour)      // a live replica's: its own business
	take(ids[3], "dead-c", 5*time.Second)  // too recent to know: left
	n, err := s.RescueOrphanJobs(ctx, []string{"live-a", "live-b"}, 15*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("rescued %d jobs, want 2", n)
	}
	want := map[int64]string{ids[0]: "available", ids[1]: "available", ids[2]: "running", ids[3]: "running"}
	for id, state := range want {
		var got string
		if err := pool.QueryRow(ctx, `SELECT state FROM river_job WHERE id = $1`, id).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != state {
			t.Errorf("job %d is %s, want %s", id, got, state)
		}
	}
}
