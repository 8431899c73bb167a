package main

import (
	"context"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/complaintbot/complaintbot/bot/report"
	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/tickets"
)

// bulkKinds are the follow-up jobs nobody is waiting on at the moment they
// run: the callback survey and its reminders, nudges, a return's reminder
// and expiry, the service-level timers and the weekly report. Their sends
// yield to the answers of customers and staff (send.Bulk) when the flood
// limits are the bottleneck. The acknowledgement, staff replies and the
// staff group's posts stay interactive.
var bulkKinds = map[string]bool{
	tickets.SurveyArgs{}.Kind():         true,
	tickets.DialogueNudgeArgs{}.Kind():  true,
	tickets.AwaitingArgs{}.Kind():       true,
	tickets.ReturnReminderArgs{}.Kind(): true,
	tickets.ReturnExpiryArgs{}.Kind():   true,
	tickets.SLAArgs{}.Kind():            true,
	report.WeeklyArgs{}.Kind():          true,
}

// sendPriority is the River middleware that gives each job's sends their
// priority by the job's kind.
type sendPriority struct {
	river.MiddlewareDefaults
}

func (*sendPriority) Work(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) error {
	if bulkKinds[job.Kind] {
		ctx = send.WithPriority(ctx, send.Bulk)
	}
	return doInner(ctx)
}
