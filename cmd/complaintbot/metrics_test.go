package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/complaintbot/complaintbot/internal/customersim"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// scrape reads the service's /metrics: each series, as the exposition
// format writes it (name{label="value",...}, labels sorted), to its value.
func (h *harness) scrape(t *testing.T) map[string]float64 {
	t.Helper()
	resp, err := http.Get(h.http + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics = %d", resp.StatusCode)
	}
	series := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if i < 0 || err != nil {
			t.Fatalf("not a sample line: %q", line)
		}
		series[line[:i]] = v
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return series
}

// After a complaint, a duplicate delivery and the jobs they start, /metrics
// has every series the README lists, with the values the traffic and the
// store say.
func TestMetricsAfterTraffic(t *testing.T) {
	t.Parallel()
	h := startService(t, harnessOpts{})
	pol := policy.Default()
	apparel, _ := pol.Category("apparel")
	d := h.driver(t, telegramsim.User{FirstName: "Anna", LanguageCode: "en"})
	if _, _, err := d.FileComplaint(customersim.Complaint{
		Category: apparel, Order: "SO20261120", Issue: policy.IssueFault,
		Description: "The zip broke on the second day.", Outcome: policy.OutcomeReplacement, Phone: "8613812345678",
	}); err != nil {
		t.Fatal(err)
	}
	if err := h.sim.InjectDuplicate(h.sim.LastUpdateID()); err != nil {
		t.Fatal(err)
	}
	h.say(t, d.User.ID, "one more thing")
	h.quiet(t)
	sent := float64(h.sim.LastUpdateID())
	m := h.scrape(t)

	at := func(series string) float64 {
		t.Helper()
		v, ok := m[series]
		if !ok {
			t.Fatalf("no series %s in /metrics", series)
		}
		return v
	}
	checks := []struct {
		series string
		ok     func(float64) bool
		want   string
	}{
		{"complaintbot_intake_stored_total", func(v float64) bool { return v >= sent }, fmt.Sprintf(">= %v updates sent", sent)},
		{"complaintbot_intake_handled_total", func(v float64) bool { return v >= sent }, fmt.Sprintf(">= %v updates sent", sent)},
		{"complaintbot_intake_duplicates_total", func(v float64) bool { return v >= 1 }, ">= 1, the update delivered twice"},
		{"complaintbot_intake_handle_seconds_count", func(v float64) bool { return v >= sent }, ">= one attempt an update"},
		{"complaintbot_intake_pending", func(v float64) bool { return v == 0 }, "0 once quiet"},
		{"complaintbot_redis_round_trips_total", func(v float64) bool { return v >= 2*sent }, ">= 2 an update (stored, then read)"},
		{"complaintbot_postgres_round_trips_total", func(v float64) bool { return v >= 3 }, ">= 3 (BEGIN, the ticket, COMMIT)"},
		{"complaintbot_intake_dead_letters", func(v float64) bool { return v == 0 }, "0"},
		{"complaintbot_outbox_chats", func(v float64) bool { return v == 0 }, "0 once quiet"},
		{`complaintbot_telegram_calls_total{method="sendMessage",outcome="ok"}`, func(v float64) bool { return v >= 3 }, ">= 3 (questions, acknowledgement, card)"},
		{"complaintbot_telegram_too_many_requests_total", func(v float64) bool { return v == 0 }, "0 with the simulator's limits off"},
		{"complaintbot_followups_due", func(v float64) bool { return v == 0 }, "0 once quiet"},
		{"complaintbot_followups_lateness_seconds", func(v float64) bool { return v == 0 }, "0 with nothing due"},
		{`complaintbot_state_source_up{source="postgres"}`, func(v float64) bool { return v == 1 }, "1"},
		{`complaintbot_state_source_up{source="redis"}`, func(v float64) bool { return v == 1 }, "1"},
		{"complaintbot_desk_worker", func(v float64) bool { return v == 1 }, "1, the only replica holding the desk lock"},
	}
	for _, c := range checks {
		if v := at(c.series); !c.ok(v) {
			t.Errorf("%s = %v, want %s", c.series, v, c.want)
		}
	}

	// Tickets by state are the store's, every state present.
	store := map[string]float64{}
	rows, err := h.pool.Query(context.Background(), `SELECT status, count(*) FROM tickets GROUP BY status`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		var n float64
		if err := rows.Scan(&s, &n); err != nil {
			t.Fatal(err)
		}
		store[s] = n
	}
	if rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	if store["acknowledged"] != 1 {
		t.Errorf("the store has %v, want the one ticket acknowledged", store)
	}
	for _, s := range ticketStatuses {
		if got := at(`complaintbot_tickets{state="` + s + `"}`); got != store[s] {
			t.Errorf("tickets{state=%q} = %v, the store has %v", s, got, store[s])
		}
	}

	// River's jobs by state and kind add up to the table's.
	var jobs float64
	if err := h.pool.QueryRow(context.Background(), `SELECT count(*) FROM river_job`).Scan(&jobs); err != nil {
		t.Fatal(err)
	}
	var counted float64
	for series, v := range m {
		if strings.HasPrefix(series, "complaintbot_river_jobs{") {
			counted += v
		}
	}
	if jobs == 0 || counted != jobs {
		t.Errorf("river_jobs add up to %v, river_job holds %v (want the same, and some)", counted, jobs)
	}
}
