//go:build demo

package main

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/tickets"
)

// clockTestArgs is a follow-up job as the service schedules them.
type clockTestArgs struct{}

func (clockTestArgs) Kind() string { return "demo_clock_test" }

// Moving the demo's clock forward moves the service's clock and brings
// its follow-up jobs forward by as much; a job scheduled from the moved
// clock afterwards is stored at the real time it stands for.
func TestDemoClockBringsFollowUpsForward(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Skipf("no time zone data: %v", err)
	}
	c := newDemoClock(shanghai)
	if err := c.advance(ctx, time.Hour); !errors.Is(err, errClockNotReady) {
		t.Fatalf("advance before the database = %v, want %v", err, errClockNotReady)
	}
	// The service creates its tables only once it starts.
	pool := pgtest.NewEmpty(t)
	c.use(pool)
	if err := c.advance(ctx, time.Hour); !errors.Is(err, errClockNotReady) {
		t.Fatalf("advance before the tables = %v, want %v", err, errClockNotReady)
	}
	if ahead := time.Until(c.now()); ahead > 0 {
		t.Fatalf("a refused advance moved the clock %s ahead", ahead)
	}
	if err := tickets.Migrate(ctx, pool, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	jobs, err := tickets.NewRiverClient(pool, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	insert := func(opts *river.InsertOpts) int64 {
		t.Helper()
		res, err := jobs.Insert(ctx, clockTestArgs{}, opts)
		if err != nil {
			t.Fatal(err)
		}
		return res.Job.ID
	}
	// A follow-up due in two days, one to be tried again in ten minutes,
	// one due now, and one long done.
	inTwoDays := time.Now().Add(48 * time.Hour).Truncate(time.Microsecond)
	later := insert(&river.InsertOpts{ScheduledAt: inTwoDays})
	inTenMinutes := time.Now().Add(10 * time.Minute).Truncate(time.Microsecond)
	retry := insert(nil)
	if _, err := pool.Exec(ctx, "UPDATE river_job SET state = 'retryable', attempt = 1, scheduled_at = $2 WHERE id = $1", retry, inTenMinutes); err != nil {
		t.Fatal(err)
	}
	now := insert(nil)
	done := insert(nil)
	if _, err := pool.Exec(ctx, "UPDATE river_job SET state = 'completed', finalized_at = now() WHERE id = $1", done); err != nil {
		t.Fatal(err)
	}
	before := scheduledAt(ctx, t, pool, now, done)

	if err := c.advance(ctx, 24*time.Hour); err != nil {
		t.Fatalf("+1 day: %v", err)
	}
	if ahead := time.Until(c.now()); ahead <= 24*time.Hour-time.Minute || ahead > 24*time.Hour {
		t.Errorf("after +1 day the clock is %s ahead, want a day", ahead)
	}
	if zone := c.shopNow().Location(); zone != shanghai {
		t.Errorf("the playground's time is in %s, want the shop's zone", zone)
	}
	at := scheduledAt(ctx, t, pool, later, retry)
	if want := inTwoDays.Add(-24 * time.Hour); !at[later].Equal(want) {
		t.Errorf("the follow-up due in two days is at %s, want %s (a day earlier)", at[later], want)
	}
	if want := inTenMinutes.Add(-24 * time.Hour); !at[retry].Equal(want) {
		t.Errorf("the job to be tried again is at %s, want %s (due now)", at[retry], want)
	}
	for id, at := range scheduledAt(ctx, t, pool, now, done) {
		if !at.Equal(before[id]) {
			t.Errorf("job %d, not waiting, moved from %s to %s", id, before[id], at)
		}
	}

	// The service schedules from its clock, a day ahead of the database's.
	inAnHour := c.now().Add(time.Hour).Truncate(time.Microsecond)
	next := insert(&river.InsertOpts{ScheduledAt: inAnHour})
	if got, want := scheduledAt(ctx, t, pool, next)[next], inAnHour.Add(-24*time.Hour); !got.Equal(want) {
		t.Errorf("a follow-up scheduled an hour ahead on the moved clock is at %s, want %s (an hour from the real now)", got, want)
	}

	if err := c.advance(ctx, time.Hour); err != nil {
		t.Fatalf("+1 hour: %v", err)
	}
	if ahead := time.Until(c.now()); ahead <= 25*time.Hour-time.Minute || ahead > 25*time.Hour {
		t.Errorf("after +1 hour more the clock is %s ahead, want 25h", ahead)
	}
	at = scheduledAt(ctx, t, pool, later, next)
	if want := inTwoDays.Add(-25 * time.Hour); !at[later].Equal(want) {
		t.Errorf("the first follow-up is at %s, want %s", at[later], want)
	}
	if want := inAnHour.Add(-25 * time.Hour); !at[next].Equal(want) {
		t.Errorf("the second follow-up is at %s, want %s (due now)", at[next], want)
	}
	inADay := c.now().Add(24 * time.Hour).Truncate(time.Microsecond)
	last := insert(&river.InsertOpts{ScheduledAt: inADay})
	if got, want := scheduledAt(ctx, t, pool, last)[last], inADay.Add(-25*time.Hour); !got.Equal(want) {
		t.Errorf("a follow-up scheduled after +25h is at %s, want %s", got, want)
	}
}

// scheduledAt reads the jobs' scheduled_at.
func scheduledAt(ctx context.Context, t *testing.T, pool *pgxpool.Pool, ids ...int64) map[int64]time.Time {
	t.Helper()
	rows, err := pool.Query(ctx, "SELECT id, scheduled_at FROM river_job WHERE id = ANY($1)", ids)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]time.Time{}
	for rows.Next() {
		var id int64
		var at time.Time
		if err := rows.Scan(&id, &at); err != nil {
			t.Fatal(err)
		}
		out[id] = at
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) != len(ids) {
		t.Fatalf("jobs %v: found %d", ids, len(out))
	}
	return out
}

// In a running demo the playground's header moves the shop's clock: the
// demo says so when it starts, and "+1 day" answers the shop's time a day
// on, in the shop's zone.
func TestDemoClockFromThePlayground(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	demoCtx, stop := context.WithCancel(ctx)
	defer stop()
	d := startDemo(demoCtx, t, sharedServers(t), "-playground", "127.0.0.1:0")
	d.waitOutput(t, "so that follow-ups due later happen now.\n", 2*time.Minute)
	out := d.stdout.String()
	if !strings.Contains(out, "The shop's clock can be moved forward from the playground's header (+1 hour, +1 day)") {
		t.Errorf("the demo does not say the clock can be moved:\n%s", out)
	}
	m := regexp.MustCompile(`Playground: (http://\S+)/\n`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no playground address in:\n%s", out)
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, m[1]+"/playground/api/clock/advance", strings.NewReader(`{"by":"24h"}`))
	req.Header.Set("X-Playground", "1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var clock struct {
		Now          string `json:"now"`
		Zone         string `json:"zone"`
		AheadSeconds int64  `json:"ahead_seconds"`
		Error        string `json:"error"`
	}
	err = json.NewDecoder(resp.Body).Decode(&clock)
	_ = resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("+1 day = %d %+v (%v)", resp.StatusCode, clock, err)
	}
	if clock.Zone != "Asia/Shanghai" || clock.AheadSeconds != 24*3600 {
		t.Errorf("+1 day answered %+v, want the shop's time in Asia/Shanghai a day ahead", clock)
	}
	stop()
	if code := d.exitCode(t, time.Minute); code != 0 {
		t.Fatalf("the demo, stopped, exited with %d\nstderr:\n%s", code, d.stderr)
	}
}
