package conversation

import (
	"testing"
)

// A chat of which Redis holds nothing, whose dialogue is known to have
// been under way, is told its report was lost and offered to start again,
// in the language of the draft; a customer new to the bot is greeted as
// ever.
func TestLostDialogueIsToldAndOfferedAgain(t *testing.T) {
	t.Parallel()
	// A button of a dialogue, as the bot made it before Redis lost it.
	earlier := newHarness(t)
	earlier.command("start", "")
	oldButton := earlier.find(earlier.last, actCategory, "")

	for _, c := range []struct {
		name string
		lost string // Env.Lost: the language of the recorded draft
		in   func(h *harness) Result
		want string // the first reply's key
		told bool
		lang string
	}{
		{"typed answer, draft in Chinese", "zh", func(h *harness) Result { return h.text("SO20261120") }, "conversation.dialogue_lost", true, "zh"},
		{"photo, draft in English", "en", func(h *harness) Result { return h.media("photo", "", "") }, "conversation.dialogue_lost", true, "en"},
		{"button, draft recorded", "zh", func(h *harness) Result { return h.pressData(oldButton) }, "conversation.dialogue_lost", true, "zh"},
		{"button, no draft recorded", "", func(h *harness) Result { return h.pressData(oldButton) }, "conversation.dialogue_lost", true, "en"},
		{"/start starts again", "zh", func(h *harness) Result { return h.command("start", "") }, "conversation.welcome", false, "zh"},
		{"/help is helped", "zh", func(h *harness) Result { return h.command("help", "") }, "conversation.help", false, "zh"},
		{"newcomer's text", "", func(h *harness) Result { return h.text("hello") }, "", false, "en"},
		{"forged button", "", func(h *harness) Result { return h.pressData("not ours") }, "conversation.button_refused", false, "en"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			h.env.Lost = c.lost
			res := c.in(h)
			if c.want != "" && (len(res.Replies) == 0 || res.Replies[0].Key != c.want) {
				t.Fatalf("replies %v; want %s first", keys(res), c.want)
			}
			if h.move.lost != c.told {
				t.Errorf("told of a lost report: %v, want %v (replies %v)", h.move.lost, c.told, keys(res))
			}
			if h.st.Lang != c.lang {
				t.Errorf("language %q, want %q", h.st.Lang, c.lang)
			}
			if !c.told {
				return
			}
			if res.Stale || len(res.Effects) > 0 || h.st.Stage != Idle {
				t.Errorf("lost report: stale %v, effects %v, stage %s; want a plain answer, nothing done, idle",
					res.Stale, res.Effects, h.st.Stage)
			}
			// One tap starts again.
			h.press(actNew, "")
			if h.st.Stage != AskCategory {
				t.Errorf("after Report a problem the dialogue is at %s, want %s", h.st.Stage, AskCategory)
			}
		})
	}
}
