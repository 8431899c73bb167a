package playground

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim"
)

// sseEvent is one Server-Sent Event.
type sseEvent struct {
	name string
	data string
}

// readSSE reads events from an event stream until the body closes.
func readSSE(body io.Reader, out chan<- sseEvent) {
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 0, 64<<10), 8<<20)
	var ev sseEvent
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if ev.name != "" {
				out <- ev
			}
			ev = sseEvent{}
		case strings.HasPrefix(line, "event: "):
			ev.name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			ev.data = strings.TrimPrefix(line, "data: ")
		}
	}
	close(out)
}

func TestPlaygroundStreamsBotMessagesAndAnswers(t *testing.T) {
	t.Parallel()
	w := newPGWorld(t)
	ctx := pgContext(t)
	w.startBot(t, func(ctx context.Context, b *bot.Bot, u *models.Update) {
		switch {
		case u.Message != nil && u.Message.Text != "":
			_, _ = b.SendMessage(ctx, &bot.SendMessageParams{
				ChatID: u.Message.Chat.ID, Text: "We have your message: " + u.Message.Text,
				ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "Helpful", CallbackData: "rate:up"}}}},
			})
		case u.CallbackQuery != nil:
			_, _ = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: u.CallbackQuery.ID, Text: "Thanks!", ShowAlert: true})
		}
	})

	streamCtx, stop := context.WithCancel(ctx)
	defer stop()
	req, _ := http.NewRequestWithContext(streamCtx, http.MethodGet, w.url+"/playground/api/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type = %q", ct)
	}
	events := make(chan sseEvent, 64)
	go readSSE(resp.Body, events)
	until := func(what string, match func(sseEvent, pgEventView) bool) pgEventView {
		t.Helper()
		for {
			select {
			case ev, ok := <-events:
				if !ok {
					t.Fatalf("stream ended before %s", what)
				}
				var v pgEventView
				if ev.name == "change" {
					if err := json.Unmarshal([]byte(ev.data), &v); err != nil {
						t.Fatalf("change %s: %v", ev.data, err)
					}
				}
				if match(ev, v) {
					return v
				}
			case <-ctx.Done():
				t.Fatalf("no %s on the stream", what)
			}
		}
	}
	until("snapshot", func(ev sseEvent, _ pgEventView) bool {
		return ev.name == "snapshot" && strings.Contains(ev.data, `"title":"Anna Berg"`)
	})

	w.post(t, chatPath(w.customer.ID, "messages"), map[string]any{"text": "Hi <b>there</b>"}, nil)
	answer := until("the bot's answer", func(_ sseEvent, v pgEventView) bool {
		return v.Kind == telegramsim.EventMessage && v.Entry != nil && v.Entry.FromBot && v.ChatID == w.customer.ID
	})
	if answer.Entry.Message.Text != "We have your message: Hi <b>there</b>" {
		t.Errorf("bot message on the stream = %+v", answer.Entry.Message)
	}

	var pressed struct {
		QueryID string `json:"query_id"`
	}
	press := map[string]any{"message_id": answer.Entry.Message.ID, "data": "rate:up"}
	if code := w.post(t, chatPath(w.customer.ID, "press"), press, &pressed); code != http.StatusOK || pressed.QueryID == "" {
		t.Fatalf("press = %d %+v", code, pressed)
	}
	cb := until("the callback answer", func(_ sseEvent, v pgEventView) bool { return v.Kind == telegramsim.EventCallbackAnswer })
	if cb.Callback == nil || cb.Callback.QueryID != pressed.QueryID || cb.Callback.Text != "Thanks!" || !cb.Callback.ShowAlert {
		t.Errorf("callback answer = %+v, want an alert for query %s", cb.Callback, pressed.QueryID)
	}
}

// A pressed button is remembered with the keyboard it was on: the bot's
// edit that takes the keyboard off reaches the page with the press, and so
// does a later snapshot, so the page can still show the answer chosen.
func TestPlaygroundRemembersThePressedButton(t *testing.T) {
	t.Parallel()
	w := newPGWorld(t)
	ctx := pgContext(t)
	w.startBot(t, func(ctx context.Context, b *bot.Bot, u *models.Update) {
		switch {
		case u.Message != nil && u.Message.Text != "":
			_, _ = b.SendMessage(ctx, &bot.SendMessageParams{
				ChatID: u.Message.Chat.ID, Text: "Still under warranty?",
				ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
					{{Text: "Yes", CallbackData: "w:yes"}, {Text: "No", CallbackData: "w:no"}},
				}},
			})
		case u.CallbackQuery != nil:
			m := u.CallbackQuery.Message.Message
			_, _ = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: u.CallbackQuery.ID})
			_, _ = b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: m.Chat.ID, MessageID: m.ID,
				ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}}})
		}
	})
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, w.url+"/playground/api/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	events := make(chan sseEvent, 64)
	go readSSE(resp.Body, events)
	next := func(what string, match func(pgEventView) bool) pgEventView {
		t.Helper()
		for {
			select {
			case ev := <-events:
				var v pgEventView
				if ev.name == "change" && json.Unmarshal([]byte(ev.data), &v) == nil && match(v) {
					return v
				}
			case <-ctx.Done():
				t.Fatalf("no %s on the stream", what)
			}
		}
	}

	w.post(t, chatPath(w.customer.ID, "messages"), map[string]any{"text": "My kettle leaks"}, nil)
	q := next("the question", func(v pgEventView) bool { return v.Kind == telegramsim.EventMessage && v.Entry.FromBot })
	var pressed struct {
		QueryID string    `json:"query_id"`
		Pressed pgPressed `json:"pressed"`
	}
	press := map[string]any{"message_id": q.Entry.Message.ID, "data": "w:no"}
	if code := w.post(t, chatPath(w.customer.ID, "press"), press, &pressed); code != http.StatusOK || pressed.QueryID == "" {
		t.Fatalf("press = %d %+v", code, pressed)
	}
	wantPress := func(what string, p *pgPressed) {
		t.Helper()
		if p == nil || p.Data != "w:no" || p.Keyboard == nil || len(p.Keyboard.InlineKeyboard) != 1 || p.Keyboard.InlineKeyboard[0][1].Text != "No" {
			t.Errorf("%s: pressed = %+v, want No on the Yes/No keyboard", what, p)
		}
	}
	wantPress("the press's answer", &pressed.Pressed)

	edit := next("the keyboard taken off", func(v pgEventView) bool { return v.Kind == telegramsim.EventEdit })
	if edit.Entry.Message.ReplyMarkup != nil {
		t.Errorf("edited message keeps its keyboard: %+v", edit.Entry.Message.ReplyMarkup)
	}
	wantPress("the edit", edit.Entry.Pressed)
	found := false
	for _, c := range w.state(t).Chats {
		for _, m := range c.Messages {
			if c.ID == w.customer.ID && m.Message.ID == q.Entry.Message.ID {
				found = true
				wantPress("the snapshot", m.Pressed)
			}
		}
	}
	if !found {
		t.Error("the question is missing from the snapshot")
	}
}

// pgEventView is a change event as the page decodes it.
type pgEventView struct {
	Kind   string `json:"kind"`
	ChatID int64  `json:"chat_id"`
	Entry  *struct {
		Message models.Message `json:"message"`
		FromBot bool           `json:"from_bot"`
		Pressed *pgPressed     `json:"pressed"`
	} `json:"entry"`
	Callback *pgCallback `json:"callback"`
}

// stallingWriter is the response to a browser that stops reading: the
// first write (the snapshot) goes through, later ones wait for resume.
type stallingWriter struct {
	header http.Header
	resume chan struct{}
	mu     sync.Mutex
	writes int
	out    bytes.Buffer
}

func (sw *stallingWriter) Header() http.Header { return sw.header }
func (sw *stallingWriter) WriteHeader(int)     {}
func (sw *stallingWriter) Flush()              {}

func (sw *stallingWriter) Write(b []byte) (int, error) {
	sw.mu.Lock()
	sw.writes++
	stall := sw.writes > 1
	sw.mu.Unlock()
	if stall {
		<-sw.resume
	}
	sw.mu.Lock()
	defer sw.mu.Unlock()
	return sw.out.Write(b)
}

func (sw *stallingWriter) has(s string) bool {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	return bytes.Contains(sw.out.Bytes(), []byte(s))
}

// A browser tab that stops reading must not hold up the simulator or the
// other tabs, and once it reads again its page catches up with the world.
func TestPlaygroundStalledTabBlocksNobody(t *testing.T) {
	t.Parallel()
	w := newPGWorld(t)
	ctx := pgContext(t)

	stalled := &stallingWriter{header: http.Header{}, resume: make(chan struct{})}
	streamCtx, hangUp := context.WithCancel(ctx)
	req := httptest.NewRequestWithContext(streamCtx, http.MethodGet, "/playground/api/events", nil)
	handled := make(chan struct{})
	go func() {
		defer close(handled)
		(&playground{s: w.sim}).events(stalled, req)
	}()
	defer func() {
		hangUp()
		<-handled
	}()
	pgWait(ctx, t, "the stalled tab's snapshot", func() bool { return stalled.has("event: snapshot") })

	live := make(chan sseEvent, 4096)
	req, _ = http.NewRequestWithContext(ctx, http.MethodGet, w.url+"/playground/api/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	go readSSE(resp.Body, live)

	// More messages than the feed buffers for a subscriber.
	var last string
	for i := range telegramsim.SubscribeBuffer + 100 {
		last = fmt.Sprintf("complaint %d", i)
		if _, err := w.sim.SendText(w.customer.ID, w.customer.ID, last); err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
	}
	want := `"text":"` + last + `"`
	for shown := false; !shown; {
		select {
		case ev := <-live:
			shown = strings.Contains(ev.data, want)
		case <-ctx.Done():
			t.Fatal("the live tab never showed the last message")
		}
	}
	if w.sim.Stats().DroppedEvents == 0 {
		t.Fatal("precondition: the stalled tab should have lost events")
	}
	if stalled.has(want) {
		t.Fatal("precondition: the stalled tab should not have the last message yet")
	}

	// Reading again, the stalled tab must come to show the last message,
	// which only a fresh snapshot can bring it.
	close(stalled.resume)
	pgWait(ctx, t, "the stalled tab to catch up", func() bool { return stalled.has(want) })
}
