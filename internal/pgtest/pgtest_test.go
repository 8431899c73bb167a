package pgtest

import (
	"context"
	"io/fs"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/complaintbot/complaintbot/tickets"
)

// fileTicket inserts a bare ticket and returns its id.
func fileTicket(t *testing.T, pool *pgxpool.Pool, ref string) int64 {
	t.Helper()
	var id int64
	err := pool.QueryRow(context.Background(), `INSERT INTO tickets (ref, submission_id, customer_chat_id, customer_user_id,
		category, issue, description, outcome, arrange_by, check_at, answer_by)
		VALUES ($1, $1, 1, 1, 'apparel', 'fault', 'd', 'repair', now(), now(), now()) RETURNING id`, ref).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func count(t *testing.T, pool *pgxpool.Pool, sql string) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), sql).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// A schema a test leaves comes back to the next one migrated and empty, its
// identities restarted.
func TestSchemaReusedEmpty(t *testing.T) {
	var first string
	t.Run("writes", func(t *testing.T) {
		pool := New(t)
		if err := pool.QueryRow(context.Background(), "SELECT current_schema()").Scan(&first); err != nil {
			t.Fatal(err)
		}
		fileTicket(t, pool, "AAA-AAA")
		if id := fileTicket(t, pool, "AAA-BBB"); id != 2 {
			t.Fatalf("second ticket id = %d", id)
		}
		if _, err := pool.Exec(context.Background(),
			"INSERT INTO river_job (args, kind, max_attempts, queue, state) VALUES ('{}', 'k', 1, 'q', 'available')"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("reads", func(t *testing.T) {
		pool := New(t)
		var schema string
		if err := pool.QueryRow(context.Background(), "SELECT current_schema()").Scan(&schema); err != nil {
			t.Fatal(err)
		}
		if schema != first {
			t.Fatalf("schema %s, want %s again", schema, first)
		}
		// goose keeps a row per migration and one for version 0.
		migrations, err := fs.Glob(tickets.Migrations(), "*.sql")
		if err != nil {
			t.Fatal(err)
		}
		for table, want := range map[string]int{"tickets": 0, "river_job": 0, "goose_db_version": len(migrations) + 1} {
			if n := count(t, pool, "SELECT count(*) FROM "+table); n != want {
				t.Errorf("%d rows in %s, want %d", n, table, want)
			}
		}
		if n := count(t, pool, "SELECT count(*) FROM river_migration"); n == 0 {
			t.Error("river_migration emptied")
		}
		if id := fileTicket(t, pool, "AAA-AAA"); id != 1 {
			t.Errorf("first ticket id = %d, want 1", id)
		}
	})
}

// A schema whose connections outlive its test is dropped, not handed on.
func TestSchemaWithOpenConnectionsDropped(t *testing.T) {
	var dbURL string
	var conn *pgx.Conn
	t.Run("leaks", func(t *testing.T) {
		dbURL = NewURL(t)
		var err error
		if conn, err = pgx.Connect(context.Background(), dbURL); err != nil {
			t.Fatal(err)
		}
	})
	defer conn.Close(context.Background())
	var n int
	err := conn.QueryRow(context.Background(),
		"SELECT count(*) FROM pg_namespace WHERE nspname = current_setting('search_path')").Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("schema of %s still there", dbURL)
	}
}

// NewEmpty gives a schema with no tables, dropped at the end.
func TestNewEmpty(t *testing.T) {
	var schema string
	t.Run("empty", func(t *testing.T) {
		pool := NewEmpty(t)
		if err := pool.QueryRow(context.Background(), "SELECT current_schema()").Scan(&schema); err != nil {
			t.Fatal(err)
		}
		if n := count(t, pool, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"); n != 0 {
			t.Errorf("%d tables in a new empty schema", n)
		}
	})
	var n int
	err := processPool(t).admin.QueryRow(context.Background(),
		"SELECT count(*) FROM pg_namespace WHERE nspname = $1", schema).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("schema %s still there", schema)
	}
}

func TestDeleteOrder(t *testing.T) {
	tables := []string{"a", "b", "c", "d", "x", "y"}
	referrer := map[string][]string{
		"a": {"b", "c"}, // b and c refer to a
		"b": {"d"},
		"x": {"y"}, "y": {"x"}, // a cycle
	}
	got := deleteOrder(tables, referrer)
	pos := func(s string) int { return slices.Index(got, s) }
	if len(got) != len(tables) || pos("d") > pos("b") || pos("b") > pos("a") || pos("c") > pos("a") {
		t.Errorf("deleteOrder = %v", got)
	}
}
