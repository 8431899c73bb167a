package intake

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// streamWaker lets idle partitions wait for new updates without polling and
// without a blocked Redis connection each: one blocking XREAD covers every
// idle partition of the replica. A partition arms it with the stream's last
// id when a read came back empty; the waker signals it once something newer
// is added, and forgets it until it is armed again.
//
// Its XREAD cannot be interrupted, so arming also adds an entry to the
// replica's own wake stream, which that XREAD always watches: the waker
// returns at once and starts watching the newly idle partition too.
type streamWaker struct {
	rdb   redis.UniversalClient
	key   string // the wake stream
	block time.Duration
	log   *slog.Logger

	mu    sync.Mutex
	armed map[string]wakeArm // by stream key
}

// wakeArm is one idle partition: its stream's last id and where to signal.
type wakeArm struct {
	after string
	ch    chan<- struct{}
}

func newStreamWaker(rdb redis.UniversalClient, key string, block time.Duration, log *slog.Logger) *streamWaker {
	return &streamWaker{
		rdb: rdb, key: key, block: block, log: log,
		armed: make(map[string]wakeArm),
	}
}

// arm asks for a signal on ch once stream holds an entry newer than after.
func (w *streamWaker) arm(ctx context.Context, stream, after string, ch chan<- struct{}) {
	w.mu.Lock()
	w.armed[stream] = wakeArm{after: after, ch: ch}
	w.mu.Unlock()
	w.nudge(ctx)
}

// disarm stops watching stream.
func (w *streamWaker) disarm(stream string) {
	w.mu.Lock()
	delete(w.armed, stream)
	w.mu.Unlock()
}

// nudge makes the waker's current XREAD return. A failure only delays the
// wake-up (the partition re-reads on its own after a while), so it is logged.
func (w *streamWaker) nudge(ctx context.Context) {
	pipe := w.rdb.Pipeline()
	pipe.XAdd(ctx, &redis.XAddArgs{Stream: w.key, MaxLen: 1, Values: []string{"n", "1"}})
	pipe.Expire(ctx, w.key, time.Hour)
	if _, err := pipe.Exec(ctx); err != nil {
		w.log.Warn("intake: wake nudge failed", "err", err)
	}
}

// run watches the armed streams until ctx is done.
func (w *streamWaker) run(ctx context.Context) {
	wakeID := "0-0"
	for ctx.Err() == nil {
		w.mu.Lock()
		streams := make([]string, 0, 2*len(w.armed)+2)
		ids := make([]string, 0, len(w.armed)+1)
		for s, a := range w.armed {
			streams = append(streams, s)
			ids = append(ids, a.after)
		}
		w.mu.Unlock()
		streams = append(append(streams, w.key), append(ids, wakeID)...)
		res, err := w.rdb.XRead(ctx, &redis.XReadArgs{Streams: streams, Count: 1, Block: w.block}).Result()
		if errors.Is(err, redis.Nil) {
			continue
		}
		if err != nil {
			if ctx.Err() == nil {
				w.log.Warn("intake: waiting for updates failed", "err", err)
				sleepOrDone(ctx, w.block)
			}
			continue
		}
		for _, s := range res {
			if s.Stream == w.key {
				if n := len(s.Messages); n > 0 {
					wakeID = s.Messages[n-1].ID
				}
				continue
			}
			w.mu.Lock()
			if a, ok := w.armed[s.Stream]; ok {
				delete(w.armed, s.Stream)
				wakeSignal(a.ch)
			}
			w.mu.Unlock()
		}
	}
}

// wakeSignal sends on a buffered channel without blocking; a signal already
// pending stands for this one too.
func wakeSignal(ch chan<- struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// sleepOrDone waits for d or until ctx is done, reporting whether d passed.
func sleepOrDone(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
