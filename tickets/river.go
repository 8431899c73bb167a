package tickets

import (
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
)

// followUpWorkers is how many follow-up jobs one replica works at most at
// once. They mostly wait on Telegram, so a few more than the cores.
const followUpWorkers = 10

// Workers registers every follow-up worker: the acknowledgement for now. n
// sends what the workers have to say to customers.
func Workers(store *Store, n Notifier) *river.Workers {
	w := river.NewWorkers()
	river.AddWorker(w, &AckWorker{store: store, notifier: n, logger: store.logger})
	return w
}

// NewRiverClient returns the River client that works the follow-up jobs on
// the default queue; start it with Start and stop it with Stop. With nil
// workers it only inserts. logger may be nil (discard).
//
// A working job holds a connection of pool while it sends, so the client
// works at most half the pool's connections' worth of jobs at once, leaving
// the rest to River itself and to the service.
func NewRiverClient(pool *pgxpool.Pool, workers *river.Workers, logger *slog.Logger) (*river.Client[pgx.Tx], error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	cfg := &river.Config{Logger: logger}
	if workers != nil {
		cfg.Workers = workers
		n := min(followUpWorkers, max(1, int(pool.Config().MaxConns)/2))
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: n}}
	}
	c, err := river.NewClient(riverpgxv5.New(pool), cfg)
	if err != nil {
		return nil, fmt.Errorf("tickets: river client: %w", err)
	}
	return c, nil
}
