package intake

import (
	"context"
	"errors"
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
	// SeenTTL is how long, at least, an update_id is remembered for
	// deduplication (default 25h; Telegram redelivers an unconfirmed update
	// for up to 24h). Ids are remembered in runs of 128, each for SeenTTL
	// after the last of its run came.
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
// Keys, under the prefix: seen:b<update_id/128> (deduplication), intake:<p> (the
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
// The ids seen are fields of small hashes, one per run of seenBucket
// consecutive ids (Telegram numbers a bot's updates in sequence), each
// kept SeenTTL after its last id: a few bytes an update where a key of its
// own took about ninety. An id marked by a key of its own (seen:<id>, as
// before the hashes) still counts, and is marked in its hash too.
//
// KEYS: the id's hash, the stream, the id's key of its own; for an update
// after another in one batch, the other's hash: when that update was not
// stored (nor a duplicate), this one is not either and -1 is returned, so
// that a batch is stored up to its first failure and never with a gap,
// which would put a chat's later update in the stream before an earlier
// one sent again.
// ARGV: ttl seconds, update_id, chat key, body; the other's update_id.
var storeScript = redis.NewScript(`
if KEYS[4] and redis.call('HEXISTS', KEYS[4], ARGV[5]) == 0 then
  return -1
end
local seen = redis.call('HEXISTS', KEYS[1], ARGV[2]) == 1 or redis.call('EXISTS', KEYS[3]) == 1
if not seen then
  redis.call('XADD', KEYS[2], '*', 'update_id', ARGV[2], 'chat', ARGV[3], 'body', ARGV[4])
end
redis.call('HSET', KEYS[1], ARGV[2], '1')
redis.call('EXPIRE', KEYS[1], ARGV[1])
if seen then
  return 0
end
return 1
`)

// seenBucket is how many consecutive update ids share a hash of marks:
// Redis keeps a hash of up to 128 small fields as one compact list.
const seenBucket = 128

// errEarlierNotStored is the outcome of a batch's update not stored because
// one before it was not.
var errEarlierNotStored = errors.New("an earlier update of the batch was not stored")

// Store writes one raw update (the JSON object Telegram sent) to the stream
// of its chat's partition. It returns stored=false when an update with the
// same update_id was stored within SeenTTL: a redelivery has no second
// effect. A body that is not an update returns an error wrapping
// ErrInvalidUpdate; a Redis failure returns another error, and the update
// must not be confirmed to Telegram then.
func (in *Intake) Store(ctx context.Context, raw []byte) (bool, error) {
	r := in.storeBatch(ctx, [][]byte{raw})[0]
	return r.stored, r.err
}

// seenHash is the hash that marks update id seen; oldSeenKey the key of
// its own that marked it before the hashes.
func (in *Intake) seenHash(id int64) string {
	return in.prefix + "seen:b" + strconv.FormatInt(id/seenBucket, 10)
}
func (in *Intake) oldSeenKey(id int64) string { return in.prefix + "seen:" + strconv.FormatInt(id, 10) }

// Seen says whether update id was stored (or dropped as a copy of one
// stored) within SeenTTL.
func (in *Intake) Seen(ctx context.Context, id int64) (bool, error) {
	pipe := in.rdb.Pipeline()
	marked := pipe.HExists(ctx, in.seenHash(id), strconv.FormatInt(id, 10))
	old := pipe.Exists(ctx, in.oldSeenKey(id))
	if _, err := pipe.Exec(ctx); err != nil {
		return false, fmt.Errorf("intake: seen %d: %w", id, err)
	}
	return marked.Val() || old.Val() == 1, nil
}

// storeKeys and storeArgs are storeScript's keys and arguments for one
// update; after, when not nil, is the update stored just before it in a
// batch.
func (in *Intake) storeKeys(key updateKey, after *updateKey) []string {
	keys := []string{in.seenHash(key.ID), in.streamKey(partitionOf(key.Chat, in.partitions)), in.oldSeenKey(key.ID)}
	if after != nil {
		keys = append(keys, in.seenHash(after.ID))
	}
	return keys
}

func (in *Intake) storeArgs(key updateKey, raw []byte, after *updateKey) []any {
	args := []any{max(int64(in.seenTTL/time.Second), 1), key.ID, key.Chat, raw}
	if after != nil {
		args = append(args, after.ID)
	}
	return args
}

// batchStore is the outcome of storing one update of a batch.
type batchStore struct {
	key    updateKey
	done   bool  // stored, or dropped as a duplicate
	stored bool  // false: a duplicate, dropped
	err    error // ErrInvalidUpdate (wrapped), or why it was not stored
}

// storeBatch stores the updates of a batch in order, in one round trip to
// Redis: the scripts are pipelined, and Redis runs them one after the
// other, so each is stored (or found a duplicate, also of an update before
// it in the batch) as if stored alone. The batch is stored up to the first
// update that fails and none after it. The outcomes follow the batch's
// order. When Redis does not know the script (it came back empty), the
// script is loaded and what was not stored is tried once more.
func (in *Intake) storeBatch(ctx context.Context, batch [][]byte) []batchStore {
	out := make([]batchStore, len(batch))
	for i, raw := range batch {
		key, err := parseUpdateKey(raw)
		out[i] = batchStore{key: key}
		if err != nil {
			out[i].err = fmt.Errorf("intake: store: %w", err)
		}
	}
	if in.storePipelined(ctx, batch, out) && storeScript.Load(ctx, in.rdb).Err() == nil {
		in.storePipelined(ctx, batch, out)
	}
	return out
}

// storePipelined runs the script of every valid update in out not yet
// stored, records the outcomes and counts them. It returns true when Redis
// did not know the script.
func (in *Intake) storePipelined(ctx context.Context, batch [][]byte, out []batchStore) (noScript bool) {
	pipe := in.rdb.Pipeline()
	cmds := make([]*redis.Cmd, len(batch))
	var after *updateKey
	for i, raw := range batch {
		if errors.Is(out[i].err, ErrInvalidUpdate) {
			continue
		}
		if !out[i].done {
			cmds[i] = storeScript.EvalSha(ctx, pipe, in.storeKeys(out[i].key, after), in.storeArgs(out[i].key, raw, after)...)
		}
		after = &out[i].key
	}
	_, _ = pipe.Exec(ctx) // each command carries its own error
	for i, cmd := range cmds {
		if cmd == nil {
			continue
		}
		n, err := cmd.Int()
		switch {
		case err == nil && n >= 0:
			out[i] = batchStore{key: out[i].key, done: true, stored: n == 1}
			if n == 1 {
				in.metrics.store()
			} else {
				in.metrics.duplicate()
			}
		case err == nil:
			out[i].err = errEarlierNotStored
		default:
			noScript = noScript || redis.HasErrorPrefix(err, "NOSCRIPT")
			out[i].err = fmt.Errorf("intake: store update %d: %w", out[i].key.ID, err)
		}
	}
	return noScript
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
