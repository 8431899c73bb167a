package intake

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/redis/go-redis/v9"
)

// errUndecodable marks a stored body the models package cannot decode:
// trying again cannot help, so it is dead-lettered at once.
var errUndecodable = errors.New("update cannot be decoded")

// maxRetryBackoff caps the wait between two attempts on one update.
const maxRetryBackoff = time.Minute

// unavailableBackoff caps the wait between two attempts while a store is
// away: the update is handled within that of the store's return.
const unavailableBackoff = 2 * time.Second

// chatLine holds one chat's entries waiting for their turn.
type chatLine struct {
	queue []entry
}

// enqueue puts entries in their chats' lines, starting a line's goroutine
// when the chat had nothing waiting.
func (r *partitionRunner) enqueue(entries []entry) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range entries {
		line, ok := r.chats[e.chat]
		if !ok {
			line = &chatLine{}
			r.chats[e.chat] = line
			r.lines.Add(1)
			go r.serve(e.chat, line)
		}
		line.queue = append(line.queue, e)
	}
}

// serve handles one chat's entries one after the other, in stream order.
// When the runner stops, entries not yet started stay pending in Redis.
func (r *partitionRunner) serve(chat string, line *chatLine) {
	defer r.lines.Done()
	for {
		r.mu.Lock()
		if len(line.queue) == 0 || !r.mayStart() {
			r.leaveLocked(chat, len(line.queue) > 0)
			r.mu.Unlock()
			return
		}
		e := line.queue[0]
		line.queue[0] = entry{}
		line.queue = line.queue[1:]
		r.mu.Unlock()
		if !r.process(e) {
			r.mu.Lock()
			r.leaveLocked(chat, true)
			r.mu.Unlock()
			return
		}
		r.giveSlots(1)
	}
}

// leaveLocked ends a chat's line. A line that leaves entries behind while
// the runner is not stopping (the lease may have lapsed) aborts the runner:
// the entries are pending in Redis and only a fresh holder reads them
// again, so reading on past them would reorder or strand the chat.
func (r *partitionRunner) leaveLocked(chat string, leftBehind bool) {
	delete(r.chats, chat)
	if leftBehind && !r.isStopping() {
		r.abort()
	}
}

// process handles one entry: tries the handler up to MaxAttempts times with
// growing waits (this chat's later entries wait meanwhile, other chats do
// not), then acknowledges it, or dead-letters it after the last failure.
// It returns false when it left the entry pending instead: the runner is
// stopping or its lease may have lapsed.
func (r *partitionRunner) process(e entry) bool {
	switch {
	case e.body == nil:
		r.settle(e, nil, 0)
		return true
	case e.deliveries > int64(r.d.cfg.MaxDeliveries):
		r.settle(e, fmt.Errorf("read %d times by replicas that did not finish it", e.deliveries), 0)
		return true
	}
	outages := 0 // failures that said a store was away
	for attempt := 1; ; attempt++ {
		if !r.mayStart() || !r.takeWorker() {
			return false
		}
		began := time.Now()
		err := r.call(e)
		took := time.Since(began)
		<-r.d.sem
		r.d.in.metrics.took(took)
		if err == nil {
			r.settle(e, nil, attempt)
			r.d.in.metrics.handle()
			r.d.log.Debug("update handled", "partition", r.p, "update_id", e.updateID, "chat", e.chat,
				"attempt", attempt, "took", took.String())
			return true
		}
		if r.ctx.Err() != nil {
			// Aborted: the next holder of the partition takes it over.
			return false
		}
		r.d.in.metrics.fail()
		if r.d.cfg.Unavailable != nil && r.d.cfg.Unavailable(err) {
			// Not the update's fault: wait for the store, however long.
			outages++
			if outages == 1 {
				r.d.log.Warn("intake: a store is unavailable; the update waits for it", "partition", r.p,
					"update_id", e.updateID, "chat", e.chat, "err", err)
			}
			attempt--
			r.pauseRetry(min(r.d.cfg.RetryBackoff<<min(outages-1, 8), unavailableBackoff))
			continue
		}
		if errors.Is(err, errUndecodable) || attempt >= r.d.cfg.MaxAttempts {
			r.settle(e, err, attempt)
			return true
		}
		r.d.log.Warn("intake: handler failed, will retry", "partition", r.p,
			"update_id", e.updateID, "chat", e.chat, "attempt", attempt, "err", err)
		wait := min(r.d.cfg.RetryBackoff<<(attempt-1), maxRetryBackoff)
		if wait <= 0 {
			wait = maxRetryBackoff
		}
		r.pauseRetry(wait)
	}
}

// takeWorker waits for a free worker slot; false when the runner stops.
func (r *partitionRunner) takeWorker() bool {
	select {
	case r.d.sem <- struct{}{}:
		return true
	case <-r.stopping:
		return false
	}
}

// pauseRetry waits before the next attempt; a stopping runner stops waiting
// (and mayStart then leaves the entry pending).
func (r *partitionRunner) pauseRetry(d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.stopping:
	}
}

// call runs the handler on a freshly decoded update, turning a panic into
// an error. Only ids are logged.
func (r *partitionRunner) call(e entry) (err error) {
	var upd models.Update
	if err := json.Unmarshal(e.body, &upd); err != nil {
		return fmt.Errorf("%w: %v", errUndecodable, err)
	}
	defer func() {
		if v := recover(); v != nil {
			r.d.log.Error("intake: handler panicked", "partition", r.p,
				"update_id", e.updateID, "chat", e.chat, "stack", string(debug.Stack()))
			err = fmt.Errorf("handler panicked: %v", v)
		}
	}()
	return r.d.h.HandleUpdate(r.ctx, &upd)
}

// settle removes an entry from the stream (XACK and XDEL in one
// transaction), first copying it to the dead-letter stream when failure is
// set. It retries while the runner may still own the entry; an entry
// handled but never acknowledged would be handled again by the next holder.
func (r *partitionRunner) settle(e entry, failure error, attempts int) {
	for try := 1; ; try++ {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.ctx), 5*time.Second)
		_, err := r.d.in.rdb.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
			if failure != nil {
				// Bounded: dead letters hold customers' messages, and are
				// kept for inspection, not for ever.
				pipe.XAdd(ctx, &redis.XAddArgs{Stream: r.d.in.deadKey(), MaxLen: deadLetterMax, Approx: true, Values: []string{
					"update_id", e.updateID, "chat", e.chat, "body", string(e.body),
					"error", failure.Error(), "attempts", strconv.Itoa(attempts),
					"partition", strconv.Itoa(r.p), "entry", e.id,
				}})
			}
			acknowledge(ctx, pipe, r.stream, e)
			return nil
		})
		cancel()
		if err == nil {
			break
		}
		if r.ctx.Err() != nil {
			if failure == nil && r.d.ackLate(e, r.stream) {
				r.d.log.Warn("intake: update handled but not acknowledged; acknowledging it once Redis answers",
					"partition", r.p, "update_id", e.updateID, "chat", e.chat, "err", err)
				return
			}
			r.d.log.Error("intake: update not acknowledged; the next holder handles it again",
				"partition", r.p, "update_id", e.updateID, "chat", e.chat, "err", err)
			return
		}
		r.d.log.Warn("intake: acknowledge failed, retrying", "partition", r.p,
			"update_id", e.updateID, "try", try, "err", err)
		sleepOrDone(r.ctx, ackBackoff(try))
	}
	r.d.settled(e)
	if failure != nil {
		r.d.in.metrics.deadLetter()
		r.d.log.Error("intake: update dead-lettered", "partition", r.p, "update_id", e.updateID,
			"chat", e.chat, "attempts", attempts, "err", failure)
		r.tellGaveUp(e)
	}
}

// acknowledge queues into pipe what takes e, handled, off stream: its
// acknowledgement and its deletion.
func acknowledge(ctx context.Context, pipe redis.Pipeliner, stream string, e entry) {
	pipe.XAck(ctx, stream, consumerGroup, e.id)
	pipe.XDel(ctx, stream, e.id)
}

// ackBackoff is the wait after the try-th failed acknowledgement.
func ackBackoff(try int) time.Duration {
	return min(time.Duration(try)*100*time.Millisecond, 2*time.Second)
}

// settled reports that e is acknowledged.
func (d *Dispatcher) settled(e entry) {
	defer d.in.signal()
	if d.cfg.Settled != nil {
		if id, err := strconv.ParseInt(e.updateID, 10, 64); err == nil {
			d.cfg.Settled(id)
		}
	}
}

// ackLate goes on acknowledging e, an entry of stream handled by a runner
// that has stopped (its lease may have lapsed while Redis was out of
// reach), until Redis takes it or Run's context ends; then it reports e
// settled. The acknowledgement that failed may have reached Redis with only
// its answer lost: then nothing would ever acknowledge e again, though it
// was handled. If it did not reach Redis, the next holder may handle e
// again meanwhile, as it would without this; acknowledging it twice is
// harmless. It reports whether it took e on.
func (d *Dispatcher) ackLate(e entry, stream string) bool {
	ctx := d.runCtx
	if ctx == nil || ctx.Err() != nil {
		return false
	}
	d.late.Add(1)
	go func() {
		defer d.late.Done()
		for try := 1; ; try++ {
			actx, cancel := context.WithTimeout(ctx, 5*time.Second)
			_, err := d.in.rdb.TxPipelined(actx, func(pipe redis.Pipeliner) error {
				acknowledge(actx, pipe, stream, e)
				return nil
			})
			cancel()
			if err == nil {
				d.log.Info("intake: update acknowledged late", "update_id", e.updateID, "chat", e.chat)
				d.settled(e)
				return
			}
			if !sleepOrDone(ctx, ackBackoff(try)) {
				return
			}
		}
	}()
	return true
}

// tellGaveUp hands a dead-lettered update to the GaveUp hook, if any.
func (r *partitionRunner) tellGaveUp(e entry) {
	if r.d.cfg.GaveUp == nil {
		return
	}
	var upd models.Update
	if err := json.Unmarshal(e.body, &upd); err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.ctx), 30*time.Second)
	defer cancel()
	r.d.cfg.GaveUp(ctx, &upd)
}

// deadLetterMax is about how many dead letters are kept; older ones go.
const deadLetterMax = 10000
