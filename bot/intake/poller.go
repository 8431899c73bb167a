package intake

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"
)

// PollerConfig configures a Poller. Zero values take the defaults.
type PollerConfig struct {
	// ServerURL is the Bot API server (default https://api.telegram.org).
	ServerURL string
	// Token is the bot's token. It never appears in logs or errors.
	Token string
	// Client makes the calls (default: a client without its own timeout;
	// each call is bounded by Timeout plus a margin).
	Client *http.Client
	// Timeout is getUpdates' long-poll timeout, in whole seconds (default 30s).
	Timeout time.Duration
	// Limit is how many updates one call may return, 1 to 100 (default 100).
	Limit int
	// AllowedUpdates is sent as allowed_updates: nil keeps what Telegram
	// used last, an empty slice asks for Telegram's default set.
	AllowedUpdates []string
	// Backoff is the wait after a failed call or store; it doubles with each
	// further failure, up to MaxBackoff (default 500ms). A 429's
	// retry_after is honoured instead.
	Backoff time.Duration
	// MaxBackoff caps Backoff (default 10s).
	MaxBackoff time.Duration
	// Logger receives ids and errors, never message texts (default: the
	// Intake's logger).
	Logger *slog.Logger
	// ReplicaID names this replica in the poller lease (default: a new
	// NewReplicaID). Give it the dispatcher's, so logs name one replica.
	ReplicaID string
	// LeaseTTL is how long the poller lease stays with a replica that
	// stopped renewing it, i.e. how soon another replica polls after the
	// poller died (default DefaultLeaseTTL). The holder renews it from a
	// goroutine of its own, so it need not outlast a long poll.
	LeaseTTL time.Duration
}

// Poller receives updates by long polling and stores each through the
// Intake before confirming it. The getUpdates loop of go-telegram/bot cannot
// be used for this: it confirms an update (advances its offset) as soon as
// the update is queued in memory.
//
// An update is confirmed only by the next call's offset, which moves past an
// update only after it is stored. A poller that stops or dies leaves the
// last batch unconfirmed; the next one (starting at offset 0, Telegram's
// earliest unconfirmed update) gets it again and the Intake drops what was
// already stored.
//
// Telegram answers a second concurrent getUpdates with 409 Conflict, so
// every replica runs a Poller but only the one holding the bot's poller
// lease in Redis polls; the others try to take the lease a few times per
// LeaseTTL. The holder stops polling, its call in flight cancelled, as soon
// as the lease is not certainly its own any more, and gives it up when it
// stops, so that another replica takes over at its next try.
type Poller struct {
	in    *Intake
	cfg   PollerConfig
	log   *slog.Logger
	lease *redisLease
}

// NewPoller returns a Poller storing into in.
func NewPoller(in *Intake, cfg PollerConfig) *Poller {
	if cfg.ServerURL == "" {
		cfg.ServerURL = "https://api.telegram.org"
	}
	if cfg.Client == nil {
		cfg.Client = &http.Client{}
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.Limit <= 0 || cfg.Limit > 100 {
		cfg.Limit = 100
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = 500 * time.Millisecond
	}
	if cfg.MaxBackoff < cfg.Backoff {
		cfg.MaxBackoff = max(10*time.Second, cfg.Backoff)
	}
	if cfg.Logger == nil {
		cfg.Logger = in.log
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.ReplicaID == "" {
		cfg.ReplicaID = NewReplicaID()
	}
	if cfg.LeaseTTL <= 0 {
		cfg.LeaseTTL = DefaultLeaseTTL
	}
	cfg.LeaseTTL = max(cfg.LeaseTTL, 30*time.Millisecond)
	bot := botID(cfg.Token)
	return &Poller{
		in:  in,
		cfg: cfg,
		log: cfg.Logger.With("replica", cfg.ReplicaID, "bot", bot),
		lease: &redisLease{rdb: in.rdb, key: in.prefix + "poller:" + bot, owner: cfg.ReplicaID,
			ttl: cfg.LeaseTTL},
	}
}

// Run takes the poller lease whenever it is free and polls while it holds
// it, until ctx is done; then it gives the lease up and returns nil. It
// returns an error only when it cannot start (no token).
func (p *Poller) Run(ctx context.Context) error {
	if p.cfg.Token == "" {
		return errors.New("intake: poller: no bot token")
	}
	// Waiting replicas try a few times per LeaseTTL: a released lease is
	// taken within a fifth of it, an expired one within 1.2 LeaseTTL.
	retry := p.cfg.LeaseTTL / 5
	redisDown := false
	var watch *outageWatch // while the lease lapsed and Redis has not answered since
	for ctx.Err() == nil {
		sent := time.Now()
		held, err := p.lease.take(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			// Without Redis nothing could be stored either; say so once per
			// outage.
			if !redisDown {
				p.log.Warn("intake: poller lease unknown; not polling", "err", err)
			}
			redisDown = true
			if watch != nil {
				p.look(ctx, watch)
			}
		case held:
			redisDown, watch = false, nil
			if errors.Is(p.lead(ctx, sent), errLeaseLapsed) {
				watch = newOutageWatch(time.Now())
			}
			continue // try again at once: a lost lease is usually another's
		default:
			redisDown, watch = false, nil
		}
		sleepOrDone(ctx, retry)
	}
	return nil
}

// lead polls while this replica holds the lease taken at held, then gives
// the lease up. It returns why it stopped while ctx went on: errLeaseLost,
// errLeaseLapsed, or nil.
func (p *Poller) lead(ctx context.Context, held time.Time) error {
	pollCtx, cancel := context.WithCancelCause(ctx)
	keeperDone := make(chan struct{})
	go func() {
		defer close(keeperDone)
		p.holdLease(pollCtx, cancel, held)
	}()
	p.log.Info("intake: this replica is now the poller")
	p.in.metrics.lead(true)
	p.in.signal()

	p.poll(pollCtx)
	cancel(nil)
	<-keeperDone
	reason := "stopping"
	cause := context.Cause(pollCtx)
	if ctx.Err() != nil || errors.Is(cause, context.Canceled) {
		cause = nil
	}
	if cause != nil {
		reason = cause.Error()
	}
	// Even a lost or lapsed lease is released: the release compares the
	// holder, and a lease of ours that outlived its renewals is then free
	// at once for whoever asks next.
	rctx, rcancel := context.WithTimeout(context.WithoutCancel(ctx), p.cfg.LeaseTTL)
	if err := p.lease.release(rctx); err != nil {
		p.log.Warn("intake: poller lease not released; it expires by itself", "err", err)
	}
	rcancel()
	p.in.metrics.lead(false)
	p.log.Info("intake: this replica stopped being the poller", "reason", reason)
	p.in.signal()
	return cause
}

// poll long-polls getUpdates until ctx ends. It starts at offset 0: another
// replica may have confirmed more since this one last polled, and Telegram
// starts with the earliest unconfirmed update either way.
func (p *Poller) poll(ctx context.Context) {
	var offset int64
	failures := 0
	for ctx.Err() == nil {
		batch, err := p.getUpdates(ctx, offset)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			failures++
			wait := p.backoff(failures, err)
			p.log.Warn("intake: getUpdates failed", "err", err, "retry_in", wait)
			p.in.signal()
			sleepOrDone(ctx, wait)
			continue
		}
		p.in.signal() // the offset sent confirmed the batch before
		next, err := p.storeBatch(ctx, batch, offset)
		p.in.signal()
		offset = next
		if err != nil {
			// Redis failed: what was not stored stays unconfirmed and
			// comes again with the next call, along with what customers
			// send meanwhile (each told once, by Unstored, that the
			// answer is delayed), for as long as the lease is certainly
			// ours.
			failures++
			wait := p.backoff(failures, err)
			p.log.Error("intake: store failed; offset held", "err", err, "retry_in", wait)
			if !sleepOrDone(ctx, wait) {
				return
			}
			continue
		}
		failures = 0
	}
}

// storeBatch stores the updates of one getUpdates answer in order and
// returns the offset that confirms those stored. When one fails, it and the
// rest of the batch (none of which is stored) are passed to Unstored, and
// its error is returned: the offset confirms none of them.
func (p *Poller) storeBatch(ctx context.Context, batch [][]byte, offset int64) (next int64, err error) {
	next = offset
	for i, r := range p.in.storeBatch(ctx, batch) {
		if errors.Is(r.err, ErrInvalidUpdate) {
			// Not from Telegram's getUpdates; nothing to confirm.
			p.log.Error("intake: getUpdates returned something that is not an update", "err", r.err)
			continue
		}
		if r.err != nil {
			if ctx.Err() == nil {
				for _, rest := range batch[i:] {
					p.in.notStored(ctx, rest)
				}
			}
			return next, r.err
		}
		next = max(next, r.key.ID+1)
		if !r.stored {
			p.log.Debug("intake: duplicate dropped", "update_id", r.key.ID)
		}
	}
	return next, nil
}

// backoff is the wait after the n-th failure in a row.
func (p *Poller) backoff(n int, err error) time.Duration {
	var apiErr *botAPIError
	if errors.As(err, &apiErr) && apiErr.RetryAfter > 0 {
		return time.Duration(apiErr.RetryAfter) * time.Second
	}
	wait := p.cfg.Backoff
	for i := 1; i < n && wait < p.cfg.MaxBackoff; i++ {
		wait *= 2
	}
	return min(wait, p.cfg.MaxBackoff)
}
