package bot

import (
	"context"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/complaintbot/complaintbot/bot/send"
)

// floodWindow is the window the flood limit counts a chat's messages in.
const floodWindow = time.Minute

// floodScript counts a chat's messages in the sliding window that ends now:
// a sorted set of update ids scored by when they were handled, the ones
// older than the window dropped. An update handled twice (a redelivery)
// counts once. Time comes from the edge's clock, not from Redis, so that
// tests decide what the window holds.
//
// KEYS[1] the chat's window; ARGV[1] now in ms; ARGV[2] the window in ms;
// ARGV[3] the update id.
var floodScript = redis.NewScript(`
redis.call("ZREMRANGEBYSCORE", KEYS[1], "-inf", tonumber(ARGV[1]) - tonumber(ARGV[2]))
redis.call("ZADD", KEYS[1], "NX", ARGV[1], ARGV[3])
redis.call("PEXPIRE", KEYS[1], ARGV[2])
return redis.call("ZCARD", KEYS[1])
`)

// flooding counts the chat's messages in the last minute. Past the limit
// the customer is asked once to slow down and the answers are held back
// until the window has room again; their messages are still applied, so
// nothing is lost, and the next answer tells them where they are. A
// sliding window, unlike a counter per clock minute, never lets twice the
// limit through across a minute's boundary.
func (e *Edge) flooding(ctx context.Context, chatID, updateID int64, lang string) bool {
	if e.cfg.FloodPerMinute <= 0 {
		return false
	}
	key := e.cfg.RedisPrefix + "flood:" + strconv.FormatInt(chatID, 10)
	n, err := floodScript.Run(ctx, e.rdb, []string{key},
		e.now().UnixMilli(), floodWindow.Milliseconds(), updateID).Int64()
	if err != nil {
		e.log.Warn("flood counter", "chat", chatID, "err", err)
		return false // never silence a customer because a counter failed
	}
	switch limit := int64(e.cfg.FloodPerMinute); {
	case n <= limit:
		return false
	case n == limit+1:
		text := e.cat.Text(lang, "bot.slow_down", nil)
		if err := e.tell(ctx, chatID, text); err != nil && !send.IsBlocked(err) {
			e.log.Warn("slow-down notice", "chat", chatID, "err", err)
		}
	}
	return true
}
