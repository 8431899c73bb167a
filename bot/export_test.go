package bot

import (
	"context"
	"time"
)

// ReopenData is the callback data of the button that offers to reopen a
// ticket.
var ReopenData = reopenData

// CrashAt makes the edge stop at the named points of a step, as if the
// process died there: crash says, per point, whether to stop.
func CrashAt(e *Edge, crash func(point string) bool) { e.cfg.Fault = crash }

// ErrCrash is what a handling stopped by CrashAt returns.
var ErrCrash = errCrash

// SendDue runs one round of RunOutbox as at now.
func SendDue(ctx context.Context, e *Edge, now time.Time) { e.sendDue(ctx, now, map[int64]int{}) }

// OutboxLockKey is the Redis key of a chat's drain lock, which a process
// that died holding it leaves to expire.
func OutboxLockKey(e *Edge, chatID int64) string { return e.outbox.lockKey(chatID) }

// PollTurnsEvery sets how often a sender waiting for a chat's turn tries
// again when no turn of its own process wakes it.
func PollTurnsEvery(e *Edge, first, most time.Duration) {
	e.outbox.firstPoll, e.outbox.maxPoll = first, most
}

// WatchedTurns is how many chats have senders of this process watching
// for the end of their turn.
func WatchedTurns(e *Edge) int {
	e.outbox.ends.mu.Lock()
	defer e.outbox.ends.mu.Unlock()
	return len(e.outbox.ends.waiting)
}
