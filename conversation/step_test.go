package conversation

import (
	"strings"
	"testing"

	"github.com/complaintbot/complaintbot/policy"
)

// Each question takes its valid answer, stores it and asks the next one.
func TestEachStageTakesItsAnswer(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		at    Stage
		do    func(h *harness) Result
		to    Stage
		check func(f Form) bool
	}{
		{"category button", AskCategory, func(h *harness) Result { return h.press(actCategory, "knitwear") }, AskOrder,
			func(f Form) bool { return f.Category == "knitwear" }},
		{"category typed by name", AskCategory, func(h *harness) Result { return h.text("服装") }, AskOrder,
			func(f Form) bool { return f.Category == "apparel" }},
		{"order number typed loosely", AskOrder, func(h *harness) Result { return h.text(" so 2026 1120 ") }, AskDate,
			func(f Form) bool { return f.OrderNo == "SO20261120" && !f.NoReceipt }},
		{"no receipt", AskOrder, func(h *harness) Result { return h.press(actNoReceipt, "") }, AskDate,
			func(f Form) bool { return f.NoReceipt && f.OrderNo == "" }},
		{"today button", AskDate, func(h *harness) Result { return h.press(actDay, dayToday) }, AskIssue,
			func(f Form) bool { return f.Purchased == "2026-11-20" }},
		{"yesterday button", AskDate, func(h *harness) Result { return h.press(actDay, dayYesterday) }, AskIssue,
			func(f Form) bool { return f.Purchased == "2026-11-19" }},
		{"earlier asks for the date", AskDate, func(h *harness) Result { return h.press(actDay, dayEarlier) }, AskDateTyped,
			func(f Form) bool { return f.Purchased == "" }},
		{"date typed at the buttons", AskDate, func(h *harness) Result { return h.text("三天前") }, AskIssue,
			func(f Form) bool { return f.Purchased == "2026-11-17" }},
		{"date typed", AskDateTyped, func(h *harness) Result { return h.text("11/20") }, AskIssue,
			func(f Form) bool { return f.Purchased == "2026-11-20" }},
		{"issue", AskIssue, func(h *harness) Result { return h.press(actIssue, "damaged") }, AskDescription,
			func(f Form) bool { return f.Issue == policy.IssueDamaged }},
		{"description", AskDescription, func(h *harness) Result { return h.text("  拉链第一次用就坏了，拉不上。  ") }, AskAttachments,
			func(f Form) bool { return f.Description == "拉链第一次用就坏了，拉不上。" }},
		{"photo with a caption is the description", AskDescription,
			func(h *harness) Result { return h.media("photo", "", "The zip broke the first time I used it.") }, AskAttachments,
			func(f Form) bool {
				return f.Description == "The zip broke the first time I used it." && len(f.Attachments) == 1
			}},
		{"attachments done", AskAttachments, func(h *harness) Result { return h.press(actDone, "") }, AskOutcome,
			func(f Form) bool { return len(f.Attachments) == 0 }},
		{"outcome", AskOutcome, func(h *harness) Result { return h.press(actOutcome, "refund") }, AskPhone,
			func(f Form) bool { return f.Outcome == policy.OutcomeRefund }},
		{"phone typed", AskPhone, func(h *harness) Result { return h.text("+86 138-1234-5678") }, Summary,
			func(f Form) bool { return f.Phone == "+8613812345678" }},
		{"phone shared", AskPhone, func(h *harness) Result {
			return h.send(Input{Kind: KindContact, Contact: &Contact{Phone: "8613812345678", UserID: 42}})
		}, Summary, func(f Form) bool { return f.Phone == "+8613812345678" }},
		{"phone skipped", AskPhone, func(h *harness) Result { return h.text("Skip") }, Summary,
			func(f Form) bool { return f.Phone == "" && f.PhoneSkipped }},
		{"phone skipped in Chinese", AskPhone, func(h *harness) Result { return h.text("跳过") }, Summary,
			func(f Form) bool { return f.Phone == "" && f.PhoneSkipped }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			h.walk(tc.at)
			turn := h.st.Turn
			res := tc.do(h)
			if h.st.Stage != tc.to {
				t.Fatalf("stage %s, want %s (%s)", h.st.Stage, tc.to, describe(res))
			}
			if !tc.check(h.st.Form) {
				t.Errorf("form not as expected: %+v", h.st.Form)
			}
			if lastKey(res) != promptKey[tc.to] {
				t.Errorf("last reply %q, want the %s question %q", lastKey(res), tc.to, promptKey[tc.to])
			}
			if h.st.Turn != turn+1 {
				t.Errorf("turn %d, want %d: buttons of the answered question must go stale", h.st.Turn, turn+1)
			}
		})
	}
}

// Input that does not fit the question is answered with what is expected,
// then the question again; the dialogue stays where it was.
func TestInputThatDoesNotFitIsExplained(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 10000)
	cases := []struct {
		name   string
		at     Stage
		in     Input
		want   string
		params map[string]string
	}{
		{"text at the category buttons", AskCategory, Input{Kind: KindText, Text: "a toaster"}, "conversation.use_buttons", nil},
		{"bad order number", AskOrder, Input{Kind: KindText, Text: "12345"}, "conversation.order_invalid", map[string]string{"example": "SO20261120"}},
		{"10,000 characters for an order", AskOrder, Input{Kind: KindText, Text: long}, "conversation.too_long", map[string]string{"max": "64", "got": "10000"}},
		{"unreadable date", AskDate, Input{Kind: KindText, Text: "soon"}, "conversation.date_unreadable", map[string]string{"example": "2026-11-17"}},
		{"future date", AskDateTyped, Input{Kind: KindText, Text: "2026-12-01"}, "conversation.date_future", nil},
		{"implausibly old date", AskDateTyped, Input{Kind: KindText, Text: "2001-01-01"}, "conversation.date_too_old", map[string]string{"years": "5"}},
		{"no such day", AskDateTyped, Input{Kind: KindText, Text: "2026-02-30"}, "conversation.date_impossible", nil},
		{"text at the issue buttons", AskIssue, Input{Kind: KindText, Text: "broken"}, "conversation.use_buttons", nil},
		{"short description", AskDescription, Input{Kind: KindText, Text: "broken"}, "conversation.description_short", map[string]string{"min": "10", "got": "6"}},
		{"emoji-only description", AskDescription, Input{Kind: KindText, Text: "😡😡😡"}, "conversation.description_short", map[string]string{"min": "10", "got": "3"}},
		{"10,000-character description", AskDescription, Input{Kind: KindText, Text: long}, "conversation.too_long", map[string]string{"max": "1000", "got": "10000"}},
		{"zero-width-only description", AskDescription, Input{Kind: KindText, Text: "\u200b\u200b\u200b\ufeff"}, "conversation.empty_text", nil},
		{"zero-width-only order", AskOrder, Input{Kind: KindText, Text: "\u200b \u2060"}, "conversation.empty_text", nil},
		{"photo without words at the description", AskDescription, Input{Kind: KindMedia, Media: []Media{{Kind: "photo", FileID: "f"}}}, "conversation.media_needs_words", map[string]string{"count": "1"}},
		{"sticker", AskDescription, Input{Kind: KindUnsupported, What: "sticker"}, "conversation.unsupported.sticker", nil},
		{"GIF", AskPhone, Input{Kind: KindUnsupported, What: "animation"}, "conversation.unsupported.animation", nil},
		{"location", AskDate, Input{Kind: KindUnsupported, What: "location"}, "conversation.unsupported.location", nil},
		{"poll of a kind not named", AskOrder, Input{Kind: KindUnsupported, What: "giveaway"}, "conversation.unsupported.other", nil},
		{"voice message", AskOrder, Input{Kind: KindMedia, Media: []Media{{Kind: "voice", FileID: "v"}}}, "conversation.unsupported.voice", nil},
		{"photo at the date", AskDate, Input{Kind: KindMedia, Media: []Media{{Kind: "photo", FileID: "p"}}}, "conversation.unsupported.photo", nil},
		{"contact at the order", AskOrder, Input{Kind: KindContact, Contact: &Contact{Phone: "8613812345678"}}, "conversation.unsupported.contact", nil},
		{"text at the attachments", AskAttachments, Input{Kind: KindText, Text: "here you go"}, "conversation.attachments_want_files", nil},
		{"bad phone", AskPhone, Input{Kind: KindText, Text: "12345"}, "conversation.phone_invalid", nil},
		{"10,000 characters for a phone", AskPhone, Input{Kind: KindText, Text: long}, "conversation.too_long", map[string]string{"max": "32", "got": "10000"}},
		{"text at the summary", Summary, Input{Kind: KindText, Text: "looks good"}, "conversation.use_buttons", nil},
		{"unknown command", AskIssue, Input{Kind: KindCommand, Command: "refund"}, "conversation.unknown_command", map[string]string{"command": "/refund"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			h.walk(tc.at)
			before := h.st
			res := h.send(tc.in)
			if h.st.Stage != tc.at {
				t.Fatalf("stage %s, want to stay at %s (%s)", h.st.Stage, tc.at, describe(res))
			}
			if len(res.Replies) != 2 || res.Replies[0].Key != tc.want {
				t.Fatalf("replies %v, want [%s, the question]", keys(res), tc.want)
			}
			for k, v := range tc.params {
				if got := res.Replies[0].Params[k]; got != v {
					t.Errorf("param %s = %q, want %q", k, got, v)
				}
			}
			if !strings.HasPrefix(lastKey(res), promptKey[tc.at]) {
				t.Errorf("question %q, want %q", lastKey(res), promptKey[tc.at])
			}
			if h.st.Turn != before.Turn {
				t.Errorf("turn moved from %d to %d: the question's buttons must stay valid", before.Turn, h.st.Turn)
			}
			if res.Stale || len(res.Effects) != 0 {
				t.Errorf("unexpected %s", describe(res))
			}
		})
	}
}
