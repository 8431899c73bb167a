package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// healthz answers while the process is up.
func healthz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
}

// readiness is one thing /readyz checks: a name, and a check that gets a
// deadline of its own, so that one part hanging is not blamed on another.
type readiness struct {
	name  string
	check func(ctx context.Context) error
}

// readyz answers 200 when every check passes, 503 naming the ones that do
// not: PostgreSQL and Redis answer a ping, and the intake can take updates.
func readyz(checks ...readiness) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		down := make([]string, len(checks))
		var wg sync.WaitGroup
		for i, c := range checks {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
				defer cancel()
				if err := c.check(ctx); err != nil {
					down[i] = c.name
				}
			}()
		}
		wg.Wait()
		down = slices.DeleteFunc(down, func(s string) bool { return s == "" })
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

// shutdown stops the server, letting requests in progress finish until ctx
// ends, and closing the rest then.
func (s *server) shutdown(ctx context.Context) error {
	err := s.srv.Shutdown(ctx)
	if err != nil {
		_ = s.srv.Close()
	}
	return err
}

// redactToken removes the bot token from an error's text: client errors
// can carry request URLs.
func redactToken(err error, token string) error {
	if err == nil || token == "" || !strings.Contains(err.Error(), token) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), token, "<token>"))
}
