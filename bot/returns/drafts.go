package returns

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// draft is what an owner has given for a return not yet sent: the fee of a
// charged repair, a text of their own instead of the policy's, and where its
// preview is, so that a newer one takes its buttons. It lives in Redis,
// keyed by the return's number, until the return is sent, refused or
// cancelled, or its TTL runs out (the fee is then asked again and the text
// drafted afresh).
type draft struct {
	FeeCents int64 `json:"fee_cents,omitempty"`
	// Text is the owner's own text of the instructions; "" for the
	// policy's.
	Text string `json:"text,omitempty"`
	// Deadline is the day to send by, "2006-01-02", as it was when the
	// owner wrote Text: their text names it.
	Deadline string `json:"deadline,omitempty"`
	// PreviewChat and PreviewMessage are the latest preview's; zero for none.
	PreviewChat    int64 `json:"preview_chat,omitempty"`
	PreviewMessage int   `json:"preview_message,omitempty"`
}

// question is what the flow asked an owner to answer by replying to its
// message: the fee of a charged repair, or the new text of the
// instructions.
type question struct {
	Ask      string `json:"ask"` // askFee or askText
	RMA      string `json:"rma"`
	TicketID int64  `json:"ticket_id"`
	// Owner is who was asked; only their answer counts.
	Owner int64 `json:"owner"`
}

// What a question asks.
const (
	askFee  = "fee"
	askText = "text"
)

// drafts keeps drafts and questions in Redis: "<prefix>returns:draft:<RMA>"
// and "<prefix>returns:ask:<chat id>:<message id>", each for ttl.
type drafts struct {
	rdb    redis.UniversalClient
	prefix string
	ttl    time.Duration
}

func (d drafts) draftKey(rma string) string { return d.prefix + "returns:draft:" + rma }

func (d drafts) askKey(chatID int64, messageID int) string {
	return d.prefix + "returns:ask:" + strconv.FormatInt(chatID, 10) + ":" + strconv.Itoa(messageID)
}

// get reads the return's draft; the zero draft when there is none.
func (d drafts) get(ctx context.Context, rma string) (draft, error) {
	var dr draft
	err := d.read(ctx, d.draftKey(rma), &dr)
	return dr, err
}

// put saves the return's draft for another ttl.
func (d drafts) put(ctx context.Context, rma string, dr draft) error {
	return d.write(ctx, d.draftKey(rma), dr)
}

// drop forgets the return's draft.
func (d drafts) drop(ctx context.Context, rma string) error {
	if err := d.rdb.Del(ctx, d.draftKey(rma)).Err(); err != nil {
		return fmt.Errorf("returns: drop draft %s: %w", rma, err)
	}
	return nil
}

// asked reads the question the message asks; ok is false when it asks
// none (or asked one that was answered or is too old).
func (d drafts) asked(ctx context.Context, chatID int64, messageID int) (q question, ok bool, err error) {
	err = d.read(ctx, d.askKey(chatID, messageID), &q)
	return q, err == nil && q.Ask != "", err
}

// ask remembers the question the message asks.
func (d drafts) ask(ctx context.Context, chatID int64, messageID int, q question) error {
	return d.write(ctx, d.askKey(chatID, messageID), q)
}

// answered forgets the question the message asked.
func (d drafts) answered(ctx context.Context, chatID int64, messageID int) error {
	if err := d.rdb.Del(ctx, d.askKey(chatID, messageID)).Err(); err != nil {
		return fmt.Errorf("returns: forget question %d:%d: %w", chatID, messageID, err)
	}
	return nil
}

// read decodes the JSON under key into v; nothing there leaves v as it is.
func (d drafts) read(ctx context.Context, key string, v any) error {
	b, err := d.rdb.Get(ctx, key).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("returns: read %s: %w", key, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("returns: decode %s: %w", key, err)
	}
	return nil
}

// write saves v as JSON under key for ttl.
func (d drafts) write(ctx context.Context, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("returns: encode %s: %w", key, err)
	}
	if err := d.rdb.Set(ctx, key, b, d.ttl).Err(); err != nil {
		return fmt.Errorf("returns: save %s: %w", key, err)
	}
	return nil
}
