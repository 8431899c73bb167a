package main

import (
	"context"
	"testing"

	"github.com/riverqueue/river/rivertype"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/tickets"
)

// The sends of a survey or a nudge job are bulk; those of the
// acknowledgement and of a staff reply's relay are interactive.
func TestJobsSendAtTheirPriority(t *testing.T) {
	t.Parallel()
	for kind, want := range map[string]send.Priority{
		tickets.SurveyArgs{}.Kind():        send.Bulk,
		tickets.DialogueNudgeArgs{}.Kind(): send.Bulk,
		tickets.SLAArgs{}.Kind():           send.Bulk,
		tickets.AckArgs{}.Kind():           send.Interactive,
		tickets.CustomerRelayArgs{}.Kind(): send.Interactive,
		tickets.DeskCardArgs{}.Kind():      send.Interactive,
		tickets.DeskCardEditArgs{}.Kind():  send.Interactive,
	} {
		var got send.Priority = -1
		err := (&sendPriority{}).Work(context.Background(), &rivertype.JobRow{Kind: kind}, func(ctx context.Context) error {
			got = send.PriorityOf(ctx)
			return nil
		})
		if err != nil || got != want {
			t.Errorf("%s: priority %v (err %v), want %v", kind, got, err, want)
		}
	}
}
