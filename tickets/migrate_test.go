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

// Replicas starting together on an empty schema migrate under one advisory
// lock: none fails and the River tables exist afterwards.
func TestMigrateConcurrentReplicas(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewEmpty(t)
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

// The desk's migration comes off and goes back on: down to the first
// version its tables and columns are gone and the tickets stay; up again
// they are back, and (up to the latest version) a ticket files and reads
// as before.
func TestMigrateDeskDownUp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// A schema of its own: this test takes it apart.
	pool := pgtest.NewEmpty(t)
	if err := tickets.Migrate(ctx, pool, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	s := storeOn(t, pool)
	tk := file(t, s, 18001)
	if _, _, err := s.AddCustomerMessage(ctx, tk.ID, tickets.NewMessage{UserID: 18001, Text: "hi", ChatID: 18001, MessageID: 1}); err != nil {
		t.Fatal(err)
	}

	if err := tickets.MigrateTo(ctx, pool, 1); err != nil {
		t.Fatalf("down to 1: %v", err)
	}
	deskTables := "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('ticket_threads', 'desk_messages', 'staff_members')"
	deskColumns := `SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()
		AND (table_name, column_name) IN (('tickets', 'urgent'), ('tickets', 'resolution'), ('tickets', 'reopened_at'),
		('ticket_messages', 'delivery'), ('ticket_messages', 'copy_chat_id'), ('ticket_messages', 'copy_message_ids'), ('ticket_messages', 'edited_at'))`
	if n := count(t, pool, deskTables); n != 0 {
		t.Errorf("%d desk tables after down", n)
	}
	if n := count(t, pool, deskColumns); n != 0 {
		t.Errorf("%d desk columns after down", n)
	}
	if n := count(t, pool, "SELECT count(*) FROM ticket_messages WHERE ticket_id = $1", tk.ID); n != 1 {
		t.Errorf("%d messages kept after down, want 1", n)
	}

	if err := tickets.MigrateTo(ctx, pool, 2); err != nil {
		t.Fatalf("up to 2: %v", err)
	}
	if n := count(t, pool, deskTables); n != 3 {
		t.Errorf("%d desk tables after up, want 3", n)
	}
	if n := count(t, pool, deskColumns); n != 7 {
		t.Errorf("%d desk columns after up, want 7", n)
	}
	// The rest of the way up, for the code of today to file with.
	if err := tickets.Migrate(ctx, pool, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, tk.Ref)
	if err != nil {
		t.Fatal(err)
	}
	// Customer messages stored before the desk are not relayed now.
	if len(got.Messages) != 1 || got.Messages[0].Delivery != tickets.DeliveryDelivered {
		t.Errorf("messages after up = %+v, want the one, delivered", got.Messages)
	}
	file(t, s, 18002)
}
