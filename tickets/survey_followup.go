package tickets

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/complaintbot/complaintbot/policy"
)

// SurveyFollowUp is the step that files the follow-up ticket of a low
// survey answer when the policy's survey.on_low is follow_up.
const SurveyFollowUp = "follow_up"

// followUpSubmission is the submission id of a survey's follow-up ticket:
// filing it again (a job run twice) files nothing new.
func followUpSubmission(surveyID int64) string {
	return "survey-follow-up-" + strconv.FormatInt(surveyID, 10)
}

// fileFollowUp files the follow-up ticket of the survey a job names: the
// same customer, product and order as the ticket surveyed, and a
// description staff read in any language — the ticket it follows, the
// scores, and the customer's comment. The filing acknowledges it to the
// customer and puts its card in the staff group, as any filing does; the
// ticket surveyed gets a "survey_follow_up" event naming it.
func (s *Store) fileFollowUp(ctx context.Context, a SurveyArgs) (bool, error) {
	t, err := s.scanTicket(s.pool.QueryRow(ctx, s.q.TicketGetByID, a.TicketID))
	if isNoRows(err) {
		return false, fmt.Errorf("ticket %d: %w", a.TicketID, ErrNotFound)
	}
	if err != nil {
		return false, err
	}
	var sv *Survey
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		sv, err = s.lockSurvey(ctx, tx, a.SurveyID)
		return err
	})
	if err != nil {
		return false, err
	}
	desc := fmt.Sprintf("↩ %s · %d/5 · %d/5 · %d/5", t.Ref, sv.Attitude, sv.Quality, sv.Solved)
	if c := strings.TrimSpace(sv.Comment); c != "" {
		desc += "\n" + c
	}
	nt := NewTicket{
		SubmissionID: followUpSubmission(sv.ID), ChatID: t.CustomerChatID, UserID: t.CustomerUserID,
		FirstName: t.CustomerName, Username: t.CustomerUsername, Lang: t.CustomerLang, Phone: t.Phone,
		Category: t.Category, OrderNo: t.OrderNo, NoReceipt: t.NoReceipt, Purchased: t.Purchased,
		Issue: policy.Issue(t.Issue), Outcome: policy.Outcome(t.Outcome), Verdict: t.Verdict, Description: desc,
	}
	nt2, created, err := s.File(ctx, nt)
	if err != nil || !created {
		return false, err
	}
	// Only the run that filed it logs it: a run after a crash between the
	// filing and this event leaves the event out, never the ticket.
	_, err = s.pool.Exec(ctx, s.q.EventAdd, t.ID, string(ActorSystem), int64(0), "survey_follow_up",
		map[string]any{"survey": sv.ID, "ticket": nt2.Ref}, s.now())
	if err != nil {
		return true, fmt.Errorf("log the follow-up: %w", err)
	}
	return true, nil
}
