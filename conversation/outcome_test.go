package conversation

import (
	"slices"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/policy"
)

func noteKeys(r Reply) []string {
	var out []string
	for _, n := range r.Notes {
		out = append(out, n.Key)
	}
	return out
}

// outcomeButtons lists the outcomes offered as buttons, with their labels.
func outcomeButtons(t *testing.T, r Reply) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, row := range r.Buttons {
		for _, b := range row {
			cb, err := decodeCallback(b.Data)
			if err == nil && cb.Action == actOutcome {
				out[cb.Value] = b.Key
			}
		}
	}
	return out
}

// The outcome question offers only what the verdict allows and says, line
// by line, why the rest is not available.
func TestOutcomeFollowsTheVerdict(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		category  string
		bought    string // typed date
		issue     string
		noReceipt bool
		offered   map[string]string // outcome → button key
		key       string
		notes     []string // must be among the notes
	}{
		{"new item, fault", "apparel", "today", "fault", false,
			map[string]string{"repair": "conversation.outcome.repair", "replacement": "conversation.outcome.replacement",
				"refund": "conversation.outcome.refund", "none": "conversation.outcome.none"},
			"conversation.ask_outcome", []string{"conversation.reason.repair_free_until", "conversation.reason.return_until"}},
		{"window ended, warranty runs", "led_display", "2026-11-01", "fault", false,
			map[string]string{"repair": "conversation.outcome.repair", "none": "conversation.outcome.none"},
			"conversation.ask_outcome_limited", []string{"conversation.reason.return_window_ended", "conversation.reason.repair_free_until"}},
		{"no receipt", "apparel", "yesterday", "fault", true,
			map[string]string{"repair": "conversation.outcome.repair", "none": "conversation.outcome.none"},
			"conversation.ask_outcome_limited", []string{"conversation.reason.no_receipt"}},
		{"repair outside warranty is paid, quoted first", "solar_water_heater", "2022-01-10", "fault", false,
			map[string]string{"repair": "conversation.outcome.repair_paid", "none": "conversation.outcome.none"},
			"conversation.ask_outcome_limited", []string{"conversation.reason.repair_paid", "conversation.paid_repair"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			h.command("start", "")
			h.press(actCategory, tc.category)
			if tc.noReceipt {
				h.press(actNoReceipt, "")
			} else {
				h.text("SO20261120")
			}
			h.text(tc.bought)
			h.press(actIssue, tc.issue)
			h.text("It stopped working properly after a short while.")
			res := h.press(actDone, "")
			if h.st.Stage != AskOutcome {
				t.Fatalf("stage %s", h.st.Stage)
			}
			q := res.Replies[len(res.Replies)-1]
			if q.Key != tc.key {
				t.Errorf("question %s, want %s", q.Key, tc.key)
			}
			got := outcomeButtons(t, q)
			if len(got) != len(tc.offered) {
				t.Errorf("offered %v, want %v", got, tc.offered)
			}
			for o, key := range tc.offered {
				if got[o] != key {
					t.Errorf("outcome %s: button %q, want %q", o, got[o], key)
				}
			}
			for _, n := range tc.notes {
				if !slices.Contains(noteKeys(q), n) {
					t.Errorf("notes %v lack %s", noteKeys(q), n)
				}
			}
			for _, n := range q.Notes {
				if tc.bought == "2026-11-01" && n.Key == "conversation.reason.return_window_ended" && n.Params["date"] != "2026-11-08" {
					t.Errorf("window end %v, want 2026-11-08 (7 days from 1 Nov)", n.Params)
				}
			}
			// An outcome not offered is refused even from a forged button.
			for _, o := range policy.Outcomes() {
				if _, ok := got[string(o)]; ok {
					continue
				}
				d, _ := callback{ID: h.st.ID, Turn: h.st.Turn, Action: actOutcome, Value: string(o)}.encode()
				if res := h.pressData(d); keys(res)[0] != "conversation.outcome_unavailable" || h.st.Stage != AskOutcome {
					t.Errorf("forged %s: %s", o, describe(res))
				}
			}
		})
	}
}

// When a change from the summary takes away the chosen outcome, the outcome
// is asked again before the summary.
func TestEditThatChangesTheVerdict(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.command("start", "")
	h.walk(AskOutcome)
	h.press(actOutcome, "refund")
	h.walk(Summary)
	h.press(actEdit, "")
	h.press(actField, "date")
	h.press(actDay, dayEarlier)
	res := h.text("2026-10-01")
	if h.st.Stage != AskOutcome || !hasKey(res, "conversation.outcome_recheck") || h.st.Form.Outcome != "" {
		t.Fatalf("stage %s, outcome %q, %s", h.st.Stage, h.st.Form.Outcome, describe(res))
	}
	h.press(actOutcome, "repair")
	if h.st.Stage != Summary {
		t.Fatalf("after choosing again: %s, want the summary", h.st.Stage)
	}
}

// The return window can end between choosing a refund and confirming it
// (past midnight); Confirm then asks for the outcome again instead of filing.
func TestConfirmAfterTheWindowEnded(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.command("start", "")
	h.press(actCategory, "apparel")
	h.text("SO20261120")
	h.text("2026-11-13") // the window's last day is the 20th
	h.walk(AskOutcome)
	h.press(actOutcome, "refund")
	h.walk(Summary)
	h.env.Now = h.env.Now.Add(15 * time.Hour) // 01:00 on the 21st
	res := h.press(actConfirm, "")
	if len(res.Effects) != 0 || h.st.Stage != AskOutcome || !hasKey(res, "conversation.outcome_recheck") {
		t.Fatalf("%s, stage %s; want the outcome asked again", describe(res), h.st.Stage)
	}
}

func TestPhoneRequired(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	pol := *h.env.Policy
	pol.PhoneRequired = true
	h.env.Policy = &pol
	res := func() Result { h.walk(AskOutcome); return h.press(actOutcome, "repair") }()
	q := res.Replies[len(res.Replies)-1]
	if q.Key != "conversation.ask_phone_required" || !q.ContactButton || q.ContactSkip {
		t.Fatalf("question %+v; want the contact button without Skip", q)
	}
	if res := h.text("skip"); keys(res)[0] != "conversation.phone_required" || h.st.Stage != AskPhone {
		t.Fatalf("skip: %s", describe(res))
	}
}

func TestOutsideADialogue(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	res := h.text("Hello, is anyone there?")
	if len(res.Effects) != 1 || len(res.Replies) != 0 {
		t.Fatalf("%s; want AddToTicket and no reply", describe(res))
	}
	if add, ok := res.Effects[0].(AddToTicket); !ok || add.Input.Text != "Hello, is anyone there?" {
		t.Fatalf("effect %+v", res.Effects[0])
	}
	if len(res.Fallback) != 1 || res.Fallback[0].Key != "conversation.offer_start" || h.find(Result{Replies: res.Fallback}, actNew, "") == "" {
		t.Fatalf("fallback %+v; want the offer with a Report button", res.Fallback)
	}
	h.last = Result{Replies: res.Fallback}
	h.press(actNew, "")
	if h.st.Stage != AskCategory {
		t.Fatalf("Report a problem led to %s", h.st.Stage)
	}
	h.command("cancel", "")
	// A sticker is explained in the context of the open ticket by the
	// caller; with none, the fallback says what it is and offers a report.
	res = h.send(Input{Kind: KindUnsupported, What: "sticker"})
	if len(res.Effects) != 1 || len(res.Replies) != 0 {
		t.Errorf("sticker outside a dialogue: %s", describe(res))
	} else if eff, ok := res.Effects[0].(ExplainUnsupported); !ok || eff.What != "sticker" {
		t.Errorf("sticker outside a dialogue: effect %#v", res.Effects[0])
	}
	if fb := keys(Result{Replies: res.Fallback}); len(fb) != 2 || fb[0] != "conversation.unsupported.sticker" || fb[1] != "conversation.offer_start" {
		t.Errorf("sticker outside a dialogue, no ticket: %v", fb)
	}
	if res := h.command("status", ""); len(res.Effects) != 1 {
		t.Errorf("/status: %s", describe(res))
	} else if _, ok := res.Effects[0].(ShowStatus); !ok {
		t.Errorf("/status effect %T", res.Effects[0])
	}
}
