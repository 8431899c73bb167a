package intake

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

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
	ttl := rdb.TTL(ctx, in.seenHash(100)).Val()
	if ttl < 24*3600e9 {
		t.Fatalf("the mark's TTL %v, want over 24h (Telegram redelivers for a day)", ttl)
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

// chatsInPartitions returns n chat ids of which no two consecutive ones
// share a partition.
func chatsInPartitions(in *Intake, n int) []int64 {
	var chats []int64
	for c := int64(1000); len(chats) < n; c++ {
		last := len(chats) - 1
		if last < 0 || partitionOf(strconv.FormatInt(c, 10), in.partitions) != partitionOf(strconv.FormatInt(chats[last], 10), in.partitions) {
			chats = append(chats, c)
		}
	}
	return chats
}

// A batch is stored in one round trip up to its first failure and none of
// it after: what follows a failed update is not stored either, so that when
// Telegram sends the batch again nothing of a chat is stored out of order.
func TestStoreBatchStopsAtTheFirstFailure(t *testing.T) {
	t.Parallel()
	rdb, prefix := newIntakeTestRedis(t)
	in := New(rdb, Config{Prefix: prefix, Partitions: 4})
	ctx := context.Background()
	chats := chatsInPartitions(in, 3)
	batch := [][]byte{textUpdate(1, chats[0]), textUpdate(2, chats[1]), []byte(`{"no":"update"}`), textUpdate(3, chats[2]), textUpdate(1, chats[0])}

	// The second update's stream is not a stream: its XADD fails.
	broken := in.streamKey(partitionOf(strconv.FormatInt(chats[1], 10), in.partitions))
	if err := rdb.Set(ctx, broken, "not a stream", 0).Err(); err != nil {
		t.Fatal(err)
	}
	got := in.storeBatch(ctx, batch)
	if !got[0].done || !got[0].stored || got[0].err != nil {
		t.Errorf("update 1: %+v, want stored", got[0])
	}
	if got[1].done || got[1].err == nil || !strings.Contains(got[1].err.Error(), "WRONGTYPE") {
		t.Errorf("update 2: %+v, want Redis's WRONGTYPE", got[1])
	}
	if !errors.Is(got[2].err, ErrInvalidUpdate) {
		t.Errorf("the body that is no update: %+v, want ErrInvalidUpdate", got[2])
	}
	for _, i := range []int{3, 4} {
		if got[i].done || !errors.Is(got[i].err, errEarlierNotStored) {
			t.Errorf("batch item %d: %+v, want not stored after update 2 failed", i, got[i])
		}
	}
	for i, want := range map[int]int64{0: 1, 2: 0} {
		stream := in.streamKey(partitionOf(strconv.FormatInt(chats[i], 10), in.partitions))
		if n := rdb.XLen(ctx, stream).Val(); n != want {
			t.Errorf("the stream of chat %d holds %d updates, want %d", chats[i], n, want)
		}
	}
	if seen, err := in.Seen(ctx, 3); err != nil || seen {
		t.Fatalf("update 3 marked seen: %v, %v; it was not stored", seen, err)
	}

	// Telegram sends the batch again once Redis takes it.
	if err := rdb.Del(ctx, broken).Err(); err != nil {
		t.Fatal(err)
	}
	got = in.storeBatch(ctx, batch)
	want := []bool{false, true, false, true, false} // 1 and its copy were stored before
	for i, r := range got {
		if i != 2 && (r.err != nil || !r.done || r.stored != want[i]) {
			t.Errorf("again, batch item %d: %+v, want done, stored %v", i, r, want[i])
		}
	}
	if n := streamLen(t, in); n != 3 {
		t.Fatalf("%d updates in the streams, want 3", n)
	}
}

// A Redis that came back empty has forgotten the script: it is loaded and
// the batch stored. Not parallel: the flush is of the whole server's
// scripts, and another batch of this package's tests could meet it twice.
func TestStoreBatchLoadsTheScriptRedisForgot(t *testing.T) {
	rdb, prefix := newIntakeTestRedis(t)
	in := New(rdb, Config{Prefix: prefix, Partitions: 4})
	ctx := context.Background()
	if err := rdb.ScriptFlush(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	for i, r := range in.storeBatch(ctx, [][]byte{textUpdate(1, 7), textUpdate(2, 8)}) {
		if r.err != nil || !r.stored {
			t.Errorf("batch item %d: %+v, want stored", i, r)
		}
	}
	if n := streamLen(t, in); n != 2 {
		t.Fatalf("%d updates in the streams, want 2", n)
	}
}

// An id marked seen by a key of its own, as the intake marked ids before
// it kept them in hashes, is still a duplicate, and is marked in its hash
// too, so that the batch after it is stored.
func TestStoreKnowsTheOldMarks(t *testing.T) {
	t.Parallel()
	rdb, prefix := newIntakeTestRedis(t)
	in := New(rdb, Config{Prefix: prefix, Partitions: 4})
	ctx := context.Background()
	if err := rdb.Set(ctx, prefix+"seen:500", "1", time.Hour).Err(); err != nil {
		t.Fatal(err)
	}
	got := in.storeBatch(ctx, [][]byte{textUpdate(500, 1), textUpdate(501, 1)})
	if r := got[0]; !r.done || r.stored || r.err != nil {
		t.Errorf("update 500, marked the old way: %+v, want a duplicate", r)
	}
	if r := got[1]; !r.done || !r.stored || r.err != nil {
		t.Errorf("update 501 after it: %+v, want stored", r)
	}
	if n := streamLen(t, in); n != 1 {
		t.Fatalf("%d updates in the streams, want 501 alone", n)
	}
	for _, id := range []int64{500, 501} {
		if seen, err := in.Seen(ctx, id); err != nil || !seen {
			t.Errorf("Seen(%d) = %v, %v; want true", id, seen, err)
		}
	}
}

// Marks take a few bytes an update: a thousand consecutive ids fill eight
// small hashes, not a thousand keys.
func TestMarksAreCompact(t *testing.T) {
	t.Parallel()
	rdb, prefix := newIntakeTestRedis(t)
	in := New(rdb, Config{Prefix: prefix, Partitions: 4})
	ctx := context.Background()
	var batch [][]byte
	for id := int64(1024); id < 2048; id++ {
		batch = append(batch, textUpdate(id, 7))
	}
	for i, r := range in.storeBatch(ctx, batch) {
		if !r.stored {
			t.Fatalf("batch item %d: %+v, want stored", i, r)
		}
	}
	keys, err := rdb.Keys(ctx, prefix+"seen:*").Result()
	if err != nil {
		t.Fatal(err)
	}
	var bytes int64
	for _, k := range keys {
		bytes += rdb.MemoryUsage(ctx, k).Val()
	}
	t.Logf("1024 marks: %d keys, %d bytes", len(keys), bytes)
	if len(keys) != 1024/seenBucket {
		t.Errorf("%d keys of marks, want %d", len(keys), 1024/seenBucket)
	}
	if bytes > 1024*16 {
		t.Errorf("1024 marks take %d bytes, more than 16 an update", bytes)
	}
}
