package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/internal/customersim"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// A report left unfinished for an hour gets one reminder, in the
// customer's language, with the question where it stands asked again. A
// customer who answered meanwhile is reminded an hour after that answer
// instead; one who cancelled is not reminded; and a reminder's job that
// runs again sends nothing more. Start over on the reminder starts over.
func TestUnfinishedReportIsRemindedOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{})
	anna, mei := h.Customer("Anna", "en"), h.Customer("Mei", "zh-hans")
	bob, carl := h.Customer("Bob", "en"), h.Customer("Carl", "en")
	for _, u := range []telegramsim.User{anna, mei, bob, carl} {
		h.send(u, "/start")
		if n := h.nudgeJobs(u.ID); n != 1 {
			t.Fatalf("%s's report has %d reminder jobs, want 1", u.FirstName, n)
		}
	}
	h.send(carl, "/cancel")

	h.Clock.Advance(40 * time.Minute)
	bobs := customersim.New(h.Sim, h.Catalog, bob)
	if err := bobs.Press(h.Policy.Categories[0].Name["en"]); err != nil {
		t.Fatal(err)
	}
	h.Pump()

	h.Clock.Advance(21 * time.Minute)
	ma, mm, mb, mc := h.mark(anna), h.mark(mei), h.mark(bob), h.mark(carl)
	for _, u := range []telegramsim.User{anna, mei, bob, carl} {
		h.runNudge(u.ID)
	}
	h.Settle()
	en, zh := h.nudgeText("en"), h.nudgeText("zh")
	nudge := h.after(anna, ma, en)
	h.after(anna, nudge.ID, "Step 1 of 9")
	h.after(mei, h.after(mei, mm, zh).ID, "第 1 步")
	h.noNudge(bob, mb, en)
	h.noNudge(carl, mc, en)

	// Bob answered 40 minutes in: his reminder comes an hour after that.
	h.Clock.Advance(40 * time.Minute)
	h.runNudge(bob.ID)
	h.Settle()
	h.after(bob, h.after(bob, mb, en).ID, "Step 2 of 9")

	// The job runs again: nothing more is sent.
	mark := h.mark(anna)
	h.runNudge(anna.ID)
	h.Settle()
	h.noNudge(anna, mark, en)
	if n := h.count(anna, en); n != 1 {
		t.Errorf("Anna was reminded %d times:\n%s", n, h.Transcript(anna.ID))
	}

	// Start over on the reminder starts a new report.
	h.press(anna, nudge, "Start over")
	h.after(anna, nudge.ID, "started a new one")
}

// nudgeText is the start of the reminder's text in lang.
func (h *harness) nudgeText(lang string) string {
	return string([]rune(h.Catalog.Text(lang, "conversation.nudge", nil))[:12])
}

// noNudge fails the test if u was sent the reminder after message after.
func (h *harness) noNudge(u telegramsim.User, after int, fragment string) {
	h.T.Helper()
	for _, e := range h.Sim.Transcript(u.ID) {
		if e.FromBot && e.Message.ID > after && strings.Contains(e.Message.Text, fragment) {
			h.T.Errorf("%s was reminded:\n%s", u.FirstName, h.Transcript(u.ID))
		}
	}
}

// count counts the bot's messages to u that contain fragment.
func (h *harness) count(u telegramsim.User, fragment string) int {
	n := 0
	for _, e := range h.Sim.Transcript(u.ID) {
		if e.FromBot && strings.Contains(e.Message.Text, fragment) {
			n++
		}
	}
	return n
}

// nudgeJobs counts the reminder jobs of the chat.
func (h *harness) nudgeJobs(chatID int64) int {
	h.T.Helper()
	var n int
	err := h.Pool.QueryRow(context.Background(), `SELECT count(*) FROM river_job
		WHERE kind = 'dialogue_nudge' AND (args->>'chat_id')::bigint = $1`, chatID).Scan(&n)
	if err != nil {
		h.T.Fatal(err)
	}
	return n
}

// runNudge makes the chat's reminder job run now, as if its time had come:
// the scheduled one, or the one already worked, again.
func (h *harness) runNudge(chatID int64) {
	h.T.Helper()
	ctx := context.Background()
	var id int64
	err := h.Pool.QueryRow(ctx, `SELECT id FROM river_job WHERE kind = 'dialogue_nudge'
		AND (args->>'chat_id')::bigint = $1 ORDER BY id DESC LIMIT 1`, chatID).Scan(&id)
	if err != nil {
		h.T.Fatalf("the reminder of chat %d: %v", chatID, err)
	}
	if _, err := h.Inserter.JobRetry(ctx, id); err != nil {
		h.T.Fatal(err)
	}
}
