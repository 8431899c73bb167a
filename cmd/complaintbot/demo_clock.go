//go:build demo

package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// demoClock is the simulated shop's time: the real time moved forward by
// what the person asked for in the playground ("+1 hour", "+1 day"), so
// that follow-ups the service planned for later happen now. The service,
// the simulator and the playground all read it.
//
// River decides a job is due by the database's clock, not by the
// service's, so moving forward also moves the follow-up jobs: the ones
// waiting come due earlier by as much, and a job the service schedules
// afterwards (its ScheduledAt read from this clock) is stored at the real
// time it stands for, by a trigger on river_job.
type demoClock struct {
	offset atomic.Int64 // how far ahead of the real time, in nanoseconds
	zone   *time.Location

	mu sync.Mutex // one move at a time
	db *pgxpool.Pool
}

func newDemoClock(zone *time.Location) *demoClock {
	return &demoClock{zone: zone}
}

// now is the shop's time, as the service reads it (cfg.clock).
func (c *demoClock) now() time.Time {
	return time.Now().Add(time.Duration(c.offset.Load()))
}

// shopNow is the shop's time in its zone, as the playground shows it.
func (c *demoClock) shopNow() time.Time {
	return c.now().In(c.zone)
}

// use gives the clock the service's database, where its jobs are; until
// then the clock does not move.
func (c *demoClock) use(db *pgxpool.Pool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.db = db
}

// errClockNotReady is advance's answer before the service's database is
// set up.
var errClockNotReady = errors.New("the shop is still starting; try again in a moment")

// advance moves the clock forward by d: in one transaction every follow-up
// job still to run comes due earlier by d, and jobs scheduled from now on
// are stored earlier by the whole offset; then the clock moves. Should the
// database refuse, nothing moves. advance fails with errClockNotReady until
// use, and while the service has not created its tables.
func (c *demoClock) advance(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.db == nil {
		return errClockNotReady
	}
	offset := time.Duration(c.offset.Load()) + d
	if err := c.moveJobs(ctx, d, offset); err != nil {
		return err
	}
	c.offset.Store(int64(offset))
	return nil
}

// moveJobs brings the jobs waiting forward by d and has jobs scheduled
// later stored offset earlier than their ScheduledAt.
func (c *demoClock) moveJobs(ctx context.Context, d, offset time.Duration) error {
	tx, err := c.db.Begin(ctx)
	if err != nil {
		return fmt.Errorf("move the follow-ups: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	var table *string
	if err := tx.QueryRow(ctx, "SELECT to_regclass('river_job')::text").Scan(&table); err != nil {
		return fmt.Errorf("move the follow-ups: %w", err)
	}
	if table == nil {
		return errClockNotReady
	}
	// River stores a job inserted with a ScheduledAt as 'scheduled'; the
	// service reads that time from this clock, offset ahead of the
	// database's. The interval is an integer written here, not a value
	// from outside. The trigger comes first: creating it locks the table,
	// which must not wait behind the rows this transaction holds.
	shift := fmt.Sprintf(`CREATE OR REPLACE FUNCTION demo_clock_scheduled_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.state = 'scheduled' THEN
		NEW.scheduled_at := NEW.scheduled_at - interval '%d microseconds';
	END IF;
	RETURN NEW;
END $$`, offset.Microseconds())
	steps := []string{"SET LOCAL lock_timeout = '5s'", shift}
	var triggered bool
	if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'river_job'::regclass AND tgname = 'demo_clock')").Scan(&triggered); err != nil {
		return fmt.Errorf("move the follow-ups: %w", err)
	}
	if !triggered {
		steps = append(steps, "CREATE TRIGGER demo_clock BEFORE INSERT ON river_job FOR EACH ROW EXECUTE FUNCTION demo_clock_scheduled_at()")
	}
	for _, q := range steps {
		if _, err := tx.Exec(ctx, q); err != nil {
			return fmt.Errorf("move the follow-ups: %w", err)
		}
	}
	// Jobs waiting for their time, and those due later after a failure,
	// come due as if d had passed.
	if _, err := tx.Exec(ctx, `UPDATE river_job SET scheduled_at = scheduled_at - $1::interval
		WHERE state = 'scheduled' OR (state IN ('available', 'retryable') AND scheduled_at > now())`, d); err != nil {
		return fmt.Errorf("move the follow-ups: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("move the follow-ups: %w", err)
	}
	return nil
}
