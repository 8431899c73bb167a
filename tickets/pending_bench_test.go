package tickets_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/tickets"
)

// BenchmarkPendingFollowUps puts BENCH_PENDING_JOBS follow-ups (say
// 1000000) in River's table, scheduled over the next thirty days, then runs
// a River client while a slice of them comes due, and reports how late
// each due job started, the table's size per 100,000 pending jobs, and
// what River's scheduler costs the database with them all waiting. It runs
// once, for minutes, in a schema of its own that is dropped afterwards:
//
//	BENCH_PENDING_JOBS=1000000 go test ./tickets -run '^$' -bench PendingFollowUps -benchtime 1x -timeout 30m
//
// Without BENCH_PENDING_JOBS it is skipped, so that -bench . stays quick.
func BenchmarkPendingFollowUps(b *testing.B) {
	n, err := strconv.Atoi(os.Getenv("BENCH_PENDING_JOBS"))
	if err != nil || n < 2*dueSlice {
		b.Skipf("set BENCH_PENDING_JOBS to at least %d to run it", 2*dueSlice)
	}
	ctx := context.Background()
	times, cpu := newQueryTimes(), &backendCPU{}
	pool := benchPool(b, times, cpu)
	inserter, err := river.NewClient(riverpgxv5.New(pool), &river.Config{})
	if err != nil {
		b.Fatal(err)
	}

	began := time.Now()
	insertPending(b, inserter, n-dueSlice, began)
	inserted := time.Since(began)
	// Autovacuum would analyse the table soon after; the measurement is of
	// that steady state, not of the minute after a bulk load.
	if _, err := pool.Exec(ctx, "VACUUM ANALYZE river_job"); err != nil {
		b.Fatal(err)
	}
	size := tableSize(b, pool)
	plan := explainSchedule(b, pool)

	lags := &lagRecorder{want: dueSlice, done: make(chan struct{})}
	client := startWorking(b, pool, lags)
	times.reset()
	cpuBefore := cpu.used()
	measured := time.Now()
	insertDue(b, inserter, n-dueSlice, measured.Add(dueFrom))
	select {
	case <-lags.done:
	case <-time.After(dueFrom + dueSpan + 2*time.Minute):
		b.Fatalf("only %d of %d due jobs started", lags.count(), dueSlice)
	}
	elapsed := time.Since(measured)
	backend := cpu.since(cpuBefore)
	sched, fetch := times.get("JobSchedule"), times.get("JobGetAvailable")
	stop, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_ = client.Stop(stop)

	// The size was taken with the pending jobs alone in the table.
	per100k := float64(n-dueSlice) / 100_000
	p := lags.percentiles(0.50, 0.90, 0.99, 1)
	b.ReportMetric(ms(p[0]), "ms-lag-p50")
	b.ReportMetric(ms(p[1]), "ms-lag-p90")
	b.ReportMetric(ms(p[2]), "ms-lag-p99")
	b.ReportMetric(ms(p[3]), "ms-lag-max")
	b.ReportMetric(float64(size.total)/per100k/(1<<20), "MB/100k-jobs")
	b.ReportMetric(ms(mean(sched)), "ms/scheduler-run")
	b.Logf("pending jobs: %d (%d inserted in %s with InsertManyFast, %.0f jobs/s)",
		n, n-dueSlice, inserted.Round(time.Millisecond), float64(n-dueSlice)/inserted.Seconds())
	b.Logf("due during the measurement: %d jobs over %s; all started %s after the first was due",
		dueSlice, dueSpan, (elapsed - dueFrom).Round(time.Millisecond))
	b.Logf("lag from scheduled_at to the worker's start: p50 %s, p90 %s, p99 %s, max %s",
		p[0].Round(time.Millisecond), p[1].Round(time.Millisecond), p[2].Round(time.Millisecond), p[3].Round(time.Millisecond))
	b.Logf("river_job with %d pending: table %s, indexes %s, total %s; per 100,000 pending jobs %s",
		n-dueSlice, mib(size.table), mib(size.indexes), mib(size.total), mib(int64(float64(size.total)/per100k)))
	b.Logf("scheduler (JobSchedule, every %s): %d runs, mean %s, max %s; fetcher (JobGetAvailable): %d runs, mean %s, max %s",
		schedulerInterval, sched.calls, mean(sched).Round(time.Microsecond), sched.max.Round(time.Microsecond),
		fetch.calls, mean(fetch).Round(time.Microsecond), fetch.max.Round(time.Microsecond))
	b.Logf("CPU of the pool's PostgreSQL backends during the %s measured: %s (%.1f%% of one core)",
		elapsed.Round(time.Millisecond), backend, 100*backend.Seconds()/elapsed.Seconds())
	// The testing package keeps ten lines of a benchmark's log: the plan
	// goes to the standard output whole.
	fmt.Printf("The scheduler's query with %d pending and nothing due, EXPLAIN ANALYZE:\n%s\n", n-dueSlice, plan)
}

const (
	// dueSlice is how many jobs come due while the client runs, spread
	// over dueSpan from dueFrom after it starts.
	dueSlice = 3000
	dueFrom  = 10 * time.Second
	dueSpan  = time.Minute
	// pendingSpan is how far ahead the pending follow-ups are spread: an
	// answer due in three working days, a nudge in two, an auto-close in
	// seven, a return's deadline in a fortnight.
	pendingSpan = 30 * 24 * time.Hour
	// insertBatch is how many jobs one COPY inserts.
	insertBatch = 50_000
	// schedulerInterval is River's default: how often its leader moves
	// scheduled jobs that are due (or due within the interval) to available.
	schedulerInterval = 5 * time.Second
)

// followUpArgs is shaped like the project's follow-ups (AwaitingArgs): a
// ticket, a step, a moment and a count, unique by its arguments.
type followUpArgs struct {
	TicketID int64     `json:"ticket_id"`
	Step     string    `json:"step"`
	Since    time.Time `json:"since"`
	Days     int       `json:"days"`
}

func (followUpArgs) Kind() string { return "bench_follow_up" }

func (followUpArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// benchPool is a pool on a new, migrated schema of the benchmark's own,
// whose queries times traces and whose backends cpu follows.
func benchPool(b *testing.B, times *queryTimes, cpu *backendCPU) *pgxpool.Pool {
	ctx := context.Background()
	empty := pgtest.NewEmpty(b)
	if err := tickets.Migrate(ctx, empty, slog.New(slog.DiscardHandler)); err != nil {
		b.Fatal(err)
	}
	cfg := empty.Config()
	cfg.ConnConfig.Tracer = times
	cfg.AfterConnect = cpu.afterConnect
	cfg.MaxConns = 8
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(pool.Close)
	return pool
}

// insertPending inserts count follow-ups spread evenly over pendingSpan
// from ten minutes after from, in batches of one COPY each.
func insertPending(b *testing.B, c *river.Client[pgx.Tx], count int, from time.Time) {
	start, step := from.Add(10*time.Minute), pendingSpan/time.Duration(count)
	insertJobs(b, c, 0, count, func(i int) time.Time { return start.Add(time.Duration(i) * step) })
}

// insertDue inserts dueSlice follow-ups, numbered after first, due evenly
// over dueSpan from at.
func insertDue(b *testing.B, c *river.Client[pgx.Tx], first int, at time.Time) {
	step := dueSpan / dueSlice
	insertJobs(b, c, first, dueSlice, func(i int) time.Time { return at.Add(time.Duration(i-first) * step) })
}

// insertJobs inserts count jobs for tickets first, first+1, …, the job of
// ticket i scheduled at due(i).
func insertJobs(b *testing.B, c *river.Client[pgx.Tx], first, count int, due func(int) time.Time) {
	ctx := context.Background()
	batch := make([]river.InsertManyParams, 0, insertBatch)
	for i := first; i < first+count; i++ {
		at := due(i)
		batch = append(batch, river.InsertManyParams{
			Args:       followUpArgs{TicketID: int64(i + 1), Step: "nudge", Since: at.Add(-48 * time.Hour), Days: 2},
			InsertOpts: &river.InsertOpts{ScheduledAt: at},
		})
		if len(batch) == insertBatch || i == first+count-1 {
			if _, err := c.InsertManyFast(ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
}
