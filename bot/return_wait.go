package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// returnWaits remember, per chat, what the bot waits for after a button of
// a return: the carrier and tracking number after "I've sent it", or the
// question after "I have a question". It lives in Redis, so that it
// survives a restart and any replica handles the chat's next message; it
// expires on its own, and the customer leaves it with /cancel.
//
// Key: returnwait:<chat>, a JSON returnWait.
type returnWaits struct {
	rdb    redis.UniversalClient
	prefix string
}

// What the bot waits for.
const (
	waitTracking = "tracking" // the carrier and tracking number, or a photo of the receipt
	waitQuestion = "question" // a question for the ticket's thread
)

const (
	// returnWaitTTL is how long the bot waits for the answer to a return's
	// button: long enough to fetch a receipt, short enough that a message
	// days later is not taken for it.
	returnWaitTTL = 2 * time.Hour
	// returnDoneTTL is how long the end of a wait is remembered: enough for
	// a redelivered update and the rest of an album to be told apart from
	// new messages.
	returnDoneTTL = albumAnswerTTL
)

// returnWait is one chat's wait. While Mode is empty the wait is over and
// only remembers how it ended: the update that ended it (a redelivery of it
// changes nothing) and the album that answered it (its other items go to
// the ticket too).
type returnWait struct {
	Mode     string `json:"mode,omitempty"`
	RMA      string `json:"rma"`
	TicketID int64  `json:"ticket"`
	Ref      string `json:"ref"`
	// Update is the last update that answered the wait.
	Update int64 `json:"update,omitempty"`
	// Album is the media group of the message that answered it.
	Album string `json:"album,omitempty"`
}

func (w returnWaits) key(chatID int64) string {
	return w.prefix + "returnwait:" + strconv.FormatInt(chatID, 10)
}

// get returns the chat's wait; ok is false when there is none.
func (w returnWaits) get(ctx context.Context, chatID int64) (returnWait, bool, error) {
	raw, err := w.rdb.Get(ctx, w.key(chatID)).Bytes()
	if errors.Is(err, redis.Nil) {
		return returnWait{}, false, nil
	}
	if err != nil {
		return returnWait{}, false, fmt.Errorf("bot: return wait of chat %d: %w", chatID, err)
	}
	var rw returnWait
	if err := json.Unmarshal(raw, &rw); err != nil {
		return returnWait{}, false, nil // unreadable: as if there were none
	}
	return rw, true, nil
}

// put starts a wait, or records how one ended (Mode empty).
func (w returnWaits) put(ctx context.Context, chatID int64, rw returnWait) error {
	ttl := returnWaitTTL
	if rw.Mode == "" {
		ttl = returnDoneTTL
	}
	b, err := json.Marshal(rw)
	if err != nil {
		return err
	}
	if err := w.rdb.Set(ctx, w.key(chatID), b, ttl).Err(); err != nil {
		return fmt.Errorf("bot: return wait of chat %d: %w", chatID, err)
	}
	return nil
}

// end records that update ended the wait, with the album it came in.
func (w returnWaits) end(ctx context.Context, chatID int64, rw returnWait, update int64, album string) error {
	rw.Mode, rw.Update, rw.Album = "", update, album
	return w.put(ctx, chatID, rw)
}

// forget drops the chat's wait: the customer moved on to something else.
func (w returnWaits) forget(ctx context.Context, chatID int64) error {
	if err := w.rdb.Del(ctx, w.key(chatID)).Err(); err != nil {
		return fmt.Errorf("bot: return wait of chat %d: %w", chatID, err)
	}
	return nil
}
