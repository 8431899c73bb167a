package intake

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Leases say which replica handles a partition: lease:<p> holds the
// replica's id and expires unless renewed. Renewal and release compare the
// holder first, so a replica never extends or drops a lease another took.

// leaseRenewScript extends a lease only if it is still held by ARGV[1].
var leaseRenewScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`)

// leaseReleaseScript deletes a lease only if it is still held by ARGV[1].
var leaseReleaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`)

// replicaHeartbeatScript records that replica ARGV[1] is alive, forgets
// replicas silent for longer than ARGV[2] ms and returns how many are left.
// Scores are Redis's own clock, so replicas' clocks need not agree.
var replicaHeartbeatScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - ttl)
redis.call('PEXPIRE', KEYS[1], ttl * 2)
return redis.call('ZCARD', KEYS[1])
`)

// leaseAcquire takes partition p's lease if nobody holds it.
func (d *Dispatcher) leaseAcquire(ctx context.Context, p int) (bool, error) {
	ok, err := d.in.rdb.SetNX(ctx, d.in.leaseKey(p), d.cfg.ReplicaID, d.cfg.LeaseTTL).Result()
	if err != nil {
		return false, fmt.Errorf("intake: acquire lease %d: %w", p, err)
	}
	return ok, nil
}

// leaseRenew extends partition p's lease; false means another replica has it
// (or it expired).
func (d *Dispatcher) leaseRenew(ctx context.Context, p int) (bool, error) {
	n, err := leaseRenewScript.Run(ctx, d.in.rdb, []string{d.in.leaseKey(p)},
		d.cfg.ReplicaID, d.cfg.LeaseTTL.Milliseconds()).Int()
	if err != nil {
		return false, fmt.Errorf("intake: renew lease %d: %w", p, err)
	}
	return n == 1, nil
}

// leaseRelease gives partition p's lease up if this replica still holds it.
func (d *Dispatcher) leaseRelease(ctx context.Context, p int) error {
	err := leaseReleaseScript.Run(ctx, d.in.rdb, []string{d.in.leaseKey(p)}, d.cfg.ReplicaID).Err()
	if err != nil {
		return fmt.Errorf("intake: release lease %d: %w", p, err)
	}
	return nil
}

// heartbeat announces this replica and returns how many replicas are live.
func (d *Dispatcher) heartbeat(ctx context.Context) (int, error) {
	n, err := replicaHeartbeatScript.Run(ctx, d.in.rdb, []string{d.in.replicasKey()},
		d.cfg.ReplicaID, d.cfg.LeaseTTL.Milliseconds()).Int()
	if err != nil {
		return 0, fmt.Errorf("intake: heartbeat: %w", err)
	}
	return max(n, 1), nil
}

// leaveReplicas removes this replica from the live set on the way out, so
// the others take its share at once.
func (d *Dispatcher) leaveReplicas(ctx context.Context) error {
	if err := d.in.rdb.ZRem(ctx, d.in.replicasKey(), d.cfg.ReplicaID).Err(); err != nil {
		return fmt.Errorf("intake: leave replicas: %w", err)
	}
	return nil
}

// leaseTarget is how many partitions each of live replicas should hold so
// that together they hold all of them.
func leaseTarget(partitions, live int) int {
	if live < 1 {
		live = 1
	}
	return (partitions + live - 1) / live
}

// leaseDeadline is when a lease renewed (or taken) by a request sent at
// sent stops being certainly ours.
func leaseDeadline(sent time.Time, ttl time.Duration) time.Time {
	return sent.Add(ttl - ttl/10)
}

// liveReplicasScript returns the replicas heard from within ARGV[1] ms, by
// Redis's own clock.
var liveReplicasScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZRANGEBYSCORE', KEYS[1], now - tonumber(ARGV[1]), '+inf')
`)

// LiveReplicas names the replicas whose dispatchers were heard from within
// the last within: the ones that may still be working. Every dispatcher
// says it is alive a few times per lease.
func (in *Intake) LiveReplicas(ctx context.Context, within time.Duration) ([]string, error) {
	ids, err := liveReplicasScript.Run(ctx, in.rdb, []string{in.replicasKey()}, within.Milliseconds()).StringSlice()
	if err != nil {
		return nil, fmt.Errorf("intake: live replicas: %w", err)
	}
	return ids, nil
}
