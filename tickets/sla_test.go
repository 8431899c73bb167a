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

// waitingSLA lists the ticket's timer jobs waiting to run, in the order
// they were inserted.
func waitingSLA(t testing.TB, pool *pgxpool.Pool, ticketID int64) []slaJob {
	t.Helper()
	var out []slaJob
	for _, j := range jobsOf[tickets.SLAArgs](t, pool, "sla_timer", map[string]any{"ticket_id": ticketID}) {
		if slices.Contains([]string{"available", "pending", "retryable", "scheduled"}, j.State) {
			out = append(out, j)
		}
	}
	return out
}

// nextSLA is the ticket's one timer job waiting to run: the next step of
// its chain.
func nextSLA(t testing.TB, pool *pgxpool.Pool, ticketID int64) slaJob {
	t.Helper()
	w := waitingSLA(t, pool, ticketID)
	if len(w) != 1 {
		t.Fatalf("ticket %d has %d timer jobs waiting, want one: %+v", ticketID, len(w), w)
	}
	return w[0]
}

// workSLA works a timer job as River would hand it to the worker.
func workSLA(t testing.TB, s *tickets.Store, j slaJob) error {
	t.Helper()
	return tickets.SLAWorkerOf(s).Work(context.Background(), &river.Job[tickets.SLAArgs]{
		JobRow: &rivertype.JobRow{ID: j.ID, Kind: "sla_timer", Attempt: 1, State: rivertype.JobStateRunning},
		Args:   j.Args})
}

// completeJob records the job with id as completed, as River does when its
// worker returns nil.
func completeJob(t testing.TB, pool *pgxpool.Pool, id int64) {
	t.Helper()
	if _, err := pool.Exec(context.Background(),
		`UPDATE river_job SET state = 'completed', finalized_at = now() WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
}

// mustWorkSLA works j twice, as a retry or a second replica would, fails
// the test on an error, and records j completed.
func mustWorkSLA(t testing.TB, s *tickets.Store, pool *pgxpool.Pool, j slaJob) {
	t.Helper()
	for range 2 {
		if err := workSLA(t, s, j); err != nil {
			t.Fatalf("work %s: %v", j.Args.Step, err)
		}
	}
	completeJob(t, pool, j.ID)
}

// walkSLA works the ticket's timers one after another, each as its job
// comes (the clock moved on to its time when that is ahead), until it has
// worked step's, which it returns.
func walkSLA(t testing.TB, s *tickets.Store, pool *pgxpool.Pool, clk *clock, ticketID int64, step string) slaJob {
	t.Helper()
	for range 6 {
		j := nextSLA(t, pool, ticketID)
		if d := j.Args.At.Sub(clk.now()); d > 0 {
			clk.advance(d)
		}
		mustWorkSLA(t, s, pool, j)
		if j.Args.Step == step {
			return j
		}
	}
	t.Fatalf("ticket %d's timers have no %s step", ticketID, step)
	return slaJob{}
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

// Filing on Friday 09:30 queues the first of the ticket's timers, and each,
// as it runs, queues the next: a warning 30 minutes before each deadline
// and the deadline itself, arrange 11:30, check 13:30 and the answer at
// Tuesday's close (three working days; Saturday opens). One waits at a
// time, and none after the last.
func TestSLATimersComeOneAfterAnother(t *testing.T) {
	t.Parallel()
	s, pool, clk := newClockStore(t)
	tk := file(t, s, 38001)
	if !tk.ArrangeBy.Equal(shanghai(20, 11, 30)) || !tk.CheckAt.Equal(shanghai(20, 13, 30)) || !tk.AnswerBy.Equal(shanghai(24, 18, 0)) {
		t.Fatalf("deadlines %v %v %v", tk.ArrangeBy, tk.CheckAt, tk.AnswerBy)
	}
	want := []struct {
		step    string
		at, due time.Time
	}{
		{tickets.SLAArrangeWarn, shanghai(20, 11, 0), tk.ArrangeBy}, {tickets.SLAArrange, shanghai(20, 11, 30), tk.ArrangeBy},
		{tickets.SLACheckWarn, shanghai(20, 13, 0), tk.CheckAt}, {tickets.SLACheck, shanghai(20, 13, 30), tk.CheckAt},
		{tickets.SLAAnswerWarn, shanghai(24, 17, 30), tk.AnswerBy}, {tickets.SLAAnswer, shanghai(24, 18, 0), tk.AnswerBy},
	}
	for _, w := range want {
		j := nextSLA(t, pool, tk.ID)
		if j.Args.Step != w.step || !j.ScheduledAt.Equal(w.at) || !j.Args.At.Equal(w.at) || !j.Args.Due.Equal(w.due) {
			t.Fatalf("next timer %s at %v (args %v, due %v), want %s at %v, due %v",
				j.Args.Step, j.ScheduledAt, j.Args.At, j.Args.Due, w.step, w.at, w.due)
		}
		clk.advance(w.at.Sub(clk.now()))
		mustWorkSLA(t, s, pool, j)
	}
	if w := waitingSLA(t, pool, tk.ID); len(w) != 0 {
		t.Errorf("timers still waiting after the answer deadline: %+v", w)
	}
}

// Nobody takes the ticket up: the warning and the missed arrange deadline
// go to the thread, the check escalates to the owners with an "escalated"
// event — each once however often its job runs, none before its time.
func TestSLAArrangeMissedAndEscalated(t *testing.T) {
	t.Parallel()
	s, pool, clk := newClockStore(t)
	tk := file(t, s, 38002)

	var snooze *river.JobSnoozeError
	if err := workSLA(t, s, nextSLA(t, pool, tk.ID)); !errors.As(err, &snooze) || snooze.Duration != 90*time.Minute {
		t.Fatalf("the arrange deadline's warning run at filing = %v, want a snooze of 1h30", err)
	}
	if w := waitingSLA(t, pool, tk.ID); len(w) != 1 {
		t.Fatalf("a timer run before its time queued the next: %+v", w)
	}
	clk.advance(90 * time.Minute) // 11:00
	walkSLA(t, s, pool, clk, tk.ID, tickets.SLAArrangeWarn)
	clk.advance(30 * time.Minute) // 11:30
	walkSLA(t, s, pool, clk, tk.ID, tickets.SLAArrange)
	if d, ok := mustGet(t, s, tk.Ref).NextDeadline(clk.now(), 30*time.Minute); !ok || d.Name != tickets.DeadlineArrange || !d.Missed {
		t.Errorf("next deadline at 11:30 = %+v, want the arrange deadline missed", d)
	}
	if got := ownerAlerts(t, pool, tk.ID); len(got) != 0 {
		t.Fatalf("owners alerted %v before the check", got)
	}
	clk.advance(90 * time.Minute) // 13:00
	walkSLA(t, s, pool, clk, tk.ID, tickets.SLACheckWarn)
	clk.advance(30 * time.Minute) // 13:30
	walkSLA(t, s, pool, clk, tk.ID, tickets.SLACheck)

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
// in time has no answer follow-up either, though its timers run to the
// last.
func TestSLAHandledInTime(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	tk := file(t, s, 38003)
	clk.advance(time.Hour)
	if _, err := s.Claim(ctx, tk.ID, li); err != nil {
		t.Fatal(err)
	}
	clk.advance(4 * time.Hour)
	walkSLA(t, s, pool, clk, tk.ID, tickets.SLACheck)
	if err := s.SetStatus(ctx, tk.ID, tickets.StatusInProgress, li.Actor(), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Resolve(ctx, tk.ID, li, "replaced the zip"); err != nil {
		t.Fatal(err)
	}
	clk.advance(shanghai(24, 18, 0).Sub(clk.now()))
	walkSLA(t, s, pool, clk, tk.ID, tickets.SLAAnswer)
	if got := deskNotices(t, pool, tk.ID); len(got) != 0 {
		t.Errorf("thread notices %v, want none", got)
	}
	if got := ownerAlerts(t, pool, tk.ID); len(got) != 0 {
		t.Errorf("owner alerts %v, want none", got)
	}
	if got := noticeKeys(t, pool, tk.ID); !slices.Equal(got, []string{"tickets.resolved"}) {
		t.Errorf("customer notices %v, want only the resolution", got)
	}
	if w := waitingSLA(t, pool, tk.ID); len(w) != 0 {
		t.Errorf("timers still waiting after the last: %+v", w)
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
	if _, err := s.Claim(ctx, tk.ID, li); err != nil {
		t.Fatal(err)
	}
	clk.advance(shanghai(24, 17, 29).Sub(clk.now()))
	walkSLA(t, s, pool, clk, tk.ID, tickets.SLACheck) // taken up: nothing to say
	warn := nextSLA(t, pool, tk.ID)
	var snooze *river.JobSnoozeError
	if err := workSLA(t, s, warn); warn.Args.Step != tickets.SLAAnswerWarn || !errors.As(err, &snooze) || snooze.Duration != time.Minute {
		t.Fatalf("the next timer, %s, a minute early = %v, want the answer's warning snoozed 1m", warn.Args.Step, err)
	}
	if n := noticeKeys(t, pool, tk.ID); len(n) != 0 {
		t.Fatalf("customer told %v before the warning", n)
	}
	clk.advance(time.Minute)
	mustWorkSLA(t, s, pool, warn)
	n := noticesOf(t, pool, tk.ID)
	if len(n) != 1 || n[0].Key != tickets.NoticeAnswerLate || n[0].Params["ref"] != tk.Ref ||
		n[0].Params["when"] != shanghai(24, 18, 0).Format(time.RFC3339) {
		t.Fatalf("customer notices %+v, want one %s naming the deadline", n, tickets.NoticeAnswerLate)
	}
	clk.advance(30 * time.Minute)
	walkSLA(t, s, pool, clk, tk.ID, tickets.SLAAnswer)
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

// Waiting for the customer stops the clock: timers that come due meanwhile
// do nothing, and when the customer answers the deadlines still ahead move
// on by the opening hours the wait took, the columns and the timers with
// them; the old timers neither speak nor go on.
func TestSLAPauseWhileAwaitingCustomer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	tk := file(t, s, 38005)
	clk.advance(30 * time.Minute) // Friday 10:00
	if err := s.SetStatus(ctx, tk.ID, tickets.StatusInProgress, li.Actor(), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.NeedInfo(ctx, tk.ID, li); err != nil {
		t.Fatal(err)
	}
	clk.advance(shanghai(20, 14, 0).Sub(clk.now())) // past the arrange and check deadlines, waiting
	oldCheck := walkSLA(t, s, pool, clk, tk.ID, tickets.SLACheck)
	if got := deskNotices(t, pool, tk.ID); len(got) != 0 {
		t.Fatalf("thread notices %v while waiting for the customer", got)
	}
	oldNext := nextSLA(t, pool, tk.ID)

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
	fresh := nextSLA(t, pool, tk.ID) // the old chain's waiting timer is cancelled
	if fresh.ID == oldNext.ID || fresh.Args.Step != tickets.SLAArrangeWarn || !fresh.ScheduledAt.Equal(shanghai(23, 11, 0)) {
		t.Errorf("next timer %+v, want a new arrange warning at Monday 11:00", fresh)
	}
	clk.advance(shanghai(23, 11, 30).Sub(clk.now()))
	mustWorkSLA(t, s, pool, oldCheck)
	if got := deskNotices(t, pool, tk.ID); len(got) != 0 {
		t.Fatalf("an old timer posted %v", got)
	}
	if w := waitingSLA(t, pool, tk.ID); len(w) != 1 {
		t.Fatalf("an old timer queued another: %+v", w)
	}
	walkSLA(t, s, pool, clk, tk.ID, tickets.SLAArrange) // the warning, run after its deadline, leaves it to the deadline's
	if got := deskNotices(t, pool, tk.ID); !slices.Equal(got, []string{"desk.sla.arrange"}) {
		t.Errorf("thread notices %v, want the arrange deadline missed", got)
	}
	clk.advance(shanghai(23, 13, 30).Sub(clk.now()))
	walkSLA(t, s, pool, clk, tk.ID, tickets.SLACheck)
	if j := nextSLA(t, pool, tk.ID); j.Args.Step != tickets.SLAAnswerWarn || !j.ScheduledAt.Equal(shanghai(26, 17, 30)) {
		t.Errorf("answer's warning %s at %v, want Thursday 17:30", j.Args.Step, j.ScheduledAt)
	}
}

// A deadline missed before the wait stays where it was when the customer
// answers, and the timers start again from the first step, whose jobs ran
// already: they are queued again, find their work done, and the chain goes
// on to the deadlines that moved.
func TestSLAResumedAfterAMissedDeadlineGoesOn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	tk := file(t, s, 38009)
	walkSLA(t, s, pool, clk, tk.ID, tickets.SLAArrange) // Friday 11:00 and 11:30
	clk.advance(10 * time.Minute)
	if err := s.SetStatus(ctx, tk.ID, tickets.StatusInProgress, li.Actor(), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.NeedInfo(ctx, tk.ID, li); err != nil {
		t.Fatal(err)
	}
	clk.advance(shanghai(23, 10, 0).Sub(clk.now()))
	if _, _, err := s.AddCustomerMessage(ctx, tk.ID, tickets.NewMessage{UserID: 38009, ChatID: 38009, MessageID: 7, Text: "the photo"}); err != nil {
		t.Fatal(err)
	}
	got := mustGet(t, s, tk.Ref)
	if !got.ArrangeBy.Equal(tk.ArrangeBy) || got.CheckAt.Equal(tk.CheckAt) {
		t.Fatalf("deadlines after the wait: arrange %v, check %v; want the arrange kept, the check moved", got.ArrangeBy, got.CheckAt)
	}
	if j := nextSLA(t, pool, tk.ID); j.Args.Step != tickets.SLAArrangeWarn || !j.Args.Due.Equal(tk.ArrangeBy) {
		t.Fatalf("next timer %+v, want the arrange warning again", j.Args)
	}
	check := walkSLA(t, s, pool, clk, tk.ID, tickets.SLACheck)
	if !check.Args.Due.Equal(got.CheckAt) {
		t.Errorf("check timer for %v, want %v", check.Args.Due, got.CheckAt)
	}
	want := []string{"desk.sla.arrange_warn", "desk.sla.arrange", "desk.sla.check_warn", "desk.sla.check"}
	if got := deskNotices(t, pool, tk.ID); !slices.Equal(got, want) {
		t.Errorf("thread notices %v, want %v, each once", got, want)
	}
}

// A job a version before the chain left completed, unique among completed
// jobs as jobs were then, does not end the chain when the chain comes to
// its step again: the step is queued anew and speaks.
func TestSLAChainGoesOnPastAnOlderCompletedJob(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	tk := file(t, s, 38010)
	older, err := tickets.NewRiverClient(pool, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	arrange := tickets.SLAArgs{TicketID: tk.ID, Step: tickets.SLAArrange, Due: tk.ArrangeBy.UTC(), At: tk.ArrangeBy.UTC()}
	res, err := older.Insert(ctx, arrange, &river.InsertOpts{ScheduledAt: arrange.At, UniqueOpts: river.UniqueOpts{ByArgs: true}})
	if err != nil {
		t.Fatal(err)
	}
	completeJob(t, pool, res.Job.ID)

	walkSLA(t, s, pool, clk, tk.ID, tickets.SLAArrangeWarn)
	j := walkSLA(t, s, pool, clk, tk.ID, tickets.SLAArrange)
	if j.ID == res.Job.ID || j.Args.Again != 1 {
		t.Errorf("arrange timer %+v, want one queued again", j)
	}
	if got := deskNotices(t, pool, tk.ID); !slices.Equal(got, []string{"desk.sla.arrange_warn", "desk.sla.arrange"}) {
		t.Errorf("thread notices %v, want the warning and the deadline missed", got)
	}
	if next := nextSLA(t, pool, tk.ID); next.Args.Step != tickets.SLACheckWarn || next.Args.Again != 0 {
		t.Errorf("next timer %+v, want the check's warning", next.Args)
	}
}

// Raising the priority halves the time left to arrange and to check, and
// starts the timers again from the new deadlines; lowering it gives none
// back; the answer keeps its working days.
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
	if j := nextSLA(t, pool, tk.ID); j.Args.Step != tickets.SLAArrangeWarn || !j.ScheduledAt.Equal(shanghai(20, 10, 15)) {
		t.Errorf("next timer %s at %v, want the arrange warning at 10:15", j.Args.Step, j.ScheduledAt)
	}
	down, err := s.ShiftPriority(ctx, tk.ID, li, -1)
	if err != nil {
		t.Fatal(err)
	}
	if !down.ArrangeBy.Equal(up.ArrangeBy) || !down.CheckAt.Equal(up.CheckAt) {
		t.Errorf("lowered: %v, %v; want them kept", down.ArrangeBy, down.CheckAt)
	}
	if j := walkSLA(t, s, pool, clk, tk.ID, tickets.SLACheck); !j.ScheduledAt.Equal(shanghai(20, 11, 45)) {
		t.Errorf("check timer at %v, want 11:45", j.ScheduledAt)
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
// once and queues one next timer: the ticket's lock orders them, the
// second finds the first's event, and its next timer is the one queued.
func TestSLAEscalatesOnceOnTwoReplicas(t *testing.T) {
	t.Parallel()
	s, pool, clk := newClockStore(t)
	tk := file(t, s, 38007)
	clk.advance(tk.CheckAt.Sub(clk.now()))
	walkSLA(t, s, pool, clk, tk.ID, tickets.SLACheckWarn)
	check := nextSLA(t, pool, tk.ID)
	if check.Args.Step != tickets.SLACheck {
		t.Fatalf("next timer %s, want the check", check.Args.Step)
	}
	errs := make(chan error, 2)
	for range 2 {
		go func() { errs <- workSLA(t, s, check) }()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	completeJob(t, pool, check.ID)
	if got := ownerAlerts(t, pool, tk.ID); !slices.Equal(got, []string{tickets.AlertArrangeMissed}) {
		t.Errorf("owner alerts %v, want one", got)
	}
	n := 0
	for _, key := range deskNotices(t, pool, tk.ID) {
		if key == "desk.sla.check" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d check notices in the thread, want one", n)
	}
	if j := nextSLA(t, pool, tk.ID); j.Args.Step != tickets.SLAAnswerWarn {
		t.Errorf("next timer %s, want the answer's warning", j.Args.Step)
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
	clk.advance(got.AnswerBy.Sub(clk.now()))
	if answer := walkSLA(t, s, pool, clk, tk.ID, tickets.SLAAnswer); !answer.Args.Due.Equal(got.AnswerBy) {
		t.Fatalf("answer timer for %v, want %v", answer.Args.Due, got.AnswerBy)
	}
	if got := ownerAlerts(t, pool, tk.ID); !slices.Equal(got, []string{tickets.AlertAnswerMissed}) {
		t.Errorf("owner alerts %v, want the answer missed once", got)
	}
}
