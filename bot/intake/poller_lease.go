package intake

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// The poller lease says which replica long-polls a bot: poller:<bot id>
// holds the replica's id and expires unless renewed, like a partition's
// lease. Telegram answers a second concurrent getUpdates with 409 and ends
// the first, so replicas that all polled would keep cutting each other off.

// leaseTakeScript takes a lease that is free or already held by ARGV[1]
// (a replica taking back what it held before Redis came back), for ARGV[2]
// ms, and says whether it now holds it.
var leaseTakeScript = redis.NewScript(`
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
if holder then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`)

// redisLease is one named lease held by one replica, with the compare
// first renewal and release the partition leases use.
type redisLease struct {
	rdb   redis.UniversalClient
	key   string
	owner string
	ttl   time.Duration
}

// take takes the lease if it is free or already ours.
func (l *redisLease) take(ctx context.Context) (bool, error) {
	n, err := leaseTakeScript.Run(ctx, l.rdb, []string{l.key}, l.owner, l.ttl.Milliseconds()).Int()
	if err != nil {
		return false, fmt.Errorf("intake: take lease: %w", err)
	}
	return n == 1, nil
}

// renew extends the lease; false means another replica has it (or it
// expired).
func (l *redisLease) renew(ctx context.Context) (bool, error) {
	n, err := leaseRenewScript.Run(ctx, l.rdb, []string{l.key}, l.owner, l.ttl.Milliseconds()).Int()
	if err != nil {
		return false, fmt.Errorf("intake: renew lease: %w", err)
	}
	return n == 1, nil
}

// release gives the lease up if it is still ours.
func (l *redisLease) release(ctx context.Context) error {
	if err := leaseReleaseScript.Run(ctx, l.rdb, []string{l.key}, l.owner).Err(); err != nil {
		return fmt.Errorf("intake: release lease: %w", err)
	}
	return nil
}

// botID is the part of a bot token before the colon, the bot's numeric
// user id: it names the bot in keys and logs, where the token must never
// appear. A token of another shape is named by a hash of it.
func botID(token string) string {
	id, _, found := strings.Cut(token, ":")
	if found && id != "" && strings.Trim(id, "0123456789") == "" {
		return id
	}
	sum := sha256.Sum256([]byte(token))
	return "h" + hex.EncodeToString(sum[:8])
}

// Why a replica stops being the poller while it is still running.
var (
	errLeaseLost   = errors.New("the poller lease expired or another replica holds it")
	errLeaseLapsed = errors.New("the poller lease could not be renewed and may have expired")
)

// holdLease renews the lease every ttl/3 until ctx ends, and cancels it
// with the reason as soon as the lease is no longer certainly ours: Redis
// names another holder, or renewals failed until the lease may have expired
// (then another replica may be polling already, so stopping is the safe
// side). held is when the lease was taken, measured before asking.
func (p *Poller) holdLease(ctx context.Context, cancel context.CancelCauseFunc, held time.Time) {
	ttl := p.lease.ttl
	tick := time.NewTicker(ttl / 3)
	defer tick.Stop()
	lapse := time.NewTimer(time.Until(leaseDeadline(held, ttl)))
	defer lapse.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-lapse.C:
			cancel(errLeaseLapsed)
			return
		case <-tick.C:
		}
		sent := time.Now()
		// A renewal may not outlast the lease it renews.
		rctx, rcancel := context.WithDeadline(ctx, leaseDeadline(sent, ttl))
		ok, err := p.lease.renew(rctx)
		rcancel()
		switch {
		case err != nil:
			if ctx.Err() == nil {
				p.log.Warn("intake: poller lease not renewed", "err", err)
			}
		case !ok:
			cancel(errLeaseLost)
			return
		default:
			lapse.Reset(time.Until(leaseDeadline(sent, ttl)))
		}
	}
}
