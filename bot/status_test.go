package bot

import (
	"testing"

	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/tickets"
)

// /status names who handles each open ticket, or the team when replies are
// signed by the team, or says it waits for someone; a finished ticket
// needs no line.
func TestStatusSaysWhoHandlesATicket(t *testing.T) {
	t.Parallel()
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	held := tickets.Ticket{Status: tickets.StatusInProgress, AssigneeUserID: 7, AssigneeName: "Li <3"}
	free := tickets.Ticket{Status: tickets.StatusAcknowledged}
	done := tickets.Ticket{Status: tickets.StatusResolved, AssigneeUserID: 7, AssigneeName: "Li"}
	cases := []struct {
		signature, lang string
		t               tickets.Ticket
		want            string
	}{
		{"name", "en", held, "Li &lt;3 is handling it."},
		{"name", "zh", held, "Li &lt;3正在处理。"},
		{"team", "en", held, "Our after-sales team is handling it."},
		{"name", "en", free, "Waiting for a staff member to take it up."},
		{"name", "zh", free, "正在等待工作人员接手。"},
		{"name", "en", done, ""},
		{"name", "en", tickets.Ticket{Status: tickets.StatusClosed}, ""},
	}
	for _, tc := range cases {
		e := &Edge{cat: cat, cfg: EdgeConfig{StaffSignature: tc.signature}}
		if got := e.handledBy(tc.lang, tc.t); got != tc.want {
			t.Errorf("%s %s %s: %q, want %q", tc.signature, tc.lang, tc.t.Status, got, tc.want)
		}
	}
}
