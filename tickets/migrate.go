package tickets

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

//go:embed migrations
var migrationFiles embed.FS

// migrateLockKey is the Postgres advisory lock that serialises migrations, so
// that replicas starting together apply each migration once.
const migrateLockKey = 0x636f6d706c61 // "compla"

// Migrations returns the project's own numbered migrations, the files in
// migrations/ that Migrate applies after River's.
func Migrations() fs.FS {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err) // the embedded directory is always there
	}
	return sub
}

// Migrate brings the database up to date: River's job tables first, then the
// project's own numbered migrations in migrations/. It holds a session-level
// advisory lock for the whole run, so concurrent callers wait for each other
// and then find nothing left to do. Migrations apply to the schema first in
// the pool's search_path.
func Migrate(ctx context.Context, pool *pgxpool.Pool, logger *slog.Logger) error {
	// Migrations run on connections of their own: callers waiting for the
	// lock hold connections, and borrowing from a shared pool could wait on
	// them forever.
	cfg := pool.Config()
	cfg.MinConns, cfg.MaxConns = 0, 3
	own, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("tickets: migrate: connect: %w", err)
	}
	defer own.Close()

	conn, err := own.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("tickets: migrate: acquire connection: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", migrateLockKey); err != nil {
		return fmt.Errorf("tickets: migrate: take lock: %w", err)
	}
	defer func() {
		// A fresh context: the lock must be released even when ctx is done.
		_, _ = conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrateLockKey)
	}()

	migrator, err := rivermigrate.New(riverpgxv5.New(own), &rivermigrate.Config{Logger: logger})
	if err != nil {
		return fmt.Errorf("tickets: migrate river: %w", err)
	}
	res, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return fmt.Errorf("tickets: migrate river: %w", err)
	}
	for _, v := range res.Versions {
		logger.Info("applied river migration", "version", v.Version)
	}

	db := stdlib.OpenDBFromPool(own)
	defer db.Close()
	provider, err := goose.NewProvider(goose.DialectPostgres, db, Migrations(), goose.WithDisableGlobalRegistry(true))
	if errors.Is(err, goose.ErrNoMigrations) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("tickets: migrate: %w", err)
	}
	results, err := provider.Up(ctx)
	if err != nil {
		return fmt.Errorf("tickets: migrate: %w", err)
	}
	for _, r := range results {
		logger.Info("applied migration", "version", r.Source.Version, "file", r.Source.Path)
	}
	return nil
}
