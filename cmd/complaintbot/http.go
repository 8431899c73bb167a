package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/redis/go-redis/v9"
)

// healthz answers while the process is up.
func healthz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
}

// readyz answers 200 when PostgreSQL and Redis both answer, 503 naming the
// one that does not.
func readyz(pool *pgxpool.Pool, rdb redis.UniversalClient) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		var down []string
		if err := pool.Ping(ctx); err != nil {
			down = append(down, "postgres")
		}
		if err := rdb.Ping(ctx).Err(); err != nil {
			down = append(down, "redis")
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if len(down) > 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "not ready:", strings.Join(down, ", "))
			return
		}
		fmt.Fprintln(w, "ready")
	})
}

func metricsHandler(reg *prometheus.Registry) http.Handler {
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
}

// server is the HTTP server for health, metrics and the webhook.
type server struct {
	srv *http.Server
	ln  net.Listener
}

func listen(ctx context.Context, addr string, ln net.Listener, h http.Handler) (*server, error) {
	if ln == nil {
		var lc net.ListenConfig
		var err error
		if ln, err = lc.Listen(ctx, "tcp", addr); err != nil {
			return nil, fmt.Errorf("HTTP_ADDR %s: %w", addr, err)
		}
	}
	return &server{
		srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second},
		ln:  ln,
	}, nil
}

func (s *server) addr() string { return s.ln.Addr().String() }

func (s *server) serve() error {
	if err := s.srv.Serve(s.ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func (s *server) shutdown() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return s.srv.Shutdown(ctx)
}

// redactToken removes the bot token from an error's text: client errors
// can carry request URLs.
func redactToken(err error, token string) error {
	if err == nil || token == "" || !strings.Contains(err.Error(), token) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), token, "<token>"))
}
