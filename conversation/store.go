package conversation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// ErrConflict means another delivery changed the dialogue between this
// step's load and its save. The step must not be applied or answered: the
// delivery that won has answered already.
var ErrConflict = errors.New("conversation: dialogue changed by another delivery")

// DefaultTTL is how long an untouched dialogue is kept.
const DefaultTTL = 7 * 24 * time.Hour

// StoreConfig configures a Store.
type StoreConfig struct {
	// Prefix starts every key, so that tests and several shops can share
	// one Redis ("shop1:" gives "shop1:dlg:12345").
	Prefix string
	// TTL is how long a dialogue lives after its last step; zero means DefaultTTL.
	TTL time.Duration
}

// Store keeps each chat's State in Redis, one hash per chat at
// "{prefix}dlg:{chat}" with the version in field v and the JSON in field d.
// Loading is one HMGET; saving is one compare-and-set script (EVALSHA), so a
// step costs two round trips.
type Store struct {
	rdb    redis.UniversalClient
	prefix string
	ttl    time.Duration
	cas    *redis.Script
}

// casScript writes the new state only while the stored version is the one
// the state was loaded at (a missing key is version 0), and refreshes the
// TTL to ARGV[4] ms (0 keeps the TTL the dialogue has: HSET leaves it). With
// an Outbox (ARGV[8] on), in the same step it appends the entries to the
// list KEYS[2] (kept ARGV[5] ms) and puts ARGV[6] in the sorted set KEYS[3]
// at score ARGV[7], unless it is there already.
const casScript = `
local v = redis.call('HGET', KEYS[1], 'v')
if not v then v = '0' end
if v ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'd', ARGV[3])
if ARGV[4] ~= '0' then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
if #ARGV >= 8 then
  for i = 8, #ARGV do
    redis.call('RPUSH', KEYS[2], ARGV[i])
  end
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
  redis.call('ZADD', KEYS[3], 'NX', ARGV[7], ARGV[6])
end
return 1
`

// Outbox is what a step's save also writes, in the same atomic step: the
// answers the step decided, so that saving the step and queueing its
// answers happen together or not at all. Entries (opaque to the store) are
// appended to the list at Key, kept for TTL; Member is put in the sorted
// set Due, scored DueAt in Unix milliseconds (unless it is there already),
// so that whoever sends answers left unsent finds the chat.
type Outbox struct {
	Key     string
	Entries []string
	TTL     time.Duration
	Due     string
	Member  string
	DueAt   time.Time
}

// NewStore returns a Store on rdb.
func NewStore(rdb redis.UniversalClient, cfg StoreConfig) *Store {
	if cfg.TTL <= 0 {
		cfg.TTL = DefaultTTL
	}
	return &Store{rdb: rdb, prefix: cfg.Prefix, ttl: cfg.TTL, cas: redis.NewScript(casScript)}
}

func (s *Store) key(chatID int64) string {
	return s.prefix + "dlg:" + strconv.FormatInt(chatID, 10)
}

// Load returns the chat's state; a chat never seen (or whose dialogue
// expired) gets the zero State at version 0. The error is a Redis failure.
func (s *Store) Load(ctx context.Context, chatID int64) (State, error) {
	vals, err := s.rdb.HMGet(ctx, s.key(chatID), "v", "d").Result()
	if err != nil {
		return State{}, fmt.Errorf("conversation: load chat %d: %w", chatID, err)
	}
	var st State
	v, _ := vals[0].(string)
	d, _ := vals[1].(string)
	if v == "" || d == "" {
		return st, nil
	}
	if st.Version, err = strconv.ParseInt(v, 10, 64); err != nil {
		return State{}, fmt.Errorf("conversation: load chat %d: version %q: %w", chatID, v, err)
	}
	if err := json.Unmarshal([]byte(d), &st); err != nil {
		// A state this build cannot read starts afresh at the stored version
		// rather than locking the customer out of the bot.
		return State{Version: st.Version}, nil
	}
	return st, nil
}

// Save stores st as the chat's new state if the stored version is still
// st.Version (the version st was loaded at) and returns the new version; if
// another save came first it returns ErrConflict and stores nothing.
func (s *Store) Save(ctx context.Context, chatID int64, st State) (int64, error) {
	return s.SaveWith(ctx, chatID, st, nil)
}

// SaveWith is Save that also writes out, when it has entries, in the same
// atomic step.
func (s *Store) SaveWith(ctx context.Context, chatID int64, st State, out *Outbox) (int64, error) {
	return s.save(ctx, chatID, st, out, s.ttl)
}

// save is SaveWith that sets the dialogue's TTL to ttl; 0 keeps the one it
// has, for a save that is not the customer's doing (a reminder) and so
// must not lengthen the dialogue's life.
func (s *Store) save(ctx context.Context, chatID int64, st State, out *Outbox, ttl time.Duration) (int64, error) {
	data, err := json.Marshal(st)
	if err != nil {
		return 0, fmt.Errorf("conversation: save chat %d: encode: %w", chatID, err)
	}
	next := st.Version + 1
	keys := []string{s.key(chatID)}
	args := []any{st.Version, next, data, ttl.Milliseconds()}
	if out != nil && len(out.Entries) > 0 {
		keys = append(keys, out.Key, out.Due)
		args = append(args, max(out.TTL.Milliseconds(), 1), out.Member, out.DueAt.UnixMilli())
		for _, e := range out.Entries {
			args = append(args, e)
		}
	}
	ok, err := s.cas.Run(ctx, s.rdb, keys, args...).Int()
	if err != nil {
		return 0, fmt.Errorf("conversation: save chat %d: %w", chatID, err)
	}
	if ok != 1 {
		return 0, ErrConflict
	}
	return next, nil
}
