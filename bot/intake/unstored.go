package intake

import (
	"context"
	"sync"
)

// unstoredMemory is how many update_ids unstoredTold remembers having told
// of: more than Telegram hands out unconfirmed at once (100 a getUpdates),
// and a bound on the memory an outage can take.
const unstoredMemory = 4096

// unstoredTold passes Config.Unstored each update that could not be stored,
// the first time only: the poller fetches an unconfirmed update again on
// every try, and Telegram delivers a refused webhook update again and again.
type unstoredTold struct {
	tell  func(context.Context, []byte)
	mu    sync.Mutex
	seen  map[int64]bool
	order []int64 // seen's ids, oldest first
}

// told passes raw, whose update_id is id, to tell unless it was passed
// before.
func (u *unstoredTold) told(ctx context.Context, id int64, raw []byte) {
	if u == nil {
		return
	}
	u.mu.Lock()
	if u.seen[id] {
		u.mu.Unlock()
		return
	}
	u.seen[id] = true
	u.order = append(u.order, id)
	if len(u.order) > unstoredMemory {
		delete(u.seen, u.order[0])
		u.order = u.order[1:]
	}
	u.mu.Unlock()
	u.tell(ctx, raw)
}

// notStored says that the update raw arrived and could not be stored for a
// reason other than not being an update.
func (in *Intake) notStored(ctx context.Context, raw []byte) {
	if in.unstored == nil {
		return
	}
	key, err := parseUpdateKey(raw)
	if err != nil {
		return
	}
	in.unstored.told(ctx, key.ID, raw)
}
