package tickets

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// Staff is a person acting from the staff group, or an owner (the shop's
// owners are configured by user id; the edge sets Owner).
type Staff struct {
	UserID   int64
	Name     string // first name, as Telegram gives it
	Username string // without "@", may be empty
	Owner    bool
}

// Actor is who s is in the event log: an owner or a staff member.
func (s Staff) Actor() Actor {
	if s.Owner {
		return Actor{Kind: ActorOwner, ID: s.UserID}
	}
	return Actor{Kind: ActorStaff, ID: s.UserID}
}

// defaultStaffLimit caps StaffMembers when no limit is given.
const defaultStaffLimit = 50

// SeeStaff records that m was seen in the staff group now, with the name and
// username they have now (the username lowercased). Owner is not stored. A
// member seen again within staffSeenEvery under the same name and username
// is not written again. The error wraps ErrInvalid without a user id.
func (s *Store) SeeStaff(ctx context.Context, m Staff) error {
	if m.UserID == 0 {
		return fmt.Errorf("tickets: see staff: %w: no user id", ErrInvalid)
	}
	m.Username = normalizeUsername(m.Username)
	now := s.now()
	if s.seen.recent(m, now) {
		return nil
	}
	_, err := s.pool.Exec(ctx, s.q.StaffSee, pgx.NamedArgs{
		"user_id": m.UserID, "first_name": m.Name, "username": m.Username, "now": now,
	})
	if err != nil {
		return fmt.Errorf("tickets: see staff %d: %w", m.UserID, err)
	}
	s.seen.note(m, now)
	return nil
}

// staffSeenEvery is how often a member who keeps writing in the group under
// the same name and username is recorded as seen again. Their last_seen
// orders the members the assign picker offers, which a minute hardly
// changes; written at every message, the same row took a write for each
// one, each waiting for the one before it to commit.
const staffSeenEvery = time.Minute

// staffSeenMax bounds the members a store remembers having recorded; past
// it the store starts afresh.
const staffSeenMax = 4096

// seenStaff remembers which members a store recorded as seen, and when,
// with what name and username. Each replica remembers its own writes: a
// member another replica recorded since is at most written again.
type seenStaff struct {
	mu sync.Mutex
	m  map[int64]seenMember
}

type seenMember struct {
	name, username string
	at             time.Time
}

// recent reports whether m was recorded, as m is now, within
// staffSeenEvery before now.
func (c *seenStaff) recent(m Staff, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	was, ok := c.m[m.UserID]
	return ok && was.name == m.Name && was.username == m.Username &&
		!now.Before(was.at) && now.Sub(was.at) < staffSeenEvery
}

// note remembers that m was recorded at now.
func (c *seenStaff) note(m Staff, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= staffSeenMax {
		c.m = make(map[int64]seenMember)
	}
	c.m[m.UserID] = seenMember{name: m.Name, username: m.Username, at: now}
}

// StaffByUsername returns the staff member seen with username ("@name" or
// "name", any case); Owner is false, as the store does not know owners. The
// error wraps ErrNotFound when nobody was seen with it.
func (s *Store) StaffByUsername(ctx context.Context, username string) (*Staff, error) {
	u := normalizeUsername(username)
	if u == "" {
		return nil, fmt.Errorf("tickets: staff by username: %w: empty username", ErrNotFound)
	}
	var m Staff
	err := s.pool.QueryRow(ctx, s.q.StaffByUsername, u).Scan(&m.UserID, &m.Name, &m.Username)
	if isNoRows(err) {
		return nil, fmt.Errorf("tickets: staff @%s: %w", u, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("tickets: staff @%s: %w", u, err)
	}
	return &m, nil
}

// StaffMembers returns up to limit staff members (50 when limit is 0 or
// less), the most recently seen first, with Owner false.
func (s *Store) StaffMembers(ctx context.Context, limit int) ([]Staff, error) {
	if limit <= 0 {
		limit = defaultStaffLimit
	}
	rows, err := s.pool.Query(ctx, s.q.StaffList, limit)
	if err != nil {
		return nil, fmt.Errorf("tickets: staff members: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Staff, error) {
		var m Staff
		err := row.Scan(&m.UserID, &m.Name, &m.Username)
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("tickets: staff members: %w", err)
	}
	return list, nil
}

// normalizeUsername is a username as stored: without "@", lowercased.
func normalizeUsername(u string) string {
	return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(u), "@"))
}
