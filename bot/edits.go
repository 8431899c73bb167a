package bot

import (
	"context"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// editMemory remembers, per chat, the message last sent under a name (such
// as the counter of received photos) so that the next reply of that name
// edits it instead of adding a message. Any other reply forgets the chat's
// names: a counter edited above a newer question would go unseen.
type editMemory struct {
	rdb    redis.UniversalClient
	prefix string
}

const editMemoryTTL = 24 * time.Hour

func (m editMemory) key(chatID int64) string {
	return m.prefix + "edits:" + strconv.FormatInt(chatID, 10)
}

func (m editMemory) get(ctx context.Context, chatID int64, name string) (int, bool) {
	v, err := m.rdb.HGet(ctx, m.key(chatID), name).Int()
	return v, err == nil && v > 0
}

// remember records id under name, or forgets every name when name is empty.
func (m editMemory) remember(ctx context.Context, chatID int64, name string, id int) {
	if name == "" {
		m.rdb.Del(ctx, m.key(chatID))
		return
	}
	pipe := m.rdb.TxPipeline()
	pipe.Del(ctx, m.key(chatID))
	pipe.HSet(ctx, m.key(chatID), name, id)
	pipe.Expire(ctx, m.key(chatID), editMemoryTTL)
	_, _ = pipe.Exec(ctx)
}
