package intake

import (
	"context"
	"time"
)

// balance runs every LeaseTTL/3: it announces the replica, renews the
// leases it holds, and takes free partitions or gives some up so that each
// live replica holds about ceil(partitions/replicas) of them. A replica that
// just joined finds partitions freed by the others within a few rounds.
func (d *Dispatcher) balance(ctx context.Context) {
	live, err := d.heartbeat(ctx)
	d.renew(ctx)
	if err != nil {
		d.log.Warn("intake: balance", "err", err)
		return
	}
	d.ready.lastRound.Store(time.Now().UnixNano())
	target := leaseTarget(d.in.partitions, live)
	held := make([]int, 0, len(d.runners))
	for p, r := range d.runners {
		if !r.isStopping() {
			held = append(held, p)
		}
	}
	if extra := len(held) - target; extra > 0 {
		d.giveUp(held, extra)
		return
	}
	for i := 0; i < d.in.partitions && len(held) < target; i++ {
		p := (d.first + i) % d.in.partitions
		if _, ok := d.runners[p]; ok {
			continue
		}
		sent := time.Now()
		ok, err := d.leaseAcquire(ctx, p)
		if err != nil {
			d.log.Warn("intake: balance", "err", err)
			return
		}
		if ok {
			d.runners[p] = d.startPartition(ctx, p, leaseDeadline(sent, d.cfg.LeaseTTL))
			held = append(held, p)
			d.log.Info("intake: partition taken", "partition", p)
		}
	}
}

// renew extends the leases of running partitions and forgets partitions
// whose runner has finished. A partition whose lease another replica holds
// is aborted at once; one whose lease cannot be renewed (Redis unreachable)
// aborts itself when the lease may have lapsed.
func (d *Dispatcher) renew(ctx context.Context) {
	for p, r := range d.runners {
		select {
		case <-r.done:
			delete(d.runners, p)
			continue
		default:
		}
		sent := time.Now()
		ok, err := d.leaseRenew(ctx, p)
		switch {
		case err != nil:
			d.log.Warn("intake: lease not renewed", "partition", p, "err", err)
		case !ok:
			d.log.Warn("intake: lease lost", "partition", p)
			r.abort()
		default:
			r.extend(leaseDeadline(sent, d.cfg.LeaseTTL))
		}
	}
}

// giveUp stops n of the held partitions; each gives its lease up once its
// handlers in progress have finished.
func (d *Dispatcher) giveUp(held []int, n int) {
	// Give up the partitions furthest from where this replica starts
	// looking, so that replicas tend to keep different ones.
	dist := func(p int) int { return (p - d.first + d.in.partitions) % d.in.partitions }
	for ; n > 0; n-- {
		best := 0
		for i, p := range held {
			if dist(p) > dist(held[best]) {
				best = i
			}
		}
		p := held[best]
		held = append(held[:best], held[best+1:]...)
		d.runners[p].stop()
		d.log.Info("intake: partition given up", "partition", p)
	}
}
