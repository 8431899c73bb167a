//go:build demo

package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/alicebob/miniredis/v2"
	embeddedpostgres "github.com/fergusstrange/embedded-postgres"
	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"
)

// Local servers at their standard ports, tried when the demo is given none.
const (
	localPostgres = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	localRedis    = "redis://127.0.0.1:6379/0"
	demoSchema    = "complaintbot_demo"
)

// demoDatabase returns the PostgreSQL URL the demo uses: DATABASE_URL when set,
// else the local server when it answers, else an embedded server run from the
// system's PostgreSQL binaries. The demo keeps its tables in a schema of its
// own. stop releases what was started.
func demoDatabase(ctx context.Context, given string, fresh bool, say io.Writer) (dbURL string, stop func(), err error) {
	stop = func() {}
	switch {
	case given != "":
		dbURL = given
		fmt.Fprintln(say, "PostgreSQL: DATABASE_URL")
	case answersPostgres(ctx, localPostgres):
		dbURL = localPostgres
		fmt.Fprintln(say, "PostgreSQL: the local server at 127.0.0.1:5432")
	default:
		dbURL, stop, err = embeddedPostgres()
		if err != nil {
			return "", nil, fmt.Errorf("no PostgreSQL: none answers at 127.0.0.1:5432 and an embedded one could not start (%v); install PostgreSQL (apt-get install postgresql) or set DATABASE_URL", err)
		}
		fmt.Fprintln(say, "PostgreSQL: embedded, from the system's PostgreSQL binaries")
	}
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		stop()
		return "", nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	defer conn.Close(ctx)
	if fresh {
		// The simulated world is new each run, and so are its chat and
		// update ids: tickets of an earlier run would belong to strangers.
		if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+demoSchema+" CASCADE"); err != nil {
			stop()
			return "", nil, fmt.Errorf("reset demo schema: %w", err)
		}
	}
	if _, err := conn.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+demoSchema); err != nil {
		stop()
		return "", nil, fmt.Errorf("create demo schema: %w", err)
	}
	u, err := url.Parse(dbURL)
	if err != nil {
		stop()
		return "", nil, &configError{Name: "DATABASE_URL", Msg: "not a PostgreSQL URL"}
	}
	q := u.Query()
	q.Set("search_path", demoSchema)
	u.RawQuery = q.Encode()
	return u.String(), stop, nil
}

func answersPostgres(ctx context.Context, dbURL string) bool {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return false
	}
	_ = conn.Close(ctx)
	return true
}

func embeddedPostgres() (string, func(), error) {
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(bins) == 0 {
		return "", nil, fmt.Errorf("no PostgreSQL binaries under /usr/lib/postgresql")
	}
	root := filepath.Dir(filepath.Dir(bins[len(bins)-1]))
	dir, err := os.MkdirTemp("", "complaintbot-demo-pg")
	if err != nil {
		return "", nil, err
	}
	const port = 54329
	pg := embeddedpostgres.NewDatabase(embeddedpostgres.DefaultConfig().
		BinariesPath(root).RuntimePath(dir).DataPath(filepath.Join(dir, "data")).
		Port(port).Logger(io.Discard))
	if err := pg.Start(); err != nil {
		_ = os.RemoveAll(dir)
		return "", nil, err
	}
	stop := func() {
		_ = pg.Stop()
		_ = os.RemoveAll(dir)
	}
	return fmt.Sprintf("postgres://postgres:postgres@127.0.0.1:%d/postgres?sslmode=disable", port), stop, nil
}

// demoRedis returns the Redis URL the demo uses: REDIS_URL when set, else the
// local server when it answers, else an in-process one.
func demoRedis(ctx context.Context, given string, say io.Writer) (string, func(), error) {
	if given != "" {
		fmt.Fprintln(say, "Redis: REDIS_URL")
		return given, func() {}, nil
	}
	opts, _ := redis.ParseURL(localRedis)
	rdb := redis.NewClient(opts)
	defer rdb.Close()
	pingCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if rdb.Ping(pingCtx).Err() == nil {
		fmt.Fprintln(say, "Redis: the local server at 127.0.0.1:6379")
		return localRedis, func() {}, nil
	}
	mr, err := miniredis.Run()
	if err != nil {
		return "", nil, fmt.Errorf("no Redis: none answers at 127.0.0.1:6379 and an in-process one could not start (%v); install Redis (apt-get install redis-server) or set REDIS_URL", err)
	}
	fmt.Fprintln(say, "Redis: in-process (miniredis); nothing is kept after the demo")
	return "redis://" + mr.Addr() + "/0", mr.Close, nil
}

// clearRedisPrefix deletes every key under prefix.
func clearRedisPrefix(ctx context.Context, redisURL, prefix string) error {
	opts, err := redis.ParseURL(redisURL)
	if err != nil {
		return err
	}
	rdb := redis.NewClient(opts)
	defer rdb.Close()
	iter := rdb.Scan(ctx, 0, prefix+"*", 1000).Iterator()
	for iter.Next(ctx) {
		if err := rdb.Del(ctx, iter.Val()).Err(); err != nil {
			return err
		}
	}
	return iter.Err()
}
