package tickets_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/complaintbot/complaintbot/tickets"
)

// slaJob is a timer job as River holds it.
type slaJob = job[tickets.SLAArgs]

// slaJobsOf lists the ticket's timer jobs that are not cancelled, by step
// in the order they were inserted.
func slaJobsOf(t testing.TB, pool *pgxpool.Pool, ticketID int64) map[string]slaJob {
	t.Helper()
	out := map[string]slaJob{}
	for _, j := range jobsOf[tickets.SLAArgs](t, pool, "sla_timer", map[string]any{"ticket_id": ticketID}) {
		if j.State == "cancelled" {
			continue
		}
		if _, dup := out[j.Args.Step]; dup {
			t.Fatalf("two waiting %s jobs for ticket %d", j.Args.Step, ticketID)
		}
		out[j.Args.Step] = j
	}
	return out
}

// workSLA works a timer job as River would hand it to the worker.
func workSLA(t testing.TB, s *tickets.Store, j slaJob) error {
	t.Helper()
	return tickets.SLAWorkerOf(s).Work(context.Background(), &river.Job[tickets.SLAArgs]{
		JobRow: &rivertype.JobRow{ID: j.ID, Kind: "sla_timer", Attempt: 1, State: rivertype.JobStateRunning},
		Args:   j.Args})
}

// mustWorkSLA works j twice, as a retry or a second replica would, and
// fails the test on an error.
func mustWorkSLA(t testing.TB, s *tickets.Store, j slaJob) {
	t.Helper()
	for range 2 {
		if err := workSLA(t, s, j); err != nil {
			t.Fatalf("work %s: %v", j.Args.Step, err)
		}
	}
}

// deskNotices lists the keys of the ticket's thread notices.
func deskNotices(t testing.TB, pool *pgxpool.Pool, ticketID int64) []string {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT args->>'key' FROM river_job
		WHERE kind = 'desk_notice' AND (args->>'ticket_id')::bigint = $1 ORDER BY id`, ticketID)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := pgxCollectStrings(rows)
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// ownerAlerts lists the reasons of the ticket's owner alerts.
func ownerAlerts(t testing.TB, pool *pgxpool.Pool, ticketID int64) []string {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT args->>'reason' FROM river_job
		WHERE kind = 'owner_alert' AND (args->>'ticket_id')::bigint = $1 ORDER BY id`, ticketID)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := pgxCollectStrings(rows)
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// shanghai is a time on the default policy's clock in November 2026.
func shanghai(day, hour, minute int) time.Time {
	return time.Date(2026, 11, day, hour, minute, 0, 0, shopZone)
}

// Filing on Friday 09:30 schedules a warning 30 minutes before each
// deadline and the deadline itself: arrange 11:30, check 13:30 and the
// answer at Tuesday's close (three working days; Saturday opens).
func TestSLAFilingSchedulesTimers(t *testing.T) {
	t.Parallel()
	s, pool, _ := newClockStore(t)
	tk := file(t, s, 38001)
	if !tk.ArrangeBy.Equal(shanghai(20, 11, 30)) || !tk.CheckAt.Equal(shanghai(20, 13, 30)) || !tk.AnswerBy.Equal(shanghai(24, 18, 0)) {
		t.Fatalf("deadlines %v %v %v", tk.ArrangeBy, tk.CheckAt, tk.AnswerBy)
	}
	want := map[string]time.Time{
		tickets.SLAArrangeWarn: shanghai(20, 11, 0), tickets.SLAArrange: shanghai(20, 11, 30),
		tickets.SLACheckWarn: shanghai(20, 13, 0), tickets.SLACheck: shanghai(20, 13, 30),
		tickets.SLAAnswerWarn: shanghai(24, 17, 30), tickets.SLAAnswer: shanghai(24, 18, 0),
	}
	got := slaJobsOf(t, pool, tk.ID)
	if len(got) != len(want) {
		t.Fatalf("jobs %+v, want %d", got, len(want))
	}
	for step, at := range want {
		if j := got[step]; !j.ScheduledAt.Equal(at) || !j.Args.At.Equal(at) {
			t.Errorf("%s at %v (args %v), want %v", step, j.ScheduledAt, j.Args.At, at)
		}
	}
}

// Nobody takes the ticket up: the warning and the missed arrange deadline
// go to the thread, the check escalates to the owners with an "escalated"
// event — each once however often its job runs, none before its time.
func TestSLAArrangeMissedAndEscalated(t *testing.T) {
	t.Parallel()
	s, pool, clk := newClockStore(t)
	tk := file(t, s, 38002)
	jobs := slaJobsOf(t, pool, tk.ID)

	var snooze *river.JobSnoozeError
	if err := workSLA(t, s, jobs[tickets.SLAArrange]); !errors.As(err, &snooze) || snooze.Duration != 2*time.Hour {
		t.Fatalf("the arrange deadline run at filing = %v, want a snooze of 2h", err)
	}
	clk.advance(90 * time.Minute) // 11:00
	mustWorkSLA(t, s, jobs[tickets.SLAArrangeWarn])
	clk.advance(30 * time.Minute) // 11:30
	mustWorkSLA(t, s, jobs[tickets.SLAArrange])
	if d, ok := mustGet(t, s, tk.Ref).NextDeadline(clk.now(), 30*time.Minute); !ok || d.Name != tickets.DeadlineArrange || !d.Missed {
		t.Errorf("next deadline at 11:30 = %+v, want the arrange deadline missed", d)
	}
	if got := ownerAlerts(t, pool, tk.ID); len(got) != 0 {
		t.Fatalf("owners alerted %v before the check", got)
	}
	clk.advance(90 * time.Minute) // 13:00
	mustWorkSLA(t, s, jobs[tickets.SLACheckWarn])
	clk.advance(30 * time.Minute) // 13:30
	mustWorkSLA(t, s, jobs[tickets.SLACheck])

	want := []string{"desk.sla.arrange_warn", "desk.sla.arrange", "desk.sla.check_warn", "desk.sla.check"}
	if got := deskNotices(t, pool, tk.ID); !slices.Equal(got, want) {
		t.Errorf("thread notices %v, want %v", got, want)
	}
	if got := ownerAlerts(t, pool, tk.ID); !slices.Equal(got, []string{tickets.AlertArrangeMissed}) {
		t.Errorf("owner alerts %v, want one %s", got, tickets.AlertArrangeMissed)
	}
	wantEvents := []string{"sla_warning", "sla_missed", "sla_warning", "escalated"}
	if got := eventKinds(t, s, tk.Ref); !slices.Equal(got, wantEvents) {
		t.Errorf("events %v, want %v", got, wantEvents)
	}
	if n := noticeKeys(t, pool, tk.ID); len(n) != 0 {
		t.Errorf("customer notices %v, want none for the arrange deadlines", n)
	}
}

// A ticket claimed in time has no arrange or check follow-up; one resolved
// in time has no answer follow-up either, even when the jobs run.
func TestSLAHandledInTime(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	tk := file(t, s, 38003)
	jobs := slaJobsOf(t, pool, tk.ID)
	clk.advance(time.Hour)
	if _, err := s.Claim(ctx, tk.ID, li); err != nil {
		t.Fatal(err)
	}
	clk.advance(4 * time.Hour)
	for _, step := range []string{tickets.SLAArrangeWarn, tickets.SLAArrange, tickets.SLACheckWarn, tickets.SLACheck} {
		mustWorkSLA(t, s, jobs[step])
	}
	if err := s.SetStatus(ctx, tk.ID, tickets.StatusInProgress, li.Actor(), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Resolve(ctx, tk.ID, li, "replaced the zip"); err != nil {
		t.Fatal(err)
	}
	clk.advance(shanghai(24, 18, 0).Sub(clk.now()))
	mustWorkSLA(t, s, jobs[tickets.SLAAnswerWarn])
	mustWorkSLA(t, s, jobs[tickets.SLAAnswer])
	if got := deskNotices(t, pool, tk.ID); len(got) != 0 {
		t.Errorf("thread notices %v, want none", got)
	}
	if got := ownerAlerts(t, pool, tk.ID); len(got) != 0 {
		t.Errorf("owner alerts %v, want none", got)
	}
	if got := noticeKeys(t, pool, tk.ID); !slices.Equal(got, []string{"tickets.resolved"}) {
		t.Errorf("customer notices %v, want only the resolution", got)
	}
}

// A ticket taken up but not resolved: 30 minutes before the answer
// deadline the customer is told it takes longer (once), and at the deadline
// the owners hear of it.
func TestSLAAnswerLate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	tk := file(t, s, 38004)
	jobs := slaJobsOf(t, pool, tk.ID)
	if _, err := s.Claim(ctx, tk.ID, li); err != nil {
		t.Fatal(err)
	}
	clk.advance(shanghai(24, 17, 29).Sub(clk.now()))
	var snooze *river.JobSnoozeError
	if err := workSLA(t, s, jobs[tickets.SLAAnswerWarn]); !errors.As(err, &snooze) || snooze.Duration != time.Minute {
		t.Fatalf("the answer's warning a minute early = %v, want a snooze of 1m", err)
	}
	if n := noticeKeys(t, pool, tk.ID); len(n) != 0 {
		t.Fatalf("customer told %v before the warning", n)
	}
	clk.advance(time.Minute)
	mustWorkSLA(t, s, jobs[tickets.SLAAnswerWarn])
	n := noticesOf(t, pool, tk.ID)
	if len(n) != 1 || n[0].Key != tickets.NoticeAnswerLate || n[0].Params["ref"] != tk.Ref ||
		n[0].Params["when"] != shanghai(24, 18, 0).Format(time.RFC3339) {
		t.Fatalf("customer notices %+v, want one %s naming the deadline", n, tickets.NoticeAnswerLate)
	}
	clk.advance(30 * time.Minute)
	mustWorkSLA(t, s, jobs[tickets.SLAAnswer])
	if got := ownerAlerts(t, pool, tk.ID); !slices.Equal(got, []string{tickets.AlertAnswerMissed}) {
		t.Errorf("owner alerts %v, want one %s", got, tickets.AlertAnswerMissed)
	}
	if got := noticeKeys(t, pool, tk.ID); len(got) != 1 {
		t.Errorf("customer notices %v, want the one before the deadline only", got)
	}
	if got := deskNotices(t, pool, tk.ID); !slices.Equal(got, []string{"desk.sla.answer_warn", "desk.sla.answer"}) {
		t.Errorf("thread notices %v", got)
	}
}

// Waiting for the customer stops the clock: jobs that come due meanwhile do
// nothing, and when the customer answers the deadlines still ahead move on
// by the opening hours the wait took, the columns and the jobs with them.
func TestSLAPauseWhileAwaitingCustomer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	tk := file(t, s, 38005)
	old := slaJobsOf(t, pool, tk.ID)
	clk.advance(30 * time.Minute) // Friday 10:00
	if err := s.SetStatus(ctx, tk.ID, tickets.StatusInProgress, li.Actor(), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.NeedInfo(ctx, tk.ID, li); err != nil {
		t.Fatal(err)
	}
	clk.advance(shanghai(20, 14, 0).Sub(clk.now())) // past the arrange and check deadlines, waiting
	mustWorkSLA(t, s, old[tickets.SLAArrange])
	mustWorkSLA(t, s, old[tickets.SLACheck])
	if got := deskNotices(t, pool, tk.ID); len(got) != 0 {
		t.Fatalf("thread notices %v while waiting for the customer", got)
	}

	clk.advance(shanghai(23, 10, 0).Sub(clk.now())) // Monday: Friday 10-18, Saturday and Monday 9-10 waited
	if _, _, err := s.AddCustomerMessage(ctx, tk.ID, tickets.NewMessage{UserID: 38005, ChatID: 38005, MessageID: 7, Text: "the photo"}); err != nil {
		t.Fatal(err)
	}
	got := mustGet(t, s, tk.Ref)
	if got.Status != tickets.StatusInProgress {
		t.Fatalf("status %s after the answer", got.Status)
	}
	if !got.ArrangeBy.Equal(shanghai(23, 11, 30)) || !got.CheckAt.Equal(shanghai(23, 13, 30)) || !got.AnswerBy.Equal(shanghai(26, 18, 0)) {
		t.Fatalf("deadlines after the wait %v, %v, %v; want Monday 11:30, 13:30 and Thursday 18:00", got.ArrangeBy, got.CheckAt, got.AnswerBy)
	}
	last := got.Events[len(got.Events)-1]
	if last.Kind != "deadlines" || last.Data["reason"] != "resumed" {
		t.Errorf("last event %+v, want the deadlines moved", last)
	}
	fresh := slaJobsOf(t, pool, tk.ID)
	if j := fresh[tickets.SLAArrange]; !j.ScheduledAt.Equal(shanghai(23, 11, 30)) || j.ID == old[tickets.SLAArrange].ID {
		t.Errorf("arrange job %+v, want a new one at Monday 11:30", j)
	}
	if j := fresh[tickets.SLAAnswerWarn]; !j.ScheduledAt.Equal(shanghai(26, 17, 30)) {
		t.Errorf("answer's warning at %v, want Thursday 17:30", j.ScheduledAt)
	}
	// The old jobs no longer speak for the ticket; the new ones do.
	clk.advance(shanghai(23, 11, 30).Sub(clk.now()))
	mustWorkSLA(t, s, old[tickets.SLAArrange])
	if got := deskNotices(t, pool, tk.ID); len(got) != 0 {
		t.Fatalf("an old job posted %v", got)
	}
	mustWorkSLA(t, s, fresh[tickets.SLAArrange])
	if got := deskNotices(t, pool, tk.ID); !slices.Equal(got, []string{"desk.sla.arrange"}) {
		t.Errorf("thread notices %v, want the arrange deadline missed", got)
	}
}

// Raising the priority halves the time left to arrange and to check;
// lowering it gives none back; the answer keeps its working days.
func TestSLAPriorityTightens(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	tk := file(t, s, 38006)
	clk.advance(30 * time.Minute) // 10:00: 1h30 left to arrange, 3h30 to check
	up, err := s.ShiftPriority(ctx, tk.ID, li, +1)
	if err != nil {
		t.Fatal(err)
	}
	if !up.ArrangeBy.Equal(shanghai(20, 10, 45)) || !up.CheckAt.Equal(shanghai(20, 11, 45)) || !up.AnswerBy.Equal(tk.AnswerBy) {
		t.Fatalf("raised: %v, %v, %v; want 10:45, 11:45 and the answer as filed", up.ArrangeBy, up.CheckAt, up.AnswerBy)
	}
	if j := slaJobsOf(t, pool, tk.ID)[tickets.SLACheck]; !j.ScheduledAt.Equal(shanghai(20, 11, 45)) {
		t.Errorf("check job at %v, want 11:45", j.ScheduledAt)
	}
	down, err := s.ShiftPriority(ctx, tk.ID, li, -1)
	if err != nil {
		t.Fatal(err)
	}
	if !down.ArrangeBy.Equal(up.ArrangeBy) || !down.CheckAt.Equal(up.CheckAt) {
		t.Errorf("lowered: %v, %v; want them kept", down.ArrangeBy, down.CheckAt)
	}
}

// mustGet reads the ticket with ref.
func mustGet(t testing.TB, s *tickets.Store, ref string) *tickets.Ticket {
	t.Helper()
	got, err := s.Get(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// pgxCollectStrings reads one text column of every row.
func pgxCollectStrings(rows pgx.Rows) ([]string, error) {
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// The check's job worked by two replicas at the same moment escalates
// once: the ticket's lock orders them and the second finds the first's
// event.
func TestSLAEscalatesOnceOnTwoReplicas(t *testing.T) {
	t.Parallel()
	s, pool, clk := newClockStore(t)
	tk := file(t, s, 38007)
	check := slaJobsOf(t, pool, tk.ID)[tickets.SLACheck]
	clk.advance(tk.CheckAt.Sub(clk.now()))
	errs := make(chan error, 2)
	for range 2 {
		go func() { errs <- workSLA(t, s, check) }()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if got := ownerAlerts(t, pool, tk.ID); !slices.Equal(got, []string{tickets.AlertArrangeMissed}) {
		t.Errorf("owner alerts %v, want one", got)
	}
	if got := deskNotices(t, pool, tk.ID); len(got) != 1 {
		t.Errorf("thread notices %v, want one", got)
	}
}

// A ticket reopened after its deadlines passed starts new ones from the
// moment it was reopened, with their timers; the answer's timer speaks
// again for it.
func TestSLAReopenedStartsAgain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	tk := file(t, s, 38008)
	if _, err := s.Claim(ctx, tk.ID, li); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(ctx, tk.ID, tickets.StatusInProgress, li.Actor(), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Resolve(ctx, tk.ID, li, "replaced the zip"); err != nil {
		t.Fatal(err)
	}
	clk.advance(shanghai(25, 10, 0).Sub(clk.now())) // Wednesday, past the answer deadline
	got, err := s.Reopen(ctx, tk.ID, li.Actor())
	if err != nil {
		t.Fatal(err)
	}
	if !got.ArrangeBy.Equal(shanghai(25, 12, 0)) || !got.AnswerBy.Equal(shanghai(28, 18, 0)) {
		t.Fatalf("reopened with %v and %v, want Wednesday 12:00 and Saturday 18:00", got.ArrangeBy, got.AnswerBy)
	}
	answer := slaJobsOf(t, pool, tk.ID)[tickets.SLAAnswer]
	if !answer.Args.Due.Equal(got.AnswerBy) {
		t.Fatalf("answer job for %v, want %v", answer.Args.Due, got.AnswerBy)
	}
	clk.advance(got.AnswerBy.Sub(clk.now()))
	mustWorkSLA(t, s, answer)
	if got := ownerAlerts(t, pool, tk.ID); !slices.Equal(got, []string{tickets.AlertAnswerMissed}) {
		t.Errorf("owner alerts %v, want the answer missed once", got)
	}
}
