package tickets_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// at is a time in the shop's zone in November 2026.
func at(day, hour, minute int) time.Time {
	return time.Date(2026, 11, day, hour, minute, 0, 0, shopZone)
}

// reportTicket is one row of the report test's table of known tickets.
type reportTicket struct {
	ref               string
	category, issue   string
	created           time.Time
	arrangeBy         time.Time
	answerBy          time.Time
	firstResponse     *time.Time
	resolved          *time.Time
	attitude, quality int // an answered survey when not 0
	solved            int
	surveyAnswered    time.Time
}

func ptr(t time.Time) *time.Time { return &t }

// insertReportTicket writes a ticket row (and its survey) straight into
// the table, as the desk would have left it.
func insertReportTicket(t *testing.T, pool *pgxpool.Pool, rt reportTicket) {
	t.Helper()
	ctx := context.Background()
	status := "in_progress"
	if rt.resolved != nil {
		status = "resolved"
	}
	var id int64
	err := pool.QueryRow(ctx, `INSERT INTO tickets (ref, submission_id, status, customer_chat_id, customer_user_id,
		category, issue, description, outcome, arrange_by, check_at, answer_by, first_response_at, resolved_at, created_at)
		VALUES ($1, $1, $2, 1, 1, $3, $4, 'd', 'repair', $5, $5, $6, $7, $8, $9) RETURNING id`,
		rt.ref, status, rt.category, rt.issue, rt.arrangeBy, rt.answerBy, rt.firstResponse, rt.resolved, rt.created).Scan(&id)
	if err != nil {
		t.Fatalf("insert %s: %v", rt.ref, err)
	}
	if rt.attitude == 0 {
		return
	}
	_, err = pool.Exec(ctx, `INSERT INTO ticket_surveys (ticket_id, state, due_at, answered_at, attitude, quality, solved)
		VALUES ($1, 'answered', $2, $2, $3, $4, $5)`, id, rt.surveyAnswered, rt.attitude, rt.quality, rt.solved)
	if err != nil {
		t.Fatalf("insert survey of %s: %v", rt.ref, err)
	}
}

// The report over a week of known tickets: every number decided by hand.
func TestReport(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.New(t)
	now := at(22, 21, 0) // Sunday evening, the last day of the week reported
	s, err := tickets.NewStore(pool, policy.Default(), func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	for _, rt := range []reportTicket{
		// Answered and resolved in time; a good survey.
		{ref: "AAA-AAA", category: "apparel", issue: "fault", created: at(16, 10, 0), arrangeBy: at(16, 12, 0),
			firstResponse: ptr(at(16, 11, 0)), answerBy: at(19, 10, 0), resolved: ptr(at(18, 10, 0)),
			attitude: 5, quality: 4, solved: 5, surveyAnswered: at(19, 9, 0)},
		// Answered late and resolved late; a poor survey.
		{ref: "BBB-BBB", category: "apparel", issue: "fault", created: at(17, 10, 0), arrangeBy: at(17, 12, 0),
			firstResponse: ptr(at(17, 13, 0)), answerBy: at(20, 10, 0), resolved: ptr(at(21, 10, 0)),
			attitude: 2, quality: 3, solved: 1, surveyAnswered: at(22, 9, 0)},
		// Never answered: both deadlines missed by now.
		{ref: "CCC-CCC", category: "shoes", issue: "wrong", created: at(18, 10, 0), arrangeBy: at(18, 12, 0),
			answerBy: at(21, 10, 0)},
		// Filed on the last day, due after the week: counted as opened only.
		{ref: "DDD-DDD", category: "shoes", issue: "damaged", created: at(22, 20, 0), arrangeBy: at(23, 10, 30),
			answerBy: at(26, 10, 0)},
		// Due in the week but not yet: neither kept nor missed.
		{ref: "EEE-EEE", category: "apparel", issue: "fault", created: at(22, 20, 30), arrangeBy: at(22, 22, 0),
			answerBy: at(25, 10, 0)},
		// Filed the week before, resolved on the first morning; its survey
		// is the week before's too.
		{ref: "FFF-FFF", category: "toys", issue: "fault", created: at(10, 10, 0), arrangeBy: at(10, 12, 0),
			firstResponse: ptr(at(10, 11, 0)), answerBy: at(13, 10, 0), resolved: ptr(at(16, 9, 0)),
			attitude: 1, quality: 1, solved: 1, surveyAnswered: at(14, 9, 0)},
		// Filed the week after.
		{ref: "GGG-GGG", category: "toys", issue: "fault", created: at(23, 9, 0), arrangeBy: at(23, 11, 0),
			answerBy: at(26, 9, 0)},
	} {
		insertReportTicket(t, pool, rt)
	}
	// A survey asked and not answered says nothing.
	if _, err := pool.Exec(ctx, `INSERT INTO ticket_surveys (ticket_id, state, due_at, asked_at)
		SELECT id, 'asked', $1, $1 FROM tickets WHERE ref = 'CCC-CCC'`, at(20, 9, 0)); err != nil {
		t.Fatal(err)
	}

	from, to := tickets.ReportPeriod(now, 7, false, shopZone)
	if !from.Equal(at(16, 0, 0)) || !to.Equal(at(23, 0, 0)) {
		t.Fatalf("period = %s to %s, want Monday 16th to Monday 23rd", from, to)
	}
	r, err := s.Report(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, got, want any) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	check("opened", r.Opened, 5)
	check("resolved", r.Resolved, 3)
	// First responses 1h and 3h; resolutions 48h, 96h and 143h.
	check("first response", r.FirstResponse, 2*time.Hour)
	check("resolution", r.Resolution, 96*time.Hour)
	check("arrange", r.Arrange, tickets.Deadlines{Kept: 1, Missed: 2})
	check("answer", r.Answer, tickets.Deadlines{Kept: 1, Missed: 2})
	check("survey", r.Survey, tickets.SurveyScores{Count: 2, Attitude: 3.5, Quality: 3.5, Solved: 3})
	check("categories", r.Categories, []tickets.Count{{"apparel", 3}, {"shoes", 2}})
	check("issues", r.Issues, []tickets.Count{{"fault", 3}, {"damaged", 1}, {"wrong", 1}})
	if len(r.Days) != 7 {
		t.Fatalf("%d days, want 7", len(r.Days))
	}
	var days []string
	for _, d := range r.Days {
		days = append(days, fmt.Sprintf("%s %v %d", d.Date.Format("01-02"), d.ByCategory, d.Misses))
	}
	check("days", days, []string{
		"11-16 map[apparel:1] 0",
		"11-17 map[apparel:1] 1", // B answered late
		"11-18 map[shoes:1] 1",   // C never answered
		"11-19 map[] 0",
		"11-20 map[] 1", // B resolved late
		"11-21 map[] 1", // C never resolved
		"11-22 map[apparel:1 shoes:1] 0",
	})

	// A weekly report sent on Monday morning covers the same week.
	from, to = tickets.ReportPeriod(at(23, 9, 0), 7, true, shopZone)
	if !from.Equal(at(16, 0, 0)) || !to.Equal(at(23, 0, 0)) {
		t.Errorf("weekly period = %s to %s, want Monday 16th to Monday 23rd", from, to)
	}
}

// An empty period reports zeros and no medians.
func TestReportEmpty(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	r, err := s.Report(context.Background(), at(1, 0, 0), at(8, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if r.Opened != 0 || r.HasFirstResponse || r.HasResolution || r.Survey.Count != 0 || len(r.Days) != 7 {
		t.Errorf("empty report = %+v", r)
	}
}
