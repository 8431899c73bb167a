package intake

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
)

// Config configures an Intake. Zero values take the defaults.
type Config struct {
	// Prefix starts every Redis key the intake and its dispatchers use, so
	// that several shops (or tests) can share one Redis.
	Prefix string
	// Partitions is how many streams updates are spread over (default 16).
	// A chat always lands in the same one. Change it only with every stream
	// drained: chats would move to other partitions.
	Partitions int
	// SeenTTL is how long an update_id is remembered for deduplication
	// (default 25h; Telegram redelivers an unconfirmed update for up to 24h).
	SeenTTL time.Duration
	// Logger receives ids and errors, never message texts (default: discard).
	Logger *slog.Logger
	// Metrics, when set, receives the intake's Prometheus metrics.
	Metrics prometheus.Registerer
	// Unstored, when set, is given an update that arrived but could not be
	// stored because Redis failed, once per update_id however often it
	// arrives again: the service tells its sender that it is slow to
	// answer. The update is not confirmed to Telegram, which delivers it
	// again; Unstored must not store or handle it.
	Unstored func(ctx context.Context, raw []byte)
}

// Intake is the durable entry point of updates: Store writes an update to a
// Redis stream before anything confirms it to Telegram, exactly once per
// update_id, and a Dispatcher hands the stored updates to the handler.
//
// Keys, under the prefix: seen:<update_id> (deduplication), intake:<p> (the
// stream of partition p, holding only updates not yet handled), intake:dead
// (updates the handler gave up on), lease:<p> and replicas (dispatchers),
// poller:<bot id> (which replica long-polls the bot).
type Intake struct {
	rdb        redis.UniversalClient
	prefix     string
	partitions int
	seenTTL    time.Duration
	log        *slog.Logger
	metrics    *metrics
	unstored   *unstoredTold
	// changed is poked, without blocking, whenever a dispatcher or poller
	// of this Intake has done something others may wait for: an update
	// settled, a round of leases, a batch stored or a call failed. Tests
	// wait on it instead of polling.
	changed chan struct{}
}

// signal pokes changed.
func (in *Intake) signal() {
	select {
	case in.changed <- struct{}{}:
	default:
	}
}

// New returns an Intake storing into rdb.
func New(rdb redis.UniversalClient, cfg Config) *Intake {
	if cfg.Partitions <= 0 {
		cfg.Partitions = 16
	}
	if cfg.SeenTTL <= 0 {
		cfg.SeenTTL = 25 * time.Hour
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	in := &Intake{
		rdb:        rdb,
		prefix:     cfg.Prefix,
		partitions: cfg.Partitions,
		seenTTL:    cfg.SeenTTL,
		log:        cfg.Logger,
		changed:    make(chan struct{}, 1),
	}
	if cfg.Unstored != nil {
		in.unstored = &unstoredTold{tell: cfg.Unstored, seen: map[int64]bool{}}
	}
	in.metrics = newMetrics(cfg.Metrics, in)
	return in
}

// storeScript stores an update unless its id was seen. It checks first and
// marks the id seen only after XADD succeeded, so an update whose XADD
// failed is not mistaken for a duplicate when Telegram sends it again.
//
// KEYS: seen key, stream. ARGV: ttl seconds, update_id, chat key, body.
var storeScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('XADD', KEYS[2], '*', 'update_id', ARGV[2], 'chat', ARGV[3], 'body', ARGV[4])
redis.call('SET', KEYS[1], '1', 'EX', ARGV[1])
return 1
`)

// Store writes one raw update (the JSON object Telegram sent) to the stream
// of its chat's partition. It returns stored=false when an update with the
// same update_id was stored within SeenTTL: a redelivery has no second
// effect. A body that is not an update returns an error wrapping
// ErrInvalidUpdate; a Redis failure returns another error, and the update
// must not be confirmed to Telegram then.
func (in *Intake) Store(ctx context.Context, raw []byte) (bool, error) {
	_, stored, err := in.store(ctx, raw)
	return stored, err
}

// store is Store, also returning the update's id and chat key.
func (in *Intake) store(ctx context.Context, raw []byte) (updateKey, bool, error) {
	key, err := parseUpdateKey(raw)
	if err != nil {
		return key, false, fmt.Errorf("intake: store: %w", err)
	}
	id := strconv.FormatInt(key.ID, 10)
	p := partitionOf(key.Chat, in.partitions)
	ttl := int64(in.seenTTL / time.Second)
	if ttl < 1 {
		ttl = 1
	}
	keys := []string{in.prefix + "seen:" + id, in.streamKey(p)}
	n, err := storeScript.Run(ctx, in.rdb, keys, ttl, id, key.Chat, raw).Int()
	if err != nil {
		return key, false, fmt.Errorf("intake: store update %s: %w", id, err)
	}
	if n == 0 {
		in.metrics.duplicate()
		return key, false, nil
	}
	in.metrics.store()
	return key, true, nil
}

// Pending returns how many stored updates are not yet handled (nor set
// aside as dead letters), across all partitions.
func (in *Intake) Pending(ctx context.Context) (int64, error) {
	pipe := in.rdb.Pipeline()
	cmds := make([]*redis.IntCmd, in.partitions)
	for p := range cmds {
		cmds[p] = pipe.XLen(ctx, in.streamKey(p))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return 0, fmt.Errorf("intake: pending: %w", err)
	}
	var total int64
	for _, c := range cmds {
		total += c.Val()
	}
	return total, nil
}

// DeadLetters counts the updates in the dead-letter stream.
func (in *Intake) DeadLetters(ctx context.Context) (int64, error) {
	return in.rdb.XLen(ctx, in.deadKey()).Result()
}

func (in *Intake) streamKey(p int) string { return in.prefix + "intake:" + strconv.Itoa(p) }
func (in *Intake) leaseKey(p int) string  { return in.prefix + "lease:" + strconv.Itoa(p) }
func (in *Intake) deadKey() string        { return in.prefix + "intake:dead" }
func (in *Intake) replicasKey() string    { return in.prefix + "replicas" }

// consumerGroup is the consumer group every dispatcher reads through.
const consumerGroup = "dispatch"

// consumerName is the one consumer of partition p: whichever replica holds
// the partition's lease reads as it, and so inherits what a dead holder read
// but never acknowledged.
func consumerName(p int) string { return "p" + strconv.Itoa(p) }
