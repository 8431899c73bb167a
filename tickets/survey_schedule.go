package tickets

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
)

// The steps of a survey's jobs (SurveyArgs.Step).
const (
	SurveyAsk    = "ask"    // the first question goes out
	SurveyRemind = "remind" // the one reminder
	SurveyFinish = "finish" // the wait for a comment is over: finished without one
	SurveyExpire = "expire" // answers are no longer taken
	SurveyClose  = "close"  // the resolved ticket closes, when nobody complained
)

// SurveyArgs is one step of a ticket's callback survey, due at Due (as
// decided when it was inserted: the worker snoozes a job that runs early by
// the store's clock). SurveyID is 0 for the close of a ticket resolved
// while the survey is off. A job whose survey or ticket moved on does
// nothing, so one that runs twice acts once.
type SurveyArgs struct {
	TicketID int64     `json:"ticket_id"`
	SurveyID int64     `json:"survey_id"`
	Step     string    `json:"step"`
	Due      time.Time `json:"due"`
}

// Kind names the job in River's tables.
func (SurveyArgs) Kind() string { return "ticket_survey" }

// InsertOpts gives up after ten attempts, and inserts one job for one step
// of one survey however often it is scheduled.
func (SurveyArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// insertSurveyJobs inserts, in tx, the survey's steps at their times.
// River compares ScheduledAt with the database's clock; the times come
// from the store's.
func (s *Store) insertSurveyJobs(ctx context.Context, tx pgx.Tx, jobs ...SurveyArgs) error {
	params := make([]river.InsertManyParams, len(jobs))
	for i, a := range jobs {
		params[i] = river.InsertManyParams{Args: a, InsertOpts: &river.InsertOpts{ScheduledAt: a.Due}}
	}
	if _, err := s.river.InsertManyTx(ctx, tx, params); err != nil {
		return fmt.Errorf("schedule the survey: %w", err)
	}
	return nil
}

// surveyOnMove is the survey's part of a status move, in its transaction:
// a ticket resolved gets a new survey and its auto-close; a ticket reopened
// loses the survey still to be asked or answered, and its jobs. A ticket
// closed keeps its survey: the customer may still say how it went.
func (s *Store) surveyOnMove(ctx context.Context, tx pgx.Tx, id int64, to Status, now time.Time) error {
	switch to {
	case StatusResolved:
		return s.scheduleSurvey(ctx, tx, id, now)
	case StatusReopened:
		return s.cancelSurvey(ctx, tx, id, now)
	}
	return nil
}

// scheduleSurvey adds the survey of the ticket with id, resolved at now,
// with its first question and the ticket's auto-close. With the survey off
// only the auto-close is scheduled, after survey.close_after.
func (s *Store) scheduleSurvey(ctx context.Context, tx pgx.Tx, id int64, now time.Time) error {
	pol := s.pol.Survey
	if !pol.Enabled {
		return s.insertSurveyJobs(ctx, tx, SurveyArgs{TicketID: id, Step: SurveyClose, Due: now.Add(pol.CloseAfter)})
	}
	due := s.SurveyDue(now)
	var svID int64
	if err := tx.QueryRow(ctx, s.q.SurveyInsert, pgx.NamedArgs{"ticket_id": id, "due_at": due, "now": now}).Scan(&svID); err != nil {
		return fmt.Errorf("add the survey: %w", err)
	}
	return s.insertSurveyJobs(ctx, tx,
		SurveyArgs{TicketID: id, SurveyID: svID, Step: SurveyAsk, Due: due},
		SurveyArgs{TicketID: id, SurveyID: svID, Step: SurveyClose, Due: due.Add(pol.CloseAfter)})
}

// cancelSurvey cancels the ticket's survey still to be asked or answered
// and the survey jobs still waiting to run, as the ticket is reopened. One
// River is starting right now is left alone: its worker finds the survey
// cancelled, or the ticket not resolved, and does nothing.
func (s *Store) cancelSurvey(ctx context.Context, tx pgx.Tx, id int64, now time.Time) error {
	if _, err := tx.Exec(ctx, s.q.SurveyCancelOpen, pgx.NamedArgs{"ticket_id": id, "now": now}); err != nil {
		return fmt.Errorf("cancel the survey: %w", err)
	}
	rows, err := tx.Query(ctx, s.q.SurveyJobsWaiting, pgx.NamedArgs{"ticket_id": id})
	if err != nil {
		return fmt.Errorf("find the survey's jobs: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("find the survey's jobs: %w", err)
	}
	for _, jobID := range ids {
		if _, err := s.river.JobCancelTx(ctx, tx, jobID); err != nil {
			return fmt.Errorf("cancel job %d: %w", jobID, err)
		}
	}
	return nil
}
