package desk

import (
	"context"

	"github.com/complaintbot/complaintbot/bot/send"
)

// report answers /report in the staff group with the report of the last
// days days and its chart, as a reply to the command. It is sent at once
// rather than through the desk's queue: the chart is a picture the queue's
// jobs (HTML texts) do not carry, and an answer asked for is awaited.
func (d *Desk) report(ctx context.Context, days int, at place) error {
	if d.reports == nil {
		return d.answer(ctx, at, "staff.usage.unknown", map[string]string{"command": "/report"})
	}
	return d.reports.Send(ctx, at.ChatID, days, send.Opts{ThreadID: int(at.ThreadID), ReplyTo: int(at.ReplyTo)})
}
