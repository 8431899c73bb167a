package tickets_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/tickets"
)

// The looks for one ticket's (or one return's) unfinished jobs read them
// by the ticket or return, not every job of the kind: River keeps finished
// jobs for a day, and queued ones pile up in a rush, so a look by kind
// grows with the shop. Each query's plan, on a table holding a day's worth
// of finished jobs of every kind and a few waiting, must go through the
// index on the id it is given.
func TestJobsOfATicketAreFoundByIndex(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.New(t)
	q, err := tickets.Queries()
	if err != nil {
		t.Fatal(err)
	}

	kinds := []struct{ kind, queue, key string }{
		{tickets.DeskCardArgs{}.Kind(), tickets.DeskQueue, "ticket_id"},
		{tickets.DeskCardEditArgs{}.Kind(), tickets.DeskEditQueue, "ticket_id"},
		{tickets.DeskFilesArgs{}.Kind(), tickets.DeskQueue, "ticket_id"},
		{tickets.AwaitingArgs{}.Kind(), "default", "ticket_id"},
		{tickets.SLAArgs{}.Kind(), "default", "ticket_id"},
		{tickets.SurveyArgs{}.Kind(), "default", "ticket_id"},
		{tickets.AckArgs{}.Kind(), "default", "ticket_id"},
		{tickets.CustomerNoticeArgs{}.Kind(), "default", "ticket_id"},
		{tickets.ReturnReminderArgs{}.Kind(), "default", "return_id"},
		{tickets.ReturnExpiryArgs{}.Kind(), "default", "return_id"},
	}
	for _, k := range kinds {
		// 3,000 finished and 20 waiting, 2 of them for ticket (or return) 7.
		if _, err := pool.Exec(ctx, `
INSERT INTO river_job (args, kind, queue, max_attempts, priority, state, scheduled_at, finalized_at)
SELECT jsonb_build_object($3::text, g % 1010), $1, $2, 10, 1,
       CASE WHEN g <= 3000 THEN 'completed' ELSE 'available' END::river_job_state,
       now(), CASE WHEN g <= 3000 THEN now() END
FROM generate_series(1, 3020) g`, k.kind, k.queue, k.key); err != nil {
			t.Fatalf("seed %s: %v", k.kind, err)
		}
	}
	if _, err := pool.Exec(ctx, "ANALYZE river_job"); err != nil {
		t.Fatal(err)
	}

	const byTicket, byReturn = "river_job_unfinished_by_ticket", "river_job_unfinished_by_return"
	for _, tc := range []struct {
		name, sql string
		args      []any
		index     string
	}{
		{"DeskCardRoute", q.DeskCardRoute, []any{pgx.NamedArgs{"ticket_id": int64(7),
			"card_kind": tickets.DeskCardArgs{}.Kind(), "card_queue": tickets.DeskQueue,
			"edit_kind": tickets.DeskCardEditArgs{}.Kind(), "edit_queue": tickets.DeskEditQueue}}, byTicket},
		{"DeskFilesJobUnfinished", q.DeskFilesJobUnfinished, []any{tickets.DeskFilesArgs{}.Kind(), int64(7)}, byTicket},
		{"AwaitingJobsWaiting", q.AwaitingJobsWaiting, []any{pgx.NamedArgs{"ticket_id": int64(7)}}, byTicket},
		{"SLAJobsWaiting", q.SLAJobsWaiting, []any{pgx.NamedArgs{"ticket_id": int64(7)}}, byTicket},
		{"SurveyJobsWaiting", q.SurveyJobsWaiting, []any{pgx.NamedArgs{"ticket_id": int64(7)}}, byTicket},
		{"AckJobsDelayed", q.AckJobsDelayed, []any{pgx.NamedArgs{"ticket_id": int64(7)}}, byTicket},
		{"JobNoticeElder", q.JobNoticeElder, []any{pgx.NamedArgs{"ticket_id": int64(7), "job_id": int64(1 << 40)}}, byTicket},
		{"ReturnJobsWaiting", q.ReturnJobsWaiting, []any{pgx.NamedArgs{
			"kinds":     []string{tickets.ReturnReminderArgs{}.Kind(), tickets.ReturnExpiryArgs{}.Kind()},
			"return_id": int64(7)}}, byReturn},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var plan []byte
			if err := pool.QueryRow(ctx, "EXPLAIN (FORMAT JSON) "+tc.sql, tc.args...).Scan(&plan); err != nil {
				t.Fatal(err)
			}
			if got := planIndexes(t, plan); !slices.Contains(got, tc.index) {
				t.Errorf("plan reads indexes %v, want %s:\n%s", got, tc.index, plan)
			}
		})
	}
}

// planIndexes lists the indexes an EXPLAIN (FORMAT JSON) plan reads.
func planIndexes(t *testing.T, plan []byte) []string {
	t.Helper()
	var doc any
	if err := json.Unmarshal(plan, &doc); err != nil {
		t.Fatal(err)
	}
	var names []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if name, ok := v["Index Name"].(string); ok {
				names = append(names, name)
			}
			for _, c := range v {
				walk(c)
			}
		case []any:
			for _, c := range v {
				walk(c)
			}
		}
	}
	walk(doc)
	return names
}
