package conversation

import (
	"testing"
)

// Buttons that cannot be applied are answered as a notice and change nothing
// but the last update id.
func TestButtonsThatCannotBeApplied(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		data func(h *harness) string
		want string
	}{
		{"from a question already answered", func(h *harness) string {
			h.walk(AskOrder)
			cat := callback{ID: h.st.ID, Turn: h.st.Turn - 1, Action: actCategory, Value: "knitwear"}
			d, _ := cat.encode()
			return d
		}, "conversation.button_stale"},
		{"another dialogue's id", func(h *harness) string {
			h.walk(AskCategory)
			d, _ := callback{ID: "zz9other", Turn: h.st.Turn, Action: actCategory, Value: "apparel"}.encode()
			return d
		}, "conversation.button_refused"},
		{"garbage", func(h *harness) string { h.walk(AskCategory); return "<script>" }, "conversation.button_refused"},
		{"over 64 bytes", func(h *harness) string {
			h.walk(AskCategory)
			return "c1|" + h.st.ID + "|1|cat|" + string(make([]byte, 80))
		}, "conversation.button_refused"},
		{"current but meant for another question", func(h *harness) string {
			h.walk(AskCategory)
			d, _ := callback{ID: h.st.ID, Turn: h.st.Turn, Action: actOutcome, Value: "refund"}.encode()
			return d
		}, "conversation.button_stale"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			data := tc.data(h)
			before := h.st
			res := h.pressData(data)
			if !res.Stale || len(res.Replies) != 1 || res.Replies[0].Key != tc.want || len(res.Effects) != 0 {
				t.Fatalf("%s; want a %s notice", describe(res), tc.want)
			}
			if h.st.Stage != before.Stage || h.st.Turn != before.Turn || h.st.Form.Category != before.Form.Category {
				t.Errorf("state changed: %s turn %d → %s turn %d", before.Stage, before.Turn, h.st.Stage, h.st.Turn)
			}
		})
	}
}

// The language and "Report a problem" buttons mean the same whenever they
// were shown, so an older message's still work.
func TestTurnFreeButtons(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.walk(AskCategory)
	h.command("language", "")
	zh := h.find(h.last, actLanguage, "zh")
	if res := h.command("help", ""); keys(res)[0] != "conversation.help" || lastKey(res) != promptKey[AskCategory] {
		t.Fatalf("/help: %s", describe(res))
	}
	h.walk(AskIssue)
	if res := h.pressData(zh); res.Stale || h.st.Lang != "zh" || h.st.Stage != AskIssue {
		t.Fatalf("older language button: %s, lang %s, stage %s", describe(res), h.st.Lang, h.st.Stage)
	}
}

// Confirm tapped twice files one complaint: the second tap is told it has
// been sent already.
func TestConfirmTwice(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.walk(Summary)
	confirm := h.find(h.last, actConfirm, "")
	id := h.st.ID
	res := h.pressData(confirm)
	if len(res.Effects) != 1 {
		t.Fatalf("first Confirm: %s; want one FileTicket", describe(res))
	}
	ft, ok := res.Effects[0].(FileTicket)
	if !ok {
		t.Fatalf("effect %T, want FileTicket", res.Effects[0])
	}
	s := ft.Submission
	if s.ID != "42-"+id || s.ChatID != 42 || s.UserID != 42 || s.FirstName != "Ada" || s.Lang != "en" ||
		s.Category != "apparel" || s.OrderNo != "SO20261120" || s.Issue != "fault" || s.Outcome != "repair" ||
		s.Phone != "+8613812345678" || s.Description == "" || s.Purchased.Format("2006-01-02 15:04 MST") != "2026-11-20 00:00 CST" ||
		len(s.Verdict.Options) != 4 {
		t.Errorf("submission %+v", s)
	}
	if keys(res)[0] != "conversation.submitted" || h.st.Stage != Idle || h.st.Filed != id {
		t.Errorf("after filing: %s, stage %s, filed %q", describe(res), h.st.Stage, h.st.Filed)
	}
	// The summary, kept under the news, replaces the message confirmed:
	// the acknowledgement is the turn's only new message.
	if r := res.Replies[0]; len(res.Replies) != 1 || !r.Replace || len(r.Notes) == 0 || len(r.Buttons) != 0 ||
		r.Notes[0].Key != "conversation.summary.category" {
		t.Errorf("after filing: %+v; want one reply replacing the summary with its lines and no buttons", res.Replies)
	}
	res = h.pressData(confirm)
	if len(res.Effects) != 0 || !res.Stale || keys(res)[0] != "conversation.already_filed" {
		t.Fatalf("second Confirm: %s; want the already-sent notice and nothing filed", describe(res))
	}
	// Another of the old summary's buttons is stale, not foreign.
	if res := h.pressData(h.find(Result{Replies: []Reply{summaryPromptFor(t, h, id)}}, actEdit, "")); keys(res)[0] != "conversation.button_stale" {
		t.Errorf("old Edit button: %s", describe(res))
	}
	// A message after filing belongs to the ticket.
	if res := h.text("One more thing: the button is loose too."); len(res.Effects) != 1 {
		t.Errorf("text after filing: %s; want AddToTicket", describe(res))
	}
}

// summaryPromptFor rebuilds a summary keyboard of dialogue id at the turn
// before filing, as the customer still has it on screen.
func summaryPromptFor(t *testing.T, h *harness, id string) Reply {
	t.Helper()
	m := &move{st: h.st, env: h.env}
	m.st.ID, m.st.Turn = id, h.st.Turn-1
	return Reply{Buttons: [][]Button{{m.button("", actEdit, "")}}}
}

// Two deliveries of the same Confirm computed from the same state carry the
// same submission id, so filing twice yields one ticket; the store lets one
// of them commit.
func TestRacingConfirmsShareTheSubmissionID(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.walk(Summary)
	data := h.find(h.last, actConfirm, "")
	st := h.st
	in := Input{ChatID: 42, UserID: 42, Kind: KindButton, Button: data}
	in.UpdateID = h.update + 1
	_, a := step(st, in, h.env)
	in.UpdateID = h.update + 2
	_, b := step(st, in, h.env)
	if len(a.Effects) != 1 || len(b.Effects) != 1 ||
		a.Effects[0].(FileTicket).Submission.ID != b.Effects[0].(FileTicket).Submission.ID {
		t.Fatalf("a %s, b %s: want one FileTicket each, same submission id", describe(a), describe(b))
	}
}

// A redelivered update is ignored.
func TestDuplicateUpdateIgnored(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.walk(AskOrder)
	in := Input{ChatID: 42, Kind: KindText, Text: "SO20261120", UpdateID: h.update + 1}
	st1, res1 := step(h.st, in, h.env)
	st2, res2 := step(st1, in, h.env)
	if st1.Stage != AskDate || len(res1.Replies) == 0 {
		t.Fatalf("first delivery: %s", describe(res1))
	}
	if len(res2.Replies) != 0 || len(res2.Effects) != 0 || st2.Stage != st1.Stage || st2.Turn != st1.Turn {
		t.Fatalf("redelivery: %s, stage %s; want nothing", describe(res2), st2.Stage)
	}
	older := in
	older.UpdateID = 1
	if _, res := step(st1, older, h.env); len(res.Replies) != 0 {
		t.Errorf("an older update was applied: %s", describe(res))
	}
}
