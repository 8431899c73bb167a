package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// defaultShutdownTimeout is SHUTDOWN_TIMEOUT's default: inside the 30 s an
// orchestrator (Kubernetes, systemd) gives between SIGTERM and SIGKILL.
const defaultShutdownTimeout = 20 * time.Second

// Shares of SHUTDOWN_TIMEOUT, counted from the stop's start, by which each
// step of a stop must be over. Updates in hand get half: a handler is the
// one thing a customer is waiting on. What a step leaves undone is kept
// (updates in their Redis stream, answers in the outbox, jobs in River) for
// the next replica, so running out of time loses nothing; it only delays.
const (
	handlersShare = 0.50 // the dispatcher's handlers finish or are handed back
	flushShare    = 0.65 // the outbox is flushed
	jobsSoftShare = 0.85 // River's running jobs finish...
	jobsHardShare = 0.95 // ...or are cancelled, and retried later
	// the HTTP server, answering 503 to the webhook meanwhile, closes by 1.0
)

// stopper runs a stop in order within SHUTDOWN_TIMEOUT: first refuse new
// updates, then let the ones in hand finish, flush the outbox, stop River,
// and close the HTTP server last, so that /metrics and /healthz answer and
// the webhook says 503 (Telegram delivers again later) throughout.
type stopper struct {
	timeout time.Duration
	log     *slog.Logger
	// step, when set, hears each step of a stop as it ends and whether it
	// ended in time with nothing left over (tests).
	step func(name string, clean bool)

	stopping atomic.Bool
	mu       sync.Mutex
	began    time.Time
	clean    bool
}

func newStopper(timeout time.Duration, log *slog.Logger, step func(string, bool)) *stopper {
	if timeout <= 0 {
		timeout = defaultShutdownTimeout
	}
	return &stopper{timeout: timeout, log: log, step: step, clean: true}
}

// begin starts the stop: from now on the webhook refuses updates.
func (s *stopper) begin() {
	s.mu.Lock()
	if s.stopping.Load() {
		s.mu.Unlock()
		return
	}
	s.began = time.Now()
	s.stopping.Store(true)
	s.mu.Unlock()
	s.log.Info("stopping: no more updates taken", "timeout", s.timeout.String())
	s.done("refusing", true)
}

// by returns a context that ends when the given share of the timeout has
// passed since the stop began.
func (s *stopper) by(share float64) (context.Context, context.CancelFunc) {
	s.mu.Lock()
	began := s.began
	s.mu.Unlock()
	if began.IsZero() { // a stop without begin: an early return from serve
		began = time.Now()
	}
	return context.WithDeadline(context.Background(), began.Add(time.Duration(share*float64(s.timeout))))
}

// inTime reports whether the given share of the timeout has not yet
// passed since the stop began.
func (s *stopper) inTime(share float64) bool {
	ctx, cancel := s.by(share)
	defer cancel()
	return ctx.Err() == nil
}

// handlersTimeout is how long the dispatcher lets handlers run on.
func (s *stopper) handlersTimeout() time.Duration {
	return time.Duration(handlersShare * float64(s.timeout))
}

// done records the end of a step.
func (s *stopper) done(name string, clean bool) {
	s.mu.Lock()
	s.clean = s.clean && clean
	s.mu.Unlock()
	if !clean {
		s.log.Warn("stopping: step cut short; what it left is kept for the next start", "step", name)
	}
	if s.step != nil {
		s.step(name, clean)
	}
}

// finish ends the stop, reporting whether every step ended in time.
func (s *stopper) finish() {
	s.mu.Lock()
	clean, began := s.clean, s.began
	s.mu.Unlock()
	if !began.IsZero() {
		s.log.Info("stopped", "clean", clean, "took", time.Since(began).Round(time.Millisecond).String())
	}
	if s.step != nil {
		s.step("stopped", clean)
	}
}

// ready fails while stopping, so that a load balancer sends no more.
func (s *stopper) ready(context.Context) error {
	if s.stopping.Load() {
		return errors.New("stopping")
	}
	return nil
}

// refuseWhileStopping answers 503 to updates posted once the stop began:
// Telegram keeps them and delivers them again, to this replica once it is
// back or to another one, rather than their landing in a replica that no
// longer handles them.
func (s *stopper) refuseWhileStopping(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.stopping.Load() {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "stopping", http.StatusServiceUnavailable)
			return
		}
		next.ServeHTTP(w, r)
	})
}
