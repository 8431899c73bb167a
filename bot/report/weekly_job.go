package report

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/riverqueue/river"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/tickets"
)

// WeeklyArgs is the job that sends the weekly report of the seven days
// before To (a date in the shop's zone, "2026-11-23") to every owner.
// River's leader inserts it on the schedule, so one replica of several
// does; and it is unique by its week, so that a leader elected again in
// the same minute, or a retry of the insert, cannot send the week twice.
type WeeklyArgs struct {
	To string `json:"to" river:"unique"`
}

// Kind names the job in River.
func (WeeklyArgs) Kind() string { return "owner_weekly_report" }

// InsertOpts makes the week unique among the jobs not yet discarded.
func (WeeklyArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// weeklyMemory is how long a weekly report that reached an owner is
// remembered: longer than its job can be retried, shorter than a week.
const weeklyMemory = 6 * 24 * time.Hour

// weeklyPeriodicID names the periodic job among River's.
const weeklyPeriodicID = "owner_weekly_report"

// PeriodicJobs is the weekly report's River periodic job, or none when
// the setting is off. Pass it to the working River client
// (tickets.WithPeriodicJobs).
func (r *Reports) PeriodicJobs() []*river.PeriodicJob {
	if !r.cfg.Weekly.On {
		return nil
	}
	job := river.NewPeriodicJob(schedule{w: r.cfg.Weekly, loc: r.zone()}, func() (river.JobArgs, *river.InsertOpts) {
		return r.WeeklyArgsAt(r.now()), nil
	}, &river.PeriodicJobOpts{ID: weeklyPeriodicID})
	return []*river.PeriodicJob{job}
}

// WeeklyArgsAt is the weekly job due at t: the seven days before t's day.
func (r *Reports) WeeklyArgsAt(t time.Time) WeeklyArgs {
	return WeeklyArgs{To: t.In(r.zone()).Format(time.DateOnly)}
}

// Workers registers the weekly report's worker into w. Pass it to
// tickets.Workers.
func (r *Reports) Workers(w *river.Workers) {
	river.AddWorker(w, &weeklyWorker{reports: r})
}

// weeklyWorker sends one week's report privately to every owner. An owner
// it reached is remembered in Redis, so that a retry (another owner's send
// failed) sends only to those it did not reach; an owner who blocked the
// bot is logged and skipped.
type weeklyWorker struct {
	river.WorkerDefaults[WeeklyArgs]
	reports *Reports
}

// Timeout bounds one attempt, as the ticket jobs' are.
func (*weeklyWorker) Timeout(*river.Job[WeeklyArgs]) time.Duration { return tickets.MaxJobTimeout }

// Work sends the week's report.
func (w *weeklyWorker) Work(ctx context.Context, job *river.Job[WeeklyArgs]) error {
	r := w.reports
	to, err := time.ParseInLocation(time.DateOnly, job.Args.To, r.zone())
	if err != nil {
		return river.JobCancel(fmt.Errorf("report: weekly job with a bad date %q: %w", job.Args.To, err))
	}
	m, err := r.build(ctx, weekDays, true, to, "report.title_weekly")
	if err != nil {
		return err
	}
	var failed error
	for _, owner := range r.cfg.OwnerIDs {
		key := r.cfg.RedisPrefix + "report:weekly:" + job.Args.To + ":" + strconv.FormatInt(owner, 10)
		if n, err := r.rdb.Exists(ctx, key).Result(); err == nil && n > 0 {
			continue // reached by an earlier attempt
		}
		err := r.send(ctx, owner, m, send.Opts{}, key+":summary")
		switch {
		case send.IsBlocked(err):
			r.log.Warn("weekly report not delivered: the owner blocked the bot", "owner", owner)
		case err != nil:
			failed = errors.Join(failed, err)
		default:
			if err := r.rdb.Set(ctx, key, 1, weeklyMemory).Err(); err != nil {
				r.log.Warn("weekly report not remembered", "owner", owner, "err", err)
			}
		}
	}
	if failed == nil {
		r.log.Info("weekly report sent", "week_to", job.Args.To, "owners", len(r.cfg.OwnerIDs))
	}
	return failed
}
