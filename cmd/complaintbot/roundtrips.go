package main

import (
	"context"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
)

// roundTrips counts the calls the service makes over the network to Redis
// and to PostgreSQL, each a round trip: for Redis a command, a script or a
// pipeline (a MULTI block included) sent and answered at once; for
// PostgreSQL a query or an exec (BEGIN and COMMIT are execs) or a batch.
// They are what an update costs in waiting, which the servers' own
// counters do not say: Redis counts the commands a script runs, and
// PostgreSQL its transactions. The load tool reports them per update, and
// /metrics as counters.
type roundTrips struct {
	redis, postgres atomic.Int64
}

// register exposes the counts on reg.
func (c *roundTrips) register(reg prometheus.Registerer) {
	reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "complaintbot_redis_round_trips_total",
			Help: "Calls to Redis: commands, scripts and pipelines, each one round trip."},
			func() float64 { return float64(c.redis.Load()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "complaintbot_postgres_round_trips_total",
			Help: "Calls to PostgreSQL: queries, execs (BEGIN and COMMIT among them) and batches, each one round trip."},
			func() float64 { return float64(c.postgres.Load()) }),
	)
}

// redisHook counts a Redis client's round trips.
func (c *roundTrips) redisHook() redis.Hook { return redisCounter{c} }

type redisCounter struct{ c *roundTrips }

func (redisCounter) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h redisCounter) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		h.c.redis.Add(1)
		return next(ctx, cmd)
	}
}

func (h redisCounter) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		h.c.redis.Add(1)
		return next(ctx, cmds)
	}
}

// pgTracer counts a pool's round trips; set it as the pool's
// ConnConfig.Tracer.
func (c *roundTrips) pgTracer() pgx.QueryTracer { return pgCounter{c} }

type pgCounter struct{ c *roundTrips }

func (t pgCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	if !inBatch(ctx) {
		t.c.postgres.Add(1)
	}
	return ctx
}

func (pgCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

type batchKey struct{}

func inBatch(ctx context.Context) bool { return ctx.Value(batchKey{}) != nil }

// A batch is sent as one: it counts once, not once per query.
func (t pgCounter) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	t.c.postgres.Add(1)
	return context.WithValue(ctx, batchKey{}, true)
}

func (pgCounter) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}
func (pgCounter) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData)     {}
