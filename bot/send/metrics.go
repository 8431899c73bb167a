package send

import (
	"context"
	"errors"

	tgbot "github.com/go-telegram/bot"
	"github.com/prometheus/client_golang/prometheus"
)

// metrics counts what the Sender asked of Telegram. A nil *metrics counts
// nothing, so callers need not check.
type metrics struct {
	calls  *prometheus.CounterVec
	floods prometheus.Counter
}

// Outcomes of one call, after its retries: the label values of
// complaintbot_telegram_calls_total.
const (
	outcomeOK        = "ok"
	outcomeBlocked   = "blocked"   // 403: the user blocked the bot
	outcomeRejected  = "rejected"  // another 4xx, or a flood wait too long to wait out
	outcomeFailed    = "failed"    // network trouble or 5xx past the last try
	outcomeCancelled = "cancelled" // the caller's context ended first
)

// WithMetrics registers the Sender's counters with reg: calls by method
// and outcome, and the 429s Telegram answered. Call it before the Sender
// is used, once per registry; it returns s.
func (s *Sender) WithMetrics(reg prometheus.Registerer) *Sender {
	m := &metrics{
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "complaintbot", Subsystem: "telegram", Name: "calls_total",
			Help: "Calls to Telegram (messages sent, edits, topics...) by method and outcome, each counted once after its retries.",
		}, []string{"method", "outcome"}),
		floods: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "complaintbot", Subsystem: "telegram", Name: "too_many_requests_total",
			Help: "429 answers from Telegram (each waited out before the next try).",
		}),
	}
	reg.MustRegister(m.calls, m.floods)
	s.metrics = m
	return s
}

func (m *metrics) flood() {
	if m != nil {
		m.floods.Inc()
	}
}

// done counts a call that is over, by what err says of it.
func (m *metrics) done(method string, err error) {
	if m == nil {
		return
	}
	outcome := outcomeOK
	var flood *tgbot.TooManyRequestsError
	switch {
	case err == nil:
	case errors.Is(err, ErrBlocked):
		outcome = outcomeBlocked
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		outcome = outcomeCancelled
	case errors.As(err, &flood), errors.Is(err, tgbot.ErrorBadRequest), errors.Is(err, tgbot.ErrorUnauthorized), errors.Is(err, tgbot.ErrorNotFound):
		outcome = outcomeRejected
	default:
		outcome = outcomeFailed
	}
	m.calls.WithLabelValues(method, outcome).Inc()
}
