package tickets_test

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// queryTimes is a pgx tracer that times River's own queries by the name
// sqlc gives them ("-- name: JobSchedule :many"), so the benchmark reports
// what the scheduler and the fetcher actually cost as River runs them,
// not a reconstruction.
type queryTimes struct {
	mu    sync.Mutex
	stats map[string]*queryStat
}

// queryStat is one query's calls and their durations.
type queryStat struct {
	calls      int
	total, max time.Duration
}

type traceKey struct{}

type traceStart struct {
	name string
	at   time.Time
}

func newQueryTimes() *queryTimes { return &queryTimes{stats: map[string]*queryStat{}} }

// TraceQueryStart notes when a named query began.
func (q *queryTimes) TraceQueryStart(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	name, ok := sqlcName(data.SQL)
	if !ok {
		return ctx
	}
	return context.WithValue(ctx, traceKey{}, traceStart{name: name, at: time.Now()})
}

// TraceQueryEnd adds the query's duration to its name's.
func (q *queryTimes) TraceQueryEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryEndData) {
	s, ok := ctx.Value(traceKey{}).(traceStart)
	if !ok {
		return
	}
	d := time.Since(s.at)
	q.mu.Lock()
	defer q.mu.Unlock()
	st := q.stats[s.name]
	if st == nil {
		st = &queryStat{}
		q.stats[s.name] = st
	}
	st.calls++
	st.total += d
	st.max = max(st.max, d)
}

// get returns the statistics of the named query so far.
func (q *queryTimes) get(name string) queryStat {
	q.mu.Lock()
	defer q.mu.Unlock()
	if st := q.stats[name]; st != nil {
		return *st
	}
	return queryStat{}
}

// reset forgets what was timed so far.
func (q *queryTimes) reset() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.stats = map[string]*queryStat{}
}

// sqlcName is the name in a query's leading "-- name: X :kind" line.
func sqlcName(sql string) (string, bool) {
	rest, ok := strings.CutPrefix(sql, "-- name: ")
	if !ok {
		return "", false
	}
	name, _, ok := strings.Cut(rest, " ")
	return name, ok
}
