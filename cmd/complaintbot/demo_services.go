//go:build demo

package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"
)

// localServers are where the demo looks for PostgreSQL and Redis when it is
// given none, before it starts servers of its own. Tests point them at a
// closed port.
var localServers = struct{ postgres, redis string }{
	postgres: "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable",
	redis:    "redis://127.0.0.1:6379/0",
}

// demoSchema is where the demo keeps its tables.
const demoSchema = "complaintbot_demo"

// demoServers are the PostgreSQL and Redis the demo uses. A shared one (given,
// or the local one) may hold another demo's data; a server the demo started
// is its own, and ends with it.
type demoServers struct {
	dbURL, redisURL       string
	sharedDB, sharedRedis bool
	closers               []func() // run in reverse order by close
}

// openDemoServers picks the demo's servers and says which: the given ones,
// else the local ones when they answer, else servers of the demo's own.
func openDemoServers(ctx context.Context, cfg *config, say io.Writer) (*demoServers, error) {
	s := &demoServers{}
	if err := s.pickPostgres(ctx, cfg.DatabaseURL, say); err != nil {
		s.close()
		return nil, err
	}
	if err := s.pickRedis(ctx, cfg.RedisURL, say); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// close releases what the demo holds and stops the servers it started.
func (s *demoServers) close() {
	for i := len(s.closers) - 1; i >= 0; i-- {
		s.closers[i]()
	}
	s.closers = nil
}

func (s *demoServers) pickPostgres(ctx context.Context, given string, say io.Writer) error {
	local := postgresAddr(localServers.postgres)
	switch {
	case given != "":
		s.dbURL, s.sharedDB = given, true
		fmt.Fprintln(say, "PostgreSQL: DATABASE_URL")
	case answersPostgres(ctx, localServers.postgres):
		s.dbURL, s.sharedDB = localServers.postgres, true
		fmt.Fprintf(say, "PostgreSQL: the local server at %s\n", local)
	default:
		pg, err := startTempPostgres(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("no PostgreSQL answers at %s, and the demo could not start one of its own (or give it one with DATABASE_URL): %w", local, err)
		}
		s.closers = append(s.closers, pg.stop)
		s.dbURL = pg.URL()
		fmt.Fprintf(say, "PostgreSQL: started from the system's binaries (%s), data in a temp dir, removed at exit\n", pg.installDir())
	}
	return nil
}

func (s *demoServers) pickRedis(ctx context.Context, given string, say io.Writer) error {
	local := redisAddr(localServers.redis)
	switch {
	case given != "":
		s.redisURL, s.sharedRedis = given, true
		fmt.Fprintln(say, "Redis: REDIS_URL")
	case answersRedis(ctx, localServers.redis):
		s.redisURL, s.sharedRedis = localServers.redis, true
		fmt.Fprintf(say, "Redis: the local server at %s\n", local)
	default:
		r, err := startTempRedis(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("no Redis answers at %s, and the demo could not start one of its own (or give it one with REDIS_URL): %w", local, err)
		}
		s.closers = append(s.closers, r.stop)
		s.redisURL = r.URL()
		fmt.Fprintf(say, "Redis: started from the system's redis-server (%s), nothing kept, stopped at exit\n", r.bin)
	}
	return nil
}

// claim makes the demo the only one using the demo schema and the keys under
// prefix on the shared servers, and with fresh then clears them: the
// simulated world is new each run, and so are its chat and update ids, so
// tickets of an earlier run would belong to strangers. It returns the
// database URL with the demo schema as its search path. What it takes is
// held until close.
func (s *demoServers) claim(ctx context.Context, prefix string, fresh bool) (string, error) {
	u, err := url.Parse(s.dbURL)
	if err != nil {
		return "", &configError{Name: "DATABASE_URL", Msg: "not a PostgreSQL URL"}
	}
	q := u.Query()
	q.Set("search_path", demoSchema)
	u.RawQuery = q.Encode()

	conn, err := s.lockSchema(ctx)
	if err != nil {
		return "", err
	}
	rdb, err := s.lockKeys(ctx, prefix)
	if err != nil {
		return "", err
	}
	if fresh {
		if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+demoSchema+" CASCADE"); err != nil {
			return "", fmt.Errorf("reset the demo schema: %w", err)
		}
		if err := clearRedisPrefix(ctx, rdb, prefix); err != nil {
			return "", fmt.Errorf("reset the demo's keys in Redis: %w", err)
		}
	}
	if _, err := conn.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+demoSchema); err != nil {
		return "", fmt.Errorf("create the demo schema: %w", err)
	}
	return u.String(), nil
}

// lockSchema connects to PostgreSQL and, on a shared server, takes a session
// lock on the demo schema: the connection is kept until close, so a second
// demo on the same database is refused, and the lock goes with the
// connection should the demo die.
func (s *demoServers) lockSchema(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.Connect(ctx, s.dbURL)
	if err != nil {
		return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	s.closers = append(s.closers, func() {
		closeCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = conn.Close(closeCtx)
	})
	if !s.sharedDB {
		return conn, nil
	}
	var locked bool
	if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock(hashtext($1))", "complaintbot demo "+demoSchema).Scan(&locked); err != nil {
		return nil, fmt.Errorf("lock the demo schema: %w", err)
	}
	if !locked {
		return nil, fmt.Errorf("another demo is using the schema %s in PostgreSQL at %s — stop it, or give this one a database of its own with DATABASE_URL",
			demoSchema, postgresAddr(s.dbURL))
	}
	return conn, nil
}

// lockKeys connects to Redis and, on a shared server, takes the lock on the
// keys under prefix (see lockDemoKeys) until close.
func (s *demoServers) lockKeys(ctx context.Context, prefix string) (*redis.Client, error) {
	opts, err := redis.ParseURL(s.redisURL)
	if err != nil {
		return nil, &configError{Name: "REDIS_URL", Msg: "not a Redis URL"}
	}
	rdb := redis.NewClient(opts)
	s.closers = append(s.closers, func() { _ = rdb.Close() })
	if !s.sharedRedis {
		return rdb, nil
	}
	release, err := lockDemoKeys(ctx, rdb, prefix)
	if err != nil {
		return nil, err
	}
	s.closers = append(s.closers, release)
	return rdb, nil
}

// demoLockTTL is how long the demo's lock in Redis outlives a demo that
// died without releasing it; a running demo renews it well before.
const demoLockTTL = 30 * time.Second

var (
	renewLockScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`)
	releaseLockScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`)
)

// lockDemoKeys takes the lock on the keys under prefix: a key outside the
// prefix (so that clearing the prefix keeps it), renewed until release.
func lockDemoKeys(ctx context.Context, rdb *redis.Client, prefix string) (release func(), err error) {
	key := "complaintbot-demo-lock:" + prefix
	token := rand.Text()
	ok, err := rdb.SetNX(ctx, key, token, demoLockTTL).Result()
	if err != nil {
		return nil, fmt.Errorf("lock the demo's keys in Redis: %w", err)
	}
	if !ok {
		return nil, fmt.Errorf("another demo is using the keys under %s in Redis at %s — stop it, or give this one a Redis of its own with REDIS_URL",
			prefix, rdb.Options().Addr)
	}
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		renewDemoLock(rdb, key, token, stop)
	}()
	return func() {
		close(stop)
		<-stopped
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = releaseLockScript.Run(ctx, rdb, []string{key}, token).Err()
	}, nil
}

// renewDemoLock extends the lock every third of its TTL until stop is
// closed. A renewal that fails is tried again at the next tick.
func renewDemoLock(rdb *redis.Client, key, token string, stop <-chan struct{}) {
	tick := time.NewTicker(demoLockTTL / 3)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
			ctx, cancel := context.WithTimeout(context.Background(), demoLockTTL/3)
			_ = renewLockScript.Run(ctx, rdb, []string{key}, token, demoLockTTL.Milliseconds()).Err()
			cancel()
		}
	}
}

// clearRedisPrefix deletes every key under prefix.
func clearRedisPrefix(ctx context.Context, rdb *redis.Client, prefix string) error {
	iter := rdb.Scan(ctx, 0, prefix+"*", 1000).Iterator()
	for iter.Next(ctx) {
		if err := rdb.Del(ctx, iter.Val()).Err(); err != nil {
			return err
		}
	}
	return iter.Err()
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

func answersRedis(ctx context.Context, redisURL string) bool {
	opts, err := redis.ParseURL(redisURL)
	if err != nil {
		return false
	}
	opts.MaxRetries = -1
	rdb := redis.NewClient(opts)
	defer rdb.Close()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return rdb.Ping(ctx).Err() == nil
}

// postgresAddr is the host and port of a PostgreSQL URL, for messages that
// must not show its password.
func postgresAddr(dbURL string) string {
	cfg, err := pgx.ParseConfig(dbURL)
	if err != nil {
		return "DATABASE_URL"
	}
	return fmt.Sprintf("%s:%d", cfg.Host, cfg.Port)
}

// redisAddr is the host and port of a Redis URL, for messages that must not
// show its password.
func redisAddr(redisURL string) string {
	opts, err := redis.ParseURL(redisURL)
	if err != nil {
		return "REDIS_URL"
	}
	return opts.Addr
}
