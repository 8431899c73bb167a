package intake

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/prometheus/client_golang/prometheus"
)

// gatherIntakeMetrics returns the value of each metric in reg by name.
func gatherIntakeMetrics(t *testing.T, reg *prometheus.Registry) map[string]float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	out := map[string]float64{}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			switch {
			case m.GetCounter() != nil:
				out[f.GetName()] = m.GetCounter().GetValue()
			case m.GetGauge() != nil:
				out[f.GetName()] = m.GetGauge().GetValue()
			case m.GetHistogram() != nil:
				out[f.GetName()+"_count"] = float64(m.GetHistogram().GetSampleCount())
			}
		}
	}
	return out
}

func TestIntakeMetrics(t *testing.T) {
	t.Parallel()
	rdb, prefix := newIntakeTestRedis(t)
	reg := prometheus.NewRegistry()
	in := New(rdb, Config{Prefix: prefix, Partitions: 2, Metrics: reg})
	New(rdb, Config{Prefix: prefix, Partitions: 2, Metrics: reg}) // shares, does not fail
	ctx := context.Background()
	for _, id := range []int64{1, 1, 2, 3} {
		if _, err := in.Store(ctx, textUpdate(id, 10+id)); err != nil {
			t.Fatal(err)
		}
	}
	m := gatherIntakeMetrics(t, reg)
	if m["complaintbot_intake_stored_total"] != 3 || m["complaintbot_intake_duplicates_total"] != 1 ||
		m["complaintbot_intake_pending"] != 3 {
		t.Fatalf("after storing: %v", m)
	}

	cfg := testDispatcherConfig("r")
	cfg.MaxAttempts = 2
	startTestDispatcher(t, in, HandlerFunc(func(_ context.Context, upd *models.Update) error {
		if upd.ID == 3 {
			return errors.New("down")
		}
		return nil
	}), cfg)
	waitForIntake(t, in, 5*time.Second, "all settled", func() bool { return gatherIntakeMetrics(t, reg)["complaintbot_intake_pending"] == 0 })
	waitForIntake(t, in, 5*time.Second, "counted", func() bool {
		m = gatherIntakeMetrics(t, reg)
		return m["complaintbot_intake_handled_total"] == 2 && m["complaintbot_intake_handler_failures_total"] == 2 &&
			m["complaintbot_intake_dead_lettered_total"] == 1
	})
	// Every attempt is timed, the failed ones too.
	if got := m["complaintbot_intake_handle_seconds_count"]; got != 4 {
		t.Errorf("handle_seconds counted %v attempts, want 4", got)
	}
}
