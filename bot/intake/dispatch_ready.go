package intake

import (
	"fmt"
	"sync/atomic"
	"time"
)

// readiness is what a Dispatcher knows of its own ability to take updates:
// when Redis last answered a round of leases, and how many partitions it
// holds but cannot read.
type readiness struct {
	lastRound atomic.Int64 // unix ns of the last round Redis answered; 0: none yet
	failing   atomic.Int32 // partitions whose last read failed
}

// Ready reports whether the dispatcher can take updates now: nil when its
// last round of leases reached Redis within a lease's lifetime and every
// partition it holds was last read without error. A Redis that is down,
// or came back without the streams this replica was reading and has not
// had them recreated yet, makes it not ready.
func (d *Dispatcher) Ready() error {
	last := d.ready.lastRound.Load()
	if last == 0 {
		return fmt.Errorf("intake: no partitions taken yet")
	}
	if since := time.Since(time.Unix(0, last)); since > d.cfg.LeaseTTL {
		return fmt.Errorf("intake: Redis not reached for %s", since.Round(time.Second))
	}
	if n := d.ready.failing.Load(); n > 0 {
		return fmt.Errorf("intake: %d partitions cannot be read", n)
	}
	return nil
}

// readFailed and readOK keep a partition's share of failing; each runner
// calls them as its reads fail and succeed, and readOK once on its way out.
func (r *partitionRunner) readFailed() {
	if !r.failing {
		r.failing = true
		r.d.ready.failing.Add(1)
	}
}

func (r *partitionRunner) readOK() {
	if r.failing {
		r.failing = false
		r.d.ready.failing.Add(-1)
	}
}
