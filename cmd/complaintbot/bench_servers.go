//go:build demo

package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"
)

// benchServers are the run's PostgreSQL database and Redis: a database of
// its own on the given server, dropped at the end, so that
// pg_stat_database counts the service's transactions alone; and a
// redis-server of its own (unless one is given), so that INFO commandstats
// counts the service's commands alone.
type benchServers struct {
	admin       *pgx.Conn // on the server's maintenance database
	dbName      string
	dbURL       string
	redisURL    string
	redisShared bool
	rdb         *redis.Client
	tempRedis   *tempRedis
}

func openBenchServers(ctx context.Context, serverURL, redisURL string) (*benchServers, error) {
	s := &benchServers{}
	admin, err := pgx.Connect(ctx, serverURL)
	if err != nil {
		return nil, fmt.Errorf("connect to PostgreSQL at %s: %w", postgresAddr(serverURL), err)
	}
	s.admin = admin
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	s.dbName = "complaintbot_bench_" + hex.EncodeToString(b)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{s.dbName}.Sanitize()); err != nil {
		s.close()
		return nil, fmt.Errorf("create the run's database: %w", err)
	}
	u, err := url.Parse(serverURL)
	if err != nil {
		s.close()
		return nil, err
	}
	u.Path = "/" + s.dbName
	s.dbURL = u.String()

	if redisURL == "" {
		r, err := startTempRedis(ctx)
		if err != nil {
			s.close()
			return nil, fmt.Errorf("start a redis-server for the run (or give one with -redis-url): %w", err)
		}
		s.tempRedis, redisURL = r, r.URL()
	} else {
		s.redisShared = true
	}
	s.redisURL = redisURL
	opts, err := redis.ParseURL(redisURL)
	if err != nil {
		s.close()
		return nil, err
	}
	s.rdb = redis.NewClient(opts)
	return s, nil
}

// harnessConns is what the run keeps for itself on the server: its admin
// connection, its own pool and a margin.
const harnessConns = 8

// replicaURL is the URL each of replicas is given: the run's database,
// with a pool small enough that all of them, and the run itself, fit in
// what the server has free. pool is each replica's pool, 0 when the
// replicas keep their own size (the URL sets one, or there is room).
func (s *benchServers) replicaURL(ctx context.Context, replicas int) (dbURL string, pool int, err error) {
	if setsPoolSize(s.dbURL) {
		return s.dbURL, 0, nil
	}
	var free int
	err = s.admin.QueryRow(ctx, `SELECT current_setting('max_connections')::int
		- current_setting('superuser_reserved_connections')::int
		- (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')`).Scan(&free)
	if err != nil {
		return "", 0, fmt.Errorf("count PostgreSQL's free connections: %w", err)
	}
	pool = (free - harnessConns) / replicas
	if pool >= replicaPoolSize {
		return s.dbURL, 0, nil
	}
	if pool < 4 {
		return "", 0, fmt.Errorf("PostgreSQL has %d connections free, too few for %d replicas (raise max_connections, or set pool_max_conns in -database-url)", free, replicas)
	}
	u, err := url.Parse(s.dbURL)
	if err != nil {
		return "", 0, err
	}
	q := u.Query()
	q.Set("pool_max_conns", strconv.Itoa(pool))
	u.RawQuery = q.Encode()
	return u.String(), pool, nil
}

// redisPrefix starts the run's keys in Redis.
func (s *benchServers) redisPrefix() string { return "bench:" + s.dbName + ":" }

func (s *benchServers) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if s.rdb != nil {
		if s.redisShared {
			_ = clearRedisPrefix(ctx, s.rdb, s.redisPrefix())
		}
		_ = s.rdb.Close()
	}
	if s.tempRedis != nil {
		s.tempRedis.stop()
	}
	if s.admin != nil {
		if s.dbName != "" {
			_, _ = s.admin.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{s.dbName}.Sanitize()+" WITH (FORCE)")
		}
		_ = s.admin.Close(ctx)
	}
}

// pgTransactions is how many transactions the run's database has committed
// or rolled back, as far as the server's statistics have been told:
// backends report when they end, so read it after the service stopped.
func (s *benchServers) pgTransactions(ctx context.Context) (int64, error) {
	var n int64
	err := s.admin.QueryRow(ctx, `SELECT coalesce(sum(xact_commit + xact_rollback), 0)::bigint
		FROM pg_stat_database WHERE datname = $1`, s.dbName).Scan(&n)
	return n, err
}

// redisCommands is the sum of calls over Redis's INFO commandstats.
func (s *benchServers) redisCommands(ctx context.Context) (int64, error) {
	info, err := s.rdb.Info(ctx, "commandstats").Result()
	if err != nil {
		return 0, err
	}
	var total int64
	for _, line := range strings.Split(info, "\n") {
		_, stats, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok || !strings.HasPrefix(line, "cmdstat_") {
			continue
		}
		for _, kv := range strings.Split(stats, ",") {
			if v, ok := strings.CutPrefix(kv, "calls="); ok {
				n, _ := strconv.ParseInt(v, 10, 64)
				total += n
			}
		}
	}
	return total, nil
}

// redisMemory is what INFO memory says of the whole server (used_memory)
// and of its clients' connection buffers (mem_clients_normal), which grow
// with the number of connections, not with the data.
type redisMemory struct{ used, clients int64 }

func (s *benchServers) redisMemory(ctx context.Context) (redisMemory, error) {
	info, err := s.rdb.Info(ctx, "memory").Result()
	if err != nil {
		return redisMemory{}, err
	}
	var m redisMemory
	found := 0
	for _, line := range strings.Split(info, "\n") {
		name, v, _ := strings.Cut(strings.TrimSpace(line), ":")
		var into *int64
		switch name {
		case "used_memory":
			into = &m.used
		case "mem_clients_normal":
			into = &m.clients
		default:
			continue
		}
		if *into, err = strconv.ParseInt(v, 10, 64); err != nil {
			return redisMemory{}, fmt.Errorf("INFO memory: %s: %w", name, err)
		}
		found++
	}
	if found != 2 {
		return redisMemory{}, fmt.Errorf("INFO memory lacks used_memory or mem_clients_normal")
	}
	return m, nil
}

// keyUse is the MEMORY USAGE of a kind of keys, and how many there are.
type keyUse struct {
	bytes int64
	keys  int
}

// keysByKind is the MEMORY USAGE of every key under prefix, summed by kind:
// the key's next segment ("dlg" for prefix+"dlg:42").
func (s *benchServers) keysByKind(ctx context.Context, prefix string) (map[string]keyUse, error) {
	kinds := map[string]keyUse{}
	iter := s.rdb.Scan(ctx, 0, prefix+"*", 1000).Iterator()
	for iter.Next(ctx) {
		n, err := s.rdb.MemoryUsage(ctx, iter.Val(), 0).Result()
		if errors.Is(err, redis.Nil) {
			continue // gone since the scan: a lock or a counter expired
		}
		if err != nil {
			return nil, err
		}
		kind, _, _ := strings.Cut(strings.TrimPrefix(iter.Val(), prefix), ":")
		u := kinds[kind]
		u.bytes += n
		u.keys++
		kinds[kind] = u
	}
	return kinds, iter.Err()
}
