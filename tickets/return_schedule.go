package tickets

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
)

// returnReminderHour is the hour of the day, in the shop's time zone, at
// which a return's reminders go out.
const returnReminderHour = 10

// The reminders of a return (ReturnReminderArgs.Reminder).
const (
	ReminderBefore = "before" // some days before the deadline
	ReminderDue    = "due"    // on the deadline's day
)

// returnReminders are the times r's customer is reminded to send the item
// for its deadline, as seen at now: at returnReminderHour on the day
// reminderDays before the deadline's, and on the deadline's day itself, or
// an hour before the deadline when that is earlier. A reminder that would
// not come after now and before the deadline is left out.
func returnReminders(deadline, now time.Time, reminderDays int, loc *time.Location) map[string]time.Time {
	d := deadline.In(loc)
	y, m, day := d.Date()
	at := func(daysBefore int) time.Time {
		return time.Date(y, m, day-daysBefore, returnReminderHour, 0, 0, 0, loc)
	}
	out := map[string]time.Time{}
	if before := at(reminderDays); reminderDays > 0 && before.After(now) && before.Before(deadline) {
		out[ReminderBefore] = before
	}
	due := at(0)
	if latest := deadline.Add(-time.Hour); latest.Before(due) {
		due = latest
	}
	if due.After(now) && due.Before(deadline) {
		out[ReminderDue] = due
	}
	return out
}

// scheduleReturnJobs inserts, in tx, r's reminders for its deadline and
// its expiry at the deadline (River compares with the database's clock; the
// times come from the store's).
func (s *Store) scheduleReturnJobs(ctx context.Context, tx pgx.Tx, r *Return, now time.Time) error {
	var jobs []river.InsertManyParams
	for _, which := range []string{ReminderBefore, ReminderDue} {
		at, ok := returnReminders(r.Deadline, now, s.reminderDays, s.loc)[which]
		if !ok {
			continue
		}
		jobs = append(jobs, river.InsertManyParams{
			Args:       ReturnReminderArgs{ReturnID: r.ID, Reminder: which, Deadline: r.Deadline},
			InsertOpts: &river.InsertOpts{ScheduledAt: at},
		})
	}
	jobs = append(jobs, river.InsertManyParams{
		Args:       ReturnExpiryArgs{ReturnID: r.ID, Deadline: r.Deadline},
		InsertOpts: &river.InsertOpts{ScheduledAt: r.Deadline},
	})
	if _, err := s.river.InsertManyTx(ctx, tx, jobs); err != nil {
		return fmt.Errorf("schedule return reminders: %w", err)
	}
	return nil
}

// cancelReturnJobs cancels, in tx, the return's reminders and expiry that
// are still waiting to run. One that River is starting right now is left
// alone: its worker finds the return moved on and does nothing.
func (s *Store) cancelReturnJobs(ctx context.Context, tx pgx.Tx, returnID int64) error {
	rows, err := tx.Query(ctx, s.q.ReturnJobsWaiting, pgx.NamedArgs{
		"kinds":     []string{ReturnReminderArgs{}.Kind(), ReturnExpiryArgs{}.Kind()},
		"return_id": returnID,
	})
	if err != nil {
		return fmt.Errorf("find return jobs: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("find return jobs: %w", err)
	}
	for _, id := range ids {
		if _, err := s.river.JobCancelTx(ctx, tx, id); err != nil {
			return fmt.Errorf("cancel return job %d: %w", id, err)
		}
	}
	return nil
}
