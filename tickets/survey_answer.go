package tickets

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/complaintbot/complaintbot/policy"
)

// maxSurveyComment bounds a survey's comment, in characters: the owners'
// alert carries it in one Telegram message.
const maxSurveyComment = 1000

// SurveyCustomer is who answers a survey: the customer in their chat.
type SurveyCustomer struct {
	UserID, ChatID int64
}

// AnswerSurvey records the customer's score, 1 to 5, for question of the
// survey with id, and queues the next question (or the comment's) to them.
// It returns the survey as it now stands. The error wraps ErrNotFound for a
// survey that is not this customer's, ErrInvalid for a score or question
// that does not exist, and ErrConflict — with the survey as it stands, so
// the edge can say why — for one that takes no answer: not asked, expired,
// answered, cancelled, or this question answered already.
func (s *Store) AnswerSurvey(ctx context.Context, id int64, by SurveyCustomer, question string, score int) (*Survey, error) {
	if score < 1 || score > 5 {
		return nil, fmt.Errorf("tickets: survey %d: %w: score %d", id, ErrInvalid, score)
	}
	var out *Survey
	err := s.surveyTx(ctx, id, by, func(tx pgx.Tx, t *Ticket, sv *Survey) error {
		out = sv
		dst := sv.score(question)
		if dst == nil {
			return fmt.Errorf("%w: question %q", ErrInvalid, question)
		}
		if err := s.takesAnswers(sv); err != nil {
			return err
		}
		if sv.Next() != question {
			return fmt.Errorf("%w: %s answered already", ErrConflict, question)
		}
		*dst = score
		next := sv.Next()
		if next == QuestionComment {
			sv.ScoredAt = s.now()
		}
		if err := s.saveSurvey(ctx, tx, sv); err != nil {
			return err
		}
		if next != QuestionComment {
			return s.notifyCustomer(ctx, tx, t, NoticeSurveyQuestion, surveyParams(t, sv, next))
		}
		finish := SurveyArgs{TicketID: t.ID, SurveyID: sv.ID, Step: SurveyFinish, Due: sv.ScoredAt.Add(surveyCommentWait)}
		if err := s.insertSurveyJobs(ctx, tx, finish); err != nil {
			return err
		}
		return s.notifyCustomer(ctx, tx, t, NoticeSurveyComment, surveyParams(t, sv, QuestionComment))
	})
	if err != nil {
		return out, fmt.Errorf("tickets: answer survey %d: %w", id, err)
	}
	s.logger.InfoContext(ctx, "survey question answered", "ticket", out.TicketID, "survey", id, "question", question)
	return out, nil
}

// CommentSurvey finishes the survey with id with the customer's comment;
// an empty one is the Skip button, and one over 1000 characters is cut
// there. The error wraps ErrNotFound and ErrConflict as AnswerSurvey's
// does; a survey whose scores are not all in takes no comment.
func (s *Store) CommentSurvey(ctx context.Context, id int64, by SurveyCustomer, comment string) (*Survey, error) {
	comment = strings.TrimSpace(comment)
	if utf8.RuneCountInString(comment) > maxSurveyComment {
		comment = string([]rune(comment)[:maxSurveyComment])
	}
	var out *Survey
	err := s.surveyTx(ctx, id, by, func(tx pgx.Tx, t *Ticket, sv *Survey) error {
		out = sv
		if err := s.takesAnswers(sv); err != nil {
			return err
		}
		if sv.Next() != QuestionComment {
			return fmt.Errorf("%w: the scores come first", ErrConflict)
		}
		sv.Comment = comment
		return s.finishSurvey(ctx, tx, t, sv)
	})
	if err != nil {
		return out, fmt.Errorf("tickets: comment on survey %d: %w", id, err)
	}
	s.logger.InfoContext(ctx, "survey answered", "ticket", out.TicketID, "survey", id, "comment", comment != "")
	return out, nil
}

// SurveyAwaitingComment is the survey whose comment the customer's chat
// is asked for now: its scores complete within the comment's wait, still
// taking answers. ok is false when there is none, and the chat's text is
// the dialogue's.
func (s *Store) SurveyAwaitingComment(ctx context.Context, chatID int64) (*Survey, bool, error) {
	now := s.now()
	sv, err := s.scanSurvey(s.pool.QueryRow(ctx, s.q.SurveyAwaitingComment,
		pgx.NamedArgs{"chat_id": chatID, "since": now.Add(-surveyCommentWait), "now": now}))
	if isNoRows(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("tickets: survey awaiting a comment in chat %d: %w", chatID, err)
	}
	return sv, true, nil
}

// surveyTx runs do on the survey with id and its ticket, both locked, when
// the ticket is the customer's; else the error wraps ErrNotFound, so nobody
// learns of another customer's survey.
func (s *Store) surveyTx(ctx context.Context, id int64, by SurveyCustomer, do func(pgx.Tx, *Ticket, *Survey) error) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		sv, err := s.lockSurvey(ctx, tx, id)
		if err != nil {
			return err
		}
		t, err := s.lockTicket(ctx, tx, sv.TicketID)
		if err != nil {
			return err
		}
		if t.CustomerUserID != by.UserID || t.CustomerChatID != by.ChatID {
			return fmt.Errorf("survey %d of another customer: %w", id, ErrNotFound)
		}
		return do(tx, t, sv)
	})
}

// takesAnswers wraps ErrConflict when the survey takes no answer now. A
// survey past its expiry whose job has not run yet is shown expired.
func (s *Store) takesAnswers(sv *Survey) error {
	if sv.State == SurveyAsked && !s.now().Before(sv.ExpiresAt) {
		sv.State = SurveyExpired
	}
	if sv.State != SurveyAsked {
		return fmt.Errorf("%w: the survey is %s", ErrConflict, sv.State)
	}
	return nil
}

// finishSurvey records the survey answered, in tx, with its event (the
// scores, never the comment), and follows it up: a low score — any at or
// under the policy's survey.low_score — reopens the ticket (per
// survey.on_low, or files a follow-up ticket), alerts the owners with the scores and the comment, tells
// the ticket's thread and tells the customer someone will contact them;
// otherwise the thread sees the scores and the customer is thanked.
func (s *Store) finishSurvey(ctx context.Context, tx pgx.Tx, t *Ticket, sv *Survey) error {
	pol := s.pol.Survey
	sv.State, sv.AnsweredAt = SurveyAnswered, s.now()
	if err := s.saveSurvey(ctx, tx, sv); err != nil {
		return err
	}
	low := sv.Low(pol.LowScore)
	data := map[string]any{"survey": sv.ID, "attitude": sv.Attitude, "quality": sv.Quality, "solved": sv.Solved,
		"low": low, "comment": sv.Comment != ""}
	if err := s.surveyEvent(ctx, tx, t, "survey_answered", data); err != nil {
		return err
	}
	params := sv.scoreParams()
	params["comment"] = sv.Comment
	if !low {
		if _, err := s.river.InsertTx(ctx, tx, DeskNoticeArgs{TicketID: t.ID, Key: DeskSurveyAnswered, Params: params}, nil); err != nil {
			return fmt.Errorf("tell the thread: %w", err)
		}
		return s.notifyCustomer(ctx, tx, t, NoticeSurveyThanks, map[string]string{"ref": t.Ref})
	}
	reopened := false
	if pol.OnLow == policy.OnLowReopen && CanTransition(t.Status, StatusReopened) {
		err := s.moveStatus(ctx, tx, t.ID, t.Status, StatusReopened, Actor{Kind: ActorSystem}, map[string]any{"reason": "survey_low"})
		if err != nil {
			return err
		}
		reopened = true
	}
	params["reopened"] = strconv.FormatBool(reopened)
	params["follow_up"] = strconv.FormatBool(pol.OnLow == policy.OnLowFollowUp)
	if pol.OnLow == policy.OnLowFollowUp {
		job := SurveyArgs{TicketID: t.ID, SurveyID: sv.ID, Step: SurveyFollowUp, Due: sv.AnsweredAt}
		if err := s.insertSurveyJobs(ctx, tx, job); err != nil {
			return err
		}
	}
	if _, err := s.river.InsertTx(ctx, tx, OwnerAlertArgs{TicketID: t.ID, Reason: AlertSurveyLow, Params: params}, nil); err != nil {
		return fmt.Errorf("alert the owners: %w", err)
	}
	if _, err := s.river.InsertTx(ctx, tx, DeskNoticeArgs{TicketID: t.ID, Key: DeskSurveyLow, Params: params}, nil); err != nil {
		return fmt.Errorf("tell the thread: %w", err)
	}
	return s.notifyCustomer(ctx, tx, t, NoticeSurveyLow, map[string]string{"ref": t.Ref})
}

// surveyUndeliverable stops the survey a notice of which could not reach
// its customer (they blocked the bot): no reminder, no retry.
func (s *Store) surveyUndeliverable(ctx context.Context, params map[string]string) error {
	id, err := strconv.ParseInt(params["survey"], 10, 64)
	if err != nil {
		return nil // a thanks or a low-score notice: the survey is over anyway
	}
	if _, err := s.pool.Exec(ctx, s.q.SurveyUndeliverable, pgx.NamedArgs{"id": id, "now": s.now()}); err != nil {
		return fmt.Errorf("mark survey %d undeliverable: %w", id, err)
	}
	return nil
}
