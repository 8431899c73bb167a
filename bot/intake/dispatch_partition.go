package intake

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// partitionRunner handles one partition while this replica holds its
// lease: it reads the partition's stream as the partition's one consumer,
// first what an earlier holder read but never acknowledged, then new
// entries, and feeds them to one line per chat.
type partitionRunner struct {
	d      *Dispatcher
	p      int
	stream string

	ctx      context.Context // handlers' context; cancelled by abort
	cancel   context.CancelFunc
	stopping chan struct{} // closed: read nothing more, start nothing more
	stopOnce sync.Once
	deadline atomic.Int64 // unix ns until which the lease is surely ours
	expiry   *time.Timer  // aborts when the lease may have lapsed

	wake  chan struct{} // new entries arrived (buffered, 1)
	slots chan struct{} // entries that may be read ahead of the handlers

	failing bool // the last read failed; only run's goroutine touches it

	mu    sync.Mutex
	chats map[string]*chatLine
	lines sync.WaitGroup
	done  chan struct{} // closed when finished and the lease given up
}

// startPartition starts handling partition p, whose lease this replica took
// and holds until deadline unless renewed.
func (d *Dispatcher) startPartition(ctx context.Context, p int, deadline time.Time) *partitionRunner {
	// Entries read but not yet handled. A chat whose first entry is being
	// retried keeps its later ones here; a window of 64 lets a chat send
	// that many messages during the retries before its partition stalls.
	readAhead := max(64, 4*d.cfg.Workers)
	r := &partitionRunner{
		d:        d,
		p:        p,
		stream:   d.in.streamKey(p),
		stopping: make(chan struct{}),
		wake:     make(chan struct{}, 1),
		slots:    make(chan struct{}, readAhead),
		chats:    make(map[string]*chatLine),
		done:     make(chan struct{}),
	}
	r.ctx, r.cancel = context.WithCancel(context.WithoutCancel(ctx))
	for range readAhead {
		r.slots <- struct{}{}
	}
	r.deadline.Store(deadline.UnixNano())
	r.expiry = time.AfterFunc(time.Until(deadline), r.abort)
	go r.run()
	return r
}

// stop asks the runner to finish: no more reads, no new handler calls; the
// calls in progress complete and are acknowledged. What was read but not
// started stays pending for the partition's next holder.
func (r *partitionRunner) stop() { r.stopOnce.Do(func() { close(r.stopping) }) }

// abort stops the runner and cancels the handlers in progress: the lease is
// lost, or may be, so another replica may already be handling the chats.
func (r *partitionRunner) abort() {
	r.stop()
	r.cancel()
}

// extend records that the lease was renewed until deadline.
func (r *partitionRunner) extend(deadline time.Time) {
	r.deadline.Store(deadline.UnixNano())
	r.expiry.Reset(time.Until(deadline))
}

func (r *partitionRunner) isStopping() bool {
	select {
	case <-r.stopping:
		return true
	default:
		return false
	}
}

// mayStart says whether a handler call may begin now: the runner is not
// stopping and the lease is surely still this replica's.
func (r *partitionRunner) mayStart() bool {
	return !r.isStopping() && r.ctx.Err() == nil && time.Now().UnixNano() < r.deadline.Load()
}

func (r *partitionRunner) run() {
	defer func() {
		r.readOK()
		r.lines.Wait()
		r.d.waker.disarm(r.stream)
		r.expiry.Stop()
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.ctx), 5*time.Second)
		if err := r.d.leaseRelease(ctx, r.p); err != nil {
			r.d.log.Warn("intake: partition stopping", "partition", r.p, "err", err)
		}
		cancel()
		r.cancel()
		close(r.done)
		wakeSignal(r.d.finished)
	}()
	r.read()
}

// read feeds the chat lines until the runner stops or the lease is lost.
func (r *partitionRunner) read() {
	if !r.ensureGroup() {
		return
	}
	from := "0" // pending entries first; then ">" for new ones
	for !r.isStopping() {
		n := r.takeSlots()
		if n == 0 {
			return
		}
		res, err := r.readEntries(from, n)
		if err != nil {
			r.giveSlots(n)
			r.readFailed()
			if strings.Contains(err.Error(), "NOGROUP") {
				// The stream or its group is gone: Redis lost its data.
				// What was pending went with it; read from the start
				// of the stream recreated.
				r.d.log.Warn("intake: stream lost; recreating it", "partition", r.p)
				if !r.ensureGroup() {
					return
				}
				from = "0"
				continue
			}
			r.d.log.Warn("intake: read failed", "partition", r.p, "err", err)
			r.pause(r.d.cfg.BlockTimeout)
			continue
		}
		r.readOK()
		if !res.held {
			r.d.log.Warn("intake: lease lost", "partition", r.p)
			r.abort()
			return
		}
		r.giveSlots(n - len(res.entries))
		switch {
		case len(res.entries) > 0 && from == ">" && len(res.entries) < n:
			// Fewer than asked for: the read reached the stream's end,
			// which its last entry marks. Waiting for what comes after
			// it saves reading again to learn that nothing has.
			r.enqueue(res.entries)
			r.d.waker.arm(r.ctx, r.stream, res.entries[len(res.entries)-1].id, r.wake)
			r.pause(4 * r.d.cfg.BlockTimeout)
		case len(res.entries) > 0:
			if from != ">" {
				from = res.entries[len(res.entries)-1].id
			}
			r.enqueue(res.entries)
		case from != ">":
			from = ">"
		default:
			r.d.waker.arm(r.ctx, r.stream, res.last, r.wake)
			r.pause(4 * r.d.cfg.BlockTimeout)
		}
	}
}

// ensureGroup creates the consumer group (and the stream) if missing. It
// starts at 0 so that updates stored before any dispatcher ran are read.
func (r *partitionRunner) ensureGroup() bool {
	for !r.isStopping() {
		err := r.d.in.rdb.XGroupCreateMkStream(r.ctx, r.stream, consumerGroup, "0").Err()
		if err == nil || strings.Contains(err.Error(), "BUSYGROUP") {
			return true
		}
		r.d.log.Warn("intake: create group", "partition", r.p, "err", err)
		r.pause(r.d.cfg.BlockTimeout)
	}
	return false
}

// pause waits for d, new entries, or the runner stopping.
func (r *partitionRunner) pause(d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.wake:
	case <-r.stopping:
	}
}

// takeSlots waits for room to read ahead and returns how many entries may
// be read (0: the runner is stopping).
func (r *partitionRunner) takeSlots() int {
	select {
	case <-r.slots:
	case <-r.stopping:
		return 0
	}
	n := 1
	for n < cap(r.slots) {
		select {
		case <-r.slots:
			n++
		default:
			return n
		}
	}
	return n
}

func (r *partitionRunner) giveSlots(n int) {
	for range n {
		r.slots <- struct{}{}
	}
}
