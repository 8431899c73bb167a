package tickets

import "strconv"

// The customer notices of the callback survey. Each has "ref" and "survey"
// (the survey's id, which the edge's buttons carry); those asking something
// have "question" (QuestionAttitude … QuestionComment), whose buttons the
// edge adds: 1 to 5, or Skip for the comment.
const (
	// NoticeSurveyQuestion asks one question; "step" is its number, "1"
	// to "3".
	NoticeSurveyQuestion = "tickets.survey.question"
	// NoticeSurveyReminder asks again the question the customer left.
	NoticeSurveyReminder = "tickets.survey.reminder"
	// NoticeSurveyComment asks for an optional comment.
	NoticeSurveyComment = "tickets.survey.comment"
	// NoticeSurveyThanks thanks a customer who did not complain.
	NoticeSurveyThanks = "tickets.survey.thanks"
	// NoticeSurveyLow tells a customer who gave a low score that someone
	// will contact them.
	NoticeSurveyLow = "tickets.survey.low"
)

// SurveyNoticePrefix starts the keys of the survey's customer notices.
const SurveyNoticePrefix = "tickets.survey."

// SurveyNoticeKeys lists every customer notice of the survey, for the
// catalogue's tests.
func SurveyNoticeKeys() []string {
	return []string{NoticeSurveyQuestion, NoticeSurveyReminder, NoticeSurveyComment, NoticeSurveyThanks, NoticeSurveyLow}
}

// AlertSurveyLow is the OwnerAlertArgs reason of a low survey score; its
// Params carry "attitude", "quality", "solved" and "comment" (the
// customer's words, may be empty), "reopened" and "follow_up" ("true" or
// "false": a follow-up ticket is being filed).
const AlertSurveyLow = "survey_low"

// The staff thread's notices of an answered survey (DeskNoticeArgs.Key),
// with the scores and "comment" like AlertSurveyLow.
const (
	DeskSurveyAnswered = "desk.survey_answered"
	DeskSurveyLow      = "desk.survey_low"
)

// surveyParams are the params of a survey notice asking question.
func surveyParams(t *Ticket, sv *Survey, question string) map[string]string {
	p := map[string]string{"ref": t.Ref, "survey": strconv.FormatInt(sv.ID, 10), "question": question}
	for i, q := range SurveyQuestions() {
		if q == question {
			p["step"] = strconv.Itoa(i + 1)
		}
	}
	return p
}
