package bot_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/complaintbot/complaintbot/internal/shoptest"
	"github.com/complaintbot/complaintbot/tickets"
)

// The callback survey through Telegram. Anna (en) scores 5, 4, 5 one
// question at a time, writes a comment and is thanked; the thread sees
// her scores, and her ticket closes by the system at the end of the
// window. Mei (zh) scores low and skips the comment: her ticket is
// reopened, every owner is alerted in private, the thread is told, and
// she hears someone will contact her. Bob ignores it: one reminder, then
// it expires, and his press afterwards is answered politely.
func TestSurveyThroughTelegram(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{secondOwner: true})
	anna, mei, bob := h.Customer("Anna", "en"), h.Customer("Mei", "zh"), h.Customer("Bob", "en")
	ta, tm, tb := h.File(anna), h.File(mei), h.File(bob)
	for _, tk := range []*tickets.Ticket{ta, tm, tb} {
		h.Say(h.Li, "/resolve Replaced the zip", shoptest.In(h.Thread(tk.ID)))
	}
	h.Settle()
	marks := map[int64]int{anna.ID: h.mark(anna), mei.ID: h.mark(mei), bob.ID: h.mark(bob)}
	for _, tk := range []*tickets.Ticket{ta, tm, tb} {
		h.runSurvey(tk.ID, tickets.SurveyAsk)
	}
	h.Settle()

	// Anna: three questions, one message each, then the comment.
	q := h.after(anna, marks[anna.ID], "service attitude")
	if !strings.Contains(q.Text, ta.Ref) || len(q.ReplyMarkup.InlineKeyboard[0]) != 5 {
		t.Fatalf("the first question: %q, %+v", q.Text, q.ReplyMarkup)
	}
	for _, step := range []struct{ press, next string }{
		{"5", "quality of the repair"}, {"4", "How well was your problem solved"}, {"5", "anything else"},
	} {
		if toast := h.press(anna, q, step.press); toast != "Thank you!" {
			t.Errorf("pressing %s: %q", step.press, toast)
		}
		h.Settle()
		if m := h.message(anna, q.ID); m.ReplyMarkup != nil && len(m.ReplyMarkup.InlineKeyboard) > 0 {
			t.Errorf("the answered question keeps its buttons: %+v", m.ReplyMarkup)
		}
		q = h.after(anna, q.ID, step.next)
	}
	h.send(anna, "Very kind staff")
	h.Settle()
	h.after(anna, q.ID, "Thank you for your answers")
	h.GroupText("service attitude 5/5 · quality 4/5 · solved 5/5")
	if sv := h.survey(ta.ID); sv.State != tickets.SurveyAnswered || sv.Comment != "Very kind staff" {
		t.Errorf("Anna's survey %+v", sv)
	}
	if got := h.Ticket(ta.Ref); got.Status != tickets.StatusResolved {
		t.Errorf("Anna's ticket is %s before the window ends", got.Status)
	}

	// Mei: low scores, Skip.
	q = h.after(mei, marks[mei.ID], "服务态度")
	for _, step := range []struct{ press, next string }{{"1", "质量"}, {"2", "解决得怎么样"}, {"3", "还有什么想告诉我们"}} {
		h.press(mei, q, step.press)
		h.Settle()
		q = h.after(mei, q.ID, step.next)
	}
	if toast := h.press(mei, q, "跳过"); toast != "谢谢！" {
		t.Errorf("Skip: %q", toast)
	}
	h.Settle()
	h.after(mei, q.ID, "稍后会有专人")
	if got := h.Ticket(tm.Ref); got.Status != tickets.StatusReopened {
		t.Errorf("Mei's ticket is %s after low scores, want reopened", got.Status)
	}
	if len(h.Owners) != 2 {
		t.Fatalf("owners %v", h.Owners)
	}
	for _, o := range h.Owners {
		alert := h.CustomerText(o, "Unhappy customer")
		for _, want := range []string{tm.Ref, "Service attitude 1/5 · quality 2/5 · solved 3/5", "reopened"} {
			if !strings.Contains(alert.Text, want) {
				t.Errorf("%s's alert %q lacks %q", o.FirstName, alert.Text, want)
			}
		}
	}
	h.GroupText("the customer is not satisfied")

	// Bob: reminded once, then it expires; a press after is refused.
	q = h.after(bob, marks[bob.ID], "service attitude")
	h.runSurvey(tb.ID, tickets.SurveyRemind)
	h.Settle()
	reminder := h.after(bob, q.ID, "A gentle reminder")
	if buttonData(reminder, "3") == "" {
		t.Errorf("the reminder has no buttons: %+v", reminder.ReplyMarkup)
	}
	h.runSurvey(tb.ID, tickets.SurveyExpire)
	h.Settle()
	if toast := h.press(bob, q, "3"); !strings.Contains(toast, "survey has closed") {
		t.Errorf("a press after the expiry: %q", toast)
	}
	if sv := h.survey(tb.ID); sv.State != tickets.SurveyExpired || sv.Attitude != 0 {
		t.Errorf("Bob's survey %+v, want expired without a score", sv)
	}

	// The window ends: Anna's and Bob's tickets close, Mei's complaint stays.
	h.runSurvey(ta.ID, tickets.SurveyClose)
	h.runSurvey(tb.ID, tickets.SurveyClose)
	h.Settle()
	for _, tk := range []*tickets.Ticket{ta, tb} {
		if got := h.Ticket(tk.Ref); got.Status != tickets.StatusClosed {
			t.Errorf("%s is %s after the window, want closed", tk.Ref, got.Status)
		}
	}
	if got := h.Ticket(tm.Ref); got.Status != tickets.StatusReopened {
		t.Errorf("Mei's ticket is %s", got.Status)
	}
}

// runSurvey makes the ticket's survey step available now, its time come:
// the clock moves to the step's due time and River runs it at once.
func (h *harness) runSurvey(ticketID int64, step string) {
	h.T.Helper()
	ctx := context.Background()
	var (
		id  int64
		raw []byte
	)
	err := h.Pool.QueryRow(ctx, `SELECT id, args FROM river_job WHERE kind = 'ticket_survey' AND state = 'scheduled'
		AND (args->>'ticket_id')::bigint = $1 AND args->>'step' = $2 ORDER BY id DESC LIMIT 1`, ticketID, step).Scan(&id, &raw)
	if err != nil {
		h.T.Fatalf("%s of ticket %d: %v", step, ticketID, err)
	}
	var a tickets.SurveyArgs
	if err := json.Unmarshal(raw, &a); err != nil {
		h.T.Fatal(err)
	}
	if d := a.Due.Sub(h.Clock.Now()); d > 0 {
		h.Clock.Advance(d)
	}
	if _, err := h.Inserter.JobRetry(ctx, id); err != nil {
		h.T.Fatal(err)
	}
}

// survey is the ticket's latest survey.
func (h *harness) survey(ticketID int64) *tickets.Survey {
	h.T.Helper()
	sv, err := h.Store.LatestSurvey(context.Background(), ticketID)
	if err != nil {
		h.T.Fatal(err)
	}
	return sv
}

// A question pressed after its ticket was reopened, and a question pressed
// twice, are answered on the button and change nothing.
func TestSurveyStalePresses(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{})
	carl, dora := h.Customer("Carl", "en"), h.Customer("Dora", "en")
	tc, td := h.File(carl), h.File(dora)
	for _, tk := range []*tickets.Ticket{tc, td} {
		h.Say(h.Li, "/resolve Replaced the zip", shoptest.In(h.Thread(tk.ID)))
	}
	h.Settle()
	mc, md := h.mark(carl), h.mark(dora)
	h.runSurvey(tc.ID, tickets.SurveyAsk)
	h.runSurvey(td.ID, tickets.SurveyAsk)
	h.Settle()
	qc := h.after(carl, mc, "service attitude")
	qd := h.after(dora, md, "service attitude")

	h.Say(h.Li, "/reopen", shoptest.In(h.Thread(tc.ID)))
	h.Settle()
	if toast := h.press(carl, qc, "4"); !strings.Contains(toast, "reopened") {
		t.Errorf("a press on a reopened ticket's survey: %q", toast)
	}
	if sv := h.survey(tc.ID); sv.State != tickets.SurveyCancelled || sv.Attitude != 0 {
		t.Errorf("Carl's survey %+v, want cancelled without a score", sv)
	}

	data := buttonData(qd, "4")
	h.press(dora, qd, "4")
	h.Settle()
	if toast := h.pressPrivate(dora, qd.ID, surveyDataOther, data); !strings.Contains(toast, "already answered") {
		t.Errorf("the same score pressed again: %q", toast)
	}
	if sv := h.survey(td.ID); sv.Attitude != 4 || sv.Quality != 0 {
		t.Errorf("Dora's survey %+v, want the first score only", sv)
	}
}

// surveyDataOther is a button's data that no survey has, to put back on a
// message after a test pressed an old button of it again.
const surveyDataOther = "sv:0:a:1"
