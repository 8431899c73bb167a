package conversation

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/policy"
)

// harness drives step for one chat, as the engine would, without Redis.
type harness struct {
	t      *testing.T
	st     State
	env    Env
	update int64
	ids    int
	lang   string
	last   Result
	move   *move // the last input's move: the row it took and where it led
}

// shanghai is the default policy's time zone.
func shanghai(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// testNow is Friday 20 November 2026, 10:00 in Shanghai.
func testNow(t testing.TB) time.Time { return time.Date(2026, 11, 20, 10, 0, 0, 0, shanghai(t)) }

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, lang: "en"}
	h.env = Env{Policy: policy.Default(), Now: testNow(t), NewID: func() string {
		h.ids++
		return fmt.Sprintf("dlg%d", h.ids)
	}}
	return h
}

// send applies one input with the next update id.
func (h *harness) send(in Input) Result {
	h.t.Helper()
	h.update++
	in.UpdateID = h.update
	if in.ChatID == 0 {
		in.ChatID, in.UserID = 42, 42
	}
	if in.LanguageCode == "" {
		in.LanguageCode = h.lang
	}
	in.FirstName = "Ada"
	in.At = h.env.Now
	h.move = run(h.st, in, h.env)
	h.st, h.last = h.move.st, h.move.res
	return h.last
}

func (h *harness) text(s string) Result {
	return h.send(Input{Kind: KindText, Text: s})
}

func (h *harness) command(name, args string) Result {
	return h.send(Input{Kind: KindCommand, Command: name, Text: args})
}

func (h *harness) pressData(data string) Result {
	return h.send(Input{Kind: KindButton, Button: data})
}

// press presses the button for action (and value, when not empty) offered in
// the last result; the test fails when there is none.
func (h *harness) press(action, value string) Result {
	h.t.Helper()
	data := h.find(h.last, action, value)
	if data == "" {
		h.t.Fatalf("no %s/%s button in %s", action, value, describe(h.last))
	}
	return h.pressData(data)
}

// find returns the data of the button for action and value in res, or "".
func (h *harness) find(res Result, action, value string) string {
	for _, r := range res.Replies {
		for _, row := range r.Buttons {
			for _, b := range row {
				cb, err := decodeCallback(b.Data)
				if err == nil && cb.Action == action && (value == "" || cb.Value == value) {
					return b.Data
				}
			}
		}
	}
	return ""
}

func (h *harness) media(kind, group, caption string) Result {
	id := fmt.Sprintf("file%d", h.update+1)
	return h.send(Input{Kind: KindMedia, Media: []Media{{Kind: kind, FileID: id, FileUniqueID: "u" + id, MediaGroupID: group, Caption: caption}}})
}

// walk answers the questions with valid answers until the dialogue reaches
// stage, starting a complaint when none is open.
func (h *harness) walk(stage Stage) {
	h.t.Helper()
	if h.st.Stage == Idle {
		h.command("start", "")
	}
	for i := 0; h.st.Stage != stage; i++ {
		if i > 12 {
			h.t.Fatalf("walk to %s stuck at %s", stage, h.st.Stage)
		}
		switch h.st.Stage {
		case AskCategory:
			h.press(actCategory, "apparel")
		case AskOrder:
			h.text("SO20261120")
		case AskDate:
			if stage == AskDateTyped {
				h.press(actDay, dayEarlier)
			} else {
				h.press(actDay, dayToday)
			}
		case AskDateTyped:
			h.text("2026-11-18")
		case AskIssue:
			h.press(actIssue, "fault")
		case AskDescription:
			h.text("The seam on the left sleeve came apart after one wash.")
		case AskAttachments:
			h.press(actDone, "")
		case AskOutcome:
			h.press(actOutcome, "repair")
		case AskPhone:
			h.text("138 1234 5678")
		case Summary, ChooseField:
			h.t.Fatalf("walk cannot reach %s from %s", stage, h.st.Stage)
		}
	}
}

// keys lists the reply keys of res, in order.
func keys(res Result) []string {
	var out []string
	for _, r := range res.Replies {
		out = append(out, r.Key)
	}
	return out
}

func describe(res Result) string {
	return fmt.Sprintf("replies %v effects %d stale %v", keys(res), len(res.Effects), res.Stale)
}

// lastKey is the key of the last reply: the question asked.
func lastKey(res Result) string {
	if len(res.Replies) == 0 {
		return ""
	}
	return res.Replies[len(res.Replies)-1].Key
}

func hasKey(res Result, key string) bool { return slices.Contains(keys(res), key) }

// promptKey is the question each stage asks.
var promptKey = map[Stage]string{
	Idle:           "conversation.offer_start",
	AskCategory:    "conversation.ask_category",
	AskOrder:       "conversation.ask_order",
	AskDate:        "conversation.ask_date",
	AskDateTyped:   "conversation.ask_date_typed",
	AskIssue:       "conversation.ask_issue",
	AskDescription: "conversation.ask_description",
	AskAttachments: "conversation.ask_attachments",
	AskOutcome:     "conversation.ask_outcome",
	AskPhone:       "conversation.ask_phone",
	Summary:        "conversation.summary",
	ChooseField:    "conversation.choose_field",
}
