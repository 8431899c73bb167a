package bot_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/internal/shoptest"
)

// The chat's draft follows its dialogue: recorded when a report begins,
// forgotten when it is cancelled or filed (with the ticket, in its
// transaction); and when Redis no longer has the dialogue,
// the customer's next message is answered with the news, in the draft's
// language, once.
func TestDraftFollowsTheDialogue(t *testing.T) {
	t.Parallel()
	h := shoptest.New(t, shoptest.Options{})
	ctx := context.Background()
	drafts := h.Store.Drafts()
	open := func(chat int64) (string, bool) {
		t.Helper()
		lang, ok, err := drafts.Open(ctx, chat, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		return lang, ok
	}
	say := func(chat int64, text string) {
		t.Helper()
		if _, err := h.Sim.SendText(chat, chat, text); err != nil {
			t.Fatal(err)
		}
		h.Pump()
	}

	mei := h.Customer("Mei", "zh-hans")
	if _, ok := open(mei.ID); ok {
		t.Fatal("a customer who only said hello has a draft")
	}
	say(mei.ID, "/start")
	if lang, ok := open(mei.ID); !ok || lang != "zh" {
		t.Fatalf("after /start the draft is %q, %v; want zh, open", lang, ok)
	}

	// Redis loses the dialogue.
	if err := h.Redis.Del(ctx, h.Prefix+"dlg:"+strconv.FormatInt(mei.ID, 10)).Err(); err != nil {
		t.Fatal(err)
	}
	say(mei.ID, "SO20261120")
	lost := []rune(h.Catalog.Text("zh", "conversation.dialogue_lost", nil))[:12]
	h.CustomerText(mei, string(lost))
	if _, ok := open(mei.ID); ok {
		t.Error("the draft is still open after its loss was told")
	}
	before := len(h.Sim.Transcript(mei.ID))
	say(mei.ID, "SO20261120")
	for _, e := range h.Sim.Transcript(mei.ID)[before:] {
		if e.FromBot && strings.Contains(e.Message.Text, string(lost)) {
			t.Errorf("told twice that the report was lost:\n%s", h.Transcript(mei.ID))
		}
	}

	// A report begun again, then cancelled, ends its draft: so does one
	// sent, which leaves the dialogue the same way.
	say(mei.ID, "/start")
	if _, ok := open(mei.ID); !ok {
		t.Fatal("no draft after starting again")
	}
	say(mei.ID, "/cancel")
	if _, ok := open(mei.ID); ok {
		t.Errorf("the draft is still open after the report was cancelled:\n%s", h.Transcript(mei.ID))
	}
	ada := h.Customer("Ada", "en")
	tk := h.File(ada)
	if _, ok := open(ada.ID); ok {
		t.Errorf("the draft is still open after the report was filed as %s:\n%s", tk.Ref, h.Transcript(ada.ID))
	}
}
