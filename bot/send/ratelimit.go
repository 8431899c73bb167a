package send

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
)

// Telegram's flood limits, kept in Redis so that every process sending as
// the bot shares them. Those per chat and per group are GCRA (generic cell
// rate) limits, the overall one a sliding window:
//
//   - per chat: one message a second (and a little), in bursts of two
//     where Telegram allows three. Edits count. The token left unspent
//     absorbs the time between taking a slot and Telegram receiving the
//     message: without it, a message that reached Telegram late followed by
//     one that reached it early looked like two in a second to it.
//   - per group: twenty messages in any sixty seconds. Edits do not count;
//     each item of an album does. Telegram counts a sliding window, and a
//     GCRA with a burst larger than one does not fit inside one: a burst of
//     twenty at once followed by one message every three seconds puts
//     twenty-one messages into the window that starts with the burst. With
//     a burst of one, at most one message goes out per emission interval,
//     so no sixty seconds hold more than twenty. The interval is three
//     seconds and a little: the spare absorbs the time between taking a
//     slot and Telegram receiving the message, which varies by a few
//     hundred milliseconds from one call to the next.
//   - overall: 30 messages in any 1.04 seconds, a sliding window as
//     Telegram's 30 a second is: 28.8 a second, 96% of it. The spare 40
//     ms absorbs the same variation in when Telegram receives a message.
//     A GCRA does not fit here either: its burst is what lets a message
//     that took its slot late be followed closely by the next, and any
//     burst adds to the rate within a second, so the GCRA used before
//     kept 28 a second in bursts of two. The window is a schedule (see
//     reserveScript): each send is given its time, in the order asked.
//     Two of the thirty are kept for the replies to customers: bulk
//     work is sent only when they are unused.
//     BenchmarkBroadcastWithinLimits measures the rates two replicas
//     reach.
//
// Per-chat and per-group intervals carry the same kind of spare.
var (
	chatLimit    = redis_rate.Limit{Rate: 1, Period: 1050 * time.Millisecond, Burst: 2}
	groupLimit   = redis_rate.Limit{Rate: 1, Period: GroupInterval, Burst: 1}
	globalWindow = window{Limit: 30, Period: 1040 * time.Millisecond, Reserve: 2}
)

// GroupInterval is how often the sender posts into one group: Telegram's
// twenty messages a minute, and a little.
const GroupInterval = 3100 * time.Millisecond

// GroupSlots is how many of a group's slots (GroupInterval each) a message
// of n items takes: one, or for an album 2n-1 (see takeGroup).
func GroupSlots(n int) int { return max(1, 2*n-1) }

// spend is what a call costs against the flood limits.
type spend struct {
	chat int64
	// items is how many messages the call posts (an album's items); zero
	// for calls Telegram does not count.
	items int
	// edit marks an edit: counted per chat and overall, not per group.
	edit bool
}

func spendMessage(chat int64) spend      { return spend{chat: chat, items: 1} }
func spendAlbum(chat int64, n int) spend { return spend{chat: chat, items: n} }
func spendEdit(chat int64) spend         { return spend{chat: chat, items: 1, edit: true} }

// spendNothing is a call Telegram does not count (answers to button
// presses, topic management, reactions, leaving a chat).
var spendNothing = spend{}

// rateLimiter waits until a call fits Telegram's flood limits. Its keys
// are "<prefix>rate:chat:<id>", "<prefix>rate:group:<id>" and
// "<prefix>rate:global".
type rateLimiter struct {
	rdb    redis.UniversalClient
	lim    *redis_rate.Limiter
	prefix string
	log    *slog.Logger
}

func newRateLimiter(rdb redis.UniversalClient, prefix string, logger *slog.Logger) *rateLimiter {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &rateLimiter{rdb: rdb, lim: redis_rate.NewLimiter(keyRewriter{rdb}), prefix: prefix + "rate:", log: logger}
}

// wait blocks until the call may go out, or ctx ends. The group is
// waited for first, as its waits are the long ones: the message must
// follow its group slot closely (see above), while a chat's or the
// overall bucket only gains from a message sent a little later. If Redis
// fails, the call goes out anyway: the Sender still obeys a 429's
// retry_after, and a customer's answer must not wait for a counter.
func (l *rateLimiter) wait(ctx context.Context, s spend) error {
	if l == nil || s.items <= 0 {
		return nil
	}
	id := strconv.FormatInt(s.chat, 10)
	if s.chat < 0 && !s.edit {
		if err := l.takeGroup(ctx, l.prefix+"group:"+id, s.items); err != nil {
			return err
		}
	}
	prio := PriorityOf(ctx)
	if err := l.take(ctx, l.prefix+"chat:"+id, yielding(chatLimit, prio), s.items); err != nil {
		return err
	}
	return l.book(ctx, l.prefix+"global", globalWindow, s.items, prio)
}

// yielding is limit as a send of priority p sees it. Bulk sends share the
// interactive sends' bucket (both count against Telegram's one limit) with
// a burst of one: a GCRA then lets them through only when the bucket is
// not in debt at all, i.e. when no interactive send has used the burst
// recently. While customers are being answered at the limit's pace, bulk
// work waits; when there is room, it goes at the limit's full rate.
func yielding(limit redis_rate.Limit, p Priority) redis_rate.Limit {
	if p == Bulk {
		limit.Burst = 1
	}
	return limit
}

// takeGroup takes n slots of a group's limit for messages sent together.
// A GCRA takes n at once only by running into debt afterwards, so an album
// sent on an idle group would follow earlier messages at once and could
// make the sliding window overflow behind it (nineteen messages, then an
// album of ten). It therefore first takes n-1 single slots, as if the
// album's first items had been sent one by one, and then the album's n
// with the debt ahead: the window holds no more than twenty either side.
func (l *rateLimiter) takeGroup(ctx context.Context, key string, n int) error {
	for range n - 1 {
		if err := l.take(ctx, key, groupLimit, 1); err != nil {
			return err
		}
	}
	return l.take(ctx, key, groupLimit, n)
}

// take waits until cost fits limit under key and spends it. A cost larger
// than the burst waits for a full bucket and leaves it in debt, as
// Telegram does with an album.
func (l *rateLimiter) take(ctx context.Context, key string, limit redis_rate.Limit, cost int) error {
	limit.Burst = max(limit.Burst, cost)
	for {
		res, err := l.lim.AllowN(ctx, key, limit, cost)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			l.log.Warn("flood limit unavailable; sending without it", "key", key, "err", err)
			return nil
		}
		if res.Allowed > 0 {
			return nil
		}
		wait := res.RetryAfter
		if wait <= 0 {
			wait = 10 * time.Millisecond
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

// book waits for the time w gives cost sends under key, or for bulk
// sends, until w has room to spare for them now.
func (l *rateLimiter) book(ctx context.Context, key string, w window, cost int, p Priority) error {
	for {
		wait, booked, err := w.book(ctx, l.rdb, key, cost, p)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			l.log.Warn("flood limit unavailable; sending without it", "key", key, "err", err)
			return nil
		}
		if !booked {
			wait = max(wait, 10*time.Millisecond)
		}
		if wait > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(wait):
			}
		}
		if booked {
			return nil
		}
	}
}

// keyRewriter hands redis_rate the client with its own "rate:" key prefix
// taken off again, so that the limiter's keys live under the configured
// prefix ("<prefix>rate:...") like every other key of the service.
type keyRewriter struct {
	redis.UniversalClient
}

func (k keyRewriter) Eval(ctx context.Context, script string, keys []string, args ...any) *redis.Cmd {
	return k.UniversalClient.Eval(ctx, script, ownKeys(keys), args...)
}

func (k keyRewriter) EvalSha(ctx context.Context, sha1 string, keys []string, args ...any) *redis.Cmd {
	return k.UniversalClient.EvalSha(ctx, sha1, ownKeys(keys), args...)
}

func (k keyRewriter) EvalRO(ctx context.Context, script string, keys []string, args ...any) *redis.Cmd {
	return k.UniversalClient.EvalRO(ctx, script, ownKeys(keys), args...)
}

func (k keyRewriter) EvalShaRO(ctx context.Context, sha1 string, keys []string, args ...any) *redis.Cmd {
	return k.UniversalClient.EvalShaRO(ctx, sha1, ownKeys(keys), args...)
}

func (k keyRewriter) Del(ctx context.Context, keys ...string) *redis.IntCmd {
	return k.UniversalClient.Del(ctx, ownKeys(keys)...)
}

// ownKeys strips the "rate:" redis_rate puts before every key.
func ownKeys(keys []string) []string {
	out := make([]string, len(keys))
	for i, key := range keys {
		out[i] = strings.TrimPrefix(key, "rate:")
	}
	return out
}
