package tickets_test

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// filers is how many customers confirm at the same moment in the benchmark.
const filers = 16

// roundTrips counts the requests a pool sends to PostgreSQL and waits on:
// statements (BEGIN and COMMIT included), batches and statement preparations.
type roundTrips struct{ n atomic.Int64 }

func (r *roundTrips) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	r.n.Add(1)
	return ctx
}
func (r *roundTrips) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}
func (r *roundTrips) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	r.n.Add(1)
	return ctx
}
func (r *roundTrips) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}
func (r *roundTrips) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData)     {}
func (r *roundTrips) TracePrepareStart(ctx context.Context, _ *pgx.Conn, _ pgx.TracePrepareStartData) context.Context {
	r.n.Add(1)
	return ctx
}
func (r *roundTrips) TracePrepareEnd(context.Context, *pgx.Conn, pgx.TracePrepareEndData) {}

// BenchmarkFile files complaints from 16 concurrent filers, each a ticket
// with three attachments, its event and its acknowledgement job in one
// transaction, and reports filings per second and round trips per filing.
func BenchmarkFile(b *testing.B) {
	cfg, err := pgxpool.ParseConfig(pgtest.NewURL(b))
	if err != nil {
		b.Fatal(err)
	}
	trips := &roundTrips{}
	cfg.ConnConfig.Tracer = trips
	cfg.MaxConns = filers
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer pool.Close()
	s, err := tickets.NewStore(pool, policy.Default(), time.Now)
	if err != nil {
		b.Fatal(err)
	}
	template := newTicket(1)
	var seq atomic.Int64

	b.SetParallelism((filers + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	trips.n.Store(0)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			nt := template
			i := seq.Add(1)
			nt.SubmissionID = fmt.Sprintf("bench-%d", i)
			nt.ChatID, nt.UserID = 100000+i, 100000+i
			if _, created, err := s.File(ctx, nt); err != nil || !created {
				b.Errorf("File = created %v, %v", created, err)
				return
			}
		}
	})
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "filings/s")
	b.ReportMetric(float64(trips.n.Load())/float64(b.N), "roundtrips/filing")
}
