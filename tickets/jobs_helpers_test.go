package tickets_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// job is a River job as the tests read it: its row's id, state and
// schedule, and its args decoded.
type job[A any] struct {
	ID          int64
	State       string
	ScheduledAt time.Time
	Args        A
}

// jobsOf lists the jobs of kind whose args contain match (JSON
// containment: {"ticket_id": 7} finds the ticket's), in the order they were
// inserted.
func jobsOf[A any](t testing.TB, pool *pgxpool.Pool, kind string, match map[string]any) []job[A] {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT id, state, scheduled_at, args FROM river_job
		WHERE kind = $1 AND args @> $2::jsonb ORDER BY id`, kind, match)
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (job[A], error) {
		var (
			j   job[A]
			raw []byte
		)
		if err := row.Scan(&j.ID, &j.State, &j.ScheduledAt, &raw); err != nil {
			return j, err
		}
		return j, json.Unmarshal(raw, &j.Args)
	})
	if err != nil {
		t.Fatal(err)
	}
	return jobs
}
