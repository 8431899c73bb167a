package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/internal/customersim"
	"github.com/complaintbot/complaintbot/internal/testworld"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// toDescription walks a customer to the question asking for a description.
func toDescription(t *testing.T, d *customersim.Driver) {
	t.Helper()
	apparel, _ := policy.Default().Category("apparel")
	err := d.Run([]customersim.Turn{
		{Do: func() error { return d.Send("/start") }, Want: "conversation.ask_category"},
		{Do: func() error { return d.Press(apparel.Name[d.Lang]) }, Want: "conversation.ask_order"},
		{Do: func() error { return d.Send("SO20261120") }, Want: "conversation.ask_date"},
		{Do: func() error { return d.Press(d.Label("conversation.button.today")) }, Want: "conversation.ask_issue"},
		{Do: func() error { return d.Press(d.Label("conversation.issue.fault")) }, Want: "conversation.ask_description"},
	})
	if err != nil {
		t.Fatal(err)
	}
}

// must waits for the question or answer of key after the last action.
func must(t *testing.T, d *customersim.Driver, key string) string {
	t.Helper()
	m, err := d.WaitFor(key)
	if err != nil {
		t.Fatal(err)
	}
	return m.Text
}

func TestDialogueContinuesAfterRestart(t *testing.T) {
	t.Parallel()
	h := startService(t, harnessOpts{})
	d := h.driver(t, telegramsim.User{FirstName: "Anna", LanguageCode: "en"})
	toDescription(t, d)

	h.stop(t)
	// Written while the service is down: Telegram keeps it until the
	// service asks again.
	if err := d.Send("The zip broke on the second day of wearing the coat."); err != nil {
		t.Fatal(err)
	}
	h.start(t)
	must(t, d, "conversation.ask_attachments")
}

// Each bad input gets a clear answer and the question again; the dialogue
// goes on afterwards.
func TestBadInputGetsAnAnswerAndTheQuestionAgain(t *testing.T) {
	t.Parallel()
	h := startService(t, harnessOpts{})
	d := h.driver(t, telegramsim.User{FirstName: "Anna", LanguageCode: "en"})
	toDescription(t, d)
	img := customersim.SamplePhoto(1, 2, 3)
	cases := []struct {
		name string
		do   func() error
		want string
	}{
		{"unknown command", func() error { return d.Send("/frobnicate") }, "conversation.unknown_command"},
		{"sticker", func() error {
			return d.Act("sticker", func() error { _, err := h.sim.SendSticker(d.User.ID, d.User.ID, img, "😀"); return err })
		}, "conversation.unsupported.sticker"},
		{"voice", func() error {
			return d.Act("voice", func() error { _, err := h.sim.SendVoice(d.User.ID, d.User.ID, []byte("OggS")); return err })
		}, "conversation.media_needs_words"}, // kept as a file of the report
		{"location", func() error {
			return d.Act("location", func() error { _, err := h.sim.SendLocation(d.User.ID, d.User.ID, 31.2, 121.5); return err })
		}, "conversation.unsupported.location"},
		// Telegram's own limit is 4096 characters a message: a longer one
		// arrives in parts, each answered the same way.
		{"4,096 characters", func() error { return d.Send(strings.Repeat("很长", 2048)) }, "conversation.too_long"},
		{"zero-width characters only", func() error { return d.Send("\u200b\u200c\u200d") }, "conversation.empty_text"},
	}
	for _, tc := range cases {
		before := d.LastID()
		if err := tc.do(); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		must(t, d, tc.want)
		must(t, d, "conversation.ask_description")
		// One turn, one message: the explanation leads the question.
		answers := 0
		for _, e := range testworld.BotEntries(h.sim, d.User.ID) {
			if e.Message.ID > before {
				answers++
			}
		}
		if answers != 1 {
			t.Errorf("%s: answered in %d messages, want the explanation and the question in one\n%s", tc.name, answers, d.Transcript())
		}
	}

	// An update kind the bot does not use (an edited message) is ignored on
	// purpose: no answer, and the dialogue goes on.
	before := d.LastID()
	var earlier int
	for _, e := range h.sim.Transcript(d.User.ID) {
		if !e.FromBot && e.Message.Text == "/frobnicate" {
			earlier = e.Message.ID
		}
	}
	if err := h.sim.EditText(d.User.ID, d.User.ID, earlier, "/frobnicate again"); err != nil {
		t.Fatal(err)
	}

	// Markup in customer text is shown as typed, never as formatting.
	typed := `My <b>coat</b> & "zip" <script>alert(1)</script> — مرحبا 👍`
	if err := d.Send(typed); err != nil {
		t.Fatal(err)
	}
	next, err := d.WaitFor("conversation.ask_attachments")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range h.sim.Transcript(d.User.ID) {
		if e.FromBot && e.Message.ID > before && e.Message.ID < next.ID {
			t.Fatalf("the bot answered an edited message or sent something extra: %s", e)
		}
	}
	// The voice message above was kept as a file: Done moves on.
	if err := d.Press(d.Label("conversation.button.done")); err != nil {
		t.Fatal(err)
	}
	must(t, d, "conversation.ask_outcome")
	if err := d.Press(d.Label("conversation.outcome.repair")); err != nil {
		t.Fatal(err)
	}
	must(t, d, "conversation.ask_phone")
	if err := d.Send(d.Label("conversation.button.skip_phone")); err != nil {
		t.Fatal(err)
	}
	summary := must(t, d, "conversation.summary")
	if !strings.Contains(summary, typed) {
		t.Fatalf("summary shows the description as %q, want it exactly as typed %q", summary, typed)
	}
	// Answered questions lose their buttons.
	if _, _, ok := d.FindButton(d.Label("conversation.issue.fault")); ok {
		t.Fatal("the answered issue question still has its buttons")
	}
	// A button left on an old message (the order was typed, not "no
	// receipt") is answered and not applied.
	msgID, data, ok := d.FindButton(d.Label("conversation.button.no_receipt"))
	if !ok {
		t.Fatal("the old order question is gone from the chat")
	}
	qid, err := h.sim.PressButton(d.User.ID, d.User.ID, msgID, data)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	ans, err := h.sim.WaitCallbackAnswer(ctx, qid)
	if err != nil {
		t.Fatalf("the old button was not answered: %v", err)
	}
	if want := d.Fragment("conversation.button_stale"); !strings.Contains(ans.Text, want) {
		t.Fatalf("old button answered %q, want %q", ans.Text, want)
	}
	if _, _, ok := d.FindButton(d.Label("conversation.button.confirm")); !ok {
		t.Fatal("the summary's Confirm is gone after an old button")
	}
}

// Over the flood limit the customer is asked once to slow down, and every
// message still reaches their ticket.
func TestFloodIsSlowedDownAndLosesNothing(t *testing.T) {
	t.Parallel()
	// The service's clock stands still: the whole flood falls in one
	// window, wherever the wall clock's minute is.
	h := startService(t, harnessOpts{clock: testworld.NewClock(time.Now())})
	pol := policy.Default()
	apparel, _ := pol.Category("apparel")
	d := h.driver(t, telegramsim.User{FirstName: "Anna", LanguageCode: "en"})
	_, ref, err := d.FileComplaint(customersim.Complaint{Category: apparel, Order: "SO20261120", Issue: policy.IssueFault,
		Description: "The collar came off after one wash.", Outcome: policy.OutcomeRepair, Phone: "8613812345678"})
	if err != nil {
		t.Fatal(err)
	}

	flood := pol.FloodPerMinute + 5
	start := d.LastID()
	for i := range flood {
		if _, err := h.sim.SendText(d.User.ID, d.User.ID, "detail number "+string(rune('A'+i))); err != nil {
			t.Fatal(err)
		}
	}
	tk := h.settledMessages(t, ref)
	if len(tk.Messages) != flood {
		t.Fatalf("ticket has %d messages, want all %d", len(tk.Messages), flood)
	}
	var slowDowns int
	for _, e := range h.sim.Transcript(d.User.ID) {
		if e.FromBot && e.Message.ID > start && strings.Contains(e.Message.Text, d.Fragment("bot.slow_down")) {
			slowDowns++
		}
	}
	if slowDowns != 1 {
		t.Fatalf("%d slow-down notices, want exactly 1\n%s", slowDowns, d.Transcript())
	}
}

// settledMessages reads the ticket once the service is quiet.
func (h *harness) settledMessages(t *testing.T, ref string) *tickets.Ticket {
	t.Helper()
	h.quiet(t)
	tk, err := h.ticketStore(t).Get(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// /status lists the customer's own tickets only; a message outside a
// dialogue is added to their open ticket.
func TestStatusAndFollowUpMessages(t *testing.T) {
	t.Parallel()
	h := startService(t, harnessOpts{})
	apparel, _ := policy.Default().Category("apparel")
	anna := h.driver(t, telegramsim.User{FirstName: "Anna", LanguageCode: "en"})
	_, ref, err := anna.FileComplaint(customersim.Complaint{Category: apparel, Order: "SO20261120", Issue: policy.IssueFault,
		Description: "The collar came off after one wash.", Outcome: policy.OutcomeRepair, Phone: "8613812345678"})
	if err != nil {
		t.Fatal(err)
	}

	if err := anna.Send("/status"); err != nil {
		t.Fatal(err)
	}
	if got := must(t, anna, "bot.status_list"); !strings.Contains(got, ref) {
		t.Fatalf("/status = %q, want it to list %s", got, ref)
	}
	if err := anna.Send("One more thing: the label was missing too."); err != nil {
		t.Fatal(err)
	}
	if got := must(t, anna, "bot.added_to_ticket"); !strings.Contains(got, ref) {
		t.Fatalf("answer %q does not name the ticket %s", got, ref)
	}
	if tk := h.settledMessages(t, ref); len(tk.Messages) != 1 || tk.Messages[0].Text != "One more thing: the label was missing too." {
		t.Fatalf("ticket messages = %+v", tk.Messages)
	}

	// Another customer typing Anna's reference learns nothing of it.
	ming := h.driver(t, telegramsim.User{FirstName: "小明", LanguageCode: "zh-hans"})
	if err := ming.Send("/status " + ref); err != nil {
		t.Fatal(err)
	}
	if got := must(t, ming, "bot.status_none"); strings.Contains(got, ref) {
		t.Fatalf("another customer's /status shows %s: %q", ref, got)
	}
	if err := ming.Send(ref); err != nil {
		t.Fatal(err)
	}
	if got := must(t, ming, "conversation.offer_start"); strings.Contains(got, ref) || strings.Contains(got, "Anna") {
		t.Fatalf("another customer learned of %s: %q", ref, got)
	}
}

func TestDeepLinkAndCommandMenus(t *testing.T) {
	t.Parallel()
	h := startService(t, harnessOpts{})
	d := h.driver(t, telegramsim.User{FirstName: "Anna", LanguageCode: "en"})
	if err := d.Send("/start SO20261120"); err != nil {
		t.Fatal(err)
	}
	if got := must(t, d, "conversation.welcome_order"); !strings.Contains(got, "SO20261120") {
		t.Fatalf("welcome %q does not name the order", got)
	}
	must(t, d, "conversation.ask_category")
	apparel, _ := policy.Default().Category("apparel")
	if err := d.Press(apparel.Name["en"]); err != nil {
		t.Fatal(err)
	}
	must(t, d, "conversation.ask_date") // the order number is known already

	for _, lang := range []string{"", "zh"} {
		cmds := h.sim.Commands("all_private_chats", lang)
		if len(cmds) != len([]string{"new", "status", "close", "back", "cancel", "language", "help"}) {
			t.Fatalf("%d commands for language %q, want 7: %+v", len(cmds), lang, cmds)
		}
	}
	if zh := h.sim.Commands("all_private_chats", "zh"); !strings.Contains(zh[0].Description, "问题") {
		t.Fatalf("Chinese menu reads %q", zh[0].Description)
	}
}
