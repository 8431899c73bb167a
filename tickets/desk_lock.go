package tickets

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
)

// The staff group shows things in the order they happened only if one
// worker, of all the replicas, posts into it: each River client works the
// desk queue one job at a time, but two replicas would work two at once.
// So the desk queue is worked only by the replica holding the desk lock, a
// session-level advisory lock in PostgreSQL. PostgreSQL drops it with the
// session, so when its holder dies (even by SIGKILL) another replica takes
// it within a retry interval, with no lease to wait out; and the jobs are
// in the same database as the lock.

// DeskLockConfig shapes a DeskLock. Zero values take the defaults.
type DeskLockConfig struct {
	// Retry is how often a replica without the lock tries to take it, and
	// how often the holder checks that its session is still there.
	Retry time.Duration
	// StopTimeout bounds how long giving the lock up waits for the desk
	// job in hand to finish.
	StopTimeout time.Duration
	// Held, when set, is told each time the replica takes the lock (true)
	// and gives it up or loses it (false): a gauge, a test's signal.
	Held   func(bool)
	Logger *slog.Logger
}

// DefaultDeskLockRetry is DeskLockConfig.Retry's default: a dead holder's
// desk is taken over within about a second.
const DefaultDeskLockRetry = time.Second

// deskLockPingTimeout bounds the holder's check that its session is still
// there. A session that ended fails the check at once; the bound is for a
// database that does not answer at all. It is not Retry: a check cut short
// closes the connection, and with it the lock, so a holder slowed down for
// a moment (a busy machine, a checkpoint) would give the desk away.
const deskLockPingTimeout = 10 * time.Second

// DeskLock works the desk queue on a River client for as long as this
// replica holds the desk lock. Make the client with WithDeskOnLock.
type DeskLock struct {
	store  *Store
	jobs   *river.Client[pgx.Tx]
	cfg    DeskLockConfig
	logger *slog.Logger
}

// NewDeskLock returns the desk lock of store's schema for the River client
// jobs.
func (s *Store) NewDeskLock(jobs *river.Client[pgx.Tx], cfg DeskLockConfig) *DeskLock {
	if cfg.Retry <= 0 {
		cfg.Retry = DefaultDeskLockRetry
	}
	if cfg.StopTimeout <= 0 {
		cfg.StopTimeout = MaxJobTimeout
	}
	l := &DeskLock{store: s, jobs: jobs, cfg: cfg, logger: cfg.Logger}
	if l.logger == nil {
		l.logger = s.logger
	}
	return l
}

// Run tries the lock every Retry until ctx ends; while it holds it, jobs
// works the desk queue. It returns when ctx has ended and the lock is
// given up: the desk job in hand finished (within StopTimeout) and
// recorded, so that the next holder neither repeats nor loses it.
func (l *DeskLock) Run(ctx context.Context) {
	tick := time.NewTicker(l.cfg.Retry)
	defer tick.Stop()
	for {
		if err := l.holdOnce(ctx, tick.C); err != nil && ctx.Err() == nil {
			l.logger.Warn("desk lock", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// errLockGone is a desk lock whose session ended under it.
var errLockGone = errors.New("tickets: the desk lock's session ended")

// holdOnce takes the lock if it is free and works the desk queue until ctx
// ends or the lock's session is lost; it returns at once when another
// replica holds it.
func (l *DeskLock) holdOnce(ctx context.Context, check <-chan time.Time) error {
	conn, err := l.store.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("tickets: desk lock: %w", err)
	}
	var took bool
	if err := conn.QueryRow(ctx, l.store.q.JobDeskLock).Scan(&took); err != nil {
		conn.Release()
		return fmt.Errorf("tickets: desk lock: %w", err)
	}
	if !took {
		conn.Release()
		return nil
	}
	lost := l.work(ctx, conn, check)
	if lost != nil {
		// The session is gone or unsure: close it, so that whatever it
		// still holds goes with it.
		_ = conn.Conn().Close(context.Background())
		conn.Release()
		return lost
	}
	unlock, cancel := context.WithTimeout(context.WithoutCancel(ctx), l.cfg.Retry)
	defer cancel()
	if _, err := conn.Exec(unlock, l.store.q.JobDeskUnlock); err != nil {
		_ = conn.Conn().Close(context.Background())
		conn.Release()
		return fmt.Errorf("tickets: desk unlock: %w", err)
	}
	conn.Release()
	return nil
}

// work runs the desk queue while the lock, held on conn, lasts: it hands
// over what the last holder left running, adds the queue to the client,
// checks the session every tick, and removes the queue again when ctx ends
// (nil) or the session is lost (the error).
func (l *DeskLock) work(ctx context.Context, conn *pgxpool.Conn, check <-chan time.Time) error {
	// Whoever ran these held the lock and does no longer: they never
	// finish unless made available again, and the queue's order waits
	// on them.
	tag, err := conn.Exec(ctx, l.store.q.JobDeskHandOver, pgx.NamedArgs{"queue": DeskQueue})
	if err != nil {
		return fmt.Errorf("tickets: desk hand-over: %w", err)
	}
	if n := tag.RowsAffected(); n > 0 {
		l.logger.Warn("desk jobs left running by the last desk worker made available again", "jobs", n)
	}
	if err := l.jobs.Queues().Add(DeskQueue, deskQueueConfig); err != nil {
		return fmt.Errorf("tickets: desk queue: %w", err)
	}
	l.logger.Info("this replica works the desk queue")
	l.held(true)
	defer l.held(false)

	var lost error
	for lost == nil && ctx.Err() == nil {
		select {
		case <-ctx.Done():
		case <-check:
			pctx, cancel := context.WithTimeout(ctx, deskLockPingTimeout)
			if err := conn.Ping(pctx); err != nil && ctx.Err() == nil {
				lost = fmt.Errorf("%w: %w", errLockGone, err)
			}
			cancel()
		}
	}
	l.release(context.WithoutCancel(ctx))
	return lost
}

// release stops working the desk queue: it waits for the job in hand, then
// for its completion to be recorded, so that the next holder does not
// hand it over and run it again.
func (l *DeskLock) release(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, l.cfg.StopTimeout)
	defer cancel()
	if err := l.jobs.Queues().Remove(ctx, DeskQueue); err != nil {
		l.logger.Warn("desk queue not stopped in time", "err", err)
		return
	}
	// River records a finished job's state in batches, a moment after
	// the job returns.
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		var n int
		err := l.store.pool.QueryRow(ctx, l.store.q.JobDeskRunning,
			pgx.NamedArgs{"queue": DeskQueue, "client": l.jobs.ID()}).Scan(&n)
		if err != nil || n == 0 {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func (l *DeskLock) held(b bool) {
	if l.cfg.Held != nil {
		l.cfg.Held(b)
	}
}
