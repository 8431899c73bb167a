package playground

import (
	"encoding/json"
	"net/http"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim"
)

// playgroundHistory is how many of a chat's latest messages the playground
// loads; older ones stay in the simulator's Transcript.
const playgroundHistory = 500

// pgState is everything the playground shows, as its page loads it.
type pgState struct {
	Bot   pgBot    `json:"bot"`
	Chats []pgChat `json:"chats"`
	// Clock is the bot's time when the playground can move it (WithClock).
	Clock *pgClock `json:"clock,omitempty"`
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

// pgEntry is one message in its current version, as Telegram's JSON, the
// bot's reaction on it and the button last pressed under it, if any.
type pgEntry struct {
	Message  *models.Message `json:"message"`
	FromBot  bool            `json:"from_bot,omitempty"`
	Edited   bool            `json:"edited,omitempty"`
	Reaction string          `json:"reaction,omitempty"`
	Pressed  *pgPressed      `json:"pressed,omitempty"`
}

// snapshot collects the playground's whole state, at one moment;
// withMessages adds each chat's latest messages.
func (p *playground) snapshot(withMessages bool) pgState {
	bot := p.s.Bot()
	st := pgState{Bot: pgBot{ID: bot.ID, Name: bot.FirstName, Username: bot.Username}}
	if p.clock != nil {
		st.Clock = p.clock.state()
	}
	history := 0
	if withMessages {
		history = playgroundHistory
	}
	chats := p.s.Snapshot(history)
	users := make(map[int64]telegramsim.ChatInfo, len(chats))
	for _, c := range chats {
		if c.User != nil {
			users[c.ID] = c.ChatInfo
		}
	}
	for _, c := range chats {
		pc := chatOf(c, users)
		for _, e := range c.Messages {
			pc.Messages = append(pc.Messages, pgEntry{Message: e.Message, FromBot: e.FromBot, Edited: e.Edited, Reaction: e.Reaction,
				Pressed: p.pressedOn(c.ID, e.Message, e.FromBot)})
		}
		st.Chats = append(st.Chats, pc)
	}
	return st
}

// pressedOn is the press recorded on a bot message, or nil.
func (p *playground) pressedOn(chatID int64, m *models.Message, fromBot bool) *pgPressed {
	if !fromBot {
		return nil
	}
	return p.presses.get(chatID, m.ID)
}

// chatOf describes one chat; users are the private chats by user id, to
// name group members.
func chatOf(st telegramsim.ChatState, users map[int64]telegramsim.ChatInfo) pgChat {
	info := st.ChatInfo
	c := pgChat{ID: info.ID, Type: info.Type, Title: info.Title, Forum: info.Forum, BotStatus: info.BotStatus, Started: info.Started}
	if info.User != nil {
		c.Username, c.Language = info.User.Username, info.User.LanguageCode
	}
	for i, id := range info.Members {
		m := pgUser{ID: id, Name: "User", Role: "staff"}
		if i == 0 {
			m.Role = "owner"
		}
		if u, ok := users[id]; ok {
			m.Name, m.Username = u.Title, u.User.Username
		}
		c.Members = append(c.Members, m)
	}
	for _, t := range st.Topics {
		c.Topics = append(c.Topics, topicOf(t))
	}
	c.Keyboard = st.Keyboard
	return c
}

// chat describes one chat as it is now.
func (p *playground) chat(info telegramsim.ChatInfo) pgChat {
	users := map[int64]telegramsim.ChatInfo{}
	for _, c := range p.s.Chats() {
		if c.User != nil {
			users[c.ID] = c
		}
	}
	return chatOf(telegramsim.ChatState{ChatInfo: info, Topics: p.s.Topics(info.ID), Keyboard: p.s.ReplyKeyboard(info.ID)}, users)
}

func topicOf(t telegramsim.Topic) pgTopic {
	return pgTopic{ThreadID: t.ThreadID, Name: t.Name, IconColor: t.IconColor, Closed: t.Closed, Deleted: t.Deleted}
}

// state serves the snapshot as JSON.
func (p *playground) state(w http.ResponseWriter, r *http.Request) {
	body, err := p.s.EncodeJSON(p.snapshot(true))
	if err != nil {
		p.s.Logger().Error("playground: state", "err", err)
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
