package desk

import (
	"strings"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/tickets"
)

// The card's deadline line follows the desk's clock: nothing while a
// deadline is far, a warning within warn_before of it, overdue once it
// passed, the check once that passed too, the answer once someone took the
// ticket up, and stopped while the ticket waits for the customer — in
// both of the staff's languages.
func TestCardDeadlineLine(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"en", "zh"} {
		v := newView(t, lang)
		base := cardTestNow(v.pol)
		tk := cardTicket(v)
		tk.ArrangeBy, tk.CheckAt, tk.AnswerBy = base.Add(2*time.Hour), base.Add(4*time.Hour), base.Add(50*time.Hour)
		taken := *tk
		taken.AssigneeUserID, taken.AssigneeName = 901, "Li"
		waiting := *tk
		waiting.Status = tickets.StatusAwaitingCustomer
		want := map[string][]string{
			"en": {"", "Nobody has taken it up yet: to be arranged by 12:00", "Overdue: it was to be arranged by 12:00",
				"Overdue: not taken up by the check at 14:00 today (Beijing time); the owners were told", "", "The answer is due", "Deadlines stopped"},
			"zh": {"", "还没有人接手：须在 北京时间 今天 12:00 前安排", "已超时：本应在 北京时间 今天 12:00 前安排",
				"已超时：北京时间 今天 14:00 检查时仍无人接手，已上报店主", "", "答复期限", "时限暂停"},
		}[lang]
		for i, c := range []struct {
			t   *tickets.Ticket
			now time.Time
		}{
			{tk, base},
			{tk, base.Add(90 * time.Minute)},
			{tk, base.Add(2 * time.Hour)},
			{tk, base.Add(4 * time.Hour)},
			{&taken, base.Add(4 * time.Hour)},
			{&taken, base.Add(50*time.Hour - time.Minute)},
			{&waiting, base.Add(5 * time.Hour)},
		} {
			v.now = func() time.Time { return c.now }
			got := parsed(t, v.deadlineLine(c.t))
			if (want[i] == "" && got != "") || !strings.Contains(got, want[i]) {
				t.Errorf("%s case %d at %s: %q, want %q", lang, i, c.now.Format(time.DateTime), got, want[i])
			}
		}
	}
}
