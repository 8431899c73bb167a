package bot

import (
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/tickets"
)

// surveyPrefix starts the data of the callback survey's buttons,
// "sv:<survey>:<question>:<score>": a score 1 to 5 of a question (a, q or
// s), or "sv:<survey>:c:0", Skip the comment. The edge handles them before
// the dialogue; the ticket store checks that the survey is the pressing
// customer's.
const surveyPrefix = "sv:"

// surveyCodes are the questions as the buttons' data names them: short,
// as Telegram keeps at most 64 bytes of it.
var surveyCodes = map[string]string{
	tickets.QuestionAttitude: "a", tickets.QuestionQuality: "q", tickets.QuestionSolved: "s", tickets.QuestionComment: "c",
}

func surveyData(id int64, question string, score int) string {
	return surveyPrefix + strconv.FormatInt(id, 10) + ":" + surveyCodes[question] + ":" + strconv.Itoa(score)
}

// surveyPress is a press of a survey's button, as its data says.
type surveyPress struct {
	survey   int64
	question string
	score    int // 1 to 5; 0 for Skip
}

// parseSurveyData reads a survey button's data; false for anything else,
// a number written otherwise than the button writes it included.
func parseSurveyData(data string) (surveyPress, bool) {
	rest, ok := strings.CutPrefix(data, surveyPrefix)
	if !ok {
		return surveyPress{}, false
	}
	parts := strings.Split(rest, ":")
	if len(parts) != 3 {
		return surveyPress{}, false
	}
	id, err1 := strconv.ParseInt(parts[0], 10, 64)
	score, err2 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || id <= 0 {
		return surveyPress{}, false
	}
	for q, code := range surveyCodes {
		if code != parts[1] {
			continue
		}
		if (q == tickets.QuestionComment) != (score == 0) || score < 0 || score > 5 {
			return surveyPress{}, false
		}
		// Only the data a button carries: "sv:042:a:+1" is no button's.
		if surveyData(id, q, score) != data {
			return surveyPress{}, false
		}
		return surveyPress{survey: id, question: q, score: score}, true
	}
	return surveyPress{}, false
}

// surveyKeyboard is the buttons of a survey's question: 1 to 5 in one row,
// or Skip for the comment; nil for a notice that asks nothing.
func (e *Edge) surveyKeyboard(lang string, params map[string]string) *models.InlineKeyboardMarkup {
	id, err := strconv.ParseInt(params["survey"], 10, 64)
	q := params["question"]
	if err != nil || surveyCodes[q] == "" {
		return nil
	}
	if q == tickets.QuestionComment {
		skip := models.InlineKeyboardButton{Text: e.cat.Text(lang, "bot.survey.skip", nil), CallbackData: surveyData(id, q, 0)}
		return &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{skip}}}
	}
	row := make([]models.InlineKeyboardButton, 5)
	for i := range row {
		row[i] = models.InlineKeyboardButton{Text: strconv.Itoa(i + 1), CallbackData: surveyData(id, q, i+1)}
	}
	return &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{row}}
}

// surveyNotice renders a survey's notice in n's language, with the buttons
// of the question it asks.
func (e *Edge) surveyNotice(n tickets.Notice) []noticeMessage {
	m := noticeMessage{text: e.cat.HTML(n.Lang, n.Key, n.Params)}
	if kb := e.surveyKeyboard(n.Lang, n.Params); kb != nil {
		m.markup = kb
	}
	return []noticeMessage{m}
}
