package intake

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/complaintbot/complaintbot/internal/redistest"
)

// newIntakeTestRedis connects to the test Redis (TEST_REDIS_URL, default
// redis://127.0.0.1:6379/0) and returns a key prefix of the test's own;
// the keys under it are deleted when the test ends.
func newIntakeTestRedis(t testing.TB) (*redis.Client, string) {
	t.Helper()
	return redistest.New(t)
}

// unreachableRedis is a client of a Redis that is down: every command fails
// at once.
func unreachableRedis(t testing.TB) *redis.Client {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1, DialerRetries: 1})
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// textUpdate is a private-chat text message update as Telegram sends it.
func textUpdate(updateID, chatID int64) []byte {
	return fmt.Appendf(nil, `{"update_id":%d,"message":{"message_id":%d,"date":1700000000,`+
		`"chat":{"id":%d,"type":"private","first_name":"A"},"from":{"id":%d,"is_bot":false,"first_name":"A"},"text":"order 1234 arrived broken"}}`,
		updateID, updateID, chatID, chatID)
}

// streamLen counts the entries of every partition stream.
func streamLen(t testing.TB, in *Intake) int64 {
	t.Helper()
	n, err := in.Pending(context.Background())
	if err != nil {
		t.Fatalf("Pending: %v", err)
	}
	return n
}

func TestStoreDropsDuplicates(t *testing.T) {
	t.Parallel()
	rdb, prefix := newIntakeTestRedis(t)
	in := New(rdb, Config{Prefix: prefix, Partitions: 4})
	ctx := context.Background()

	stored, err := in.Store(ctx, textUpdate(100, 42))
	if err != nil || !stored {
		t.Fatalf("first Store = %v, %v; want stored", stored, err)
	}
	stored, err = in.Store(ctx, textUpdate(100, 42))
	if err != nil || stored {
		t.Fatalf("second Store = %v, %v; want a duplicate", stored, err)
	}
	if n := streamLen(t, in); n != 1 {
		t.Fatalf("%d entries after a redelivery, want 1", n)
	}

	p := partitionOf("42", 4)
	msgs, err := rdb.XRange(ctx, in.streamKey(p), "-", "+").Result()
	if err != nil || len(msgs) != 1 {
		t.Fatalf("partition %d holds %v (%v), want the update", p, msgs, err)
	}
	v := msgs[0].Values
	if v["update_id"] != "100" || v["chat"] != "42" || v["body"] != string(textUpdate(100, 42)) {
		t.Fatalf("entry fields = %v", v)
	}
	ttl := rdb.TTL(ctx, prefix+"seen:100").Val()
	if ttl < 24*3600e9 {
		t.Fatalf("seen key TTL %v, want over 24h (Telegram redelivers for a day)", ttl)
	}
}

func TestStoreConcurrentSameUpdateOnce(t *testing.T) {
	t.Parallel()
	rdb, prefix := newIntakeTestRedis(t)
	in := New(rdb, Config{Prefix: prefix})
	var wg sync.WaitGroup
	var storedCount, errs atomic.Int32
	for range 20 {
		wg.Go(func() {
			stored, err := in.Store(context.Background(), textUpdate(555, 9))
			if err != nil {
				errs.Add(1)
			}
			if stored {
				storedCount.Add(1)
			}
		})
	}
	wg.Wait()
	if errs.Load() != 0 || storedCount.Load() != 1 {
		t.Fatalf("%d of 20 concurrent stores reported stored (%d errors), want exactly 1", storedCount.Load(), errs.Load())
	}
	if n := streamLen(t, in); n != 1 {
		t.Fatalf("%d entries, want 1", n)
	}
}

func TestStoreRejectsNonUpdates(t *testing.T) {
	t.Parallel()
	rdb, prefix := newIntakeTestRedis(t)
	in := New(rdb, Config{Prefix: prefix})
	for _, body := range []string{`{"ok":true}`, `hello`, `{"update_id":"x"}`} {
		if _, err := in.Store(context.Background(), []byte(body)); !errors.Is(err, ErrInvalidUpdate) {
			t.Errorf("Store(%s) = %v, want ErrInvalidUpdate", body, err)
		}
	}
	if n := streamLen(t, in); n != 0 {
		t.Fatalf("%d entries from bodies that are not updates", n)
	}
}

func TestStoreFailsWhenRedisIsDown(t *testing.T) {
	t.Parallel()
	rdb := unreachableRedis(t)
	in := New(rdb, Config{Prefix: "t:down:"})
	stored, err := in.Store(context.Background(), textUpdate(1, 1))
	if err == nil || stored || errors.Is(err, ErrInvalidUpdate) {
		t.Fatalf("Store with Redis down = %v, %v; want a storage error", stored, err)
	}
}

// BenchmarkIntakeStore measures stores per second against the real Redis,
// from several goroutines as a webhook under load would.
func BenchmarkIntakeStore(b *testing.B) {
	rdb, prefix := newIntakeTestRedis(b)
	in := New(rdb, Config{Prefix: prefix})
	var next atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(4)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			id := next.Add(1)
			if _, err := in.Store(context.Background(), textUpdate(id, id%500)); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "stores/s")
}
