package intake

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

// BenchmarkDispatch measures updates stored and handled per second with a
// handler that does nothing: the intake's own cost, end to end, for one
// replica over 16 partitions and 1,000 chats.
func BenchmarkDispatch(b *testing.B) {
	rdb, prefix := newIntakeTestRedis(b)
	in := New(rdb, Config{Prefix: prefix})
	var handled atomic.Int64
	done := make(chan struct{})
	h := HandlerFunc(func(context.Context, *models.Update) error {
		if handled.Add(1) == int64(b.N) {
			close(done)
		}
		return nil
	})
	d := NewDispatcher(in, h, DispatcherConfig{ReplicaID: "bench", Workers: 16, BlockTimeout: 100 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		_ = d.Run(ctx)
	}()
	defer func() {
		cancel()
		<-stopped
	}()
	timeout := time.After(10 * time.Second)
	for rdb.Exists(context.Background(), in.leaseKey(0), in.leaseKey(15)).Val() != 2 {
		select {
		case <-in.changed:
		case <-timeout:
			b.Fatal("dispatcher took no partitions")
		}
	}

	b.ReportAllocs()
	b.ResetTimer()
	const storers = 4
	var wg sync.WaitGroup
	var next atomic.Int64
	for range storers {
		wg.Go(func() {
			for id := next.Add(1); id <= int64(b.N); id = next.Add(1) {
				if _, err := in.Store(context.Background(), textUpdate(id, id%1000)); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		b.Fatalf("handled %d of %d", handled.Load(), b.N)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "updates/s")
}
