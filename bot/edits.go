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

func (m editMemory) key(chatID int64) string { return editsKey(m.prefix, chatID) }

// editsKey is the hash of a chat's edit names, under prefix.
func editsKey(prefix string, chatID int64) string {
	return prefix + "edits:" + strconv.FormatInt(chatID, 10)
}

func (m editMemory) get(ctx context.Context, chatID int64, name string) (int, bool) {
	v, err := m.rdb.HGet(ctx, m.key(chatID), name).Int()
	return v, err == nil && v > 0
}

// remember records id under name, the chat's only name from now on.
// (Forgetting every name is the outbox's pop, in its own round trip.)
func (m editMemory) remember(ctx context.Context, chatID int64, name string, id int) {
	pipe := m.rdb.TxPipeline()
	pipe.Del(ctx, m.key(chatID))
	pipe.HSet(ctx, m.key(chatID), name, id)
	pipe.Expire(ctx, m.key(chatID), editMemoryTTL)
	_, _ = pipe.Exec(ctx)
}
