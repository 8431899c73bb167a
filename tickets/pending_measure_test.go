package tickets_test

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
)

// lagRecorder keeps, for each job started, how long after its scheduled_at
// its worker began; done closes once want have started.
type lagRecorder struct {
	mu   sync.Mutex
	lags []time.Duration
	want int
	done chan struct{}
}

func (r *lagRecorder) add(d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lags = append(r.lags, d)
	if len(r.lags) == r.want {
		close(r.done)
	}
}

func (r *lagRecorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.lags)
}

// percentiles are the lags at the fractions qs (1 is the largest).
func (r *lagRecorder) percentiles(qs ...float64) []time.Duration {
	r.mu.Lock()
	lags := slices.Clone(r.lags)
	r.mu.Unlock()
	slices.Sort(lags)
	out := make([]time.Duration, len(qs))
	if len(lags) == 0 {
		return out
	}
	for i, q := range qs {
		out[i] = lags[min(len(lags)-1, int(q*float64(len(lags))))]
	}
	return out
}

// lagWorker records when each job starts; the work itself is nothing, so
// the lag is River's alone.
type lagWorker struct {
	river.WorkerDefaults[followUpArgs]
	lags *lagRecorder
}

func (w *lagWorker) Work(_ context.Context, job *river.Job[followUpArgs]) error {
	w.lags.add(time.Since(job.ScheduledAt))
	return nil
}

// startWorking starts a River client as the service configures one (its
// default scheduler and fetch intervals) with the lag worker; the test
// stops it.
func startWorking(b *testing.B, pool *pgxpool.Pool, lags *lagRecorder) *river.Client[pgx.Tx] {
	workers := river.NewWorkers()
	river.AddWorker(workers, &lagWorker{lags: lags})
	c, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Logger:  slog.New(slog.DiscardHandler),
		Workers: workers,
		Queues:  map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 10}},
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := c.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	return c
}

// relationSize is river_job's size on disk, in bytes.
type relationSize struct{ table, indexes, total int64 }

func tableSize(b *testing.B, pool *pgxpool.Pool) relationSize {
	var s relationSize
	err := pool.QueryRow(context.Background(), `SELECT pg_table_size('river_job'), pg_indexes_size('river_job'),
		pg_total_relation_size('river_job')`).Scan(&s.table, &s.indexes, &s.total)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// scheduleQuery is the part of River's JobSchedule query (riverpgxv5,
// river_job.sql) that finds the jobs due, with the scheduler's look-ahead of
// one interval; the rest of it only updates the rows found.
const scheduleQuery = `SELECT id, unique_key, unique_states, priority, scheduled_at
FROM river_job
WHERE state IN ('retryable', 'scheduled') AND priority >= 0 AND queue IS NOT NULL
  AND scheduled_at <= now() + interval '5 seconds'
ORDER BY priority, scheduled_at, id
LIMIT 10000
FOR UPDATE`

// explainSchedule is the plan and timing of scheduleQuery, run in a
// transaction that is rolled back.
func explainSchedule(b *testing.B, pool *pgxpool.Pool) string {
	ctx := context.Background()
	tx, err := pool.Begin(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	rows, err := tx.Query(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+scheduleQuery)
	if err != nil {
		b.Fatal(err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		b.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func mean(s queryStat) time.Duration {
	if s.calls == 0 {
		return 0
	}
	return s.total / time.Duration(s.calls)
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
