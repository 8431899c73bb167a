package conversation

import (
	"testing"
)

// /back from each question leads to the one before and asks it again.
func TestBackFromEachStage(t *testing.T) {
	t.Parallel()
	cases := []struct{ at, to Stage }{
		{AskOrder, AskCategory}, {AskDate, AskOrder}, {AskDateTyped, AskDate}, {AskIssue, AskDate},
		{AskDescription, AskIssue}, {AskAttachments, AskDescription}, {AskOutcome, AskAttachments},
		{AskPhone, AskOutcome}, {Summary, AskPhone},
	}
	for _, tc := range cases {
		t.Run(tc.at.String(), func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			h.walk(tc.at)
			form := h.st.Form
			res := h.command("back", "")
			if h.st.Stage != tc.to || lastKey(res) != promptKey[tc.to] || res.Replies[0].Key != "conversation.going_back" {
				t.Fatalf("at %s, /back: stage %s, %s; want %s", tc.at, h.st.Stage, describe(res), tc.to)
			}
			if h.st.Form.Category != form.Category || h.st.Form.OrderNo != form.OrderNo {
				t.Errorf("/back lost answers: %+v", h.st.Form)
			}
		})
	}
	t.Run("first question", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		h.walk(AskCategory)
		res := h.command("back", "")
		if h.st.Stage != AskCategory || keys(res)[0] != "conversation.first_question" || lastKey(res) != promptKey[AskCategory] {
			t.Fatalf("stage %s, %s", h.st.Stage, describe(res))
		}
	})
	t.Run("no dialogue", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		res := h.command("back", "")
		if h.st.Stage != Idle || keys(res)[0] != "conversation.nothing_to_go_back" || lastKey(res) != "conversation.offer_start" {
			t.Fatalf("stage %s, %s", h.st.Stage, describe(res))
		}
	})
	t.Run("leaving the phone question removes its keyboard", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		h.walk(AskPhone)
		res := h.command("back", "")
		if !res.Replies[0].RemoveKeyboard {
			t.Fatalf("first reply %+v should remove the contact keyboard", res.Replies[0])
		}
	})
}

// Changing one field from the summary asks that question alone and returns
// to the summary; the other answers stay as they were.
func TestEditOneFieldReturnsToSummary(t *testing.T) {
	t.Parallel()
	cases := []struct {
		field  string
		answer func(h *harness) Result
		check  func(f Form) bool
	}{
		{"category", func(h *harness) Result { return h.press(actCategory, "knitwear") }, func(f Form) bool { return f.Category == "knitwear" }},
		{"order", func(h *harness) Result { return h.text("AB12345678") }, func(f Form) bool { return f.OrderNo == "AB12345678" }},
		{"order", func(h *harness) Result { return h.press(actNoReceipt, "") }, func(f Form) bool { return f.NoReceipt && f.OrderNo == "" }},
		{"date", func(h *harness) Result { return h.press(actDay, dayYesterday) }, func(f Form) bool { return f.Purchased == "2026-11-19" }},
		{"date", func(h *harness) Result { h.press(actDay, dayEarlier); return h.text("前天") }, func(f Form) bool { return f.Purchased == "2026-11-18" }},
		{"issue", func(h *harness) Result { return h.press(actIssue, "other") }, func(f Form) bool { return f.Issue == "other" }},
		{"description", func(h *harness) Result { return h.text("It stopped heating after a week.") }, func(f Form) bool { return f.Description == "It stopped heating after a week." }},
		{"attachments", func(h *harness) Result { h.media("photo", "", ""); return h.press(actDone, "") }, func(f Form) bool { return len(f.Attachments) == 1 }},
		{"outcome", func(h *harness) Result { return h.press(actOutcome, "none") }, func(f Form) bool { return f.Outcome == "none" }},
		{"phone", func(h *harness) Result { return h.text("skip") }, func(f Form) bool { return f.Phone == "" }},
	}
	for _, tc := range cases {
		t.Run(tc.field, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			h.walk(Summary)
			before := h.st.Form
			h.press(actEdit, "")
			if h.st.Stage != ChooseField {
				t.Fatalf("Edit led to %s", h.st.Stage)
			}
			h.press(actField, tc.field)
			if !h.st.Editing {
				t.Fatalf("choosing %s did not open it for editing (stage %s)", tc.field, h.st.Stage)
			}
			res := tc.answer(h)
			if h.st.Stage != Summary || lastKey(res) != "conversation.summary" {
				t.Fatalf("after editing %s: stage %s, %s; want the summary", tc.field, h.st.Stage, describe(res))
			}
			if h.st.Editing {
				t.Error("still editing at the summary")
			}
			if !tc.check(h.st.Form) {
				t.Errorf("%s not changed: %+v", tc.field, h.st.Form)
			}
			if tc.field != "description" && h.st.Form.Description != before.Description {
				t.Errorf("editing %s changed the description", tc.field)
			}
		})
	}
	t.Run("back while editing returns to the summary unchanged", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		h.walk(Summary)
		h.press(actEdit, "")
		h.press(actField, "description")
		res := h.command("back", "")
		if h.st.Stage != Summary || lastKey(res) != "conversation.summary" || h.st.Editing {
			t.Fatalf("stage %s, editing %v, %s", h.st.Stage, h.st.Editing, describe(res))
		}
	})
	t.Run("back to the summary from the field list", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		h.walk(Summary)
		h.press(actEdit, "")
		h.press(actSummary, "")
		if h.st.Stage != Summary {
			t.Fatalf("stage %s", h.st.Stage)
		}
	})
}

func TestCancel(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.walk(AskIssue)
	old := h.find(h.last, actIssue, "fault")
	res := h.command("cancel", "")
	if h.st.Stage != Idle || keys(res)[0] != "conversation.cancelled" || h.st.Form.Category != "" {
		t.Fatalf("stage %s, form %+v, %s", h.st.Stage, h.st.Form, describe(res))
	}
	if h.find(res, actNew, "") == "" {
		t.Error("the cancel reply should offer to report a problem")
	}
	if res := h.pressData(old); !res.Stale || h.st.Stage != Idle {
		t.Errorf("a button of the cancelled complaint: %s, stage %s", describe(res), h.st.Stage)
	}
	res = h.command("cancel", "")
	if keys(res)[0] != "conversation.nothing_to_cancel" || lastKey(res) != "conversation.offer_start" {
		t.Errorf("second /cancel: %s", describe(res))
	}
	// The summary's Cancel button cancels too.
	h2 := newHarness(t)
	h2.walk(Summary)
	if res := h2.press(actCancel, ""); h2.st.Stage != Idle || keys(res)[0] != "conversation.cancelled" {
		t.Fatalf("Cancel button: stage %s, %s", h2.st.Stage, describe(res))
	}
	if len(h2.last.Effects) != 0 {
		t.Error("cancel filed something")
	}
}

// /new while a complaint is open sets it aside and starts afresh; its
// buttons no longer apply.
func TestNewWhileOpen(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.walk(AskIssue)
	oldIssue := h.find(h.last, actIssue, "fault")
	oldID := h.st.ID
	res := h.command("new", "")
	if h.st.Stage != AskCategory || keys(res)[0] != "conversation.restarted" || lastKey(res) != promptKey[AskCategory] {
		t.Fatalf("stage %s, %s", h.st.Stage, describe(res))
	}
	if h.st.ID == oldID || h.st.Prev != oldID || h.st.Form.Category != "" {
		t.Fatalf("new dialogue not fresh: id %s prev %s form %+v", h.st.ID, h.st.Prev, h.st.Form)
	}
	res = h.pressData(oldIssue)
	if !res.Stale || keys(res)[0] != "conversation.button_stale" || h.st.Stage != AskCategory {
		t.Fatalf("old dialogue's button: %s, stage %s", describe(res), h.st.Stage)
	}
	// /start with no dialogue open starts one; with one open it carries on.
	res = h.command("start", "")
	if h.st.Stage != AskCategory || keys(res)[0] != "conversation.in_progress" || lastKey(res) != promptKey[AskCategory] {
		t.Fatalf("/start mid-dialogue: %s", describe(res))
	}
}

func TestLanguage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.walk(AskCategory)
	if h.st.Lang != "en" {
		t.Fatalf("lang %q from language_code en", h.st.Lang)
	}
	res := h.command("language", "")
	if keys(res)[0] != "conversation.choose_language" || h.find(res, actLanguage, "zh") == "" || h.find(res, actLanguage, "en") == "" {
		t.Fatalf("/language: %s", describe(res))
	}
	res = h.press(actLanguage, "zh")
	if h.st.Lang != "zh" || keys(res)[0] != "conversation.language_set" || lastKey(res) != promptKey[AskCategory] {
		t.Fatalf("after choosing zh: lang %s, %s", h.st.Lang, describe(res))
	}
	if got := res.Replies[1].Buttons[0][0].Text; got != "服装" {
		t.Errorf("category button in Chinese = %q", got)
	}
	if h.st.Stage != AskCategory {
		t.Errorf("the language changed the stage to %s", h.st.Stage)
	}
	// A Chinese Telegram client starts in Chinese.
	h2 := newHarness(t)
	h2.lang = "zh-hans"
	h2.command("start", "")
	if h2.st.Lang != "zh" {
		t.Errorf("language_code zh-hans gave %q", h2.st.Lang)
	}
}

// A deep link /start SO20261120 fills in the order number and skips its
// question; a payload that is no order number is ignored.
func TestDeepLink(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	res := h.command("start", "SO20261120")
	if keys(res)[0] != "conversation.welcome_order" || res.Replies[0].Params["order"] != "SO20261120" || h.st.Stage != AskCategory {
		t.Fatalf("%s, stage %s", describe(res), h.st.Stage)
	}
	if res.Replies[0].Params["name"] != "Ada" {
		t.Errorf("welcome without the customer's name: %v", res.Replies[0].Params)
	}
	h.press(actCategory, "apparel")
	if h.st.Stage != AskDate || h.st.Form.OrderNo != "SO20261120" {
		t.Fatalf("after the category: stage %s, order %q; want the date, order kept", h.st.Stage, h.st.Form.OrderNo)
	}
	h.command("back", "")
	if h.st.Stage != AskOrder {
		t.Errorf("/back from the date should show the order question, got %s", h.st.Stage)
	}

	h2 := newHarness(t)
	res = h2.command("start", "hello-world")
	if keys(res)[0] != "conversation.welcome" || h2.st.Form.OrderNo != "" {
		t.Fatalf("bad payload: %s, order %q", describe(res), h2.st.Form.OrderNo)
	}
	h2.press(actCategory, "apparel")
	if h2.st.Stage != AskOrder {
		t.Errorf("stage %s, want the order question", h2.st.Stage)
	}
}
