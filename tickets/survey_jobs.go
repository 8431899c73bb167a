package tickets

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/complaintbot/complaintbot/policy"
)

// SurveyWorker works SurveyArgs. Each step locks the ticket and the survey,
// re-reads them and acts only when it still has to, in one transaction with
// its event and its notice; a step that runs before its Due by the store's
// clock waits.
//
//   - ask: the first question goes out in the customer's language, and the
//     reminder and the expiry are scheduled from that moment.
//   - remind: the question the customer left is asked again, once, unless
//     they answered every score meanwhile.
//   - finish: the wait for a comment is over; the survey is finished
//     without one (finishSurvey).
//   - expire: a survey not answered stops taking answers; one whose scores
//     are all in is finished without a comment instead.
//   - close: a ticket still resolved, whose survey carries no complaint and
//     takes no more answers, is closed by the system; the card follows.
//   - follow_up: the follow-up ticket of a low answer is filed, once
//     (fileFollowUp).
type SurveyWorker struct {
	river.WorkerDefaults[SurveyArgs]
	store  *Store
	logger *slog.Logger
}

// Timeout bounds one attempt: a few statements, nothing sent.
func (w *SurveyWorker) Timeout(*river.Job[SurveyArgs]) time.Duration {
	return returnJobTimeout
}

// Work does one step of a survey, or nothing when it no longer applies.
func (w *SurveyWorker) Work(ctx context.Context, job *river.Job[SurveyArgs]) error {
	s, a := w.store, job.Args
	step, ok := map[string]func(context.Context, pgx.Tx, *Ticket, *Survey) (bool, error){
		SurveyAsk: s.surveyAsk, SurveyRemind: s.surveyRemind, SurveyFinish: s.surveyFinishStep,
		SurveyExpire: s.surveyExpire, SurveyClose: s.surveyClose,
	}[a.Step]
	if !ok && a.Step != SurveyFollowUp {
		return river.JobCancel(fmt.Errorf("tickets: survey of ticket %d: unknown step %q", a.TicketID, a.Step))
	}
	if early := a.Due.Sub(s.now()); early > 0 {
		return river.JobSnooze(early)
	}
	if a.Step == SurveyFollowUp {
		filed, err := s.fileFollowUp(ctx, a)
		if err != nil {
			return fmt.Errorf("tickets: survey of ticket %d, %s: %w", a.TicketID, a.Step, err)
		}
		if filed {
			w.logger.InfoContext(ctx, "survey follow-up filed", "ticket", a.TicketID, "survey", a.SurveyID)
		}
		return nil
	}
	var acted bool
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		t, err := s.lockTicket(ctx, tx, a.TicketID)
		if err != nil {
			return err
		}
		var sv *Survey
		if a.SurveyID != 0 {
			if sv, err = s.lockSurvey(ctx, tx, a.SurveyID); err != nil {
				return err
			}
		}
		acted, err = step(ctx, tx, t, sv)
		return err
	})
	switch {
	case errors.Is(err, ErrNotFound):
		w.logger.WarnContext(ctx, "survey step for a ticket that is gone", "ticket", a.TicketID, "step", a.Step)
		return nil
	case err != nil:
		return fmt.Errorf("tickets: survey of ticket %d, %s: %w", a.TicketID, a.Step, err)
	case acted:
		w.logger.InfoContext(ctx, "survey step taken", "ticket", a.TicketID, "survey", a.SurveyID, "step", a.Step)
	}
	return nil
}

// surveyEvent logs a survey event by the system on the ticket, in tx.
func (s *Store) surveyEvent(ctx context.Context, tx pgx.Tx, t *Ticket, kind string, data map[string]any) error {
	if _, err := tx.Exec(ctx, s.q.EventAdd, t.ID, string(ActorSystem), int64(0), kind, data, s.now()); err != nil {
		return fmt.Errorf("log %s: %w", kind, err)
	}
	return nil
}

// surveyAsk sends the first question of a scheduled survey, and schedules
// the reminder (out of the quiet hours, and only while the survey takes
// answers) and the expiry.
func (s *Store) surveyAsk(ctx context.Context, tx pgx.Tx, t *Ticket, sv *Survey) (bool, error) {
	if sv.State != SurveyScheduled {
		return false, nil
	}
	if t.Status != StatusResolved && t.Status != StatusClosed {
		// Reopened in a way that did not cancel it: nothing to ask about.
		sv.State = SurveyCancelled
		return false, s.saveSurvey(ctx, tx, sv)
	}
	now, pol := s.now(), s.pol.Survey
	sv.State, sv.Lang, sv.AskedAt, sv.ExpiresAt = SurveyAsked, t.CustomerLang, now, now.Add(pol.ExpiresAfter)
	if err := s.saveSurvey(ctx, tx, sv); err != nil {
		return false, err
	}
	if err := s.surveyEvent(ctx, tx, t, "survey_asked", map[string]any{"survey": sv.ID}); err != nil {
		return false, err
	}
	jobs := []SurveyArgs{{TicketID: t.ID, SurveyID: sv.ID, Step: SurveyExpire, Due: sv.ExpiresAt}}
	if pol.ReminderAfter > 0 {
		if at := pol.Quiet.NotBefore(now.Add(pol.ReminderAfter), s.loc); at.Before(sv.ExpiresAt) {
			jobs = append(jobs, SurveyArgs{TicketID: t.ID, SurveyID: sv.ID, Step: SurveyRemind, Due: at})
		}
	}
	if err := s.insertSurveyJobs(ctx, tx, jobs...); err != nil {
		return false, err
	}
	return true, s.notifyCustomer(ctx, tx, t, NoticeSurveyQuestion, surveyParams(t, sv, QuestionAttitude))
}

// surveyRemind asks again, once, the question a customer left unanswered.
func (s *Store) surveyRemind(ctx context.Context, tx pgx.Tx, t *Ticket, sv *Survey) (bool, error) {
	if sv.State != SurveyAsked || !sv.RemindedAt.IsZero() || !sv.ScoredAt.IsZero() {
		return false, nil
	}
	sv.RemindedAt = s.now()
	if err := s.saveSurvey(ctx, tx, sv); err != nil {
		return false, err
	}
	q := sv.Next()
	if err := s.surveyEvent(ctx, tx, t, "survey_reminded", map[string]any{"survey": sv.ID, "question": q}); err != nil {
		return false, err
	}
	return true, s.notifyCustomer(ctx, tx, t, NoticeSurveyReminder, surveyParams(t, sv, q))
}

// surveyFinishStep finishes, without a comment, a survey whose scores are
// in and whose wait for the comment is over.
func (s *Store) surveyFinishStep(ctx context.Context, tx pgx.Tx, t *Ticket, sv *Survey) (bool, error) {
	if sv.State != SurveyAsked || sv.ScoredAt.IsZero() {
		return false, nil
	}
	return true, s.finishSurvey(ctx, tx, t, sv)
}

// surveyExpire stops a survey not answered in time; one whose scores are
// all in is finished instead: they count.
func (s *Store) surveyExpire(ctx context.Context, tx pgx.Tx, t *Ticket, sv *Survey) (bool, error) {
	if sv.State != SurveyAsked {
		return false, nil
	}
	if !sv.ScoredAt.IsZero() {
		return true, s.finishSurvey(ctx, tx, t, sv)
	}
	sv.State = SurveyExpired
	if err := s.saveSurvey(ctx, tx, sv); err != nil {
		return false, err
	}
	return true, s.surveyEvent(ctx, tx, t, "survey_expired", map[string]any{"survey": sv.ID, "question": sv.Next()})
}

// surveyClose closes a resolved ticket nobody complained about once its
// survey takes no more answers; a survey still under way (asked late)
// makes it wait for the survey's end.
func (s *Store) surveyClose(ctx context.Context, tx pgx.Tx, t *Ticket, sv *Survey) (bool, error) {
	if t.Status != StatusResolved {
		return false, nil // reopened, or closed by staff meanwhile
	}
	if sv != nil && sv.State == SurveyAsked && !s.now().Before(sv.ExpiresAt) {
		// Its expiry is late: end it here as the expiry would, so the
		// close never waits on a job that has not run.
		if _, err := s.surveyExpire(ctx, tx, t, sv); err != nil {
			return false, err
		}
		again, err := s.lockTicket(ctx, tx, t.ID)
		if err != nil {
			return false, err
		}
		if t = again; t.Status != StatusResolved {
			return true, nil // a low answer reopened it
		}
	}
	if sv != nil {
		switch {
		case sv.State == SurveyAnswered && sv.Low(s.pol.Survey.LowScore) && s.pol.Survey.OnLow != policy.OnLowFollowUp:
			// A complaint the owners decide on. One that has a follow-up
			// ticket of its own lets this one close.
			return false, nil
		case sv.State == SurveyScheduled || sv.State == SurveyAsked:
			// Still under way: its expiry ends it; close a little after.
			at := sv.ExpiresAt
			if at.IsZero() {
				at = s.now().Add(s.pol.Survey.ExpiresAfter)
			}
			return false, s.insertSurveyJobs(ctx, tx, SurveyArgs{TicketID: t.ID, SurveyID: sv.ID, Step: SurveyClose, Due: at.Add(time.Minute)})
		}
	}
	data := map[string]any{"reason": "survey_window"}
	return true, s.moveStatus(ctx, tx, t.ID, t.Status, StatusClosed, Actor{Kind: ActorSystem}, data)
}
