package intake

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics counts what the intake and its dispatchers do. A nil
// *metrics counts nothing, so callers need not check.
type metrics struct {
	stored       prometheus.Counter
	duplicates   prometheus.Counter
	handled      prometheus.Counter
	failed       prometheus.Counter
	deadLettered prometheus.Counter
	leader       prometheus.Gauge
	// latency is how long one handler attempt took, failed or not.
	latency prometheus.Histogram
}

// newMetrics registers the intake's metrics with reg, or returns nil
// when reg is nil. A metric already registered (a second Intake on the same
// registry) is shared rather than failing.
func newMetrics(reg prometheus.Registerer, in *Intake) *metrics {
	if reg == nil {
		return nil
	}
	counter := func(name, help string) prometheus.Counter {
		c := prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "complaintbot", Subsystem: "intake", Name: name, Help: help,
		})
		return registerMetric(reg, c, in)
	}
	m := &metrics{
		stored:       counter("stored_total", "Updates stored for handling."),
		duplicates:   counter("duplicates_total", "Updates dropped as already stored."),
		handled:      counter("handled_total", "Updates the handler handled."),
		failed:       counter("handler_failures_total", "Handler attempts that failed or panicked."),
		deadLettered: counter("dead_lettered_total", "Updates set aside after the last failed attempt."),
		leader: registerMetric(reg, prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: "complaintbot", Name: "poller_leader",
			Help: "1 while this replica holds the poller lease and long-polls Telegram, else 0.",
		}), in),
		// From 5 ms (a step held in Redis) to 30 s (a handler waiting
		// out Telegram's flood limits).
		latency: registerMetric(reg, prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: "complaintbot", Subsystem: "intake", Name: "handle_seconds",
			Help:    "Time one handler attempt on an update took.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}), in),
	}
	pending := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Namespace: "complaintbot", Subsystem: "intake", Name: "pending",
		Help: "Stored updates not yet handled.",
	}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		n, err := in.Pending(ctx)
		if err != nil {
			return math.NaN()
		}
		return float64(n)
	})
	registerMetric(reg, pending, in)
	return m
}

// registerMetric registers c, returning the collector already
// registered under the same name if there is one.
func registerMetric[C prometheus.Collector](reg prometheus.Registerer, c C, in *Intake) C {
	err := reg.Register(c)
	if err == nil {
		return c
	}
	var are prometheus.AlreadyRegisteredError
	if errors.As(err, &are) {
		if existing, ok := are.ExistingCollector.(C); ok {
			return existing
		}
	}
	in.log.Warn("intake: metric not registered", "err", err)
	return c
}

func (m *metrics) store() {
	if m != nil {
		m.stored.Inc()
	}
}

func (m *metrics) duplicate() {
	if m != nil {
		m.duplicates.Inc()
	}
}

func (m *metrics) handle() {
	if m != nil {
		m.handled.Inc()
	}
}

func (m *metrics) took(d time.Duration) {
	if m != nil {
		m.latency.Observe(d.Seconds())
	}
}

func (m *metrics) fail() {
	if m != nil {
		m.failed.Inc()
	}
}

func (m *metrics) deadLetter() {
	if m != nil {
		m.deadLettered.Inc()
	}
}

func (m *metrics) lead(on bool) {
	if m != nil {
		if on {
			m.leader.Set(1)
		} else {
			m.leader.Set(0)
		}
	}
}
