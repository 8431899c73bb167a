package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// staffAlbums remembers what the captioned item of a member's album was, so
// that the album's other items (each its own update, without a caption) go
// the same way: an album captioned /note stays internal as a whole, and one
// whose caption was refused is not half sent to the customer.
type staffAlbums struct {
	rdb    redis.UniversalClient
	prefix string
}

// staffAlbumTTL outlasts the seconds an album's items take to arrive.
const staffAlbumTTL = 10 * time.Minute

// The ways an album can go, as remembered.
const (
	albumNote    = "note"    // the items are a note
	albumRefused = "refused" // the caption was refused: the items are dropped
)

func (a staffAlbums) key(group string) string { return a.prefix + "staffalbum:" + group }

// staffParse is a parsed staff message: see staffParser.parse.
type staffParse struct {
	cmd  staffCommand
	kind staffInputKind
	err  error // a *staffUsageError to answer
}

// follow decides an album item: a captioned item is remembered when it
// makes the album a note or was refused; an item without a caption follows
// what was remembered, or is a plain message. The error is Redis's:
// without knowing, an item could go to the customer that should not.
func (a staffAlbums) follow(ctx context.Context, group string, p staffParse) (staffParse, error) {
	var err error
	switch {
	case p.kind == staffCmd && p.err == nil && p.cmd.Verb == verbNote:
		err = a.rdb.Set(ctx, a.key(group), albumNote, staffAlbumTTL).Err()
	case p.kind == staffCmd:
		err = a.rdb.Set(ctx, a.key(group), albumRefused, staffAlbumTTL).Err()
	case p.kind == staffPlain:
		v, gerr := a.rdb.Get(ctx, a.key(group)).Result()
		switch {
		case gerr != nil && !errors.Is(gerr, redis.Nil):
			err = gerr
		case v == albumNote:
			return staffParse{cmd: staffCommand{Verb: verbNote}, kind: staffCmd}, nil
		case v == albumRefused:
			return staffParse{kind: staffForeign}, nil // answered once, on the captioned item
		}
	}
	if err != nil {
		return p, fmt.Errorf("bot: album %s: %w", group, err)
	}
	return p, nil
}
