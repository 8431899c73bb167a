package playground

import (
	"fmt"
	"net/http"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim"
)

const (
	// sseWriteTimeout disconnects a browser that stops reading; its page
	// reconnects and loads a fresh snapshot.
	sseWriteTimeout = 10 * time.Second
	// sseHeartbeat keeps proxies and the browser from closing an idle stream.
	sseHeartbeat = 20 * time.Second
)

// pgEvent is one change in the world as the page receives it.
type pgEvent struct {
	Kind      string      `json:"kind"`
	ChatID    int64       `json:"chat_id"`
	Entry     *pgEntry    `json:"entry,omitempty"`
	MessageID int         `json:"message_id,omitempty"`
	Topic     *pgTopic    `json:"topic,omitempty"`
	Callback  *pgCallback `json:"callback,omitempty"`
	Chat      *pgChat     `json:"chat,omitempty"`
	Action    string      `json:"action,omitempty"`
	// Reaction is the bot's reaction on message MessageID now ("reaction"
	// events); absent when the bot took it away.
	Reaction string      `json:"reaction,omitempty"`
	Keyboard *pgKeyboard `json:"keyboard,omitempty"`
}

// pgKeyboard is the chat's reply keyboard after a change; Markup is null
// when the keyboard is gone.
type pgKeyboard struct {
	Markup *models.ReplyKeyboardMarkup `json:"markup"`
}

// pgCallback is the bot's answer to a pressed button.
type pgCallback struct {
	QueryID   string `json:"query_id"`
	Text      string `json:"text,omitempty"`
	ShowAlert bool   `json:"show_alert,omitempty"`
	URL       string `json:"url,omitempty"`
}

// events streams the world's changes as Server-Sent Events: first a
// "snapshot" event with the whole state, then one "change" event per
// Event, and a "clock" event whenever the clock moved (WithClock). The
// simulator never waits for the stream: its feed drops events for a
// subscriber that falls behind, and when this stream's buffer was full
// (events may have been lost) it sends a fresh snapshot instead.
func (p *playground) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	feed, cancel := p.s.Subscribe()
	defer cancel()
	send := func(name string, v any) bool {
		body, err := p.s.EncodeJSON(v)
		if err != nil {
			p.s.Logger().Error("playground: event", "err", err)
			return true
		}
		_ = rc.SetWriteDeadline(time.Now().Add(sseWriteTimeout))
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", name, body); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	// moved is taken before the snapshot's time is read, and again before
	// each "clock" event's: no move falls between.
	moved := p.clock.moved()
	if !send("snapshot", p.snapshot(true)) {
		return
	}
	beat := time.NewTicker(sseHeartbeat)
	defer beat.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-p.s.Done():
			return
		case <-moved:
			moved = p.clock.moved()
			if !send("clock", p.clock.state()) {
				return
			}
		case <-beat.C:
			_ = rc.SetWriteDeadline(time.Now().Add(sseWriteTimeout))
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil || rc.Flush() != nil {
				return
			}
		case e, ok := <-feed:
			if !ok {
				return
			}
			// A feed that was full before this event was taken may have
			// lost events since: a fresh snapshot replaces this event and
			// the ones queued, which it covers.
			if len(feed) >= cap(feed)-1 {
				if !drain(feed) || !send("snapshot", p.snapshot(true)) {
					return
				}
				continue
			}
			if !send("change", p.event(e)) {
				return
			}
		}
	}
}

// drain discards the queued events; it reports false when the feed closed.
func drain(feed <-chan telegramsim.Event) bool {
	for {
		select {
		case _, ok := <-feed:
			if !ok {
				return false
			}
		default:
			return true
		}
	}
}

// event turns a simulator event into the page's form.
func (p *playground) event(e telegramsim.Event) pgEvent {
	out := pgEvent{Kind: e.Kind, ChatID: e.ChatID, MessageID: e.MessageID, Action: e.Action, Reaction: e.Reaction}
	switch e.Kind {
	case telegramsim.EventMessage, telegramsim.EventEdit:
		out.Entry = &pgEntry{Message: e.Message, FromBot: e.FromBot, Edited: e.Kind == telegramsim.EventEdit,
			Pressed: p.pressedOn(e.ChatID, e.Message, e.FromBot)}
		out.Keyboard = &pgKeyboard{Markup: p.s.ReplyKeyboard(e.ChatID)}
	case telegramsim.EventDelete:
		out.Keyboard = &pgKeyboard{Markup: p.s.ReplyKeyboard(e.ChatID)}
	}
	if e.Topic != nil {
		out.Topic = new(topicOf(*e.Topic))
	}
	if e.Callback != nil {
		out.Callback = &pgCallback{QueryID: e.Callback.QueryID, Text: e.Callback.Text, ShowAlert: e.Callback.ShowAlert, URL: e.Callback.URL}
	}
	if e.Chat != nil {
		out.Chat = new(p.chat(*e.Chat))
	}
	return out
}
