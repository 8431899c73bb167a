//go:build demo

package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"

	"github.com/complaintbot/complaintbot/internal/customersim"
	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/internal/redistest"
)

// The demo tests change process-wide settings (the local servers the demo
// looks for, TMPDIR), so none of them runs in parallel.

// With no PostgreSQL or Redis at the local addresses, the demo starts both
// from the system's binaries (PostgreSQL as an unprivileged user when the
// tests run as root), plays the whole walk-through on them, and removes
// them at exit.
func TestDemoScriptOnItsOwnServers(t *testing.T) {
	noLocalServers(t)
	tmp := demoTempDir(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	d := startDemo(ctx, t, nil, "-script", "-playground", "127.0.0.1:0")
	if code := d.exitCode(t, 5*time.Minute); code != 0 {
		t.Fatalf("demo -script exited with %d\nstdout:\n%s\nstderr:\n%s", code, d.stdout, d.stderr)
	}
	out := d.stdout.String()
	for _, want := range []string{
		"PostgreSQL: started from the system's binaries (",
		"Redis: started from the system's redis-server (",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout does not say %q:\n%s", want, out)
		}
	}
	for _, customer := range []string{"Anna", "小明"} {
		chat := chatOf(out, customer)
		if ref := customersim.RefRE.FindString(chat); ref == "" {
			t.Errorf("%s's chat shows no ticket reference:\n%s", customer, chat)
		}
	}
	assertEmptyDir(t, tmp)
}

// A demo whose playground port is taken refuses on one line before it
// looks at any server: the demo schema and the demo's keys stay as they
// are.
func TestDemoRefusesBusyPlayground(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	env := sharedServers(t)
	marks := placeMarkers(ctx, t, env)

	d := startDemo(ctx, t, env, "-script", "-playground", busy.Addr().String())
	if code := d.exitCode(t, time.Minute); code != 1 {
		t.Fatalf("demo exited with %d, want 1\nstdout:\n%s\nstderr:\n%s", code, d.stdout, d.stderr)
	}
	want := "complaintbot demo: the playground port " + busy.Addr().String() +
		" is in use — is another demo running? use -playground ADDR\n"
	if got := d.stderr.String(); got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
	if out := d.stdout.String(); out != "" {
		t.Errorf("the refused demo printed %q; it should not have looked at any server", out)
	}
	marks.assertKept(ctx, t)
}

// A second demo that shares the PostgreSQL database or the Redis of a
// running one, with a playground of its own, is refused before it clears
// anything.
func TestDemoRefusesSecondDemoOnSharedServers(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	env := sharedServers(t)

	firstCtx, stopFirst := context.WithCancel(ctx)
	defer stopFirst()
	first := startDemo(firstCtx, t, env, "-playground", "127.0.0.1:0")
	first.waitOutput(t, "Playground: ", 2*time.Minute)
	marks := placeMarkers(ctx, t, env)

	t.Run("on the same database", func(t *testing.T) {
		second := startDemo(ctx, t, env, "-script", "-playground", "127.0.0.1:0")
		second.assertRefused(t, "another demo is using the schema "+demoSchema+" in PostgreSQL")
		marks.assertKept(ctx, t)
	})
	t.Run("on the same Redis", func(t *testing.T) {
		noLocalServers(t) // a PostgreSQL of its own
		tmp := demoTempDir(t)
		second := startDemo(ctx, t, map[string]string{"REDIS_URL": env["REDIS_URL"]}, "-script", "-playground", "127.0.0.1:0")
		second.assertRefused(t, "another demo is using the keys under demo: in Redis")
		if out := second.stdout.String(); !strings.Contains(out, "PostgreSQL: started from the system's binaries") {
			t.Errorf("the second demo did not start a PostgreSQL of its own:\n%s", out)
		}
		marks.assertKept(ctx, t)
		assertEmptyDir(t, tmp)
	})

	stopFirst()
	if code := first.exitCode(t, time.Minute); code != 0 {
		t.Fatalf("the first demo, stopped, exited with %d\nstderr:\n%s", code, first.stderr)
	}
}

// Cancelling the context (as Ctrl-C and SIGTERM do) stops the demo whatever
// it is doing, stops the servers it started and removes their directories.
func TestDemoStopsWhenCancelled(t *testing.T) {
	noLocalServers(t)

	t.Run("before it starts", func(t *testing.T) {
		tmp := demoTempDir(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		d := startDemo(ctx, t, nil, "-script", "-playground", "127.0.0.1:0")
		if code := d.exitCode(t, time.Minute); code != 0 {
			t.Fatalf("demo exited with %d\nstderr:\n%s", code, d.stderr)
		}
		assertEmptyDir(t, tmp)
	})

	t.Run("during the walk-through", func(t *testing.T) {
		tmp := demoTempDir(t)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		demoCtx, stop := context.WithCancel(ctx)
		defer stop()
		d := startDemo(demoCtx, t, nil, "-script", "-playground", "127.0.0.1:0")
		d.waitOutput(t, "── chat with Anna ──", 4*time.Minute)
		stop()
		if code := d.exitCode(t, time.Minute); code != 0 {
			t.Fatalf("demo exited with %d\nstderr:\n%s", code, d.stderr)
		}
		assertEmptyDir(t, tmp)
	})
}

// noLocalServers points the demo's local PostgreSQL and Redis at a port
// nothing listens on, so that it starts servers of its own.
func noLocalServers(t *testing.T) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	_ = ln.Close()
	saved := localServers
	localServers.postgres = "postgres://postgres@" + closed + "/postgres?sslmode=disable&connect_timeout=2"
	localServers.redis = "redis://" + closed + "/0"
	t.Cleanup(func() { localServers = saved })
}

// demoTempDir makes TMPDIR a directory of the test's own, which the
// unprivileged user PostgreSQL runs as can reach.
func demoTempDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("TMPDIR", dir)
	return dir
}

func assertEmptyDir(t *testing.T, dir string) {
	t.Helper()
	left, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		t.Errorf("the demo left %s in its temp dir", e.Name())
	}
}

// chatOf is the part of the script's output that shows the chat with the
// customer of that first name.
func chatOf(out, firstName string) string {
	_, chat, ok := strings.Cut(out, "── chat with "+firstName+" ──")
	if !ok {
		return ""
	}
	chat, _, _ = strings.Cut(chat, "\n── ")
	return chat
}

// sharedServers is the environment of a demo that uses the tests' own
// PostgreSQL (its demo schema) and a Redis of this test's own.
func sharedServers(t *testing.T) map[string]string {
	t.Helper()
	env := map[string]string{"DATABASE_URL": pgtest.URL(), "REDIS_URL": redistest.Spawn(t).URL()}
	t.Cleanup(func() {
		conn, err := pgx.Connect(context.Background(), env["DATABASE_URL"])
		if err != nil {
			return
		}
		defer conn.Close(context.Background())
		_, _ = conn.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+demoSchema+" CASCADE")
	})
	return env
}

// markers are a table in the demo schema and a key under the demo's prefix,
// as a running demo's data.
type markers struct{ env map[string]string }

func placeMarkers(ctx context.Context, t *testing.T, env map[string]string) markers {
	t.Helper()
	conn, err := pgx.Connect(ctx, env["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, q := range []string{
		"CREATE SCHEMA IF NOT EXISTS " + demoSchema,
		"CREATE TABLE " + demoSchema + ".running_demo_marker (id int)",
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	rdb := redisClient(t, env["REDIS_URL"])
	if err := rdb.Set(ctx, "demo:running-demo-marker", "1", 0).Err(); err != nil {
		t.Fatal(err)
	}
	return markers{env: env}
}

func (m markers) assertKept(ctx context.Context, t *testing.T) {
	t.Helper()
	conn, err := pgx.Connect(ctx, m.env["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var table *string
	if err := conn.QueryRow(ctx, "SELECT to_regclass($1)::text", demoSchema+".running_demo_marker").Scan(&table); err != nil {
		t.Fatal(err)
	}
	if table == nil {
		t.Error("the table in the demo schema is gone")
	}
	if n, err := redisClient(t, m.env["REDIS_URL"]).Exists(ctx, "demo:running-demo-marker").Result(); err != nil || n != 1 {
		t.Errorf("the key under demo: is gone (exists %d, %v)", n, err)
	}
}

func redisClient(t *testing.T, redisURL string) *redis.Client {
	t.Helper()
	opts, err := redis.ParseURL(redisURL)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opts)
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// runningDemo is `complaintbot demo` run through run in a goroutine.
type runningDemo struct {
	stdout, stderr *watchedBuffer
	code           chan int
}

// startDemo runs the demo command with args, with env as its whole
// environment.
func startDemo(ctx context.Context, t *testing.T, env map[string]string, args ...string) *runningDemo {
	t.Helper()
	d := &runningDemo{stdout: newWatchedBuffer(), stderr: newWatchedBuffer(), code: make(chan int, 1)}
	getenv := func(name string) string { return env[name] }
	go func() { d.code <- run(ctx, append([]string{"demo"}, args...), getenv, d.stdout, d.stderr) }()
	return d
}

// exitCode waits, at most within, for the demo to end.
func (d *runningDemo) exitCode(t *testing.T, within time.Duration) int {
	t.Helper()
	select {
	case code := <-d.code:
		return code
	case <-time.After(within):
		t.Fatalf("the demo did not end within %s\nstdout:\n%s\nstderr:\n%s", within, d.stdout, d.stderr)
		return 0
	}
}

// assertRefused checks that the demo exited with 1, saying why on one line.
func (d *runningDemo) assertRefused(t *testing.T, why string) {
	t.Helper()
	if code := d.exitCode(t, 2*time.Minute); code != 1 {
		t.Fatalf("the demo exited with %d, want 1\nstdout:\n%s\nstderr:\n%s", code, d.stdout, d.stderr)
	}
	if got := d.stderr.String(); !strings.Contains(got, why) || strings.Count(got, "\n") != 1 {
		t.Errorf("the demo's refusal = %q, want one line saying %q", got, why)
	}
}

// waitOutput waits, at most within, for the demo to print text.
func (d *runningDemo) waitOutput(t *testing.T, text string, within time.Duration) {
	t.Helper()
	deadline := time.After(within)
	for {
		changed := d.stdout.changed()
		if strings.Contains(d.stdout.String(), text) {
			return
		}
		select {
		case <-changed:
		case code := <-d.code:
			d.code <- code
			t.Fatalf("the demo ended (%d) before printing %q\nstdout:\n%s\nstderr:\n%s", code, text, d.stdout, d.stderr)
		case <-deadline:
			t.Fatalf("the demo did not print %q within %s\nstdout:\n%s\nstderr:\n%s", text, within, d.stdout, d.stderr)
		}
	}
}

// watchedBuffer is a buffer safe for concurrent writes whose changes can be
// waited for.
type watchedBuffer struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	notify chan struct{} // closed and replaced on every write
}

func newWatchedBuffer() *watchedBuffer { return &watchedBuffer{notify: make(chan struct{})} }

func (b *watchedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	close(b.notify)
	b.notify = make(chan struct{})
	return b.buf.Write(p)
}

func (b *watchedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// changed is closed at the next write.
func (b *watchedBuffer) changed() <-chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.notify
}
