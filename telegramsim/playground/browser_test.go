package playground

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim"
)

// answeringBot is a tiny bot on the real client: it confirms every text
// with rating buttons, asks for a phone number when told "call me",
// deletes that question and thanks for the contact, and answers a pressed
// button by editing its message.
func answeringBot(ctx context.Context, b *bot.Bot, u *models.Update) {
	switch {
	case u.CallbackQuery != nil:
		q := u.CallbackQuery
		_, _ = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: q.ID, Text: "Thanks for rating!"})
		if m := q.Message.Message; m != nil {
			_, _ = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: m.Chat.ID, MessageID: m.ID, Text: m.Text + "\nRated: helpful"})
		}
	case u.Message == nil:
	case u.Message.Contact != nil:
		// The question came just before the contact; it is answered now.
		_, _ = b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: u.Message.Chat.ID, MessageID: u.Message.ID - 1})
		_, _ = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.Message.Chat.ID, Text: "Thanks, we will call you.",
			ReplyMarkup: &models.ReplyKeyboardRemove{RemoveKeyboard: true}})
	case u.Message.Text == "call me":
		_, _ = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.Message.Chat.ID, Text: "May we call you?",
			ReplyMarkup: &models.ReplyKeyboardMarkup{Keyboard: [][]models.KeyboardButton{{{Text: "Share my phone number", RequestContact: true}}},
				ResizeKeyboard: true, OneTimeKeyboard: true}})
	case u.Message.Text != "":
		thread := 0
		if u.Message.IsTopicMessage {
			thread = u.Message.MessageThreadID
		}
		_, _ = b.SendMessage(ctx, &bot.SendMessageParams{
			ChatID: u.Message.Chat.ID, MessageThreadID: thread, ParseMode: models.ParseModeHTML,
			Text: "<b>We have your message:</b> " + html.EscapeString(u.Message.Text),
			ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
				{{Text: "Helpful", CallbackData: "rate:up"}, {Text: "Not helpful", CallbackData: "rate:down"}},
			}},
		})
	}
}

// chromium finds the browser, or skips the test (fails it on CI).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "/usr/bin/chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "" {
		t.Skip("Chromium is not installed (Debian: apt-get install chromium); the playground's browser test needs it")
	}
	t.Fatal("Chromium is not installed, and CI needs the playground's browser test to run")
	return ""
}

// browserTab starts a headless Chromium that lives until the test ends
// (at most limit) and returns its tab and the page errors it collects.
func browserTab(t *testing.T, limit time.Duration) (context.Context, func() []string) {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 800),
	)
	ctx, cancelTime := context.WithTimeout(context.Background(), limit)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	var mu sync.Mutex
	var problems []string
	tab, cancelTab := chromedp.NewContext(alloc, chromedp.WithListener(func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			d := e.ExceptionDetails
			what := d.Text
			if d.Exception != nil {
				what += " " + d.Exception.Description
			}
			problems = append(problems, fmt.Sprintf("%s:%d: %s", d.URL, d.LineNumber+1, what))
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				var args []string
				for _, a := range e.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				problems = append(problems, fmt.Sprintf("console.error %v", args))
			}
		}
	}))
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
		cancelTime()
	})
	return tab, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), problems...)
	}
}

// picture encodes a w×h PNG of a soft gradient, a different one per n, so
// that photos are visible in screenshots.
func picture(t *testing.T, w, h, n int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{R: uint8(90 + 120*x/w), G: uint8(130 + 60*n), B: uint8(200 - 120*y/h), A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// shot saves a screenshot of the page.
func shot(t *testing.T, tab context.Context, path string) {
	t.Helper()
	png, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
	if err == nil {
		err = os.WriteFile(path, png, 0o644)
	}
	if err != nil {
		t.Logf("screenshot %s: %v", path, err)
	}
}

// has is a page condition: some element matching sel has text containing
// want.
func has(sel, want string) string {
	return fmt.Sprintf(`Array.from(document.querySelectorAll(%s)).some((e) => e.textContent.includes(%s))`,
		strconv.Quote(sel), strconv.Quote(want))
}

// page drives the playground in a browser tab.
type page struct {
	t        *testing.T
	tab      context.Context
	problems func() []string
}

// step runs actions; a failure ends the test with the page's errors and a
// screenshot.
func (p page) step(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.tab, actions...); err != nil {
		path := filepath.Join(os.TempDir(), "playground-failure.png")
		shot(p.t, p.tab, path)
		p.t.Fatalf("%s: %v (page errors: %v; screenshot in %s)", what, err, p.problems(), path)
	}
}

// until waits for a page condition, at most 30 seconds.
func (p page) until(what, cond string) {
	p.t.Helper()
	p.step(what, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingInterval(25*time.Millisecond)))
}

func TestPlaygroundInChromium(t *testing.T) {
	tab, problems := browserTab(t, 90*time.Second)
	w := newPGWorld(t)
	w.startBot(t, answeringBot)
	topic, err := w.sim.CreateTopic(w.group.ID, w.owner.ID, "Ticket 1 · kettle")
	if err != nil {
		t.Fatal(err)
	}
	done, err := w.sim.CreateTopic(w.group.ID, w.owner.ID, "Ticket 0 · settled")
	if err != nil {
		t.Fatal(err)
	}
	w.botAPI(t, "closeForumTopic", map[string]any{"chat_id": w.group.ID, "message_thread_id": done})

	pg := page{t: t, tab: tab, problems: problems}
	step, until := pg.step, pg.until
	annaItem := chromedp.CSS(fmt.Sprintf(`.chat-item[data-chat-id="%d"]`, w.customer.ID))

	step("open the playground", chromedp.Navigate(w.url+"/"), chromedp.WaitVisible(annaItem))
	if title, err := chromedp.Run(tab, chromedp.Title()); err != nil || title != "complaintbot playground" {
		t.Errorf("title = %q, %v", title, err)
	}
	until("the explanation", has(".explain", "simulated Telegram"))

	other, closeOther := chromedp.NewContext(tab)
	defer closeOther()
	if err := chromedp.Do(other, chromedp.Navigate(w.url+"/"), chromedp.WaitVisible(annaItem)); err != nil {
		t.Fatalf("open a second tab: %v", err)
	}

	step("open Anna's chat", chromedp.Click(annaItem), chromedp.WaitVisible(chromedp.ID("input")))
	until("the bot's name over the chat", has("#head-title", "Shop Desk"))
	step("write and send", chromedp.SendKeys(chromedp.ID("input"), "My kettle <b>leaks</b>"), chromedp.Click(chromedp.ID("send")))
	until("the bot's answer", has("#messages .row.in .text", "We have your message: My kettle <b>leaks</b>"))
	until("the customer's text, as typed", has("#messages .row.out .text", "My kettle <b>leaks</b>")+
		` && !document.querySelector('#messages .row.out .text b') && !!document.querySelector('#messages .row.in .text strong')`)

	sel := fmt.Sprintf(`.chat-item[data-chat-id="%d"]`, w.customer.ID)
	if err := chromedp.Do(other, chromedp.Poll[chromedp.Void](has(sel+" .chat-preview", "We have your message")+` && `+has(sel+" .badge", "2"),
		chromedp.WithPollingInterval(25*time.Millisecond))); err != nil {
		t.Errorf("the second tab does not show the new messages as unread: %v", err)
	}

	step("press an inline button", chromedp.Click(chromedp.CSS(`#messages .row.in .kb-btn`)))
	until("the button's answer", `!document.getElementById('toast').hidden && `+has("#toast", "Thanks for rating!"))
	until("the message edited in place", has("#messages .row.in .text", "Rated: helpful")+
		` && document.querySelectorAll('#messages .row.in').length === 1 && !!document.querySelector('#messages .row.in .edited')`)

	step("ask for a call", chromedp.SendKeys(chromedp.ID("input"), "call me"), chromedp.Click(chromedp.ID("send")))
	// The keyboard comes with the bot's question; clicking before it is
	// drawn could hit a node the page is replacing.
	until("the question and its keyboard", has("#messages .text", "May we call you?")+
		` && !document.getElementById('reply-kb').hidden && !!document.querySelector('#reply-kb .reply-kb-btn')`)
	step("share the phone number", chromedp.Click(chromedp.CSS(`#reply-kb .reply-kb-btn`)),
		chromedp.WaitVisible(chromedp.CSS(`#contact-dialog input[name=phone]`)),
		chromedp.Click(chromedp.CSS(`#contact-dialog button.primary`)))
	until("the shared contact and the bot's thanks", has("#messages .contact-phone", "+44 7700 900123")+
		` && `+has("#messages .row.in .text", "we will call you")+` && document.getElementById('reply-kb').hidden`)
	until("the deleted question gone", `!(`+has("#messages .text", "May we call you?")+`)`)

	photos := []string{filepath.Join(t.TempDir(), "front.png"), filepath.Join(t.TempDir(), "back.png")}
	for i, p := range photos {
		if err := os.WriteFile(p, picture(t, 320+i*80, 240, i), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	step("attach two photos", chromedp.SetUploadFiles(chromedp.ID("file"), photos), chromedp.WaitVisible(chromedp.CSS(`#attach-bar img`)))
	step("send them with a caption", chromedp.SendKeys(chromedp.ID("input"), "Both sides"), chromedp.Click(chromedp.ID("send")))
	until("one album of two loaded photos", `Array.from(document.querySelectorAll('#messages .row.out .album img')).filter((i) => i.complete && i.naturalWidth > 0).length === 2 && `+
		has("#messages .row.out .text", "Both sides"))
	shot(t, tab, filepath.Join(os.TempDir(), "playground.png"))

	groupItem := chromedp.CSS(fmt.Sprintf(`.chat-item[data-chat-id="%d"]`, w.group.ID))
	topicItem := chromedp.CSS(fmt.Sprintf(`.topic-item[data-thread="%d"]`, topic))
	step("open the staff group's topic", chromedp.Click(groupItem), chromedp.WaitVisible(topicItem), chromedp.Click(topicItem))
	until("the closed topic marked", has(fmt.Sprintf(`.topic-item.closed[data-thread="%d"]`, done), "Ticket 0")+
		fmt.Sprintf(` && !!document.querySelector('.topic-item[data-thread="%d"] .lock')`, done))
	step("write as Sam", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(
		`(() => { const s = document.getElementById('poster'); s.value = '%d'; s.dispatchEvent(new Event('change')); })()`, w.staff.ID)),
		chromedp.SendKeys(chromedp.ID("input"), "Replacement sent today"), chromedp.Click(chromedp.ID("send")))
	until("Sam's message and the bot's answer in the topic", has("#messages .row.out .sender", "Sam")+` && `+
		has("#messages .row.in .text", "We have your message: Replacement sent today"))
	step("reply to the bot's answer", chromedp.DoubleClick(chromedp.CSS(`#messages .row.in:last-child .bubble`)),
		chromedp.WaitVisible(chromedp.ID("reply-bar")),
		chromedp.SendKeys(chromedp.ID("input"), "Customer confirmed"), chromedp.Click(chromedp.ID("send")))
	until("the reply with its quote", `Array.from(document.querySelectorAll('#messages .row.out')).some((r) => `+
		`r.textContent.includes('Customer confirmed') && r.querySelector('.quote') && r.querySelector('.quote').textContent.includes('Replacement sent today'))`)
	shot(t, tab, filepath.Join(os.TempDir(), "playground-staff.png"))

	step("add a customer", chromedp.Click(chromedp.ID("add-customer")),
		chromedp.SendKeys(chromedp.CSS(`#add-form input[name=first_name]`), "Mei"),
		chromedp.SendKeys(chromedp.CSS(`#add-form input[name=username]`), "mei_li"),
		chromedp.SetValue(chromedp.CSS(`#add-form select[name=language]`), "zh-hans"),
		chromedp.Click(chromedp.ID("add-ok")))
	until("the new customer's empty chat", has("#head-as .as-name", "Mei")+` && `+has("#messages .welcome", "What can this bot do?"))
	shot(t, tab, filepath.Join(os.TempDir(), "playground-new.png"))
	step("press Start", chromedp.Click(chromedp.CSS(`#messages .welcome .start`)))
	until("the bot's answer to /start", has("#messages .row.in .text", "We have your message: /start"))
	var mei *telegramsim.User
	for _, c := range w.sim.Chats() {
		if c.User != nil && c.User.Username == "mei_li" {
			mei = c.User
		}
	}
	if mei == nil || mei.FirstName != "Mei" || mei.LanguageCode != "zh-hans" {
		t.Errorf("added customer = %+v, want Mei speaking zh-hans", mei)
	}

	var reply *models.Message
	for _, e := range w.sim.Transcript(w.group.ID) {
		if e.Message.Text == "Customer confirmed" {
			reply = e.Message
		}
	}
	if reply == nil || reply.MessageThreadID != topic || reply.ReplyToMessage == nil || !strings.Contains(reply.ReplyToMessage.Text, "Replacement sent today") {
		t.Errorf("the staffer's reply = %+v, want it in topic %d replying to the bot's answer", reply, topic)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the page reported errors: %v", p)
	}
}

// surveyBot asks as the desk does: every text gets a question with answer
// buttons, and a press is answered, its buttons taken off with
// editMessageReplyMarkup (as the desk's Sender.RemoveKeyboard does) and the
// choice thanked for. "call me" opens a tall reply keyboard.
func surveyBot(ctx context.Context, b *bot.Bot, u *models.Update) {
	switch {
	case u.CallbackQuery != nil:
		q := u.CallbackQuery
		_, _ = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: q.ID})
		if m := q.Message.Message; m != nil {
			_, _ = b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: m.Chat.ID, MessageID: m.ID,
				ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}}})
			_, _ = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: m.Chat.ID, Text: "Noted, thank you."})
		}
	case u.Message == nil:
	case u.Message.Text == "call me":
		_, _ = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.Message.Chat.ID, Text: "May we call you?",
			ReplyMarkup: &models.ReplyKeyboardMarkup{Keyboard: [][]models.KeyboardButton{
				{{Text: "Share my phone number", RequestContact: true}},
				{{Text: "Not now"}, {Text: "Write to me instead, in this chat, please"}},
				{{Text: "Call me in the evening"}},
			}, ResizeKeyboard: true}})
	case u.Message.Text != "":
		thread := 0
		if u.Message.IsTopicMessage {
			thread = u.Message.MessageThreadID
		}
		_, _ = b.SendMessage(ctx, &bot.SendMessageParams{
			ChatID: u.Message.Chat.ID, MessageThreadID: thread, Text: "Is the kettle still under warranty?",
			ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
				{{Text: "Yes", CallbackData: "warranty:yes"}, {Text: "No", CallbackData: "warranty:no"}, {Text: "Not sure", CallbackData: "warranty:unsure"}},
			}},
		})
	}
}

// Page conditions of the layout.
const (
	// newest is the last item of the open chat.
	newest = `#messages > :last-child`
	// noSideScroll: neither the page nor a list in it scrolls sideways.
	noSideScroll = `document.documentElement.scrollWidth <= document.documentElement.clientWidth && ` +
		`Array.from(document.querySelectorAll('#messages, #chat-list, #topic-list, .bottom, .chat-head')).every((e) => e.scrollWidth <= e.clientWidth)`
)

// inView is a page condition: the last element matching sel lies wholly in
// the visible part of the message list.
func inView(sel string) string {
	return fmt.Sprintf(`(() => { const all = document.querySelectorAll(%s); const e = all[all.length - 1];
		if (!e) return false;
		const r = e.getBoundingClientRect(), box = document.getElementById('messages').getBoundingClientRect();
		return r.height > 0 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1; })()`, strconv.Quote(sel))
}

// shown is a page condition: the element matching sel is laid out (not
// hidden by the layout).
func shown(sel string) string {
	return fmt.Sprintf(`(() => { const e = document.querySelector(%s); return !!e && e.getClientRects().length > 0; })()`, strconv.Quote(sel))
}

// The playground works on a phone's width, one pane at a time, as on a wide
// screen, side by side: the newest message stays in view, an answered
// question keeps its choice, and a stopped server is said so.
func TestPlaygroundOnAnyScreen(t *testing.T) {
	for _, screen := range []struct {
		name          string
		width, height int64
	}{{"phone", 390, 844}, {"wide", 1400, 900}} {
		t.Run(screen.name, func(t *testing.T) {
			walkScreen(t, screen.width, screen.height, screen.width < 1000)
		})
	}
}

// walkScreen walks the playground on a screen of width×height; narrow
// says the playground shows one pane at a time there.
func walkScreen(t *testing.T, width, height int64, narrow bool) {
	tab, problems := browserTab(t, 90*time.Second)
	pg := page{t: t, tab: tab, problems: problems}
	step, until := pg.step, pg.until
	ctx := pgContext(t)
	w := newPGWorld(t)
	w.startBot(t, surveyBot)
	topic, err := w.sim.CreateTopic(w.group.ID, w.owner.ID, "Ticket 1 · kettle")
	if err != nil {
		t.Fatal(err)
	}
	// A chat longer than the screen.
	if _, err := w.sim.SendText(w.customer.ID, w.customer.ID, "Hello"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.sim.WaitBotMessage(ctx, w.customer.ID, 0); err != nil {
		t.Fatal(err)
	}
	for i := range 30 {
		w.botAPI(t, "sendMessage", map[string]any{"chat_id": w.customer.ID, "text": fmt.Sprintf("Earlier note %d", i+1)})
	}
	seeded := w.sim.Transcript(w.customer.ID)
	last := seeded[len(seeded)-1].Message.ID

	annaItem := chromedp.CSS(fmt.Sprintf(`.chat-item[data-chat-id="%d"]`, w.customer.ID))
	step("open the playground", chromedp.EmulateViewport(width, height), chromedp.Navigate(w.url+"/"), chromedp.WaitVisible(annaItem))
	until("nothing wider than the screen", noSideScroll)
	step("open Anna's chat", chromedp.Click(annaItem), chromedp.WaitVisible(chromedp.ID("input")))
	if narrow {
		until("the chat alone on the screen", `!`+shown(".sidebar")+` && !`+shown(".topics"))
	} else {
		until("the chat list beside the chat", shown(".sidebar"))
	}
	until("the newest message in view", has(newest, "Earlier note 30")+` && `+inView(newest))

	// The date chip never lies over a message.
	step("scroll to the middle", chromedp.Evaluate[chromedp.Void](`(() => { const m = document.getElementById('messages'); m.scrollTop = m.scrollHeight / 2; })()`))
	until("the date chip clear of the messages", `(() => { const d = document.querySelector('#messages .service-row.day .service').getBoundingClientRect();
		return Array.from(document.querySelectorAll('#messages .bubble')).every((b) => { const r = b.getBoundingClientRect(); return r.bottom <= d.top || r.top >= d.bottom; }); })()`)

	// Scrolled up, the person sends: the chat comes to its newest message.
	step("scroll up", chromedp.Evaluate[chromedp.Void](`(() => { const m = document.getElementById('messages'); m.scrollTop = 0; m.dispatchEvent(new Event('scroll')); })()`))
	step("write and send", chromedp.SendKeys(chromedp.ID("input"), "My kettle leaks"), chromedp.Click(chromedp.ID("send")))
	q, err := w.sim.WaitEntry(ctx, w.customer.ID, func(e telegramsim.Entry) bool {
		return e.FromBot && e.Message.ID > last && strings.Contains(e.Message.Text, "warranty")
	})
	if err != nil {
		t.Fatal(err)
	}
	question := fmt.Sprintf(`#messages .row[data-mid="%d"]`, q.Message.ID)
	until("the bot's question in view", has(newest, "still under warranty")+` && `+inView(newest))

	// The answer chosen stays readable once the bot takes the buttons off.
	step("answer No", chromedp.Click(chromedp.CSS(question+` .kb-btn:nth-child(2)`)))
	until("the question answered: its buttons greyed out, the choice marked", fmt.Sprintf(`(() => {
		const kb = document.querySelector(%s); if (!kb) return false;
		const buttons = Array.from(kb.querySelectorAll('.kb-btn')), chosen = kb.querySelectorAll('.kb-btn.chosen');
		return buttons.length === 3 && buttons.every((b) => b.disabled) && chosen.length === 1 && chosen[0].textContent.trim() === 'No'; })()`,
		strconv.Quote(question+" .inline-kb.answered"))+` && `+has(newest, "Noted, thank you.")+` && `+inView(newest))
	for _, e := range w.sim.Transcript(w.customer.ID) {
		if e.Message.ID == q.Message.ID && e.Message.ReplyMarkup != nil {
			t.Errorf("the bot's question still has its keyboard: %+v", e.Message.ReplyMarkup)
		}
	}

	// A reply keyboard opening under the chat keeps its newest message in view.
	step("ask for a call", chromedp.SendKeys(chromedp.ID("input"), "call me"), chromedp.Click(chromedp.ID("send")))
	until("the keyboard open under the question, both in view", `!document.getElementById('reply-kb').hidden && `+
		has(newest, "May we call you?")+` && `+inView(newest)+
		` && document.getElementById('reply-kb').getBoundingClientRect().bottom <= window.innerHeight + 1`)
	until("nothing wider than the screen, keyboard open", noSideScroll)
	step("hide the keyboard", chromedp.Click(chromedp.ID("kb-toggle")))
	until("the keyboard hidden, the question in view", `document.getElementById('reply-kb').hidden && `+inView(newest))
	step("show the keyboard again", chromedp.Click(chromedp.ID("kb-toggle")))
	until("the keyboard open again, the question in view", `!document.getElementById('reply-kb').hidden && `+inView(newest))

	// Scrolled up, a message from the bot does not move the chat: a pill
	// says it is there.
	step("scroll up again", chromedp.Evaluate[chromedp.Void](`(() => { const m = document.getElementById('messages'); m.scrollTop = 0; m.dispatchEvent(new Event('scroll')); })()`))
	w.botAPI(t, "sendMessage", map[string]any{"chat_id": w.customer.ID, "text": "Your replacement is on its way."})
	until("the new-messages pill, the chat unmoved", has(newest, "replacement is on its way")+
		` && !document.getElementById('new-below').hidden && document.getElementById('messages').scrollTop === 0`)
	step("follow the pill", chromedp.Click(chromedp.ID("new-below")))
	until("the newest message in view, the pill gone", inView(newest)+` && document.getElementById('new-below').hidden`)

	// The staff group: on a phone through its topic list, on a wide screen
	// beside the chats.
	groupItem := chromedp.CSS(fmt.Sprintf(`.chat-item[data-chat-id="%d"]`, w.group.ID))
	topicItem := chromedp.CSS(fmt.Sprintf(`.topic-item[data-thread="%d"]`, topic))
	if narrow {
		step("back to the chats", chromedp.Click(chromedp.ID("back")), chromedp.WaitVisible(groupItem))
		step("open the staff group", chromedp.Click(groupItem), chromedp.WaitVisible(topicItem))
		until("its topics alone on the screen", `!`+shown(".sidebar")+` && !`+shown(".pane"))
		step("open the topic", chromedp.Click(topicItem), chromedp.WaitVisible(chromedp.ID("input")))
		until("the topic's chat alone on the screen", `!`+shown(".sidebar")+` && !`+shown(".topics"))
	} else {
		step("open the staff group's topic", chromedp.Click(groupItem), chromedp.WaitVisible(topicItem), chromedp.Click(topicItem))
		until("chats, topics and the chat side by side", `(() => {
			const [a, b, c] = ['.sidebar', '.topics', '.pane'].map((s) => document.querySelector(s).getBoundingClientRect());
			return a.width > 0 && b.width > 0 && c.width >= 600 && a.right <= b.left && b.right <= c.left; })()`+
			` && !`+shown("#back")+` && !`+shown("#topics-back"))
	}
	step("write as Sam", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(
		`(() => { const s = document.getElementById('poster'); s.value = '%d'; s.dispatchEvent(new Event('change')); })()`, w.staff.ID)),
		chromedp.SendKeys(chromedp.ID("input"), "Replacement sent today"), chromedp.Click(chromedp.ID("send")))
	until("Sam's message and the bot's answer in the topic, in view", has("#messages .row.out .sender", "Sam")+` && `+
		has(newest, "still under warranty")+` && `+inView(newest))
	until("nothing wider than the screen in the staff group", noSideScroll)

	// The server stops: the page says so and holds the composer; it comes
	// back by itself when the server does.
	addr := strings.TrimPrefix(w.url, "http://")
	w.stop()
	until("the server-stopped banner, the composer held", `!document.getElementById('offline').hidden && `+
		has("#offline", "go run -tags demo ./cmd/complaintbot demo")+
		` && document.getElementById('input').disabled && document.getElementById('send').disabled`)
	until("nothing wider than the screen with the banner", noSideScroll)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen again on %s: %v", addr, err)
	}
	newPGWorldOn(t, ln)
	until("live again", `document.getElementById('offline').hidden && !document.getElementById('input').disabled && `+
		has("#status", "live"))
	if p := problems(); len(p) > 0 {
		t.Errorf("the page reported errors: %v", p)
	}
}
