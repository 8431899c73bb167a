package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
)

// scrapeTimeout bounds the queries of one scrape: a slow database shows
// as a gap in the gauges, not as a scrape that hangs.
const scrapeTimeout = 2 * time.Second

// ticketStatuses are the tickets' states, all reported (0 too), so that a
// dashboard's series do not come and go.
var ticketStatuses = []string{"new", "acknowledged", "in_progress", "awaiting_customer", "resolved", "closed", "reopened"}

// stateCollector reads, on each scrape, the gauges that live in PostgreSQL
// and Redis: tickets by state, River's jobs by state and kind, the
// follow-ups overdue, and the outbox and dead-letter queues. Collected on
// scrape rather than by a loop, so an unscraped replica queries nothing and
// a scraped one is never staler than the scrape.
type stateCollector struct {
	pool *pgxpool.Pool
	// outboxChats and deadLetters read the Redis queues.
	outboxChats func(context.Context) (int64, error)
	deadLetters func(context.Context) (int64, error)
	log         *slog.Logger

	up, tickets, jobs, due, lateness, outbox, dead *prometheus.Desc
}

func newStateCollector(pool *pgxpool.Pool, outboxChats, deadLetters func(context.Context) (int64, error), log *slog.Logger) *stateCollector {
	d := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc("complaintbot_"+name, help, labels, nil)
	}
	return &stateCollector{
		pool: pool, outboxChats: outboxChats, deadLetters: deadLetters, log: log,
		up:      d("state_source_up", "Whether the scrape could read the source (postgres, redis): 1 yes, 0 no.", "source"),
		tickets: d("tickets", "Tickets by state.", "state"),
		jobs:    d("river_jobs", "River jobs (follow-ups, desk posts, reports) by state and kind.", "state", "kind"),
		due: d("followups_due",
			"River jobs whose scheduled time has passed and that are not running yet."),
		lateness: d("followups_lateness_seconds",
			"How long the oldest of the follow-ups due has been waiting past its scheduled time (0 when none)."),
		outbox: d("outbox_chats", "Chats with answers waiting in the outbox."),
		dead:   d("intake_dead_letters", "Updates in the dead-letter stream."),
	}
}

func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.up, c.tickets, c.jobs, c.due, c.lateness, c.outbox, c.dead} {
		ch <- d
	}
}

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	upValue := func(err error, source string) {
		v := 1.0
		if err != nil {
			v = 0
			c.log.Warn("metrics: state not read", "source", source, "err", err)
		}
		gauge(c.up, v, source)
	}
	upValue(c.collectPostgres(ctx, gauge), "postgres")

	outbox, err := c.outboxChats(ctx)
	if err == nil {
		gauge(c.outbox, float64(outbox))
		var dead int64
		if dead, err = c.deadLetters(ctx); err == nil {
			gauge(c.dead, float64(dead))
		}
	}
	upValue(err, "redis")
}

// collectPostgres emits the gauges read from PostgreSQL, none of them when
// a query fails (a partial set would read as zeros).
func (c *stateCollector) collectPostgres(ctx context.Context, gauge func(*prometheus.Desc, float64, ...string)) error {
	byStatus := map[string]float64{}
	rows, err := c.pool.Query(ctx, `SELECT status, count(*) FROM tickets GROUP BY status`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var s string
		var n int64
		if err := rows.Scan(&s, &n); err != nil {
			rows.Close()
			return err
		}
		byStatus[s] = float64(n)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	type jobCount struct {
		state, kind string
		n           int64
	}
	var jobs []jobCount
	rows, err = c.pool.Query(ctx, `SELECT state::text, kind, count(*) FROM river_job GROUP BY 1, 2`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var j jobCount
		if err := rows.Scan(&j.state, &j.kind, &j.n); err != nil {
			rows.Close()
			return err
		}
		jobs = append(jobs, j)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	// Due: its time has come and no worker has it. River moves a scheduled
	// job to available once due, and a worker takes it at once when there
	// is capacity, so a count that stays up means the workers lag.
	var due int64
	var lateness float64
	if err := c.pool.QueryRow(ctx, `
		SELECT count(*), coalesce(extract(epoch FROM now() - min(scheduled_at)), 0)::float8
		  FROM river_job
		 WHERE state IN ('available', 'scheduled', 'retryable') AND scheduled_at <= now()`).Scan(&due, &lateness); err != nil {
		return err
	}

	for _, s := range ticketStatuses {
		gauge(c.tickets, byStatus[s], s)
	}
	for _, j := range jobs {
		gauge(c.jobs, float64(j.n), j.state, j.kind)
	}
	gauge(c.due, float64(due))
	gauge(c.lateness, max(lateness, 0))
	return nil
}
