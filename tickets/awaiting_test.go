package tickets_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/tickets"
)

// awaitJob is a nudge or auto-close job as River holds it.
type awaitJob = job[tickets.AwaitingArgs]

// awaitJobs lists the ticket's nudge and auto-close jobs in order of
// insertion.
func awaitJobs(t testing.TB, pool *pgxpool.Pool, ticketID int64) []awaitJob {
	t.Helper()
	return jobsOf[tickets.AwaitingArgs](t, pool, "awaiting_customer", map[string]any{"ticket_id": ticketID})
}

// workAwait works a nudge or auto-close job as River would hand it to the
// worker.
func workAwait(t testing.TB, s *tickets.Store, j awaitJob) error {
	t.Helper()
	return tickets.AwaitingWorkerOf(s).Work(context.Background(), &river.Job[tickets.AwaitingArgs]{
		JobRow: &rivertype.JobRow{ID: j.ID, Kind: "awaiting_customer", Attempt: 1, State: rivertype.JobStateRunning},
		Args:   j.Args})
}

// mustWork works j and fails the test on an error.
func mustWork(t testing.TB, s *tickets.Store, j awaitJob) {
	t.Helper()
	if err := workAwait(t, s, j); err != nil {
		t.Fatalf("work %s: %v", j.Args.Step, err)
	}
}

// needInfo files a ticket for chat and makes it wait for its customer at
// the clock's time; it returns the ticket and its two jobs.
func needInfo(t testing.TB, s *tickets.Store, pool *pgxpool.Pool, chat int64) (*tickets.Ticket, awaitJob, awaitJob) {
	t.Helper()
	tk := file(t, s, chat)
	if err := s.SetStatus(context.Background(), tk.ID, tickets.StatusInProgress, li.Actor(), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.NeedInfo(context.Background(), tk.ID, li); err != nil {
		t.Fatal(err)
	}
	list := awaitJobs(t, pool, tk.ID)
	if len(list) != 2 {
		t.Fatalf("jobs %+v, want a nudge and a close", list)
	}
	return tk, list[0], list[1]
}

// The move to awaiting_customer schedules the nudge at +2 days and the close
// at +7; each acts once when due: the nudge tells the customer and logs it,
// the close closes the ticket by the system, refreshes the card and tells
// the customer, who can reopen it.
func TestAwaitingCustomerNudgeAndClose(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	tk, nudge, closing := needInfo(t, s, pool, 37001)
	since := clk.now()
	if a := nudge.Args; a.Step != tickets.AwaitingNudge || a.Days != 2 || !a.Since.Equal(since) ||
		!nudge.ScheduledAt.Equal(since.Add(48*time.Hour)) {
		t.Errorf("nudge %+v, want at %v", nudge, since.Add(48*time.Hour))
	}
	if a := closing.Args; a.Step != tickets.AwaitingClose || a.Days != 7 || !a.Since.Equal(since) ||
		!closing.ScheduledAt.Equal(since.Add(7*24*time.Hour)) {
		t.Errorf("close %+v, want at %v", closing, since.Add(7*24*time.Hour))
	}

	// Early by the store's clock: both wait.
	var snooze *river.JobSnoozeError
	if err := workAwait(t, s, nudge); !errors.As(err, &snooze) || snooze.Duration != 48*time.Hour {
		t.Errorf("an early nudge = %v, want a snooze of 48h", err)
	}
	clk.advance(48 * time.Hour)
	for range 2 {
		mustWork(t, s, nudge)
	}
	n := noticesOf(t, pool, tk.ID)
	if len(n) != 1 || n[0].Key != tickets.NoticeAwaitingNudge || n[0].Params["ref"] != tk.Ref || n[0].Params["days"] != "2" {
		t.Fatalf("notices %+v, want one nudge", n)
	}
	if err := workAwait(t, s, closing); !errors.As(err, &snooze) || snooze.Duration != 5*24*time.Hour {
		t.Errorf("an early close = %v, want a snooze of 5 days", err)
	}

	runCardJobs(t, pool, tk.ID)
	clk.advance(5 * 24 * time.Hour)
	for range 2 {
		mustWork(t, s, closing)
	}
	got, err := s.Get(ctx, tk.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != tickets.StatusClosed || !got.ClosedAt.Equal(clk.now()) {
		t.Fatalf("after 7 days: %s closed at %v, want closed at %v", got.Status, got.ClosedAt, clk.now())
	}
	last := got.Events[len(got.Events)-1]
	if last.Kind != "status" || last.Actor.Kind != tickets.ActorSystem || last.Data["to"] != "closed" || last.Data["reason"] != "no_answer" {
		t.Errorf("last event %+v, want the system closing it for want of an answer", last)
	}
	if kinds := eventKinds(t, s, tk.Ref); !slices.Equal(kinds, []string{"status", "status", "customer_nudged", "status"}) {
		t.Errorf("events %v, want the wait, the nudge and the close", kinds)
	}
	if n := cardJobs(t, pool, tk.ID); n != 1 {
		t.Errorf("%d card jobs after the close, want 1", n)
	}
	want := []string{tickets.NoticeAwaitingNudge, tickets.NoticeAwaitingClosed}
	if keys := noticeKeys(t, pool, tk.ID); !slices.Equal(keys, want) {
		t.Errorf("notices %v, want %v", keys, want)
	}

	// The customer writing again may reopen it.
	if r, err := s.RecentlyResolved(ctx, tk.CustomerChatID, 7*24*time.Hour); err != nil || r.ID != tk.ID {
		t.Fatalf("RecentlyResolved = %v, %v; want the closed ticket", r, err)
	}
	if r, err := s.ReopenByCustomer(ctx, tk.CustomerChatID, tk.ID, 7*24*time.Hour); err != nil || r.Status != tickets.StatusReopened {
		t.Fatalf("ReopenByCustomer = %v, %v", r, err)
	}
}

// A ticket the customer answered, or staff resolved, is left alone by both.
func TestAwaitingCustomerLeftAlone(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	answered, n1, c1 := needInfo(t, s, pool, 37002)
	resolved, n2, c2 := needInfo(t, s, pool, 37003)
	clk.advance(time.Hour)
	if _, _, err := s.AddCustomerMessage(ctx, answered.ID, tickets.NewMessage{UserID: 37002, ChatID: 37002, MessageID: 5, Text: "the serial is X1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Resolve(ctx, resolved.ID, li, "replaced"); err != nil {
		t.Fatal(err)
	}
	// Moving on cancels the jobs waiting to run; one that runs anyway does
	// nothing.
	for _, tk := range []*tickets.Ticket{answered, resolved} {
		if n := count(t, pool, `SELECT count(*) FROM river_job WHERE kind = 'awaiting_customer'
			AND (args->>'ticket_id')::bigint = $1 AND state <> 'cancelled'`, tk.ID); n != 0 {
			t.Errorf("ticket %s: %d jobs not cancelled", tk.Ref, n)
		}
	}
	clk.advance(7 * 24 * time.Hour)
	for _, j := range []awaitJob{n1, c1, n2, c2} {
		mustWork(t, s, j)
	}
	for _, c := range []struct {
		tk   *tickets.Ticket
		want tickets.Status
		keys []string
	}{{answered, tickets.StatusInProgress, nil}, {resolved, tickets.StatusResolved, []string{"tickets.resolved"}}} {
		got, err := s.Get(ctx, c.tk.Ref)
		if err != nil || got.Status != c.want {
			t.Errorf("ticket %s: %v, %v; want %s", c.tk.Ref, got.Status, err, c.want)
		}
		if keys := noticeKeys(t, pool, c.tk.ID); !slices.Equal(keys, c.keys) {
			t.Errorf("ticket %s: notices %v, want %v", c.tk.Ref, keys, c.keys)
		}
		if kinds := eventKinds(t, s, c.tk.Ref); slices.Contains(kinds, "customer_nudged") {
			t.Errorf("ticket %s: events %v, want no nudge", c.tk.Ref, kinds)
		}
	}
}

// A second wait schedules fresh jobs; those of the first do nothing, those
// of the second act at their own times.
func TestAwaitingCustomerSecondWait(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	tk, oldNudge, oldClose := needInfo(t, s, pool, 37004)
	clk.advance(24 * time.Hour)
	if _, _, err := s.AddCustomerMessage(ctx, tk.ID, tickets.NewMessage{UserID: 37004, ChatID: 37004, MessageID: 5, Text: "here"}); err != nil {
		t.Fatal(err)
	}
	clk.advance(time.Hour)
	if _, err := s.NeedInfo(ctx, tk.ID, li); err != nil {
		t.Fatal(err)
	}
	since := clk.now()
	list := awaitJobs(t, pool, tk.ID)
	if len(list) != 4 {
		t.Fatalf("jobs %+v, want two for each wait", list)
	}
	nudge, closing := list[2], list[3]
	if !nudge.Args.Since.Equal(since) || !nudge.ScheduledAt.Equal(since.Add(48*time.Hour)) ||
		!closing.ScheduledAt.Equal(since.Add(7*24*time.Hour)) {
		t.Errorf("second wait's jobs %+v, want from %v", list[2:], since)
	}

	// The first wait's nudge comes due (a day into the second): nothing.
	clk.advance(23 * time.Hour)
	mustWork(t, s, oldNudge)
	if keys := noticeKeys(t, pool, tk.ID); len(keys) != 0 {
		t.Errorf("the first wait's nudge sent %v", keys)
	}
	clk.advance(25 * time.Hour)
	mustWork(t, s, nudge)
	clk.advance(5 * 24 * time.Hour) // the first wait's close is long due
	mustWork(t, s, oldClose)
	if got, err := s.Get(ctx, tk.Ref); err != nil || got.Status != tickets.StatusAwaitingCustomer {
		t.Fatalf("after the first wait's close: %v, %v; want still awaiting", got.Status, err)
	}
	mustWork(t, s, closing)
	got, err := s.Get(ctx, tk.Ref)
	if err != nil || got.Status != tickets.StatusClosed {
		t.Fatalf("after the second wait's close: %v, %v", got.Status, err)
	}
	want := []string{tickets.NoticeAwaitingNudge, tickets.NoticeAwaitingClosed}
	if keys := noticeKeys(t, pool, tk.ID); !slices.Equal(keys, want) {
		t.Errorf("notices %v, want %v", keys, want)
	}
}

// A move that fails inserts no job: the jobs go with the move.
func TestAwaitingCustomerJobsWithTheMove(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, _ := newClockStore(t)
	tk := file(t, s, 37005)
	if _, err := s.CloseTicket(ctx, tk.ID, owner.Actor()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.NeedInfo(ctx, tk.ID, li); !errors.Is(err, tickets.ErrConflict) {
		t.Fatalf("NeedInfo on a closed ticket = %v, want a conflict", err)
	}
	if list := awaitJobs(t, pool, tk.ID); len(list) != 0 {
		t.Errorf("jobs %+v after a refused move, want none", list)
	}
}

// The nudge and the close have a text in every language, with the ticket's
// reference in it.
func TestAwaitingCustomerTexts(t *testing.T) {
	t.Parallel()
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{tickets.NoticeAwaitingNudge, tickets.NoticeAwaitingClosed} {
		for _, lang := range locale.Languages() {
			if !cat.Has(lang, key) {
				t.Errorf("%s has no text in %s", key, lang)
				continue
			}
			text := cat.HTML(lang, key, map[string]string{"ref": "K7M-4QX", "days": "7"})
			if !strings.Contains(text, "K7M-4QX") || strings.Contains(text, "{{") || strings.Contains(text, "no value") {
				t.Errorf("%s %s: %q", lang, key, text)
			}
		}
	}
}
