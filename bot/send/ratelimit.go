package send

import (
	"context"
	"log/slog"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Telegram's flood limits, kept in Redis so that every process sending as
// the bot shares them:
//
//   - per chat: one message a second (and a little), in bursts of two
//     where Telegram allows three. Edits count. The token left unspent
//     absorbs the variation in when Telegram receives a message: without
//     it, a message that reached Telegram late followed by one that
//     reached it early looked like two in a second to it. A GCRA (generic
//     cell rate) limit, as Telegram's is a token bucket.
//   - per group: twenty messages in any 61 seconds. Edits do not count;
//     each item of an album does. Telegram counts twenty in any sixty
//     seconds, a sliding window; the spare second absorbs the same
//     variation. Within it, posts keep a pace of one every 3.05 s, in
//     bursts of up to three (an album of two, a card and its files): a
//     group is also a chat, and twenty posts at the chat's pace would take
//     all of its message a second for twenty seconds, leaving none for
//     the edits of cards staff are waiting to see.
//   - overall: 30 messages in any 1.04 seconds, a sliding window as
//     Telegram's 30 a second is: 28.8 a second, 96% of it, with 40 ms to
//     spare. (A GCRA does not fit a sliding window: its burst adds to the
//     rate within any second, so a GCRA had to keep 28 a second in bursts
//     of two.)
//
// A send is booked under every limit it counts against at once, at the
// earliest time all of them allow (see scheduleScript, and a group post's
// exception there), and goes out at that time. Limits taken one after the other went stale: a message that
// took its group's slot and then waited its turn overall reached Telegram
// seconds after the slot, close to the next, and its group's window could
// overflow. Booking gives times in the order asked, so senders sleep until
// theirs rather than poll together, and nobody asking later overtakes.
//
// Bulk sends yield: they are booked only for now, only while the chat's
// burst is unused and the overall window has two sends to spare with
// nobody booked ahead; otherwise they ask again later. While customers are
// being answered at the limits' pace, bulk work waits.
// BenchmarkBroadcastWithinLimits measures the rates two replicas reach.
var (
	chatLimit   = gcra{Interval: 1050 * time.Millisecond, Burst: 2}
	groupWindow = window{Limit: 20, Period: 61 * time.Second}
	groupPace   = gcra{Interval: 3050 * time.Millisecond, Burst: 3}
	// globalWindow keeps Reserve of its Limit for interactive sends.
	globalWindow = window{Limit: 30, Period: 1040 * time.Millisecond, Reserve: 2}
)

// gcra is a limit of one send every Interval, in bursts of Burst.
type gcra struct {
	Interval time.Duration
	Burst    int
}

// window is a limit of Limit sends in any Period.
type window struct {
	Limit   int
	Period  time.Duration
	Reserve int
}

// GroupPace is the time the limits give a group for each message, on
// average over a minute's worth.
var GroupPace = groupWindow.Period / time.Duration(groupWindow.Limit)

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
// are "<prefix>limit:chat:<id>", "<prefix>limit:group:<id>",
// "<prefix>limit:pace:<id>" (a group's) and "<prefix>limit:all". (The
// GCRA counters of redis_rate, which kept these limits before, lived under
// "<prefix>rate:"; a replica of that version still running during a
// rolling deploy would read this script's times as its own and wait for
// ages.)
type rateLimiter struct {
	rdb    redis.Scripter
	prefix string
	log    *slog.Logger
	// the limits, the package's own but for tests
	chat, pace     gcra
	group, overall window
}

func newRateLimiter(rdb redis.Scripter, prefix string, logger *slog.Logger) *rateLimiter {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &rateLimiter{rdb: rdb, prefix: prefix + "limit:", log: logger,
		chat: chatLimit, pace: groupPace, group: groupWindow, overall: globalWindow}
}

// wait blocks until the call may go out, or ctx ends. If Redis fails, the
// call goes out anyway: the Sender still obeys a 429's retry_after, and a
// customer's answer must not wait for a counter.
func (l *rateLimiter) wait(ctx context.Context, s spend) error {
	if l == nil || s.items <= 0 {
		return nil
	}
	p := PriorityOf(ctx)
	for {
		wait, booked, err := l.book(ctx, s, p)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			l.log.Warn("flood limits unavailable; sending without them", "chat", s.chat, "err", err)
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

// book asks for a time for the call s at priority p: the wait until it,
// and whether it was booked (false: a bulk send, or a group post before
// its group's turn, that must ask again after the wait).
func (l *rateLimiter) book(ctx context.Context, s spend, p Priority) (time.Duration, bool, error) {
	id := strconv.FormatInt(s.chat, 10)
	keys := []string{l.prefix + "all", l.prefix + "chat:" + id}
	if s.chat < 0 && !s.edit {
		keys = append(keys, l.prefix+"group:"+id, l.prefix+"pace:"+id)
	}
	bulk := 0
	if p == Bulk {
		bulk = 1
	}
	res, err := schedule.Run(ctx, l.rdb, keys, min(s.items, l.overall.Limit, l.group.Limit), bulk,
		l.overall.Limit, l.overall.Period.Microseconds(), l.overall.Reserve,
		l.chat.Interval.Microseconds(), l.chat.Burst,
		l.group.Limit, l.group.Period.Microseconds(), l.pace.Interval.Microseconds(), l.pace.Burst).Int64Slice()
	if err != nil {
		return 0, false, err
	}
	return time.Duration(res[1]) * time.Microsecond, res[0] == 1, nil
}

// scheduleScript books a time for a send under each limit it counts
// against: KEYS[1] overall, KEYS[2] its chat, KEYS[3] and KEYS[4] its
// group's window and pace (for posts into a group). The time is Redis's
// clock, in microseconds, so that every replica reads the same one.
//
// A window (overall, group) is a sorted set of the times booked still
// inside it, future ones included. Times are booked in order, each at or
// after the last, so the window ending at a new time holds only the sends
// booked before it: the new one fits once enough of them have left. A GCRA
// (chat, pace) is its theoretical arrival time: a send of cost c fits at t
// once t >= tat - (burst - c) * interval.
//
// The send is booked at the earliest time every limit allows, with one
// exception: a post into a group is not booked before its group's turn has
// come, and is told to ask again then. Booked ahead, it would hold the
// group's chat and the overall window from its time on, and edits of the
// cards, and everyone else, would wait behind a post that itself waits.
// A bulk send (ARGV[2] = 1) is booked only if its time is now, with the
// overall window keeping ARGV[5] sends to spare and the chat a burst of
// one; otherwise the answer is how long to wait before asking again.
//
// ARGV: cost, bulk, overall limit, period (µs), reserve, chat interval
// (µs), burst, group limit, period (µs), pace interval (µs), burst.
// Returns {booked (1 or 0), microseconds from now to the time}.
const scheduleScript = `
local cost = tonumber(ARGV[1])
local bulk = ARGV[2] == "1"
local clock = redis.call("TIME")
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local function us(t) return string.format("%d", t) end

local function windowEarliest(key, limit, period, spare)
	redis.call("ZREMRANGEBYSCORE", key, "-inf", us(now - period))
	local n = redis.call("ZCARD", key)
	local at = now
	if n > 0 then
		local last = tonumber(redis.call("ZRANGE", key, -1, -1, "WITHSCORES")[2])
		if last > at then at = last end
	end
	local keep = math.max(limit - cost - spare, 0)
	if n > keep then
		local leaving = tonumber(redis.call("ZRANGE", key, n - keep - 1, n - keep - 1, "WITHSCORES")[2])
		if leaving + period > at then at = leaving + period end
	end
	return at
end

local function windowBook(key, at, period)
	local score = us(at)
	local same = redis.call("ZCOUNT", key, score, score)
	for i = 1, cost do
		redis.call("ZADD", key, score, score .. ":" .. (same + i))
	end
	redis.call("PEXPIRE", key, math.ceil((at - now + period) / 1000) + 1)
end

local function gcraEarliest(key, interval, burst)
	burst = math.max(burst, cost)
	local tat = tonumber(redis.call("GET", key) or "0")
	return math.max(now, tat - (burst - cost) * interval)
end

local function gcraBook(key, at, interval)
	local tat = math.max(tonumber(redis.call("GET", key) or "0"), at) + cost * interval
	redis.call("SET", key, us(tat), "PX", math.ceil((tat - now) / 1000) + 1)
end

local spare = 0
if bulk then spare = tonumber(ARGV[5]) end
local at = windowEarliest(KEYS[1], tonumber(ARGV[3]), tonumber(ARGV[4]), spare)

local chatBurst = tonumber(ARGV[7])
if bulk then chatBurst = 1 end
at = math.max(at, gcraEarliest(KEYS[2], tonumber(ARGV[6]), chatBurst))

local group = KEYS[3]
if group then
	local turn = math.max(windowEarliest(group, tonumber(ARGV[8]), tonumber(ARGV[9]), 0),
		gcraEarliest(KEYS[4], tonumber(ARGV[10]), tonumber(ARGV[11])))
	if turn > now then
		return {0, turn - now}
	end
end

if bulk and at > now then
	return {0, at - now}
end

windowBook(KEYS[1], at, tonumber(ARGV[4]))
gcraBook(KEYS[2], at, tonumber(ARGV[6]))
if group then
	windowBook(group, at, tonumber(ARGV[9]))
	gcraBook(KEYS[4], at, tonumber(ARGV[10]))
end
return {1, at - now}
`

var schedule = redis.NewScript(scheduleScript)
