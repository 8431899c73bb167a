package send

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// window is a limit of Limit messages in any Period, counted the way
// Telegram counts its overall limit: a sliding window. Reserve of the
// Limit is kept for interactive sends (see reserveScript).
type window struct {
	Limit   int
	Period  time.Duration
	Reserve int
}

// reserveScript hands out send times within a sliding window: at most
// ARGV[1] sends in any ARGV[2] microseconds, under KEYS[1], a sorted set
// of the times given out (Redis's clock, in microseconds) and still inside
// the window, including those in the future.
//
// An interactive request (ARGV[5] = 0) is given the earliest time at or
// after the last one given out at which its ARGV[3] sends fit, and that
// time is booked: the caller sleeps until it and sends. Times are given out
// in the order asked for, so waiters queue rather than poll, and nobody
// who asks later overtakes them.
//
// A bulk request (ARGV[5] = 1) is booked only if it fits now with
// ARGV[4] sends to spare and nothing booked ahead of it; otherwise it is
// told how long to wait before asking again. While customers are being
// answered at the limit's pace, the window is never that empty, and bulk
// work waits.
//
// It returns {booked (1 or 0), microseconds from now to the time}.
const reserveScript = `
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local spare = tonumber(ARGV[4])
local bulk = ARGV[5] == "1"

local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
redis.call("ZREMRANGEBYSCORE", key, "-inf", string.format("%d", now - period))

local n = redis.call("ZCARD", key)
local at = now
if n > 0 then
	local last = tonumber(redis.call("ZRANGE", key, -1, -1, "WITHSCORES")[2])
	if last > at then at = last end
end
-- The window ending at the send may hold only keep = limit - cost earlier
-- sends: the send waits until the one before those has left it.
local keep = limit - cost
if bulk then keep = keep - spare end
if keep < 0 then keep = 0 end
if n > keep then
	local oldest = tonumber(redis.call("ZRANGE", key, n - keep - 1, n - keep - 1, "WITHSCORES")[2])
	if oldest + period > at then at = oldest + period end
end
if bulk and at > now then
	return {0, at - now}
end

local score = string.format("%d", at)
local same = redis.call("ZCOUNT", key, score, score)
for i = 1, cost do
	redis.call("ZADD", key, score, score .. ":" .. (same + i))
end
redis.call("PEXPIRE", key, math.ceil((at - now + period) / 1000) + 1)
return {1, at - now}
`

var reserve = redis.NewScript(reserveScript)

// book asks for a time for cost sends under w: the wait until it, and
// whether it was booked (false: a bulk send that must ask again after the
// wait).
func (w window) book(ctx context.Context, rdb redis.Scripter, key string, cost int, p Priority) (time.Duration, bool, error) {
	bulk := 0
	if p == Bulk {
		bulk = 1
	}
	res, err := reserve.Run(ctx, rdb, []string{key},
		w.Limit, w.Period.Microseconds(), min(cost, w.Limit), w.Reserve, bulk).Int64Slice()
	if err != nil {
		return 0, false, err
	}
	return time.Duration(res[1]) * time.Microsecond, res[0] == 1, nil
}
