package playground

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
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

	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(tab, actions...); err != nil {
			shot(t, tab, filepath.Join(os.TempDir(), "playground-failure.png"))
			t.Fatalf("%s: %v (page errors: %v; screenshot in %s)", what, err, problems(), filepath.Join(os.TempDir(), "playground-failure.png"))
		}
	}
	until := func(what, cond string) {
		t.Helper()
		step(what, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingInterval(25*time.Millisecond)))
	}
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
