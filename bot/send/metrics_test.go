package send

import (
	"context"
	"errors"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/complaintbot/complaintbot/telegramsim"
)

// The Sender counts each call once, after its retries, by method and
// outcome, and every 429 Telegram answered on the way.
func TestSenderMetrics(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// The simulator's limits on, the Sender's off: the fourth message to
	// one chat within a second (past Telegram's burst of three) meets a
	// 429, is waited out and goes.
	env := newSimEnv(t, true)
	reg := prometheus.NewRegistry()
	out := env.out.WithMetrics(reg)
	ann := env.sim.AddUser(telegramsim.User{FirstName: "Ann"})
	bob := env.sim.AddUser(telegramsim.User{FirstName: "Bob"})
	for _, u := range []telegramsim.User{ann, bob} { // the bot may write to those who wrote first
		if _, err := env.sim.SendText(u.ID, u.ID, "hi"); err != nil {
			t.Fatal(err)
		}
	}
	for _, text := range []string{"one", "two", "three", "four"} {
		if _, err := out.Send(ctx, ann.ID, text, Opts{}); err != nil {
			t.Fatal(err)
		}
	}
	if err := env.sim.BlockBot(bob.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := out.Send(ctx, bob.ID, "hello", Opts{}); !errors.Is(err, ErrBlocked) {
		t.Fatalf("send to a user who blocked the bot: %v, want ErrBlocked", err)
	}

	m := counters(t, reg)
	if got := m["complaintbot_telegram_calls_total method=sendMessage outcome=ok"]; got != 4 {
		t.Errorf("sendMessage ok = %v, want 4 (the one retried counted once); all: %v", got, m)
	}
	if got := m["complaintbot_telegram_calls_total method=sendMessage outcome=blocked"]; got != 1 {
		t.Errorf("sendMessage blocked = %v, want 1; all: %v", got, m)
	}
	if got, sim := m["complaintbot_telegram_too_many_requests_total"], env.sim.Stats().TooManyRequests; got < 1 || got != float64(sim) {
		t.Errorf("429s counted %v, the simulator answered %d (want the same, at least 1)", got, sim)
	}
}

// counters reads reg's counters: "name label=value ..." (labels in name
// order) to the value.
func counters(t *testing.T, reg *prometheus.Registry) map[string]float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			key := f.GetName()
			for _, l := range m.GetLabel() {
				key += " " + l.GetName() + "=" + l.GetValue()
			}
			out[key] = m.GetCounter().GetValue()
		}
	}
	return out
}
