package tickets_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"

	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/tickets"
)

// Replicas starting together migrate under one advisory lock: none fails and
// the River tables exist afterwards.
func TestMigrateConcurrentReplicas(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t) // already migrated once
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))

	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- tickets.Migrate(context.Background(), pool, logger)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent migrate: %v", err)
		}
	}
	var n int
	if err := pool.QueryRow(context.Background(),
		"SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'river_job'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("river_job tables in schema = %d, want 1", n)
	}
}
