package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/conversation"
	"github.com/complaintbot/complaintbot/tickets"
)

// onSurveyButton handles a customer's press of a survey's button: a score,
// or Skip for the comment. The domain queues what comes next (the next
// question, the comment's, the thanks). A press that no longer applies —
// the survey expired, was answered, or its ticket reopened — or that is
// not the customer's is answered politely on the button and changes
// nothing. The question's buttons go once it is answered or stale, so the
// chat keeps no live buttons on an old question.
func (e *Edge) onSurveyButton(ctx context.Context, q *models.CallbackQuery) error {
	msg := q.Message.Message
	lang, err := e.customerLang(ctx, msg.Chat.ID, q.From.LanguageCode)
	if err != nil {
		return err
	}
	toast, drop, err := e.surveyPressed(ctx, lang, q)
	if err != nil {
		return err
	}
	if drop {
		err := e.Turn(ctx, msg.Chat.ID, func(ctx context.Context) error {
			return e.out.RemoveKeyboard(ctx, msg.Chat.ID, msg.ID)
		})
		if err != nil && !send.IsBlocked(err) {
			e.log.Info("survey buttons kept", "chat", msg.Chat.ID, "err", err)
		}
	}
	return e.out.AnswerCallback(ctx, q.ID, toast)
}

// surveyPressed records the press and returns the notice to show on the
// button and whether the question's buttons go.
func (e *Edge) surveyPressed(ctx context.Context, lang string, q *models.CallbackQuery) (string, bool, error) {
	chatID := q.Message.Message.Chat.ID
	p, ok := parseSurveyData(q.Data)
	if !ok {
		e.log.Info("survey button refused: unreadable", "chat", chatID)
		return e.cat.Text(lang, "bot.survey.refused", nil), false, nil
	}
	by := tickets.SurveyCustomer{UserID: q.From.ID, ChatID: chatID}
	var (
		sv  *tickets.Survey
		err error
	)
	if p.question == tickets.QuestionComment {
		sv, err = e.tickets.CommentSurvey(ctx, p.survey, by, "")
	} else {
		sv, err = e.tickets.AnswerSurvey(ctx, p.survey, by, p.question, p.score)
	}
	switch {
	case errors.Is(err, tickets.ErrNotFound), errors.Is(err, tickets.ErrInvalid):
		e.log.Warn("survey button refused: not the customer's survey", "chat", chatID, "from", q.From.ID, "survey", p.survey)
		return e.cat.Text(lang, "bot.survey.refused", nil), false, nil
	case errors.Is(err, tickets.ErrConflict):
		e.log.Info("survey button stale", "chat", chatID, "survey", p.survey, "state", string(sv.State))
		return e.surveyStale(lang, sv), true, nil
	case err != nil:
		return "", false, fmt.Errorf("bot: survey %d: %w", p.survey, err)
	}
	e.log.Info("survey button pressed", "chat", chatID, "survey", p.survey, "question", p.question)
	return e.cat.Text(lang, "bot.survey.thanks_toast", nil), true, nil
}

// surveyStale says why a survey's button no longer applies.
func (e *Edge) surveyStale(lang string, sv *tickets.Survey) string {
	if sv == nil {
		return e.cat.Text(lang, "bot.survey.answered", nil)
	}
	switch sv.State {
	case tickets.SurveyExpired, tickets.SurveyUndeliverable:
		return e.cat.Text(lang, "bot.survey.expired", nil)
	case tickets.SurveyCancelled:
		return e.cat.Text(lang, "bot.survey.cancelled", nil)
	}
	return e.cat.Text(lang, "bot.survey.answered", nil)
}

// answerSurveyComment takes a customer's text as the comment of the survey
// that asks for one in their chat (its scores just given), before the
// dialogue sees it, and reports whether it did. Anything but a plain text
// — a command, a photo — is left to the dialogue as ever.
func (e *Edge) answerSurveyComment(ctx context.Context, in conversation.Input) (bool, error) {
	if in.Kind != conversation.KindText {
		return false, nil
	}
	sv, ok, err := e.tickets.SurveyAwaitingComment(ctx, in.ChatID)
	if err != nil || !ok {
		return false, err
	}
	_, err = e.tickets.CommentSurvey(ctx, sv.ID, tickets.SurveyCustomer{UserID: in.UserID, ChatID: in.ChatID}, in.Text)
	switch {
	case errors.Is(err, tickets.ErrConflict), errors.Is(err, tickets.ErrNotFound):
		return false, nil // finished meanwhile: the text is the dialogue's
	case err != nil:
		return true, fmt.Errorf("bot: comment on survey %d: %w", sv.ID, err)
	}
	e.log.Info("survey comment taken", "chat", in.ChatID, "survey", sv.ID)
	return true, nil
}
