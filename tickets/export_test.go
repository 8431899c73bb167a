package tickets

import (
	"context"
	"io/fs"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
)

// SetRefs replaces the store's reference generator, so a test can make
// references collide.
func SetRefs(s *Store, refs func() (string, error)) { s.refs = refs }

// NewRef exposes the reference generator on a chosen source of randomness.
var NewRef = newRef

// MigrateTo moves the schema of pool's search path up or down to version
// of the package's migrations.
func MigrateTo(ctx context.Context, pool *pgxpool.Pool, version int64) error {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return err
	}
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return err
	}
	current, err := p.GetDBVersion(ctx)
	if err != nil {
		return err
	}
	if version < current {
		_, err = p.DownTo(ctx, version)
	} else {
		_, err = p.UpTo(ctx, version)
	}
	return err
}

// ReturnWorkers returns the workers of a return's reminders and expiry on s,
// so a test can work a job itself, at the store's clock.
func ReturnWorkers(s *Store) (*ReturnReminderWorker, *ReturnExpiryWorker) {
	return &ReturnReminderWorker{store: s, logger: s.logger}, &ReturnExpiryWorker{store: s, logger: s.logger}
}

// ReturnReminders exposes the times of a return's reminders.
var ReturnReminders = returnReminders

// AwaitingWorkerOf returns the worker of a waiting ticket's nudge and
// auto-close on s, so a test can work a job itself, at the store's clock.
func AwaitingWorkerOf(s *Store) *AwaitingWorker {
	return &AwaitingWorker{store: s, logger: s.logger}
}

// SLAWorkerOf is the timer worker of s, for a test to work a job directly.
func SLAWorkerOf(s *Store) *SLAWorker {
	return &SLAWorker{store: s, logger: s.logger}
}

// SurveyWorkerOf returns the worker of the survey's steps on s, so a test
// can work a job itself, at the store's clock.
func SurveyWorkerOf(s *Store) *SurveyWorker {
	return &SurveyWorker{store: s, logger: s.logger}
}

// NoticeWorkerOf returns the customer notices' worker on s sending through
// n, so a test can work a notice job itself.
func NoticeWorkerOf(s *Store, n Notifier) *CustomerNoticeWorker {
	return &CustomerNoticeWorker{store: s, notifier: n, logger: s.logger}
}

// Queries returns the SQL of the package's queries, for tests that look at
// their plans.
func Queries() (queries, error) { return loadQueries(queryFiles) }

// LockTicket locks a ticket in tx as a follow-up job or a staff action
// does, until tx ends.
func LockTicket(ctx context.Context, s *Store, tx pgx.Tx, id int64) error {
	_, err := s.lockTicket(ctx, tx, id)
	return err
}
