package intake

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"hash/fnv"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
)

// Handler handles one update. An error means "try again later".
type Handler interface {
	HandleUpdate(ctx context.Context, upd *models.Update) error
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, upd *models.Update) error

// HandleUpdate calls f.
func (f HandlerFunc) HandleUpdate(ctx context.Context, upd *models.Update) error {
	return f(ctx, upd)
}

// DispatcherConfig configures a Dispatcher. Zero values take the defaults.
type DispatcherConfig struct {
	// ReplicaID names this replica in leases; unique per process (default:
	// host name and a random suffix).
	ReplicaID string
	// Workers bounds how many updates this replica handles at once (default
	// 64). A handler spends most of its time waiting on Redis, PostgreSQL
	// and Telegram, so many more than the cores: under the load tool's 300
	// customers, 16 left chats queueing for a slot while the CPU idled.
	Workers int
	// LeaseTTL is how long a partition stays with a replica that stopped
	// renewing it, i.e. how soon a dead replica's chats move on (default 10s).
	LeaseTTL time.Duration
	// BlockTimeout is how long one wait for new updates blocks in Redis
	// (default 2s); a stopping replica may wait that long for it.
	BlockTimeout time.Duration
	// MaxAttempts is how often the handler is tried on one update before it
	// goes to the dead-letter stream (default 5).
	MaxAttempts int
	// GaveUp, when set, is called once an update has been dead-lettered, so
	// that the person who sent it can be told instead of meeting silence.
	GaveUp func(ctx context.Context, upd *models.Update)
	// RetryBackoff is the wait after the first failed attempt; it doubles
	// with each further one, up to a minute (default 1s).
	RetryBackoff time.Duration
	// Unavailable, when set, says a handler's failure means a store it
	// needs is away (a refused connection, a reset one): the update is
	// tried again, at most every unavailableBackoff, for as long as the
	// outage lasts, without counting towards MaxAttempts, so that nothing
	// a customer said is given up because PostgreSQL or Redis was down for
	// longer than the attempts take.
	Unavailable func(error) bool
	// MaxDeliveries bounds how often an update may be read by replicas that
	// then died or gave the partition away without handling it (default 10).
	// Past that it is probably what kills them, and it is dead-lettered.
	MaxDeliveries int
	// ShutdownTimeout bounds how long Run waits, once its context is done,
	// for handlers in progress before cancelling their context (default 10s).
	ShutdownTimeout time.Duration
	// Logger receives ids and errors, never message texts (default: the
	// Intake's logger).
	Logger *slog.Logger
	// Settled, when set, is called with an update's update_id once it is
	// acknowledged: handled, or dead-lettered. Tests wait on it instead of
	// watching the streams.
	Settled func(updateID int64)
}

// Dispatcher hands stored updates to a Handler: one chat's updates one at a
// time in stream order, different chats in parallel; in a forum, each
// topic is a conversation of its own (see parseUpdateKey). Several
// replicas may run dispatchers on the same Intake; each partition is
// handled by the one replica holding its lease, and the replicas share the
// partitions out.
//
// Order: a chat's (or topic's) updates are handled in the order they were
// stored. In polling mode that is update_id order. In webhook mode it is
// the order in which Telegram's deliveries were stored, which is update_id
// order unless Telegram delivers one chat's updates concurrently
// (max_connections > 1).
//
// Delivery: an update is acknowledged (and deleted) only after the handler
// returned nil, or after it was dead-lettered. A replica that dies loses
// nothing: its partitions' unacknowledged updates go to the next holder. An
// update whose handler finished but whose acknowledgement did not reach
// Redis (the replica died in between) is handled again, so handlers that
// must not repeat an effect should still make it idempotent.
type Dispatcher struct {
	in  *Intake
	h   Handler
	cfg DispatcherConfig
	log *slog.Logger

	sem      chan struct{} // worker slots
	waker    *streamWaker
	runners  map[int]*partitionRunner // owned by Run's goroutine
	finished chan struct{}            // a partition runner ended (buffered, 1)
	first    int                      // where this replica starts looking for free partitions
	ready    readiness

	runCtx context.Context // Run's; set before any runner starts
	late   sync.WaitGroup  // acknowledgements going on after their runner (ackLate)
}

// DefaultLeaseTTL is how long a partition stays with a silent replica
// unless DispatcherConfig.LeaseTTL says otherwise; a live replica is heard
// from several times within it.
const DefaultLeaseTTL = 10 * time.Second

// NewDispatcher returns a Dispatcher handing in's updates to h.
func NewDispatcher(in *Intake, h Handler, cfg DispatcherConfig) *Dispatcher {
	if cfg.ReplicaID == "" {
		cfg.ReplicaID = NewReplicaID()
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 64
	}
	if cfg.LeaseTTL <= 0 {
		cfg.LeaseTTL = DefaultLeaseTTL
	}
	cfg.LeaseTTL = max(cfg.LeaseTTL, 30*time.Millisecond)
	if cfg.BlockTimeout <= 0 {
		cfg.BlockTimeout = 2 * time.Second
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 5
	}
	if cfg.RetryBackoff <= 0 {
		cfg.RetryBackoff = time.Second
	}
	if cfg.MaxDeliveries <= 0 {
		cfg.MaxDeliveries = 10
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = 10 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = in.log
	}
	log := cfg.Logger.With("replica", cfg.ReplicaID)
	h32 := fnv.New32a()
	_, _ = h32.Write([]byte(cfg.ReplicaID))
	return &Dispatcher{
		in:       in,
		h:        h,
		cfg:      cfg,
		log:      log,
		sem:      make(chan struct{}, cfg.Workers),
		waker:    newStreamWaker(in.rdb, in.prefix+"wake:"+cfg.ReplicaID, cfg.BlockTimeout, log),
		runners:  make(map[int]*partitionRunner),
		finished: make(chan struct{}, 1),
		first:    int(h32.Sum32() % uint32(in.partitions)),
	}
}

// Run takes partitions and handles their updates until ctx is done. Then it
// stops reading, lets handlers in progress finish (up to ShutdownTimeout),
// gives its leases up and returns nil. A handler that ignores the
// cancellation of its context holds Run up. Run a Dispatcher once at a time.
func (d *Dispatcher) Run(ctx context.Context) error {
	if d.h == nil {
		return errors.New("intake: dispatcher has no handler")
	}
	d.runCtx = ctx
	bg := context.WithoutCancel(ctx)
	wakeCtx, stopWaker := context.WithCancel(bg)
	wakerDone := make(chan struct{})
	go func() {
		defer close(wakerDone)
		d.waker.run(wakeCtx)
	}()

	tick := time.NewTicker(d.cfg.LeaseTTL / 3)
	defer tick.Stop()
	d.balance(ctx)
	d.in.signal()
	for ctx.Err() == nil {
		select {
		case <-ctx.Done():
		case <-tick.C:
			d.balance(ctx)
			d.in.signal()
		}
	}

	d.drain(bg, tick.C)
	d.late.Wait() // ctx is done: they stop at once
	stopWaker()
	d.waker.nudge(bg)
	<-wakerDone
	if err := d.leaveReplicas(bg); err != nil {
		d.log.Warn("intake: dispatcher stopping", "err", err)
	}
	_ = d.in.rdb.Del(bg, d.waker.key).Err()
	return nil
}

// drain stops every partition, renewing leases while handlers finish, and
// cancels the handlers still running after ShutdownTimeout.
func (d *Dispatcher) drain(ctx context.Context, tick <-chan time.Time) {
	for _, r := range d.runners {
		r.stop()
	}
	timeout := time.NewTimer(d.cfg.ShutdownTimeout)
	defer timeout.Stop()
	for len(d.runners) > 0 {
		for p, r := range d.runners {
			select {
			case <-r.done:
				delete(d.runners, p)
			default:
			}
		}
		if len(d.runners) == 0 {
			return
		}
		select {
		case <-tick:
			d.renew(ctx)
		case <-timeout.C:
			for _, r := range d.runners {
				r.abort()
			}
		case <-d.finished:
		}
	}
}

// NewReplicaID names a replica: the host and a random suffix, unique per
// process. A replica's other parts (its River client) take the same name.
func NewReplicaID() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return host + "-" + hex.EncodeToString(b)
}
