// Package pgtest gives each test a PostgreSQL schema of its own on the real
// server, migrated to the current version and empty.
//
// Migrating a schema takes far longer than emptying one, so schemas are
// reused, much as River's riverdbtest does: when a test ends its schema's
// tables are emptied and the schema waits, migrated, for the next test.
// Schemas outlive the test binary and later runs reuse them too.
//
// A pooled schema is named pgt_<migrations>_<created>_<random>, where
// <migrations> is a digest of every migration tickets.Migrate applies (River's
// and the project's), so a schema migrated with other migrations is never
// handed out. Its comment says it was migrated to the end, so one whose
// creator died half way is never handed out either. While a process holds a
// schema, in use or waiting, it holds a session-level advisory lock on its
// name on one connection of its own; no other process takes a schema it
// cannot lock, and the locks go with that connection when the process ends.
// Each process, on its first schema, drops the schemas nobody holds that are
// unfinished, or were migrated with other migrations more than a day ago.
package pgtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/complaintbot/complaintbot/tickets"
)

// DefaultURL is the database tests use when TEST_DATABASE_URL is not set.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// URL returns the database URL for tests.
func URL() string {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}
	return DefaultURL
}

// New returns a pool whose search_path is a schema of the test's own with
// every migration applied and no rows in its tables. The pool is closed and
// the schema emptied for another test when the test ends.
//
// A test that changes the schema itself (migrates it down, alters a table)
// must use NewEmpty instead.
func New(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool, err := pgxpool.New(context.Background(), NewURL(t))
	if err != nil {
		t.Fatalf("pgtest: connect: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// NewURL returns a database URL whose search_path is a schema as New gives,
// for code under test that opens its own connections. Those connections must
// be closed by the time the test ends (in a Cleanup registered after
// NewURL): a schema that still has connections is dropped, not reused.
func NewURL(t testing.TB) string {
	t.Helper()
	p := processPool(t)
	schema, err := p.checkOut(t)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() { p.checkIn(t, schema) })
	return schemaURL(t, schema)
}

// NewEmpty returns a pool whose search_path is a new schema with nothing in
// it, for tests that migrate the schema themselves or change it. The pool is
// closed and the schema dropped when the test ends.
func NewEmpty(t testing.TB) *pgxpool.Pool {
	t.Helper()
	p := processPool(t)
	ctx := context.Background()
	schema, err := p.create(ctx, fmt.Sprintf("pgt_fresh_%d_%s", time.Now().Unix(), randomHex(4)))
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() { p.discard(t, schema) })
	pool, err := pgxpool.New(ctx, schemaURL(t, schema))
	if err != nil {
		t.Fatalf("pgtest: connect: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

const (
	// lockClass is the first key of every schema's advisory lock; the second
	// is hashtext(schema name).
	lockClass = 0x70677473 // "pgts"
	// migratedMark is the comment of a pooled schema once it is migrated.
	migratedMark = "pgtest: migrated"
	// staleAfter is how long a schema migrated with other migrations is kept
	// for a worktree or branch that still has them.
	staleAfter = 24 * time.Hour
	// settleTime is how long a schema's connections get to go away at the end
	// of a test before the schema is given up.
	settleTime = 500 * time.Millisecond
)

// pool is this process's share of the test schemas.
type pool struct {
	admin  *pgxpool.Pool // creates, empties and drops schemas
	prefix string        // "pgt_<migrations digest>_"

	lockMu sync.Mutex
	lock   *pgx.Conn // holds the advisory lock of every schema in owned

	mu    sync.Mutex
	owned map[string]bool // schemas this process holds, in use or idle
	idle  []string        // owned schemas, empty and ready
}

var (
	theOnce sync.Once
	thePool *pool
	theErr  error
)

// processPool returns the process's schema pool, set up (and the leftovers of
// earlier runs swept) on first use.
func processPool(t testing.TB) *pool {
	t.Helper()
	theOnce.Do(func() { thePool, theErr = newPool(context.Background()) })
	if theErr != nil {
		t.Fatalf("pgtest: %v", theErr)
	}
	return thePool
}

func newPool(ctx context.Context) (*pool, error) {
	digest, err := migrationsDigest()
	if err != nil {
		return nil, err
	}
	cfg, err := pgxpool.ParseConfig(URL())
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", URL(), err)
	}
	// Emptying or dropping a schema waits this long for a test's leftover
	// transaction before it gives up.
	cfg.ConnConfig.RuntimeParams["lock_timeout"] = "5s"
	// The catalogs of a test database churn with every schema created and
	// dropped; their stale statistics otherwise get the queries below
	// compiled, which takes far longer than running them.
	cfg.ConnConfig.RuntimeParams["jit"] = "off"
	admin, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	lock, err := pgx.Connect(ctx, URL())
	if err != nil {
		admin.Close()
		return nil, fmt.Errorf("connect: %w", err)
	}
	p := &pool{admin: admin, lock: lock, prefix: "pgt_" + digest + "_", owned: map[string]bool{}}
	if err := p.sweep(ctx); err != nil {
		return nil, err
	}
	return p, nil
}

// migrationsDigest identifies the migrations tickets.Migrate applies: River's
// and then the project's.
func migrationsDigest() (string, error) {
	h := sha256.New()
	river, err := rivermigrate.New(riverpgxv5.New(nil), &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return "", fmt.Errorf("river migrations: %w", err)
	}
	for _, m := range river.AllVersions() {
		fmt.Fprintf(h, "river %d %s\n%s\n", m.Version, m.Name, m.SQLUp)
	}
	err = fs.WalkDir(tickets.Migrations(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(tickets.Migrations(), path)
		fmt.Fprintf(h, "tickets %s\n%s\n", path, data)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("migrations: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}

// sweep drops the schemas no process holds that were left unfinished (a
// test binary killed while it migrated one, a fresh schema never dropped) or
// that were migrated with other migrations long enough ago.
func (p *pool) sweep(ctx context.Context) error {
	rows, err := p.admin.Query(ctx, `SELECT nspname, coalesce(obj_description(oid, 'pg_namespace'), '') = $1
		FROM pg_namespace WHERE nspname LIKE 'pgt\_%'`, migratedMark)
	if err != nil {
		return fmt.Errorf("list schemas: %w", err)
	}
	var stale []string
	var (
		name     string
		migrated bool
	)
	_, err = pgx.ForEachRow(rows, []any{&name, &migrated}, func() error {
		if !migrated || !strings.HasPrefix(name, p.prefix) && createdBefore(name, time.Now().Add(-staleAfter)) {
			stale = append(stale, name)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("list schemas: %w", err)
	}
	for _, s := range stale {
		ok, err := p.tryLock(ctx, s)
		if err != nil {
			return err
		}
		if !ok {
			continue // held by another process
		}
		_, err = p.admin.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{s}.Sanitize()+" CASCADE")
		if uerr := p.unlock(ctx, s); err == nil {
			err = uerr
		}
		if err != nil {
			return fmt.Errorf("drop stale schema %s: %w", s, err)
		}
	}
	return nil
}

// createdBefore reports whether the schema, named pgt_<x>_<unix time>_<r>,
// was created before t.
func createdBefore(schema string, t time.Time) bool {
	parts := strings.Split(schema, "_")
	if len(parts) != 4 {
		return true
	}
	sec, err := strconv.ParseInt(parts[2], 10, 64)
	return err != nil || time.Unix(sec, 0).Before(t)
}

// checkOut returns a migrated, empty schema for one test: one of the
// process's idle ones, else one another process left behind, else a new one.
func (p *pool) checkOut(t testing.TB) (string, error) {
	t.Helper()
	ctx := context.Background()
	if s, err := p.reuse(ctx); s != "" || err != nil {
		return s, err
	}
	schema, err := p.create(ctx, fmt.Sprintf("%s%d_%s", p.prefix, time.Now().Unix(), randomHex(4)))
	if err != nil {
		return "", err
	}
	if err := migrate(ctx, schemaURL(t, schema)); err != nil {
		p.discard(t, schema)
		return "", err
	}
	if _, err := p.admin.Exec(ctx, "COMMENT ON SCHEMA "+pgx.Identifier{schema}.Sanitize()+" IS '"+migratedMark+"'"); err != nil {
		p.discard(t, schema)
		return "", fmt.Errorf("mark schema %s: %w", schema, err)
	}
	return schema, nil
}

// reuse takes an idle schema of the process's, or else locks and empties one
// left by a process that has ended. It returns "" when there is none.
func (p *pool) reuse(ctx context.Context) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.idle); n > 0 {
		s := p.idle[n-1]
		p.idle = p.idle[:n-1]
		return s, nil
	}
	rows, err := p.admin.Query(ctx, `SELECT nspname FROM pg_namespace
		WHERE starts_with(nspname, $1) AND obj_description(oid, 'pg_namespace') = $2
		ORDER BY nspname`, p.prefix, migratedMark)
	if err != nil {
		return "", fmt.Errorf("list schemas: %w", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", fmt.Errorf("list schemas: %w", err)
	}
	for _, s := range names {
		if p.owned[s] {
			continue
		}
		ok, err := p.tryLock(ctx, s)
		if err != nil {
			return "", err
		}
		if !ok {
			continue
		}
		// It may have been dropped since the list was read; and its last
		// test may have ended with its process, before it was emptied.
		var marked bool
		err = p.admin.QueryRow(ctx, `SELECT EXISTS (SELECT FROM pg_namespace
			WHERE nspname = $1 AND obj_description(oid, 'pg_namespace') = $2)`, s, migratedMark).Scan(&marked)
		if err == nil && marked {
			err = p.empty(ctx, s)
		}
		if err != nil || !marked {
			_ = p.unlock(ctx, s)
			continue
		}
		p.owned[s] = true
		return s, nil
	}
	return "", nil
}

// create locks and creates the schema.
func (p *pool) create(ctx context.Context, schema string) (string, error) {
	ok, err := p.tryLock(ctx, schema)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", fmt.Errorf("schema %s is locked", schema)
	}
	if _, err := p.admin.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize()); err != nil {
		_ = p.unlock(ctx, schema)
		return "", fmt.Errorf("create schema: %w", err)
	}
	p.mu.Lock()
	p.owned[schema] = true
	p.mu.Unlock()
	return schema, nil
}

// migrate applies every migration to the schema of dbURL's search_path.
func migrate(ctx context.Context, dbURL string) error {
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer pool.Close()
	if err := tickets.Migrate(ctx, pool, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// checkIn empties the schema at the end of its test and makes it idle for
// the next. A schema that still has connections, or will not empty, is
// dropped instead.
func (p *pool) checkIn(t testing.TB, schema string) {
	ctx := context.Background()
	if n, err := p.waitForClients(ctx, schema); err != nil || n > 0 {
		t.Logf("pgtest: schema %s dropped, not reused: connections still open at the end of the test: %d (%v)", schema, n, err)
		p.discard(t, schema)
		return
	}
	if err := p.empty(ctx, schema); err != nil {
		t.Logf("pgtest: schema %s dropped, not reused: %v", schema, err)
		p.discard(t, schema)
		return
	}
	p.mu.Lock()
	p.idle = append(p.idle, schema)
	p.mu.Unlock()
}

// waitForClients waits up to settleTime for the connections opened with the
// schema's URL to close, and returns how many are still open.
func (p *pool) waitForClients(ctx context.Context, schema string) (int, error) {
	deadline := time.Now().Add(settleTime)
	for {
		var n int
		err := p.admin.QueryRow(ctx, "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1",
			schema).Scan(&n)
		if err != nil || n == 0 || time.Now().After(deadline) {
			return n, err
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// empty deletes every row of the schema's tables but the two that record
// which migrations ran (goose's and River's), and restarts the sequences of
// the emptied tables, as TRUNCATE ... RESTART IDENTITY CASCADE would. It
// deletes rather than truncates: TRUNCATE gives each table and index new
// files, which costs about as much as migrating a new schema (a quarter of a
// second), where deleting the few rows a test leaves takes milliseconds.
func (p *pool) empty(ctx context.Context, schema string) error {
	// Each table with the tables whose foreign keys refer to it.
	rows, err := p.admin.Query(ctx, `SELECT c.relname,
			array(SELECT r.relname FROM pg_constraint k JOIN pg_class r ON r.oid = k.conrelid
			      WHERE k.contype = 'f' AND k.confrelid = c.oid AND k.conrelid <> c.oid)
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname <> ALL ($2)
		ORDER BY c.relname`, schema, keptTables)
	if err != nil {
		return fmt.Errorf("list tables: %w", err)
	}
	var (
		tables   []string
		referrer = map[string][]string{}
		table    string
		refs     []string
	)
	_, err = pgx.ForEachRow(rows, []any{&table, &refs}, func() error {
		tables = append(tables, table)
		referrer[table] = refs
		return nil
	})
	if err != nil {
		return fmt.Errorf("list tables: %w", err)
	}

	b := &pgx.Batch{}
	for _, t := range deleteOrder(tables, referrer) {
		b.Queue("DELETE FROM " + pgx.Identifier{schema, t}.Sanitize())
	}
	b.Queue(`SELECT setval(s.seqrelid, s.seqstart, false)
		FROM pg_sequence s
		JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid
		                AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
		JOIN pg_class t ON t.oid = d.refobjid
		JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE n.nspname = $1 AND t.relname <> ALL ($2)`, schema, keptTables)
	// A batch runs as one transaction.
	if err := p.admin.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("empty schema %s: %w", schema, err)
	}
	return nil
}

// keptTables are the tables empty leaves alone: they record which migrations
// ran, so that tickets.Migrate on a reused schema finds nothing to do.
var keptTables = []string{"goose_db_version", "river_migration"}

// deleteOrder orders tables so that each comes after every table whose
// foreign keys refer to it. Tables in a cycle come last, as they are.
func deleteOrder(tables []string, referrer map[string][]string) []string {
	var order []string
	done := map[string]bool{}
	for len(order) < len(tables) {
		before := len(order)
		for _, t := range tables {
			if done[t] || slices.ContainsFunc(referrer[t], func(r string) bool { return !done[r] }) {
				continue
			}
			order = append(order, t)
			done[t] = true
		}
		if len(order) == before {
			for _, t := range tables {
				if !done[t] {
					order = append(order, t)
					done[t] = true
				}
			}
		}
	}
	return order
}

// discard drops the schema and lets go of it. A schema that will not drop
// loses its mark, and the next process's sweep drops it.
func (p *pool) discard(t testing.TB, schema string) {
	ctx := context.Background()
	id := pgx.Identifier{schema}.Sanitize()
	if _, err := p.admin.Exec(ctx, "DROP SCHEMA IF EXISTS "+id+" CASCADE"); err != nil {
		t.Logf("pgtest: drop schema %s: %v", schema, err)
		_, _ = p.admin.Exec(ctx, "COMMENT ON SCHEMA "+id+" IS NULL")
	}
	p.mu.Lock()
	delete(p.owned, schema)
	p.mu.Unlock()
	if err := p.unlock(ctx, schema); err != nil {
		t.Logf("pgtest: %v", err)
	}
}

func (p *pool) tryLock(ctx context.Context, schema string) (bool, error) {
	p.lockMu.Lock()
	defer p.lockMu.Unlock()
	var ok bool
	if err := p.lock.QueryRow(ctx, "SELECT pg_try_advisory_lock($1, hashtext($2))", lockClass, schema).Scan(&ok); err != nil {
		return false, fmt.Errorf("lock schema %s: %w", schema, err)
	}
	return ok, nil
}

func (p *pool) unlock(ctx context.Context, schema string) error {
	p.lockMu.Lock()
	defer p.lockMu.Unlock()
	if _, err := p.lock.Exec(ctx, "SELECT pg_advisory_unlock($1, hashtext($2))", lockClass, schema); err != nil {
		return fmt.Errorf("unlock schema %s: %w", schema, err)
	}
	return nil
}

// schemaURL is URL() with the schema as search_path, and as application name
// so that its connections can be told apart at the end of the test.
func schemaURL(t testing.TB, schema string) string {
	t.Helper()
	u, err := url.Parse(URL())
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	q.Set("application_name", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
