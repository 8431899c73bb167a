package main

import (
	"context"
	"io"

	"github.com/complaintbot/complaintbot/tickets"
)

func cmdMigrate(ctx context.Context, args []string, env func(string) string, _, stderr io.Writer) error {
	cfg, err := loadConfig(newFlagSet("migrate", stderr), args, env, needs{database: true})
	if err != nil {
		return err
	}
	logger := newLogger(stderr, cfg.LogLevel, cfg.LogFormat)
	pool, err := openPostgres(ctx, cfg.DatabaseURL, 0)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := tickets.Migrate(ctx, pool, logger); err != nil {
		return err
	}
	logger.Info("database is up to date")
	return nil
}
