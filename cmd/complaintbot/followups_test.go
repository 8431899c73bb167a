package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/internal/customersim"
	"github.com/complaintbot/complaintbot/internal/testworld"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// nudgeText is in the English nudge of a ticket waiting for its customer.
const nudgeText = "we are still waiting for the information"

// A follow-up is a River job in PostgreSQL, not a timer in the process: a
// service stopped between the job's insert and its due time, with the due
// time passing while it is down, sends the follow-up once it runs again,
// and only once.
func TestFollowUpFiresAfterARestart(t *testing.T) {
	t.Parallel()
	clock := testworld.NewClock(time.Now())
	h := startService(t, harnessOpts{clock: clock})
	anna := h.waitingCustomer(t, "Anna")

	h.stop(t)
	h.passTime(t, clock, 48*time.Hour+time.Minute)
	h.start(t)

	h.waitChat(t, anna, "the nudge after the restart", func(m *models.Message) bool {
		return strings.Contains(m.Text, nudgeText)
	})
	h.quiet(t)
	if n := h.countChat(anna, nudgeText); n != 1 {
		t.Errorf("Anna was nudged %d times, want once", n)
	}
}

// Two replicas of the service on one PostgreSQL and Redis share the
// follow-ups out: every customer waiting for two days is nudged exactly
// once, whichever replica's River client works the job.
func TestFollowUpsAreSentOnceByTwoReplicas(t *testing.T) {
	t.Parallel()
	clock := testworld.NewClock(time.Now())
	h := startService(t, harnessOpts{clock: clock})
	var customers []int64
	for i := range 4 {
		customers = append(customers, h.waitingCustomer(t, fmt.Sprintf("Customer%d", i)))
	}
	h.startReplica(t, "replica-2")

	h.passTime(t, clock, 48*time.Hour+time.Minute)
	for _, c := range customers {
		h.waitChat(t, c, "the nudge", func(m *models.Message) bool { return strings.Contains(m.Text, nudgeText) })
	}
	h.quiet(t)
	for _, c := range customers {
		if n := h.countChat(c, nudgeText); n != 1 {
			t.Errorf("customer %d was nudged %d times, want once", c, n)
		}
	}
	rows, err := h.pool.Query(context.Background(), `SELECT attempted_by[array_length(attempted_by, 1)], count(*)
		FROM river_job WHERE kind = 'awaiting_customer' AND state = 'completed' GROUP BY 1 ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var by string
		var n int
		if err := rows.Scan(&by, &n); err != nil {
			t.Fatal(err)
		}
		t.Logf("%d follow-ups worked by %s", n, by)
	}
}

// waitingCustomer files a complaint as a new English-speaking customer and
// has Li ask them for more information, so that their ticket waits for
// them with its nudge scheduled. It returns the customer's chat.
func (h *harness) waitingCustomer(t *testing.T, name string) int64 {
	t.Helper()
	apparel, _ := policy.Default().Category("apparel")
	d := h.driver(t, telegramsim.User{FirstName: name, LanguageCode: "en"})
	_, ref, err := d.FileComplaint(customersim.Complaint{Category: apparel, Order: "SO20261120", Issue: policy.IssueFault,
		Description: "The seam under the left sleeve came apart.", Outcome: policy.OutcomeReplacement, Phone: "8613812345678"})
	if err != nil {
		t.Fatal(err)
	}
	dt := h.cardOf(t, ref)
	h.staffSay(t, h.li, dt, "/needinfo Which size did you order?")
	h.waitChat(t, d.User.ID, "Li's question", func(m *models.Message) bool { return strings.Contains(m.Text, "Which size did you order?") })
	h.quiet(t)
	var scheduled int
	if err := h.pool.QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE kind = 'awaiting_customer'
		AND state = 'scheduled' AND args->>'step' = 'nudge'`).Scan(&scheduled); err != nil || scheduled == 0 {
		t.Fatalf("%s's nudge is not scheduled (%d, %v)", name, scheduled, err)
	}
	return d.User.ID
}

// passTime moves the service's clock forward by d, and the follow-up jobs
// waiting to run come due earlier by d: River reads the database's clock,
// which the test does not move.
func (h *harness) passTime(t *testing.T, clock *testworld.Clock, d time.Duration) {
	t.Helper()
	h.ticketStore(t)
	if _, err := h.pool.Exec(context.Background(), `UPDATE river_job SET scheduled_at = scheduled_at - $1::interval
		WHERE state IN ('scheduled', 'retryable', 'available')`, d.String()); err != nil {
		t.Fatal(err)
	}
	clock.Advance(d)
}

// countChat counts the bot's messages in the chat that contain text.
func (h *harness) countChat(chatID int64, text string) int {
	n := 0
	for _, e := range h.sim.Transcript(chatID) {
		if e.FromBot && strings.Contains(e.Message.Text, text) {
			n++
		}
	}
	return n
}

// startReplica runs a second service with the first one's configuration —
// the same bot, PostgreSQL, Redis and clock — on a port of its own, until
// the test ends.
func (h *harness) startReplica(t *testing.T, id string) {
	t.Helper()
	h.runReplica(t, id)
}

// runReplica is startReplica, named id in leases and logs, and returns a
// function that stops it (and waits for it) before the test ends.
func (h *harness) runReplica(t *testing.T, id string) (stop func()) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := *h.cfg
	cfg.HTTPAddr, cfg.listener, cfg.replicaID = ln.Addr().String(), ln, id
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, &cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), func() { close(ready) })
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("replica %s stopped with: %v", id, err)
			}
		})
	}
	t.Cleanup(stop)
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("replica %s did not start: %v", id, err)
	case <-time.After(30 * time.Second):
		t.Fatalf("replica %s did not start within 30s", id)
	}
	return stop
}
