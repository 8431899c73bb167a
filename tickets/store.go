package tickets

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/complaintbot/complaintbot/policy"
)

// Store keeps tickets in PostgreSQL. It is safe for concurrent use.
type Store struct {
	pool   *pgxpool.Pool
	pol    *policy.Policy
	loc    *time.Location // the shop's time zone: every time read is shown in it
	clock  func() time.Time
	river  *river.Client[pgx.Tx]
	q      queries
	logger *slog.Logger
	refs   func() (string, error) // draws a fresh reference
	// reminderDays is how many days before a return's deadline the
	// customer is reminded.
	reminderDays int
	seen         seenStaff // members recorded as seen lately (SeeStaff)
}

// StoreOption configures a Store.
type StoreOption func(*storeConfig)

type storeConfig struct {
	logger       *slog.Logger
	river        *river.Client[pgx.Tx]
	reminderDays int
}

// WithLogger sets the logger; the default discards.
func WithLogger(l *slog.Logger) StoreOption {
	return func(c *storeConfig) { c.logger = l }
}

// WithRiverClient makes the store insert its jobs through c (for instance the
// service's working client, built by NewRiverClient) instead of an
// insert-only client of its own.
func WithRiverClient(c *river.Client[pgx.Tx]) StoreOption {
	return func(cfg *storeConfig) { cfg.river = c }
}

// WithReturnReminderDays sets how many days before a return's deadline the
// customer is reminded to send the item (besides on the day itself); the
// default is DefaultReturnReminderDays, and 0 or less sends only the
// reminder on the day.
func WithReturnReminderDays(days int) StoreOption {
	return func(c *storeConfig) { c.reminderDays = max(0, days) }
}

// NewStore returns a store on pool, whose schema Migrate has brought up to
// date. pol gives the service-level due times and the shop's time zone;
// clock is the time a ticket is filed (time.Now when nil). It fails only when
// the embedded queries or the River client cannot be set up.
func NewStore(pool *pgxpool.Pool, pol *policy.Policy, clock func() time.Time, opts ...StoreOption) (*Store, error) {
	if pool == nil || pol == nil {
		return nil, errors.New("tickets: new store: pool and policy are required")
	}
	cfg := storeConfig{logger: slog.New(slog.DiscardHandler), reminderDays: DefaultReturnReminderDays}
	for _, o := range opts {
		o(&cfg)
	}
	if clock == nil {
		clock = time.Now
	}
	q, err := loadQueries(queryFiles)
	if err != nil {
		return nil, err
	}
	rc := cfg.river
	if rc == nil {
		// No workers: this client only inserts jobs, which the service's
		// working client then runs. It is built like every other client
		// (NewRiverClient), so that its inserts are announced the same way.
		rc, err = NewRiverClient(pool, nil, cfg.logger)
		if err != nil {
			return nil, fmt.Errorf("tickets: new store: river client: %w", err)
		}
	}
	loc := pol.Shop.TimeZone
	if loc == nil {
		loc = time.UTC
	}
	return &Store{pool: pool, pol: pol, loc: loc, clock: clock, river: rc, q: q, logger: cfg.logger, refs: randomRef,
		reminderDays: cfg.reminderDays}, nil
}

// now is the store's clock, at the precision PostgreSQL keeps, so that what
// File returns equals what Get reads back.
func (s *Store) now() time.Time {
	return s.clock().Truncate(time.Microsecond).In(s.loc)
}
