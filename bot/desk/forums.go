package desk

import (
	"context"
	"sync"
	"time"

	"github.com/complaintbot/complaintbot/bot/send"
)

// forumTTL is how long the desk trusts what it learnt of whether a group
// is a forum. Staff may turn the group's topics on or off at any time and
// Telegram tells the bot of neither, so a new ticket's place follows the
// group as it is within a minute, while a burst of new tickets asks once.
// A topic refused because topics are off is noticed at once (see
// buildThread).
const forumTTL = time.Minute

// forums remembers, for a while, whether groups are forums.
type forums struct {
	out *send.Sender
	now func() time.Time

	mu    sync.Mutex
	known map[int64]forumSeen
}

type forumSeen struct {
	forum bool
	at    time.Time
}

// isForum reports whether the group chatID is a forum, asking Telegram
// when what the desk knows is older than forumTTL.
func (f *forums) isForum(ctx context.Context, chatID int64) (bool, error) {
	f.mu.Lock()
	seen, ok := f.known[chatID]
	f.mu.Unlock()
	if ok && f.now().Sub(seen.at) < forumTTL {
		return seen.forum, nil
	}
	forum, err := f.out.IsForum(ctx, chatID)
	if err != nil {
		return false, err
	}
	f.set(chatID, forum)
	return forum, nil
}

// set records what the desk learnt of the group chatID.
func (f *forums) set(chatID int64, forum bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.known == nil {
		f.known = map[int64]forumSeen{}
	}
	f.known[chatID] = forumSeen{forum: forum, at: f.now()}
}
