package bot

import (
	"context"
	"errors"
	"time"
)

// OutboxChats counts the chats with answers waiting in the outbox, for
// the queue-depth gauge.
func (e *Edge) OutboxChats(ctx context.Context) (int64, error) {
	return e.outbox.rdb.ZCard(ctx, e.outbox.dueKey()).Result()
}

// FlushOutbox sends what the outbox holds, on a stop once no update is
// being handled any more: answers just committed (still in their grace)
// and answers waiting out a backoff are tried now rather than left to the
// next replica's round. It returns when every chat was tried once, or
// ctx ends; the number returned is the chats still holding answers
// (kept in Redis, sent by whichever replica runs next).
func (e *Edge) FlushOutbox(ctx context.Context) (left int, err error) {
	// Every chat in the due set is due now, whatever its score.
	chats, err := e.outbox.due(ctx, time.Now().Add(24*time.Hour), 1<<16)
	if err != nil {
		return 0, err
	}
	for i, chat := range chats {
		if ctx.Err() != nil {
			return len(chats) - i, ctx.Err()
		}
		if err := e.drain(ctx, chat); err != nil && !errors.Is(err, errDrainBusy) {
			left++
		}
	}
	return left, nil
}
