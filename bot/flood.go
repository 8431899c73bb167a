package bot

import (
	"context"
	"strconv"
	"time"

	"github.com/complaintbot/complaintbot/bot/send"
)

// flooding counts the chat's messages in the current minute. Over the limit
// the customer is asked once to slow down and the rest of the minute's
// answers are held back; their messages are still applied, so nothing is
// lost, and the next answer after the minute tells them where they are.
func (e *Edge) flooding(ctx context.Context, chatID int64, lang string) bool {
	if e.cfg.FloodPerMinute <= 0 {
		return false
	}
	minute := e.now().Unix() / 60
	key := e.cfg.RedisPrefix + "flood:" + strconv.FormatInt(chatID, 10) + ":" + strconv.FormatInt(minute, 10)
	pipe := e.rdb.Pipeline()
	n := pipe.Incr(ctx, key)
	pipe.Expire(ctx, key, 2*time.Minute)
	if _, err := pipe.Exec(ctx); err != nil {
		e.log.Warn("flood counter", "chat", chatID, "err", err)
		return false // never silence a customer because a counter failed
	}
	switch {
	case n.Val() <= int64(e.cfg.FloodPerMinute):
		return false
	case n.Val() == int64(e.cfg.FloodPerMinute)+1:
		text := e.cat.Text(lang, "bot.slow_down", nil)
		if _, err := e.out.Text(ctx, chatID, text, nil); err != nil && !send.IsBlocked(err) {
			e.log.Warn("slow-down notice", "chat", chatID, "err", err)
		}
	}
	return true
}
