package tickets

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"
)

// MaxJobTimeout is the longest a follow-up job may run in one attempt: a
// desk job waiting its turn at the staff group's 20 messages a minute.
const MaxJobTimeout = 3 * time.Minute

// RiverOption shapes the River client.
type RiverOption func(*riverConfig)

// riverConfig is River's configuration and what the package decides about
// it besides.
type riverConfig struct {
	river.Config
	deskOnLock bool
}

// WithDeskOnLock leaves the desk queue out of the client's queues: a
// DeskLock adds it while this replica holds the desk lock, so that of
// several replicas one posts into the staff group.
func WithDeskOnLock() RiverOption {
	return func(c *riverConfig) { c.deskOnLock = true }
}

// WithClientID names the client, as the replica it runs in is named, so
// that the jobs it takes can be told from those of a replica that died.
func WithClientID(id string) RiverOption {
	return func(c *riverConfig) { c.ID = id }
}

// WithMiddleware adds River middleware to the client (around the insert
// or the work of every job).
func WithMiddleware(mw ...rivertype.Middleware) RiverOption {
	return func(c *riverConfig) { c.Middleware = append(c.Middleware, mw...) }
}

// WithPeriodicJobs has the client insert jobs on a schedule (the weekly
// report). River runs them on the elected leader only, so of several
// replicas one inserts each.
func WithPeriodicJobs(jobs ...*river.PeriodicJob) RiverOption {
	return func(c *riverConfig) { c.PeriodicJobs = append(c.PeriodicJobs, jobs...) }
}

// followUpWorkers is how many follow-up jobs one replica works at most at
// once (and at most half the pool's connections). They mostly wait on
// Telegram: with ten, the acknowledgements of 300 customers confirming at
// once queued for seconds.
const followUpWorkers = 16

// Workers registers the package's follow-up workers (the acknowledgement,
// the customer notices, the reminders and expiry of returns, and the nudge
// and auto-close of a ticket waiting for its customer, and the steps of the
// callback survey), then lets each of
// extra register more into the same set: the edge's desk workers, which
// post into the staff group. n sends what the package's workers have to say
// to customers.
func Workers(store *Store, n Notifier, extra ...func(*river.Workers)) *river.Workers {
	w := river.NewWorkers()
	river.AddWorker(w, &AckWorker{store: store, notifier: n, logger: store.logger})
	river.AddWorker(w, &CustomerNoticeWorker{store: store, notifier: n, logger: store.logger})
	river.AddWorker(w, &ReturnReminderWorker{store: store, logger: store.logger})
	river.AddWorker(w, &ReturnExpiryWorker{store: store, logger: store.logger})
	river.AddWorker(w, &AwaitingWorker{store: store, logger: store.logger})
	river.AddWorker(w, &SLAWorker{store: store, logger: store.logger})
	river.AddWorker(w, &SurveyWorker{store: store, logger: store.logger})
	for _, add := range extra {
		add(w)
	}
	return w
}

// River fetches a queue's jobs at most once per cooldown (100 ms by
// default). The desk queue, worked one job at a time, fetches one job per
// fetch, so the cooldown was its ceiling: ten posts a second to the staff
// group, and a burst of tickets queued behind it. Its jobs are short calls
// to Telegram, so it fetches again almost at once; the follow-ups, among
// them the acknowledgement a customer waits for, soon after an insert.
const (
	deskFetchCooldown = 2 * time.Millisecond
	jobFetchCooldown  = 10 * time.Millisecond
)

// insertNotifyCooldown is every client's FetchCooldown. Besides being the
// default for queues that set none (each queue above sets its own), River
// takes it as how long a client keeps quiet about a queue after it
// announced an insert into it. At River's default of 100 ms a job inserted
// soon after another was not announced; when the workers' fetch for the
// first had run before it committed, it waited for the next announced
// insert or for the poll a second later. An acknowledgement then started
// 35 to 65 ms after its filing committed at the median and up to 0.7 s
// after (bench -customers 50 -pause 1s, timed inside the job); with every
// insert announced, 3 to 4 ms and at most 17 ms. How often a queue's
// workers fetch is still bounded by the queue's own cooldown.
const insertNotifyCooldown = river.FetchCooldownMin

// deskQueueConfig works the desk queue one job at a time.
var deskQueueConfig = river.QueueConfig{MaxWorkers: 1, FetchCooldown: deskFetchCooldown}

// deskEditWorkers is how many edits of cards (DeskEditQueue) one replica
// works at once. Each holds a connection while it calls Telegram (see
// EditCard); an edit takes a couple of milliseconds, and in the group
// Telegram takes about one message or edit a second.
const deskEditWorkers = 2

// NewRiverClient returns the River client that works the follow-up jobs on
// the default queue, and the staff group's jobs on DeskQueue one at a time
// (so the group shows them in order; with WithDeskOnLock only while a
// DeskLock holds the lock); start it with Start and stop it with Stop. With nil workers it only inserts. logger may be nil (discard).
//
// A working job holds a connection of pool while it sends, so the client
// works at most half the pool's connections' worth of follow-up jobs at
// once, and two edits of cards, leaving the rest to River itself and to
// the service.
//
// River rescues a job whose client died only after RescueStuckJobsAfter,
// set to just over the slowest job's timeout; RescueOrphanJobs does it
// sooner for replicas known to be dead.
func NewRiverClient(pool *pgxpool.Pool, workers *river.Workers, logger *slog.Logger, opts ...RiverOption) (*river.Client[pgx.Tx], error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	cfg := &riverConfig{Config: river.Config{Logger: logger, RescueStuckJobsAfter: MaxJobTimeout + time.Minute,
		FetchCooldown: insertNotifyCooldown}}
	for _, o := range opts {
		o(cfg)
	}
	if workers != nil {
		cfg.Workers = workers
		n := min(followUpWorkers, max(1, int(pool.Config().MaxConns)/2))
		cfg.Queues = map[string]river.QueueConfig{
			river.QueueDefault: {MaxWorkers: n, FetchCooldown: jobFetchCooldown},
			DeskEditQueue:      {MaxWorkers: deskEditWorkers, FetchCooldown: deskFetchCooldown},
		}
		if !cfg.deskOnLock {
			cfg.Queues[DeskQueue] = deskQueueConfig
		}
	}
	c, err := river.NewClient(riverpgxv5.New(pool), &cfg.Config)
	if err != nil {
		return nil, fmt.Errorf("tickets: river client: %w", err)
	}
	return c, nil
}
