package telegramsim

import (
	"encoding/json"
	"net/http"

	"github.com/go-telegram/bot/models"
)

// playgroundHistory is how many of a chat's latest messages the playground
// loads; older ones stay in the simulator's Transcript.
const playgroundHistory = 500

// pgState is everything the playground shows, as its page loads it.
type pgState struct {
	Bot   pgBot    `json:"bot"`
	Chats []pgChat `json:"chats"`
}

// pgBot is the simulated bot as the playground names it.
type pgBot struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Username string `json:"username"`
}

// pgChat is one pane of the playground: a user's private chat with the bot
// or a group.
type pgChat struct {
	ID        int64     `json:"id"`
	Type      string    `json:"type"`
	Title     string    `json:"title"`
	Username  string    `json:"username,omitempty"`
	Language  string    `json:"language,omitempty"`
	Forum     bool      `json:"forum,omitempty"`
	BotStatus string    `json:"bot_status"`
	Started   bool      `json:"started"`
	Members   []pgUser  `json:"members,omitempty"`
	Topics    []pgTopic `json:"topics,omitempty"`
	// Keyboard is the reply keyboard the bot shows in the chat now.
	Keyboard *models.ReplyKeyboardMarkup `json:"keyboard,omitempty"`
	Messages []pgEntry                   `json:"messages,omitempty"`
}

// pgUser is a group member; Role is "owner" (the group's creator) or
// "staff".
type pgUser struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Username string `json:"username,omitempty"`
	Role     string `json:"role"`
}

// pgTopic is a forum topic.
type pgTopic struct {
	ThreadID  int    `json:"thread_id"`
	Name      string `json:"name"`
	IconColor int    `json:"icon_color"`
	Closed    bool   `json:"closed,omitempty"`
	Deleted   bool   `json:"deleted,omitempty"`
}

// pgEntry is one message in its current version, as Telegram's JSON.
type pgEntry struct {
	Message *models.Message `json:"message"`
	FromBot bool            `json:"from_bot,omitempty"`
	Edited  bool            `json:"edited,omitempty"`
}

// snapshot collects the playground's whole state; withMessages adds each
// chat's latest messages.
func (p *playground) snapshot(withMessages bool) pgState {
	st := pgState{Bot: pgBot{ID: p.s.me.ID, Name: p.s.me.FirstName, Username: p.s.me.Username}}
	infos := p.s.Chats()
	for _, info := range infos {
		c := p.chat(info, infos)
		if withMessages {
			c.Messages = latest(p.s.Transcript(info.ID))
		}
		st.Chats = append(st.Chats, c)
	}
	return st
}

// chat describes one chat; all lists every chat, to name group members.
func (p *playground) chat(info ChatInfo, all []ChatInfo) pgChat {
	c := pgChat{ID: info.ID, Type: info.Type, Title: info.Title, Forum: info.Forum, BotStatus: info.BotStatus, Started: info.Started}
	if info.User != nil {
		c.Username, c.Language = info.User.Username, info.User.LanguageCode
	}
	for i, id := range info.Members {
		m := pgUser{ID: id, Name: "User", Role: "staff"}
		if i == 0 {
			m.Role = "owner"
		}
		for _, other := range all {
			if other.ID == id && other.User != nil {
				m.Name, m.Username = other.Title, other.User.Username
			}
		}
		c.Members = append(c.Members, m)
	}
	for _, t := range p.s.Topics(info.ID) {
		c.Topics = append(c.Topics, topicOf(t))
	}
	c.Keyboard = p.s.ReplyKeyboard(info.ID)
	return c
}

func topicOf(t Topic) pgTopic {
	return pgTopic{ThreadID: t.ThreadID, Name: t.Name, IconColor: t.IconColor, Closed: t.Closed, Deleted: t.Deleted}
}

// latest keeps the last playgroundHistory messages that were not deleted.
func latest(entries []Entry) []pgEntry {
	out := []pgEntry{}
	for _, e := range entries {
		if !e.Deleted {
			out = append(out, pgEntry{Message: e.Message, FromBot: e.FromBot, Edited: e.Edited})
		}
	}
	if len(out) > playgroundHistory {
		out = out[len(out)-playgroundHistory:]
	}
	return out
}

// state serves the snapshot as JSON.
func (p *playground) state(w http.ResponseWriter, r *http.Request) {
	body, err := p.s.EncodeJSON(p.snapshot(true))
	if err != nil {
		p.s.log.Error("telegramsim: playground state", "err", err)
		writeJSONError(w, http.StatusInternalServerError, "could not encode the state")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(body)
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeJSONError answers {"error": msg}, which the page shows to the person.
func writeJSONError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}
