package tickets_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// surveyJob is a survey job as River holds it.
type surveyJob = job[tickets.SurveyArgs]

// surveyJobs lists the ticket's survey jobs of step in order of insertion.
func surveyJobs(t testing.TB, pool *pgxpool.Pool, ticketID int64, step string) []surveyJob {
	t.Helper()
	return jobsOf[tickets.SurveyArgs](t, pool, "ticket_survey", map[string]any{"ticket_id": ticketID, "step": step})
}

// oneSurveyJob is the ticket's only job of step.
func oneSurveyJob(t testing.TB, pool *pgxpool.Pool, ticketID int64, step string) surveyJob {
	t.Helper()
	list := surveyJobs(t, pool, ticketID, step)
	if len(list) != 1 {
		t.Fatalf("%s jobs %+v, want one", step, list)
	}
	return list[0]
}

// workSurvey works a survey job as River would hand it to the worker.
func workSurvey(t testing.TB, s *tickets.Store, j surveyJob) error {
	t.Helper()
	return tickets.SurveyWorkerOf(s).Work(context.Background(), &river.Job[tickets.SurveyArgs]{
		JobRow: &rivertype.JobRow{ID: j.ID, Kind: "ticket_survey", Attempt: 1, State: rivertype.JobStateRunning},
		Args:   j.Args})
}

// mustWorkSurvey works j twice, as a job run again would be, and fails the
// test on an error.
func mustWorkSurvey(t testing.TB, s *tickets.Store, j surveyJob) {
	t.Helper()
	for range 2 {
		if err := workSurvey(t, s, j); err != nil {
			t.Fatalf("work %s: %v", j.Args.Step, err)
		}
	}
}

// resolved files a ticket for chat and resolves it at the clock's time.
func resolved(t testing.TB, s *tickets.Store, chat int64) *tickets.Ticket {
	t.Helper()
	tk := file(t, s, chat)
	if err := s.SetStatus(context.Background(), tk.ID, tickets.StatusInProgress, li.Actor(), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Resolve(context.Background(), tk.ID, li, "replaced the zip"); err != nil {
		t.Fatal(err)
	}
	return tk
}

// asked resolves a ticket for chat and works its survey's first question,
// a day later; it returns the ticket and the survey.
func asked(t testing.TB, s *tickets.Store, pool *pgxpool.Pool, clk *clock, chat int64) (*tickets.Ticket, *tickets.Survey) {
	t.Helper()
	tk := resolved(t, s, chat)
	clk.advance(24 * time.Hour)
	mustWorkSurvey(t, s, oneSurveyJob(t, pool, tk.ID, tickets.SurveyAsk))
	sv, err := s.LatestSurvey(context.Background(), tk.ID)
	if err != nil || sv.State != tickets.SurveyAsked {
		t.Fatalf("survey %+v, %v; want asked", sv, err)
	}
	return tk, sv
}

// respondent is the ticket's customer, answering its survey.
func respondent(tk *tickets.Ticket) tickets.SurveyCustomer {
	return tickets.SurveyCustomer{UserID: tk.CustomerUserID, ChatID: tk.CustomerChatID}
}

// The survey is due a day after the resolution, moved out of the night to
// the shop's morning.
func TestSurveyDue(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	at := func(day, hour, minute int) time.Time { return time.Date(2026, 11, day, hour, minute, 0, 0, shopZone) }
	for _, c := range []struct {
		resolved, want time.Time
	}{
		{at(20, 9, 30), at(21, 9, 30)},
		{at(20, 20, 59), at(21, 20, 59)},
		{at(20, 21, 0), at(22, 9, 0)},
		{at(20, 23, 40), at(22, 9, 0)},
		{at(20, 3, 15), at(21, 9, 0)},
		{at(30, 22, 0), time.Date(2026, 12, 2, 9, 0, 0, 0, shopZone)},
	} {
		if got := s.SurveyDue(c.resolved); !got.Equal(c.want) {
			t.Errorf("resolved %v: due %v, want %v", c.resolved, got, c.want)
		}
	}
}

// A satisfied customer: resolving schedules the survey and the auto-close;
// each question goes out once, after the previous one is answered; a
// question answered twice changes nothing; the comment finishes it, the
// customer is thanked, the thread sees the scores, and the ticket closes by
// the system at the end of the window.
func TestSurveyHighScores(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	tk := resolved(t, s, 38001)
	sv, err := s.LatestSurvey(ctx, tk.ID)
	if err != nil || sv.State != tickets.SurveyScheduled || !sv.DueAt.Equal(filedAt.Add(24*time.Hour)) {
		t.Fatalf("survey %+v, %v; want scheduled a day on", sv, err)
	}
	ask := oneSurveyJob(t, pool, tk.ID, tickets.SurveyAsk)
	closing := oneSurveyJob(t, pool, tk.ID, tickets.SurveyClose)
	if !closing.Args.Due.Equal(sv.DueAt.Add(72 * time.Hour)) {
		t.Errorf("close due %v, want three days after the survey", closing.Args.Due)
	}
	var snooze *river.JobSnoozeError
	if err := workSurvey(t, s, ask); !errors.As(err, &snooze) || snooze.Duration != 24*time.Hour {
		t.Errorf("an early question = %v, want a snooze of 24h", err)
	}
	clk.advance(24 * time.Hour)
	mustWorkSurvey(t, s, ask)
	if keys := noticeKeys(t, pool, tk.ID); !slices.Equal(keys, []string{"tickets.resolved", tickets.NoticeSurveyQuestion}) {
		t.Fatalf("notices %v, want the resolution and one question", keys)
	}
	if len(surveyJobs(t, pool, tk.ID, tickets.SurveyRemind)) != 1 || len(surveyJobs(t, pool, tk.ID, tickets.SurveyExpire)) != 1 {
		t.Errorf("asking schedules one reminder and one expiry")
	}

	by := respondent(tk)
	for _, a := range []struct {
		q     string
		score int
	}{{tickets.QuestionAttitude, 5}, {tickets.QuestionQuality, 4}} {
		if _, err := s.AnswerSurvey(ctx, sv.ID, by, a.q, a.score); err != nil {
			t.Fatalf("answer %s: %v", a.q, err)
		}
	}
	if got, err := s.AnswerSurvey(ctx, sv.ID, by, tickets.QuestionAttitude, 1); !errors.Is(err, tickets.ErrConflict) || got.Attitude != 5 {
		t.Errorf("attitude again = %+v, %v; want a conflict keeping 5", got, err)
	}
	if _, err := s.AnswerSurvey(ctx, sv.ID, tickets.SurveyCustomer{UserID: 1, ChatID: 1}, tickets.QuestionSolved, 5); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("another customer's answer = %v, want not found", err)
	}
	if _, err := s.AnswerSurvey(ctx, sv.ID, by, tickets.QuestionSolved, 5); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := s.SurveyAwaitingComment(ctx, tk.CustomerChatID); err != nil || !ok || got.ID != sv.ID {
		t.Fatalf("awaiting comment = %v, %v, %v", got, ok, err)
	}
	got, err := s.CommentSurvey(ctx, sv.ID, by, "  Very kind staff, thank you  ")
	if err != nil || got.State != tickets.SurveyAnswered || got.Comment != "Very kind staff, thank you" {
		t.Fatalf("comment = %+v, %v", got, err)
	}
	if _, err := s.CommentSurvey(ctx, sv.ID, by, "again"); !errors.Is(err, tickets.ErrConflict) {
		t.Errorf("a second comment = %v, want a conflict", err)
	}
	if _, ok, _ := s.SurveyAwaitingComment(ctx, tk.CustomerChatID); ok {
		t.Error("an answered survey still awaits a comment")
	}
	want := []string{"tickets.resolved", tickets.NoticeSurveyQuestion, tickets.NoticeSurveyQuestion,
		tickets.NoticeSurveyQuestion, tickets.NoticeSurveyComment, tickets.NoticeSurveyThanks}
	n := noticesOf(t, pool, tk.ID)
	if keys := noticeKeys(t, pool, tk.ID); !slices.Equal(keys, want) {
		t.Fatalf("notices %v, want %v", keys, want)
	}
	for i, q := range []string{tickets.QuestionAttitude, tickets.QuestionQuality, tickets.QuestionSolved, tickets.QuestionComment} {
		if n[i+1].Params["question"] != q || n[i+1].Params["ref"] != tk.Ref {
			t.Errorf("notice %d: %v, want %s", i+1, n[i+1].Params, q)
		}
	}
	if k := jobs(t, pool, "desk_notice", `{"key": "desk.survey_answered", "params": {"attitude": "5", "quality": "4", "solved": "5"}}`); k != 1 {
		t.Errorf("%d thread notices of the scores, want 1", k)
	}
	if k := jobs(t, pool, "owner_alert", `{}`); k != 0 {
		t.Errorf("%d owner alerts for a happy customer", k)
	}
	stored, err := s.Get(ctx, tk.Ref)
	if err != nil {
		t.Fatal(err)
	}
	last := stored.Events[len(stored.Events)-1]
	if last.Kind != "survey_answered" || last.Data["attitude"] != float64(5) || last.Data["low"] != false {
		t.Errorf("last event %+v, want the scores", last)
	}
	for _, e := range stored.Events {
		if raw, _ := json.Marshal(e.Data); strings.Contains(string(raw), "Very kind") {
			t.Errorf("event %s carries the comment: %s", e.Kind, raw)
		}
	}

	// The reminder and the expiry find it answered; the close closes it.
	clk.advance(72 * time.Hour)
	mustWorkSurvey(t, s, oneSurveyJob(t, pool, tk.ID, tickets.SurveyRemind))
	mustWorkSurvey(t, s, oneSurveyJob(t, pool, tk.ID, tickets.SurveyExpire))
	runCardJobs(t, pool, tk.ID)
	mustWorkSurvey(t, s, closing)
	stored, err = s.Get(ctx, tk.Ref)
	if err != nil || stored.Status != tickets.StatusClosed {
		t.Fatalf("after the window: %v, %v; want closed", stored.Status, err)
	}
	last = stored.Events[len(stored.Events)-1]
	if last.Kind != "status" || last.Actor.Kind != tickets.ActorSystem || last.Data["reason"] != "survey_window" {
		t.Errorf("last event %+v, want closed by the system", last)
	}
	if c := cardJobs(t, pool, tk.ID); c != 1 {
		t.Errorf("%d card jobs after the close, want 1", c)
	}
	if keys := noticeKeys(t, pool, tk.ID); len(keys) != len(want) {
		t.Errorf("notices after the window %v, want no more", keys)
	}
}

// A low score, whatever the others: the comment (or Skip) finishes the
// survey, the ticket is reopened by the system, the owners are alerted
// with the scores and the comment, the thread is told, the customer hears
// someone will contact them; the auto-close is cancelled with the survey's
// other jobs and does nothing if it runs anyway.
func TestSurveyLowScoreReopens(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	tk, sv := asked(t, s, pool, clk, 38002)
	by := respondent(tk)
	for _, a := range []struct {
		q     string
		score int
	}{{tickets.QuestionAttitude, 4}, {tickets.QuestionQuality, 2}, {tickets.QuestionSolved, 3}} {
		if _, err := s.AnswerSurvey(ctx, sv.ID, by, a.q, a.score); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CommentSurvey(ctx, sv.ID, by, "The zip broke again"); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, tk.Ref)
	if err != nil || got.Status != tickets.StatusReopened {
		t.Fatalf("after a low score: %v, %v; want reopened", got.Status, err)
	}
	if k := jobs(t, pool, "owner_alert", `{"reason": "survey_low", "params": {"attitude": "4", "quality": "2", "solved": "3", "comment": "The zip broke again", "reopened": "true"}}`); k != 1 {
		t.Errorf("%d owner alerts with the scores and the comment, want 1", k)
	}
	if k := jobs(t, pool, "desk_notice", `{"key": "desk.survey_low"}`); k != 1 {
		t.Errorf("%d thread notices, want 1", k)
	}
	if keys := noticeKeys(t, pool, tk.ID); keys[len(keys)-1] != tickets.NoticeSurveyLow {
		t.Errorf("notices %v, want the low-score answer last", keys)
	}
	// The reopening starts the service-level deadlines again ("deadlines").
	if kinds := eventKinds(t, s, tk.Ref); !slices.Equal(kinds[len(kinds)-4:], []string{"survey_asked", "survey_answered", "status", "deadlines"}) {
		t.Errorf("events %v, want the survey answered, the reopening and its new deadlines", kinds)
	}
	closing := oneSurveyJob(t, pool, tk.ID, tickets.SurveyClose)
	if closing.State != "cancelled" {
		t.Errorf("the auto-close is %s, want cancelled", closing.State)
	}
	clk.advance(72 * time.Hour)
	mustWorkSurvey(t, s, closing)
	if got, _ := s.Get(ctx, tk.Ref); got.Status != tickets.StatusReopened {
		t.Errorf("the auto-close of a complaint: %s", got.Status)
	}
}

// A customer who ignores the survey is reminded once, of the question they
// left; then it expires, an answer is refused, and the ticket closes.
func TestSurveyReminderAndExpiry(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	tk, sv := asked(t, s, pool, clk, 38003)
	if _, err := s.AnswerSurvey(ctx, sv.ID, respondent(tk), tickets.QuestionAttitude, 5); err != nil {
		t.Fatal(err)
	}
	remind := oneSurveyJob(t, pool, tk.ID, tickets.SurveyRemind)
	// Asked at 09:30: a day later is no night, the reminder is then.
	if !remind.Args.Due.Equal(sv.AskedAt.Add(24 * time.Hour)) {
		t.Errorf("reminder due %v, want a day after %v", remind.Args.Due, sv.AskedAt)
	}
	clk.advance(24 * time.Hour)
	mustWorkSurvey(t, s, remind)
	n := noticesOf(t, pool, tk.ID)
	if last := n[len(n)-1]; last.Key != tickets.NoticeSurveyReminder || last.Params["question"] != tickets.QuestionQuality {
		t.Fatalf("last notice %+v, want a reminder of the quality question", last)
	}
	if c := count(t, pool, `SELECT count(*) FROM river_job WHERE kind = 'customer_notice'
		AND args->>'key' = $1 AND (args->>'ticket_id')::bigint = $2`, tickets.NoticeSurveyReminder, tk.ID); c != 1 {
		t.Errorf("%d reminders, want 1", c)
	}
	clk.advance(48 * time.Hour)
	// Past the expiry before its job ran: refused already.
	if got, err := s.AnswerSurvey(ctx, sv.ID, respondent(tk), tickets.QuestionQuality, 5); !errors.Is(err, tickets.ErrConflict) || got.State != tickets.SurveyExpired {
		t.Errorf("a late answer = %+v, %v; want refused as expired", got, err)
	}
	mustWorkSurvey(t, s, oneSurveyJob(t, pool, tk.ID, tickets.SurveyExpire))
	got, err := s.LatestSurvey(ctx, tk.ID)
	if err != nil || got.State != tickets.SurveyExpired || got.Attitude != 5 || !got.AnsweredAt.IsZero() {
		t.Fatalf("survey %+v, %v; want expired, keeping its one score", got, err)
	}
	mustWorkSurvey(t, s, oneSurveyJob(t, pool, tk.ID, tickets.SurveyClose))
	if tkNow, _ := s.Get(ctx, tk.Ref); tkNow.Status != tickets.StatusClosed {
		t.Errorf("after the window: %s, want closed", tkNow.Status)
	}
}

// The scores in and no comment: the wait for it ends, the survey counts.
func TestSurveyFinishedWithoutComment(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	tk, sv := asked(t, s, pool, clk, 38004)
	for _, q := range tickets.SurveyQuestions() {
		if _, err := s.AnswerSurvey(ctx, sv.ID, respondent(tk), q, 5); err != nil {
			t.Fatal(err)
		}
	}
	finish := oneSurveyJob(t, pool, tk.ID, tickets.SurveyFinish)
	clk.advance(2 * time.Hour)
	if _, ok, _ := s.SurveyAwaitingComment(ctx, tk.CustomerChatID); ok {
		t.Error("a comment is still awaited after its wait")
	}
	mustWorkSurvey(t, s, finish)
	got, err := s.LatestSurvey(ctx, tk.ID)
	if err != nil || got.State != tickets.SurveyAnswered || !got.AnsweredAt.Equal(clk.now()) || got.Comment != "" {
		t.Fatalf("survey %+v, %v; want answered without a comment", got, err)
	}
	if keys := noticeKeys(t, pool, tk.ID); keys[len(keys)-1] != tickets.NoticeSurveyThanks {
		t.Errorf("notices %v, want thanks last", keys)
	}
}

// A ticket reopened before its survey is asked cancels it: its question
// never goes out. Resolved again, it has a new survey.
func TestSurveyCancelledByReopening(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	tk := resolved(t, s, 38005)
	first := oneSurveyJob(t, pool, tk.ID, tickets.SurveyAsk)
	clk.advance(time.Hour)
	if _, err := s.Reopen(ctx, tk.ID, li.Actor()); err != nil {
		t.Fatal(err)
	}
	sv, err := s.LatestSurvey(ctx, tk.ID)
	if err != nil || sv.State != tickets.SurveyCancelled {
		t.Fatalf("survey %+v, %v; want cancelled", sv, err)
	}
	clk.advance(24 * time.Hour)
	mustWorkSurvey(t, s, first)
	if _, err := s.Resolve(ctx, tk.ID, li, "replaced the whole jacket"); err != nil {
		t.Fatal(err)
	}
	again, err := s.LatestSurvey(ctx, tk.ID)
	if err != nil || again.ID == sv.ID || again.State != tickets.SurveyScheduled {
		t.Fatalf("after resolving again: %+v, %v; want a new survey", again, err)
	}
	for _, key := range noticeKeys(t, pool, tk.ID) {
		if key == tickets.NoticeSurveyQuestion {
			t.Errorf("the cancelled survey asked its question")
		}
	}
	if got, err := s.AnswerSurvey(ctx, sv.ID, respondent(tk), tickets.QuestionAttitude, 5); !errors.Is(err, tickets.ErrConflict) || got.State != tickets.SurveyCancelled {
		t.Errorf("an answer to the cancelled survey = %v", err)
	}
}

// A customer who blocked the bot never gets the question: the survey is
// marked undeliverable at once and nothing reminds them; the ticket still
// closes at the end of the window.
func TestSurveyUndeliverable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	tk, sv := asked(t, s, pool, clk, 38006)
	var question int64
	err := pool.QueryRow(ctx, `SELECT id FROM river_job WHERE kind = 'customer_notice' AND args->>'key' = $1
		AND (args->>'ticket_id')::bigint = $2`, tickets.NoticeSurveyQuestion, tk.ID).Scan(&question)
	if err != nil {
		t.Fatal(err)
	}
	// The resolution's notice went out before: only the question is left.
	if _, err := pool.Exec(ctx, `UPDATE river_job SET state = 'completed', finalized_at = now()
		WHERE kind = 'customer_notice' AND id < $1 AND (args->>'ticket_id')::bigint = $2`, question, tk.ID); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{fail: map[int64]error{tk.CustomerChatID: fmt.Errorf("bot was blocked by the user: %w", tickets.ErrUnreachable)}}
	n := noticesOf(t, pool, tk.ID)
	err = tickets.NoticeWorkerOf(s, rec).Work(ctx, &river.Job[tickets.CustomerNoticeArgs]{
		JobRow: &rivertype.JobRow{ID: question, Kind: "customer_notice", Attempt: 1, State: rivertype.JobStateRunning},
		Args:   tickets.CustomerNoticeArgs{TicketID: tk.ID, Key: n[len(n)-1].Key, Params: n[len(n)-1].Params}})
	var cancel *river.JobCancelError
	if !errors.As(err, &cancel) {
		t.Fatalf("a question to a blocked customer = %v, want the job cancelled", err)
	}
	got, err := s.LatestSurvey(ctx, tk.ID)
	if err != nil || got.ID != sv.ID || got.State != tickets.SurveyUndeliverable {
		t.Fatalf("survey %+v, %v; want undeliverable", got, err)
	}
	clk.advance(72 * time.Hour)
	mustWorkSurvey(t, s, oneSurveyJob(t, pool, tk.ID, tickets.SurveyRemind))
	mustWorkSurvey(t, s, oneSurveyJob(t, pool, tk.ID, tickets.SurveyExpire))
	if keys := noticeKeys(t, pool, tk.ID); keys[len(keys)-1] != tickets.NoticeSurveyQuestion {
		t.Errorf("notices %v: nothing after the undeliverable question", keys)
	}
	mustWorkSurvey(t, s, oneSurveyJob(t, pool, tk.ID, tickets.SurveyClose))
	if tkNow, _ := s.Get(ctx, tk.Ref); tkNow.Status != tickets.StatusClosed {
		t.Errorf("after the window: %s, want closed", tkNow.Status)
	}
}

// Every survey notice has a text in every language, with the ticket's
// reference and each question's own words.
func TestSurveyTexts(t *testing.T) {
	t.Parallel()
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range tickets.SurveyNoticeKeys() {
		for _, lang := range locale.Languages() {
			if !cat.Has(lang, key) {
				t.Errorf("%s has no text in %s", key, lang)
				continue
			}
			seen := map[string]bool{}
			for _, q := range append(tickets.SurveyQuestions(), tickets.QuestionComment) {
				text := cat.HTML(lang, key, map[string]string{"ref": "K7M-4QX", "survey": "7", "question": q, "step": "1"})
				if !strings.Contains(text, "K7M-4QX") && (key != tickets.NoticeSurveyQuestion || q == tickets.QuestionAttitude) ||
					strings.Contains(text, "{{") || strings.Contains(text, "no value") {
					t.Errorf("%s %s %s: %q", lang, key, q, text)
				}
				seen[text] = true
			}
			if key == tickets.NoticeSurveyQuestion && len(seen) < 3 {
				t.Errorf("%s %s: the questions share their words", lang, key)
			}
		}
	}
}

// With the survey off nobody is asked, and a resolved ticket still closes
// by the system after survey.close_after.
func TestSurveyOff(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.New(t)
	pol := policy.Default()
	pol.Survey.Enabled = false
	clk := &clock{t: filedAt}
	s, err := tickets.NewStore(pool, pol, clk.now)
	if err != nil {
		t.Fatal(err)
	}
	tk := resolved(t, s, 38007)
	if _, err := s.LatestSurvey(ctx, tk.ID); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("a survey with the survey off: %v", err)
	}
	if n := len(surveyJobs(t, pool, tk.ID, tickets.SurveyAsk)); n != 0 {
		t.Errorf("%d questions scheduled", n)
	}
	closing := oneSurveyJob(t, pool, tk.ID, tickets.SurveyClose)
	if !closing.Args.Due.Equal(filedAt.Add(pol.Survey.CloseAfter)) {
		t.Errorf("close due %v", closing.Args.Due)
	}
	clk.advance(pol.Survey.CloseAfter)
	mustWorkSurvey(t, s, closing)
	if got, _ := s.Get(ctx, tk.Ref); got.Status != tickets.StatusClosed {
		t.Errorf("after close_after: %s", got.Status)
	}
}

// With survey.on_low follow_up a low answer files a follow-up ticket for
// the customer, once however often its job runs, carrying the scores and
// the comment; the ticket surveyed is not reopened and closes at the end
// of the window, its complaint living on in the follow-up.
func TestSurveyLowScoreFollowUp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.New(t)
	pol := policy.Default()
	pol.Survey.OnLow = policy.OnLowFollowUp
	clk := &clock{t: filedAt}
	s, err := tickets.NewStore(pool, pol, clk.now)
	if err != nil {
		t.Fatal(err)
	}
	tk, sv := asked(t, s, pool, clk, 38008)
	for _, q := range tickets.SurveyQuestions() {
		if _, err := s.AnswerSurvey(ctx, sv.ID, respondent(tk), q, 2); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CommentSurvey(ctx, sv.ID, respondent(tk), "Still leaking"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get(ctx, tk.Ref); got.Status != tickets.StatusResolved {
		t.Errorf("the ticket surveyed is %s, want still resolved", got.Status)
	}
	if k := jobs(t, pool, "owner_alert", `{"reason": "survey_low", "params": {"follow_up": "true", "reopened": "false"}}`); k != 1 {
		t.Errorf("%d owner alerts naming the follow-up, want 1", k)
	}
	mustWorkSurvey(t, s, oneSurveyJob(t, pool, tk.ID, tickets.SurveyFollowUp))
	var ref, desc string
	var chat int64
	if err := pool.QueryRow(ctx, `SELECT ref, description, customer_chat_id FROM tickets WHERE submission_id = $1`,
		"survey-follow-up-"+strconv.FormatInt(sv.ID, 10)).Scan(&ref, &desc, &chat); err != nil {
		t.Fatalf("the follow-up ticket: %v", err)
	}
	if chat != tk.CustomerChatID || !strings.Contains(desc, tk.Ref) || !strings.Contains(desc, "2/5") || !strings.Contains(desc, "Still leaking") {
		t.Errorf("follow-up %s for chat %d: %q", ref, chat, desc)
	}
	if n := count(t, pool, `SELECT count(*) FROM tickets WHERE customer_chat_id = $1`, tk.CustomerChatID); n != 2 {
		t.Errorf("%d tickets for the customer, want the one surveyed and its follow-up", n)
	}
	if kinds := eventKinds(t, s, tk.Ref); kinds[len(kinds)-1] != "survey_follow_up" {
		t.Errorf("events %v, want the follow-up logged last", kinds)
	}
	clk.advance(72 * time.Hour)
	mustWorkSurvey(t, s, oneSurveyJob(t, pool, tk.ID, tickets.SurveyClose))
	if got, _ := s.Get(ctx, tk.Ref); got.Status != tickets.StatusClosed {
		t.Errorf("the ticket surveyed is %s after the window, want closed", got.Status)
	}
}

// The close that comes before the survey's expiry has run ends the survey
// itself: the scores given count, and a ticket nobody complained about
// closes.
func TestSurveyCloseBeforeExpiryRan(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	tk, sv := asked(t, s, pool, clk, 38009)
	for _, q := range tickets.SurveyQuestions() {
		if _, err := s.AnswerSurvey(ctx, sv.ID, respondent(tk), q, 4); err != nil {
			t.Fatal(err)
		}
	}
	clk.advance(72 * time.Hour)
	mustWorkSurvey(t, s, oneSurveyJob(t, pool, tk.ID, tickets.SurveyClose))
	got, err := s.LatestSurvey(ctx, tk.ID)
	if err != nil || got.State != tickets.SurveyAnswered {
		t.Fatalf("survey %+v, %v; want answered by the close", got, err)
	}
	if tkNow, _ := s.Get(ctx, tk.Ref); tkNow.Status != tickets.StatusClosed {
		t.Errorf("after the window: %s, want closed", tkNow.Status)
	}
	mustWorkSurvey(t, s, oneSurveyJob(t, pool, tk.ID, tickets.SurveyExpire))
	if keys := noticeKeys(t, pool, tk.ID); keys[len(keys)-1] != tickets.NoticeSurveyThanks || keys[len(keys)-2] == tickets.NoticeSurveyThanks {
		t.Errorf("notices %v, want one thanks last", keys)
	}
}
