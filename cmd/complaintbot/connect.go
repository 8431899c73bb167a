package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
)

// startTimeout bounds how long PostgreSQL and Redis each have to answer at
// start.
const startTimeout = 10 * time.Second

func init() {
	// go-redis writes its own messages to stderr unless told otherwise; until
	// the service has its logger (see connect) they go nowhere, as what fails
	// because of them is reported where it fails.
	redis.SetLogger(redisLog{slog.New(slog.DiscardHandler)})
}

// replicaPoolSize is the most PostgreSQL connections a replica opens,
// unless DATABASE_URL sets pool_max_conns.
const replicaPoolSize = 32

// connect opens PostgreSQL and Redis and checks that both answer. A server
// that cannot be reached or refuses the URL's database, user or password at
// start is a problem with DATABASE_URL or REDIS_URL: the error is
// configErrors, one line for each, in the server's own words. Once the
// service runs, an outage is no longer fatal: /readyz reports it.
func connect(ctx context.Context, cfg *config, logger *slog.Logger, trips *roundTrips) (*pgxpool.Pool, *redis.Client, error) {
	redis.SetLogger(redisLog{logger})
	// Dispatch workers, follow-up jobs (half the pool at most) and filings
	// share the pool. Connections open as they are needed: three replicas
	// at full load take 96 of PostgreSQL's default max_connections of 100
	// (97 for other than superusers); the README says how to size more.
	pool, pgErr := openPostgres(ctx, cfg.DatabaseURL, replicaPoolSize, func(c *pgxpool.Config) { c.ConnConfig.Tracer = trips.pgTracer() })
	rdb, redisErr := openRedis(ctx, cfg.RedisURL)
	if rdb != nil {
		rdb.AddHook(trips.redisHook())
	}
	if err := ctx.Err(); err != nil {
		pgErr, redisErr = err, err
	}
	if pgErr == nil && redisErr == nil {
		return pool, rdb, nil
	}
	if pool != nil {
		pool.Close()
	}
	if rdb != nil {
		_ = rdb.Close()
	}
	var problems configErrors
	for _, err := range []error{pgErr, redisErr} {
		var p *configError
		switch {
		case err == nil:
		case errors.As(err, &p):
			problems = append(problems, p)
		default:
			return nil, nil, err
		}
	}
	return nil, nil, problems
}

// setsPoolSize reports whether dbURL sets its pool's size itself.
func setsPoolSize(dbURL string) bool { return strings.Contains(dbURL, "pool_max_conns") }

// openPostgres opens a pool to the database at dbURL and checks that it
// answers. The pool has room for at least conns connections, unless the URL
// sets pool_max_conns. Its error is a *configError about DATABASE_URL, but
// for ctx's.
func openPostgres(ctx context.Context, dbURL string, conns int32, configure ...func(*pgxpool.Config)) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(dbURL)
	if err != nil {
		return nil, &configError{Name: "DATABASE_URL", Msg: "not a PostgreSQL URL (postgres://user@host:5432/database)"}
	}
	if cfg.MaxConns < conns && !setsPoolSize(dbURL) {
		cfg.MaxConns = conns
	}
	for _, c := range configure {
		c(cfg)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err == nil {
		pingCtx, cancel := context.WithTimeout(ctx, startTimeout)
		err = pool.Ping(pingCtx)
		cancel()
		if err != nil {
			pool.Close()
		}
	}
	switch {
	case err == nil:
		return pool, nil
	case ctx.Err() != nil:
		return nil, ctx.Err()
	}
	return nil, &configError{Name: "DATABASE_URL", Msg: redact(postgresProblem(err, cfg.ConnConfig.Config), cfg.ConnConfig.Password)}
}

// openRedis opens a client of the Redis at redisURL and checks that it
// answers. Its error is a *configError about REDIS_URL, but for ctx's.
func openRedis(ctx context.Context, redisURL string) (*redis.Client, error) {
	opts, err := redis.ParseURL(redisURL)
	if err != nil {
		return nil, &configError{Name: "REDIS_URL", Msg: "not a Redis URL (redis://host:6379/0)"}
	}
	// Every dispatch worker may hold a connection, besides the outbox, the
	// leases and the blocking reads: more than go-redis's default of ten
	// per core. The URL's pool_size, when given, stands.
	if !strings.Contains(redisURL, "pool_size") {
		opts.PoolSize = max(opts.PoolSize, 128)
	}
	rdb := redis.NewClient(opts)
	pingCtx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	err = rdb.Ping(pingCtx).Err()
	switch {
	case err == nil:
		return rdb, nil
	case ctx.Err() != nil:
		err = ctx.Err()
	default:
		err = &configError{Name: "REDIS_URL", Msg: redact(redisProblem(err, opts.Addr), opts.Password)}
	}
	_ = rdb.Close()
	return nil, err
}

// postgresProblem says in one line why PostgreSQL, as cfg names it, did not
// take a connection: what the server answered, or why it could not be
// reached.
func postgresProblem(err error, cfg pgconn.Config) string {
	server := net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port)))
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok {
		msg := "PostgreSQL at " + server + " answered: " + pgErr.Message
		switch pgErr.Code {
		case "3D000": // invalid_catalog_name
			msg += " (create it, or correct the database in the URL)"
		case "28P01": // invalid_password
			msg += " (correct the password in the URL)"
		case "28000":
			// invalid_authorization_specification: a role that does not
			// exist, or one the server's access rules turn away; its
			// words say which.
		default:
			msg += " (SQLSTATE " + pgErr.Code + ")"
		}
		return msg
	}
	if msg := netProblem(err, server, "PostgreSQL"); msg != "" {
		return msg
	}
	// What is left (TLS refused, and the like) is worded by the driver:
	// its first line, without the "failed to connect to" preamble.
	detail := err
	if ce, ok := errors.AsType[*pgconn.ConnectError](err); ok && ce.Unwrap() != nil {
		detail = ce.Unwrap()
	}
	return "PostgreSQL at " + server + ": " + firstLine(detail.Error())
}

// redisProblem says in one line why the Redis at addr did not take a
// connection: what the server answered, or why it could not be reached.
func redisProblem(err error, addr string) string {
	if rerr, ok := errors.AsType[redis.Error](err); ok {
		msg := "Redis at " + addr + " answered: " + strings.TrimSuffix(rerr.Error(), ".")
		switch word, _, _ := strings.Cut(rerr.Error(), " "); word {
		case "NOAUTH":
			msg += " (give its password in the URL: redis://:password@host:6379/0)"
		case "WRONGPASS":
			msg += " (correct the user or password in the URL)"
		}
		return msg
	}
	if msg := netProblem(err, addr, "Redis"); msg != "" {
		return msg
	}
	return "Redis at " + addr + ": " + firstLine(err.Error())
}

// netProblem words a failure to reach server, where product should run,
// from the network's errors: an unknown host, a refused connection, no
// answer in time. It returns "" for anything else.
func netProblem(err error, server, product string) string {
	if dnsErr, ok := errors.AsType[*net.DNSError](err); ok {
		if dnsErr.IsNotFound {
			return fmt.Sprintf("unknown host %q", dnsErr.Name)
		}
		return fmt.Sprintf("cannot look up host %q: %s", dnsErr.Name, dnsErr.Err)
	}
	addr := server
	opErr, isOp := errors.AsType[*net.OpError](err)
	if isOp && opErr.Addr != nil {
		addr = opErr.Addr.String()
	}
	var netErr net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Sprintf("connection refused at %s (is %s running there?)", addr, product)
	case errors.Is(err, context.DeadlineExceeded), pgconn.Timeout(err), errors.As(err, &netErr) && netErr.Timeout():
		return fmt.Sprintf("no answer from %s (timed out)", addr)
	case isOp && opErr.Op == "dial":
		return fmt.Sprintf("cannot reach %s: %v", addr, opErr.Err)
	}
	return ""
}

// firstLine is the first line of s.
func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(line)
}

// redact blanks out password wherever s has it, as it is or as a URL
// spells it: nothing printed carries a password.
func redact(s, password string) string {
	if password != "" {
		s = strings.ReplaceAll(s, password, "xxxxx")
		s = strings.ReplaceAll(s, url.QueryEscape(password), "xxxxx")
	}
	return s
}
