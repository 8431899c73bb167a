package intake

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// While Redis is out of reach nothing can be stored, so nothing is
// handled; Telegram keeps the customers' messages until it is back. In an
// outage shorter than the poller lease the holder goes on polling, and
// Config.Unstored tells each customer once that the answer is delayed.
// Once the lease may have expired the holder stops polling: another
// replica that still reaches Redis may have taken over, and Telegram ends
// one of two getUpdates calls made at once with 409.
//
// So that customers do not meet silence in a longer outage, the replica
// whose lease lapsed so, and only it, keeps watch (outageWatch): it asks
// getWebhookInfo, which ends no one's long poll, how many updates wait
// unconfirmed. Once a replica that reaches Redis would have taken over
// (takeoverAfter), updates that wait and whose number has not gone down
// since the last look are taken by no one: it then fetches them with a
// getUpdates that waits for nothing and confirms nothing, and passes them
// to Unstored. A 409 means another poller after all, and ends the watch.

// outageWatch is the watch of a replica whose poller lease lapsed because
// Redis stopped answering; it ends when Redis answers again.
type outageWatch struct {
	since   time.Time // when the lease lapsed
	pending int       // unconfirmed updates at the last look; -1 before the first
	ended   bool      // another replica polls: stop looking
}

func newOutageWatch(since time.Time) *outageWatch {
	return &outageWatch{since: since, pending: -1}
}

// takeoverAfter is how long after the lease lapsed a replica that reaches
// Redis would be polling: the lease expires within LeaseTTL, and waiting
// replicas try to take it every fifth of that.
func (p *Poller) takeoverAfter() time.Duration { return p.cfg.LeaseTTL * 6 / 5 }

// look is one look of the watch w: it tells the customers whose updates
// nobody takes that the answer is delayed.
func (p *Poller) look(ctx context.Context, w *outageWatch) {
	if w.ended || time.Since(w.since) < p.takeoverAfter() {
		return
	}
	n, err := p.pendingUpdates(ctx)
	if err != nil {
		if ctx.Err() == nil {
			p.log.Warn("intake: pending updates unknown", "err", err)
		}
		return
	}
	last := w.pending
	w.pending = n
	if n == 0 || last < 0 || n < last {
		return // nothing waits, or it is being taken
	}
	batch, err := p.fetchUpdates(ctx, 0, 0)
	var apiErr *botAPIError
	switch {
	case errors.As(err, &apiErr) && apiErr.Code == http.StatusConflict:
		w.ended = true
		p.log.Info("intake: another replica polls; no longer watching the updates during the outage")
		return
	case err != nil:
		if ctx.Err() == nil {
			p.log.Warn("intake: waiting updates not fetched", "err", err)
		}
		return
	}
	for _, raw := range batch {
		p.in.notStored(ctx, raw)
	}
	p.in.signal()
}
