package playground

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim"
)

const pgToken = "424242:playground-secret"

// telegramBlue is the icon colour Telegram gives a topic created without one.
const telegramBlue = 0x6FB9F0

// pgWorld is a simulator with its playground behind an HTTP server: a
// customer, and a forum staff group with an owner and a staffer.
type pgWorld struct {
	sim      *telegramsim.Server
	srv      *httptest.Server
	url      string
	customer telegramsim.User
	owner    telegramsim.User
	staff    telegramsim.User
	group    telegramsim.Group
}

func newPGWorld(t *testing.T) *pgWorld {
	t.Helper()
	return newPGWorldOn(t, nil)
}

// newPGWorldOn is newPGWorld serving on ln, or on a new local port when ln
// is nil.
func newPGWorldOn(t *testing.T, ln net.Listener) *pgWorld {
	t.Helper()
	sim, err := telegramsim.New(telegramsim.Options{Token: pgToken, BotUsername: "ShopDeskBot", BotName: "Shop Desk"})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	Enable(sim)
	ts := httptest.NewUnstartedServer(sim)
	if ln != nil {
		_ = ts.Listener.Close()
		ts.Listener = ln
	}
	ts.Start()
	w := &pgWorld{sim: sim, srv: ts, url: ts.URL}
	t.Cleanup(w.stop)
	w.customer = sim.AddUser(telegramsim.User{FirstName: "Anna", LastName: "Berg", Username: "anna_b", LanguageCode: "en"})
	w.owner = sim.AddUser(telegramsim.User{FirstName: "Zhang", LastName: "Wei", LanguageCode: "zh-hans"})
	w.staff = sim.AddUser(telegramsim.User{FirstName: "Sam", LanguageCode: "en"})
	w.group = sim.AddGroup(telegramsim.Group{Title: "Shop staff", Forum: true, BotIsAdmin: true, Members: []int64{w.owner.ID, w.staff.ID}})
	return w
}

// stop closes the simulator and then its HTTP server: closing the
// simulator ends the event streams, which the server's Close would
// otherwise wait for. Stopping again does nothing.
func (w *pgWorld) stop() {
	_ = w.sim.Close()
	w.srv.Close()
}

// startBot runs a real go-telegram/bot client against the simulator with
// handler as its default handler, until the test ends.
func (w *pgWorld) startBot(t *testing.T, handler bot.HandlerFunc) *bot.Bot {
	t.Helper()
	b, err := bot.New(pgToken, bot.WithServerURL(w.url), bot.WithDefaultHandler(handler), bot.WithErrorsHandler(func(error) {}))
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		b.Start(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return b
}

// botAPI calls the Bot API as the bot would, without a client library.
func (w *pgWorld) botAPI(t *testing.T, method string, params map[string]any) json.RawMessage {
	t.Helper()
	if params == nil {
		params = map[string]any{}
	}
	body, _ := json.Marshal(params)
	resp, err := http.Post(w.url+"/bot"+pgToken+"/"+method, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	defer func() { _ = resp.Body.Close() }()
	var a struct {
		OK          bool            `json:"ok"`
		Result      json.RawMessage `json:"result"`
		Description string          `json:"description"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil || !a.OK {
		t.Fatalf("%s: %v %s", method, err, a.Description)
	}
	return a.Result
}

// post sends a JSON request as the playground page does and decodes the
// answer into out (when not nil); it returns the HTTP status.
func (w *pgWorld) post(t *testing.T, path string, body any, out any) int {
	t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, w.url+path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Playground", "1")
	return pgDo(t, req, out)
}

func pgDo(t *testing.T, req *http.Request, out any) int {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer func() { _ = resp.Body.Close() }()
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatalf("%s %s: decode answer: %v", req.Method, req.URL.Path, err)
		}
	}
	return resp.StatusCode
}

func (w *pgWorld) state(t *testing.T) pgStateView {
	t.Helper()
	resp, err := http.Get(w.url + "/playground/api/state")
	if err != nil {
		t.Fatalf("state: %v", err)
	}
	defer func() { _ = resp.Body.Close() }()
	var st pgStateView
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatalf("state: %v", err)
	}
	return st
}

// pgStateView is the state as the page decodes it.
type pgStateView struct {
	Bot   pgBot `json:"bot"`
	Chats []struct {
		pgChat
		Keyboard *models.ReplyKeyboardMarkup `json:"keyboard"`
		Messages []struct {
			Message models.Message `json:"message"`
			FromBot bool           `json:"from_bot"`
			Edited  bool           `json:"edited"`
			Pressed *pgPressed     `json:"pressed"`
		} `json:"messages"`
	} `json:"chats"`
}

// pgWait polls cond until it holds or ctx ends.
func pgWait(ctx context.Context, t *testing.T, what string, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("waiting for %s: %v", what, ctx.Err())
		case <-tick.C:
		}
	}
}

// chatPath is the playground route of one chat's action.
func chatPath(chatID int64, action string) string {
	return "/playground/api/chats/" + strconv.FormatInt(chatID, 10) + "/" + action
}

func pgContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestPlaygroundServesPageNextToTheAPI(t *testing.T) {
	t.Parallel()
	w := newPGWorld(t)
	Enable(w.sim) // a second call changes nothing

	resp, err := http.Get(w.url + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), "<title>complaintbot playground</title>") {
		t.Errorf("GET / = %d %.80q, want the playground page", resp.StatusCode, page)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("page policy = %q, want only the page's own scripts", csp)
	}
	for _, asset := range []string{"app.js", "style.css", "store.js", "message.js"} {
		resp, err := http.Get(w.url + "/playground/static/" + asset)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d", asset, resp.StatusCode)
		}
	}
	var me models.User
	if err := json.Unmarshal(w.botAPI(t, "getMe", nil), &me); err != nil || me.Username != "ShopDeskBot" {
		t.Errorf("getMe next to the playground = %+v, %v", me, err)
	}
}

func TestPlaygroundStateShowsChatsTopicsAndMessages(t *testing.T) {
	t.Parallel()
	w := newPGWorld(t)
	if _, err := w.sim.SendText(w.customer.ID, w.customer.ID, "/start"); err != nil {
		t.Fatal(err)
	}
	w.botAPI(t, "sendMessage", map[string]any{
		"chat_id": w.customer.ID, "text": "<b>Hello</b>, what went wrong?", "parse_mode": "HTML",
		"reply_markup": map[string]any{"inline_keyboard": [][]map[string]string{{{"text": "Broken", "callback_data": "why:broken"}}}},
	})
	w.botAPI(t, "sendMessage", map[string]any{
		"chat_id": w.customer.ID, "text": "May we call you?",
		"reply_markup": map[string]any{"keyboard": [][]map[string]any{{{"text": "Share my phone", "request_contact": true}}}},
	})
	open, err := w.sim.CreateTopic(w.group.ID, w.owner.ID, "Ticket 1 · Anna")
	if err != nil {
		t.Fatal(err)
	}
	closed, err := w.sim.CreateTopic(w.group.ID, w.owner.ID, "Ticket 2 · Bo")
	if err != nil {
		t.Fatal(err)
	}
	w.botAPI(t, "closeForumTopic", map[string]any{"chat_id": w.group.ID, "message_thread_id": closed})

	st := w.state(t)
	if st.Bot.Name != "Shop Desk" || st.Bot.Username != "ShopDeskBot" {
		t.Errorf("bot = %+v", st.Bot)
	}
	byID := map[int64]int{}
	for i, c := range st.Chats {
		byID[c.ID] = i
	}
	anna := st.Chats[byID[w.customer.ID]]
	if anna.Title != "Anna Berg" || anna.Language != "en" || anna.Type != "private" || !anna.Started {
		t.Errorf("customer chat = %+v", anna.pgChat)
	}
	if n := len(anna.Messages); n != 3 {
		t.Fatalf("customer chat has %d messages, want 3", n)
	}
	hello := anna.Messages[1]
	if !hello.FromBot || hello.Message.Text != "Hello, what went wrong?" || len(hello.Message.Entities) != 1 ||
		hello.Message.ReplyMarkup == nil || hello.Message.ReplyMarkup.InlineKeyboard[0][0].CallbackData != "why:broken" {
		t.Errorf("bot message = %+v", hello)
	}
	if anna.Keyboard == nil || !anna.Keyboard.Keyboard[0][0].RequestContact {
		t.Errorf("reply keyboard = %+v, want the share-contact button", anna.Keyboard)
	}
	staff := st.Chats[byID[w.group.ID]]
	wantMembers := []pgUser{{ID: w.owner.ID, Name: "Zhang Wei", Role: "owner"}, {ID: w.staff.ID, Name: "Sam", Role: "staff"}}
	if !staff.Forum || len(staff.Members) != 2 || staff.Members[0] != wantMembers[0] || staff.Members[1] != wantMembers[1] {
		t.Errorf("group = %+v, want a forum with %+v", staff.pgChat, wantMembers)
	}
	wantTopics := []pgTopic{{ThreadID: open, Name: "Ticket 1 · Anna", IconColor: telegramBlue}, {ThreadID: closed, Name: "Ticket 2 · Bo", IconColor: telegramBlue, Closed: true}}
	if len(staff.Topics) != 2 || staff.Topics[0] != wantTopics[0] || staff.Topics[1] != wantTopics[1] {
		t.Errorf("topics = %+v, want %+v", staff.Topics, wantTopics)
	}
}

func TestPlaygroundPostsReachTheBot(t *testing.T) {
	t.Parallel()
	w := newPGWorld(t)
	got := make(chan *models.Message, 8)
	w.startBot(t, func(_ context.Context, _ *bot.Bot, u *models.Update) {
		if u.Message != nil {
			got <- u.Message
		}
	})
	ctx := pgContext(t)
	// next is the next message the bot receives that is not a service
	// message about the group itself (the bot joining it).
	next := func() *models.Message {
		t.Helper()
		for {
			select {
			case m := <-got:
				if len(m.NewChatMembers) == 0 {
					return m
				}
			case <-ctx.Done():
				t.Fatal("the bot received nothing")
				return nil
			}
		}
	}

	var sent struct {
		MessageID int `json:"message_id"`
	}
	if code := w.post(t, chatPath(w.customer.ID, "messages"), map[string]any{"text": "My kettle leaks"}, &sent); code != http.StatusOK {
		t.Fatalf("post text = %d", code)
	}
	if m := next(); m.Text != "My kettle leaks" || m.From.ID != w.customer.ID || m.Chat.ID != w.customer.ID || m.ID != sent.MessageID {
		t.Errorf("bot got %+v, want the customer's text as message %d", m, sent.MessageID)
	}

	topic, err := w.sim.CreateTopic(w.group.ID, w.owner.ID, "Ticket 1")
	if err != nil {
		t.Fatal(err)
	}
	if m := next(); m.ForumTopicCreated == nil {
		t.Fatalf("bot got %+v, want the topic's creation", m)
	}
	post := map[string]any{"from": w.staff.ID, "text": "On it", "thread": topic, "reply_to": topic}
	if code := w.post(t, chatPath(w.group.ID, "messages"), post, nil); code != http.StatusOK {
		t.Fatalf("post into topic = %d", code)
	}
	if m := next(); m.Text != "On it" || m.From.ID != w.staff.ID || m.MessageThreadID != topic || !m.IsTopicMessage {
		t.Errorf("bot got %+v, want Sam's message in topic %d", m, topic)
	}

	if code := w.post(t, chatPath(w.customer.ID, "contact"), map[string]any{"phone": "+44 7700 900123"}, nil); code != http.StatusOK {
		t.Fatalf("post contact = %d", code)
	}
	if m := next(); m.Contact == nil || m.Contact.PhoneNumber != "+44 7700 900123" || m.Contact.UserID != w.customer.ID || m.Contact.FirstName != "Anna" {
		t.Errorf("bot got %+v, want Anna's own contact", m.Contact)
	}
}
