package tickets_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// Reminders go at their times and say how many days are left; each goes
// once however often its job runs, and the expiry at the deadline makes the
// return expired, tells the customer and alerts the owners, once.
func TestReturnRemindersAndExpiry(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	tk, r := approvedReturn(t, s, 36001, tickets.ReturnKindRefund, instructions())
	list := returnJobs(t, pool, r.ID)
	before, due, expiry := jobOf(t, list, "return_reminder", "before"), jobOf(t, list, "return_reminder", "due"), jobOf(t, list, "return_expiry", "")

	// Runs early by the store's clock: the expiry waits, a reminder does
	// not mind.
	var snooze *river.JobSnoozeError
	if err := workExpiry(t, s, expiry); !errors.As(err, &snooze) || snooze.Duration != defaultDeadline.Sub(filedAt) {
		t.Errorf("an expiry before the deadline = %v, want a snooze until it", err)
	}
	clk.advance(nov(25, 10, 0).Sub(filedAt))
	for range 2 {
		if err := workReminder(t, s, before); err != nil {
			t.Fatal(err)
		}
	}
	clk.advance(48 * time.Hour)
	if err := workReminder(t, s, due); err != nil {
		t.Fatal(err)
	}
	n := noticesOf(t, pool, tk.ID)[1:]
	if len(n) != 2 || n[0].Key != tickets.NoticeReturnReminderBefore || n[0].Params["days"] != "2" ||
		n[0].Params["deadline"] != "2026-11-27T23:59:59+08:00" || n[0].Params["fee_pending"] != "false" || n[1].Key != tickets.NoticeReturnReminderDue {
		t.Fatalf("reminders %+v, want one before (2 days left) and one on the day", n)
	}

	clk.advance(defaultDeadline.Sub(nov(27, 10, 0)))
	for range 2 {
		if err := workExpiry(t, s, expiry); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.GetReturn(ctx, r.RMA)
	if err != nil || got.State != tickets.ReturnExpired || !got.Ended.At.Equal(defaultDeadline) || got.Ended.By.Kind != tickets.ActorSystem {
		t.Fatalf("after the deadline: %+v, %v", got, err)
	}
	alert := fmt.Sprintf(`{"ticket_id": %d, "reason": %q, "params": {"rma": %q, "deadline": "2026-11-27T23:59:59+08:00"}}`,
		tk.ID, tickets.AlertReturnExpired, r.RMA)
	if n := jobs(t, pool, "owner_alert", alert); n != 1 {
		t.Errorf("%d owner alerts, want 1", n)
	}
	want := []string{tickets.NoticeReturnApproved, tickets.NoticeReturnReminderBefore, tickets.NoticeReturnReminderDue, tickets.NoticeReturnExpired}
	if keys := noticeKeys(t, pool, tk.ID); !slices.Equal(keys, want) {
		t.Errorf("notices %v, want %v", keys, want)
	}
	var kinds []string
	for _, e := range returnEvents(t, s, tk.Ref) {
		kinds = append(kinds, e.Kind+" by "+string(e.Actor.Kind))
	}
	wantKinds := []string{"return_started by owner", "return_approved by owner", "return_reminded by system",
		"return_reminded by system", "return_expired by system"}
	if !slices.Equal(kinds, wantKinds) {
		t.Errorf("events %v, want %v", kinds, wantKinds)
	}

	// Expired, the customer may no longer send it; the owner may cancel.
	if _, err := s.RecordShipped(ctx, r.RMA, tickets.Shipment{Tracking: "late"}, customerOf(tk)); !errors.Is(err, tickets.ErrReturnState) {
		t.Errorf("sent after expiry: %v", err)
	}
	if got, err := s.CancelReturn(ctx, r.RMA, ownerActor); err != nil || got.State != tickets.ReturnCancelled || got.Ended.By != ownerActor {
		t.Errorf("cancel after expiry = %+v, %v", got, err)
	}
}

// Extending the deadline cancels the old reminders and expiry and schedules
// new ones; an expired return extended is approved again. A job of the old
// deadline that runs anyway does nothing.
func TestExtendReturn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	tk, r := approvedReturn(t, s, 37001, tickets.ReturnKindRefund, instructions())
	old := returnJobs(t, pool, r.ID)

	for _, d := range []time.Time{defaultDeadline, defaultDeadline.Add(-time.Hour), filedAt.Add(-time.Hour)} {
		if _, err := s.ExtendReturn(ctx, r.RMA, d, ownerActor); !errors.Is(err, tickets.ErrInvalid) {
			t.Errorf("extend to %v = %v, want ErrInvalid", d, err)
		}
	}
	newDeadline := nov(30, 18, 0)
	r, err := s.ExtendReturn(ctx, r.RMA, newDeadline, ownerActor)
	if err != nil || !r.Deadline.Equal(newDeadline) || r.State != tickets.ReturnApproved || r.Extended.By != ownerActor {
		t.Fatalf("ExtendReturn = %+v, %v", r, err)
	}
	var waiting []string
	for _, j := range waitingJobs(returnJobs(t, pool, r.ID)) {
		waiting = append(waiting, fmt.Sprintf("%s %s %s", j.Kind, j.Reminder, j.ScheduledAt.Format("02 15:04")))
	}
	if want := []string{"return_reminder before 28 10:00", "return_reminder due 30 10:00", "return_expiry  30 18:00"}; !slices.Equal(waiting, want) {
		t.Errorf("waiting jobs %q, want %q", waiting, want)
	}
	for _, j := range old {
		if got := returnJobs(t, pool, r.ID); got[slices.IndexFunc(got, func(x returnJob) bool { return x.ID == j.ID })].State != "cancelled" {
			t.Errorf("old %s %s job not cancelled", j.Kind, j.Reminder)
		}
	}
	last := noticesOf(t, pool, tk.ID)
	if n := last[len(last)-1]; n.Key != tickets.NoticeReturnExtended || n.Params["deadline"] != "2026-11-30T18:00:00+08:00" {
		t.Errorf("extension notice %+v", n)
	}

	// The old deadline's jobs, run anyway past it, do nothing.
	clk.advance(defaultDeadline.Sub(filedAt) + time.Minute)
	notices := len(noticesOf(t, pool, tk.ID))
	for _, j := range old {
		var err error
		if j.Kind == "return_expiry" {
			err = workExpiry(t, s, j)
		} else {
			err = workReminder(t, s, j)
		}
		if err != nil {
			t.Errorf("old %s: %v", j.Kind, err)
		}
	}
	if got, _ := s.GetReturn(ctx, r.RMA); got.State != tickets.ReturnApproved {
		t.Errorf("the old deadline's expiry moved the return to %s", got.State)
	}
	if n := len(noticesOf(t, pool, tk.ID)); n != notices {
		t.Errorf("the old deadline's jobs queued %d notices", n-notices)
	}

	// The new deadline passes; the owner extends again.
	clk.advance(newDeadline.Sub(clk.now()))
	if err := workExpiry(t, s, jobOf(t, waitingJobs(returnJobs(t, pool, r.ID)), "return_expiry", "")); err != nil {
		t.Fatal(err)
	}
	again := clk.now().AddDate(0, 0, 3)
	r, err = s.ExtendReturn(ctx, r.RMA, again, ownerActor)
	if err != nil || r.State != tickets.ReturnApproved || !r.Ended.At.IsZero() || !r.Deadline.Equal(again) {
		t.Fatalf("extend an expired return = %+v, %v", r, err)
	}
	if w := waitingJobs(returnJobs(t, pool, r.ID)); len(w) != 3 {
		t.Errorf("waiting jobs after extending an expired return: %+v", w)
	}
	stored, err := s.GetReturn(ctx, r.RMA)
	if err != nil || !stored.Ended.At.IsZero() || !stored.Extended.At.Equal(clk.now()) {
		t.Errorf("stored = %+v, %v", stored, err)
	}
}

// Reminders and the expiry do nothing once the return moved on: sent,
// cancelled, refused, or gone.
func TestReturnJobsWhenMovedOn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	moves := map[string]func(tk *tickets.Ticket, r *tickets.Return) error{
		"shipped": func(tk *tickets.Ticket, r *tickets.Return) error {
			_, err := s.RecordShipped(ctx, r.RMA, tickets.Shipment{Tracking: "T"}, customerOf(tk))
			return err
		},
		"cancelled": func(_ *tickets.Ticket, r *tickets.Return) error {
			_, err := s.CancelReturn(ctx, r.RMA, ownerActor)
			return err
		},
		"refused": func(_ *tickets.Ticket, r *tickets.Return) error {
			_, err := s.RefuseReturn(ctx, r.RMA, tickets.ReturnRefusal{Exclusion: "cut"}, ownerActor)
			return err
		},
		"gone": func(tk *tickets.Ticket, _ *tickets.Return) error {
			_, err := pool.Exec(ctx, "DELETE FROM tickets WHERE id = $1", tk.ID)
			return err
		},
	}
	chat := int64(38000)
	var cases []func()
	for name, move := range moves {
		chat++
		tk, r := approvedReturn(t, s, chat, tickets.ReturnKindRefund, instructions())
		list := returnJobs(t, pool, r.ID)
		if err := move(tk, r); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		cases = append(cases, func() {
			notices := len(noticesOf(t, pool, tk.ID))
			events := 0
			if name != "gone" {
				events = len(returnEvents(t, s, tk.Ref))
			}
			for _, j := range list {
				var err error
				if j.Kind == "return_expiry" {
					err = workExpiry(t, s, j)
				} else {
					err = workReminder(t, s, j)
				}
				if err != nil {
					t.Errorf("%s: %s job: %v", name, j.Kind, err)
				}
			}
			if n := len(noticesOf(t, pool, tk.ID)); n != notices {
				t.Errorf("%s: %d notices queued", name, n-notices)
			}
			if name == "gone" {
				return
			}
			if n := len(returnEvents(t, s, tk.Ref)); n != events {
				t.Errorf("%s: %d events logged", name, n-events)
			}
			if got, _ := s.GetReturn(ctx, r.RMA); got.State == tickets.ReturnExpired {
				t.Errorf("%s: expired", name)
			}
		})
	}
	// Past every deadline, when each job would act if it still could.
	clk.advance(30 * 24 * time.Hour)
	for _, c := range cases {
		c()
	}
	if n := jobs(t, pool, "owner_alert", fmt.Sprintf(`{"reason": %q}`, tickets.AlertReturnExpired)); n != 0 {
		t.Errorf("%d expiry alerts", n)
	}
}

// The reminders' lead is the store's to set.
func TestReturnReminderDaysOption(t *testing.T) {
	t.Parallel()
	s, pool := newStore(t)
	s3, err := tickets.NewStore(pool, policy.Default(), func() time.Time { return filedAt }, tickets.WithReturnReminderDays(3))
	if err != nil {
		t.Fatal(err)
	}
	tk := file(t, s, 39001)
	r, err := s3.StartReturn(context.Background(), tk.Ref, tickets.ReturnKindRefund, tickets.CauseQualityFault, ownerActor)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s3.ApproveReturn(context.Background(), r.RMA, instructions(), ownerActor); err != nil {
		t.Fatal(err)
	}
	before := jobOf(t, returnJobs(t, pool, r.ID), "return_reminder", "before")
	if !before.ScheduledAt.Equal(nov(24, 10, 0)) {
		t.Errorf("reminder 3 days before at %v", before.ScheduledAt)
	}
}

// The package's workers include the return jobs': a working River client
// refuses to insert a job kind it has no worker for.
func TestReturnWorkersRegistered(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	client, err := tickets.NewRiverClient(pool, tickets.Workers(s, &recorder{}), nil)
	if err != nil {
		t.Fatal(err)
	}
	working, err := tickets.NewStore(pool, policy.Default(), func() time.Time { return filedAt }, tickets.WithRiverClient(client))
	if err != nil {
		t.Fatal(err)
	}
	tk := file(t, s, 39101)
	r, err := working.StartReturn(ctx, tk.Ref, tickets.ReturnKindRefund, tickets.CauseQualityFault, ownerActor)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := working.ApproveReturn(ctx, r.RMA, instructions(), ownerActor); err != nil {
		t.Fatalf("approve through the working client: %v", err)
	}
	if n := len(returnJobs(t, pool, r.ID)); n != 3 {
		t.Errorf("%d return jobs, want 3", n)
	}
}
