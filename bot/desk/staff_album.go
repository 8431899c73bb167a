package desk

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// albums remembers what the captioned item of a member's album was, so
// that the album's other items (each its own update, without a caption) go
// the same way: an album captioned /note stays internal as a whole (as do
// the other photos of one captioned /shipped or /received), and one whose
// caption was refused is not half sent to the customer.
type albums struct {
	rdb    redis.UniversalClient
	prefix string
}

// albumTTL outlasts the seconds an album's items take to arrive.
const albumTTL = 10 * time.Minute

// The ways an album can go, as remembered.
const (
	albumNote    = "note"    // the items are a note
	albumRefused = "refused" // the caption was refused: the items are dropped
)

func (a albums) key(group string) string { return a.prefix + "staffalbum:" + group }

// parsedInput is a parsedInput staff message: see parser.parse.
type parsedInput struct {
	cmd  command
	kind inputKind
	err  error // a *usageError to answer
}

// follow decides an album item: a captioned item is remembered when it
// makes the album a note or was refused; an item without a caption follows
// what was remembered, or is a plain message. The error is Redis's:
// without knowing, an item could go to the customer that should not.
func (a albums) follow(ctx context.Context, group string, p parsedInput) (parsedInput, error) {
	var err error
	switch {
	case p.kind == inputCommand && p.err == nil && (p.cmd.Verb == actNote || p.cmd.Verb == actShipped || p.cmd.Verb == actReceived):
		// The rest of an album sent with /shipped or /received (more
		// photos of the receipt or the item) is kept as a note.
		err = a.rdb.Set(ctx, a.key(group), albumNote, albumTTL).Err()
	case p.kind == inputCommand:
		err = a.rdb.Set(ctx, a.key(group), albumRefused, albumTTL).Err()
	case p.kind == inputPlain:
		v, gerr := a.rdb.Get(ctx, a.key(group)).Result()
		switch {
		case gerr != nil && !errors.Is(gerr, redis.Nil):
			err = gerr
		case v == albumNote:
			return parsedInput{cmd: command{Verb: actNote}, kind: inputCommand}, nil
		case v == albumRefused:
			return parsedInput{kind: inputForeign}, nil // answered once, on the captioned item
		}
	}
	if err != nil {
		return p, fmt.Errorf("desk: album %s: %w", group, err)
	}
	return p, nil
}
