package bot

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/complaintbot/complaintbot/conversation"
)

// outbox keeps the answers of a committed dialogue step that could not be
// sent (Telegram down, the service stopping). The step is saved, so its
// update will not produce them again: the next handling of the chat sends
// them first. The customer is never left without the question they are at.
type outbox struct {
	rdb    redis.UniversalClient
	prefix string
}

type pendingReplies struct {
	Lang    string               `json:"lang"`
	Replies []conversation.Reply `json:"replies"`
}

const outboxTTL = 7 * 24 * time.Hour

func (o outbox) key(chatID int64) string {
	return o.prefix + "outbox:" + strconv.FormatInt(chatID, 10)
}

// keep stores replies still to send, replacing what was kept before (the
// newer answers supersede older questions).
func (o outbox) keep(ctx context.Context, chatID int64, lang string, replies []conversation.Reply) error {
	b, err := json.Marshal(pendingReplies{Lang: lang, Replies: replies})
	if err != nil {
		return err
	}
	return o.rdb.Set(ctx, o.key(chatID), b, outboxTTL).Err()
}

// take returns the replies kept for the chat, if any.
func (o outbox) take(ctx context.Context, chatID int64) (pendingReplies, bool, error) {
	b, err := o.rdb.Get(ctx, o.key(chatID)).Bytes()
	if errors.Is(err, redis.Nil) {
		return pendingReplies{}, false, nil
	}
	if err != nil {
		return pendingReplies{}, false, err
	}
	var p pendingReplies
	if err := json.Unmarshal(b, &p); err != nil {
		return pendingReplies{}, false, nil // unreadable: nothing useful to send
	}
	return p, true, nil
}

func (o outbox) clear(ctx context.Context, chatID int64) error {
	return o.rdb.Del(ctx, o.key(chatID)).Err()
}

// flushOutbox sends what an earlier step could not. An error leaves it kept.
func (e *Edge) flushOutbox(ctx context.Context, chatID int64) error {
	p, ok, err := e.outbox.take(ctx, chatID)
	if err != nil || !ok {
		return err
	}
	if _, err := e.sendReplies(ctx, chatID, p.Lang, p.Replies); err != nil {
		return err
	}
	return e.outbox.clear(ctx, chatID)
}
