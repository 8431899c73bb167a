package playground

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/complaintbot/complaintbot/telegramsim"
)

// maxPlaygroundJSON bounds the body of the playground's JSON requests.
const maxPlaygroundJSON = 64 << 10

// pgPost is what a person does in a pane: write as a user (From; in a
// private chat the user is the chat), in a forum topic (Thread) and maybe
// in reply to a message (ReplyTo).
type pgPost struct {
	From      int64   `json:"from"`
	Text      string  `json:"text"`
	Thread    int     `json:"thread"`
	ReplyTo   int     `json:"reply_to"`
	Phone     string  `json:"phone"`
	MessageID int     `json:"message_id"`
	Data      string  `json:"data"`
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

// opts are the post's topic and reply as send options.
func (q pgPost) opts() []telegramsim.SendOption {
	var out []telegramsim.SendOption
	if q.Thread != 0 {
		out = append(out, telegramsim.ThreadID(q.Thread))
	}
	if q.ReplyTo != 0 {
		out = append(out, telegramsim.ReplyTo(q.ReplyTo))
	}
	return out
}

// readPost decodes a JSON post for the chat in the path.
func readPost(w http.ResponseWriter, r *http.Request) (int64, pgPost, bool) {
	var q pgPost
	chatID, err := strconv.ParseInt(r.PathValue("chat"), 10, 64)
	if err != nil {
		writeJSONError(w, http.StatusNotFound, "no such chat")
		return 0, q, false
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxPlaygroundJSON)).Decode(&q); err != nil {
		writeJSONError(w, http.StatusBadRequest, "the request is not valid JSON")
		return 0, q, false
	}
	if chatID > 0 {
		q.From = chatID
	}
	return chatID, q, true
}

// userError says why the simulator refused what the person did, in words
// for the page (the simulator's errors start with its package name).
func userError(err error) string {
	msg := strings.TrimPrefix(err.Error(), "telegramsim: ")
	switch {
	case strings.Contains(msg, "TOPIC_CLOSED"):
		return "This topic is closed: only the group's owner can write in it."
	case strings.Contains(msg, "message thread not found"):
		return "This topic no longer exists."
	case strings.Contains(msg, "message to be replied not found"):
		return "The message you reply to is gone."
	}
	return msg
}

// sendMessage posts a text as JSON, or photos and files as a multipart
// form (see sendFiles).
func (p *playground) sendMessage(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		p.sendFiles(w, r)
		return
	}
	chatID, q, ok := readPost(w, r)
	if !ok {
		return
	}
	if strings.TrimSpace(q.Text) == "" {
		writeJSONError(w, http.StatusBadRequest, "Write something first.")
		return
	}
	m, err := p.s.SendText(chatID, q.From, q.Text, q.opts()...)
	if err != nil {
		writeJSONError(w, http.StatusBadRequest, userError(err))
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"message_id": m.ID})
}

// sendContact shares the user's phone number, as a request_contact button
// does in Telegram.
func (p *playground) sendContact(w http.ResponseWriter, r *http.Request) {
	chatID, q, ok := readPost(w, r)
	if !ok {
		return
	}
	phone := strings.TrimSpace(q.Phone)
	if !validPhone(phone) {
		writeJSONError(w, http.StatusBadRequest, "Enter a phone number: digits, spaces and an optional leading +.")
		return
	}
	name := ""
	for _, c := range p.s.Chats() {
		if c.ID == q.From && c.User != nil {
			name = c.User.FirstName
		}
	}
	m, err := p.s.SendContact(chatID, q.From, phone, name)
	if err != nil {
		writeJSONError(w, http.StatusBadRequest, userError(err))
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"message_id": m.ID})
}

// validPhone accepts a phone number as a person types it: an optional
// leading +, then 4 to 31 digits, spaces, dashes and parentheses, starting
// with a digit.
func validPhone(s string) bool {
	s = strings.TrimPrefix(s, "+")
	if len(s) < 4 || len(s) > 31 || s[0] < '0' || s[0] > '9' {
		return false
	}
	return strings.Trim(s, "0123456789 ()-") == ""
}

// sendLocation shares a location, as a request_location button does.
func (p *playground) sendLocation(w http.ResponseWriter, r *http.Request) {
	chatID, q, ok := readPost(w, r)
	if !ok {
		return
	}
	if q.Latitude < -90 || q.Latitude > 90 || q.Longitude < -180 || q.Longitude > 180 {
		writeJSONError(w, http.StatusBadRequest, "That is not a place on Earth.")
		return
	}
	m, err := p.s.SendLocation(chatID, q.From, q.Latitude, q.Longitude, q.opts()...)
	if err != nil {
		writeJSONError(w, http.StatusBadRequest, userError(err))
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"message_id": m.ID})
}

// press presses an inline keyboard button; the bot's answer arrives later
// on the event stream as a callback_answer with the returned query id. The
// press is recorded with the message's keyboard (see pgPressed) and
// returned as "pressed".
func (p *playground) press(w http.ResponseWriter, r *http.Request) {
	chatID, q, ok := readPost(w, r)
	if !ok {
		return
	}
	id, pressed, err := p.pressButton(chatID, q)
	if err != nil {
		writeJSONError(w, http.StatusBadRequest, userError(err))
		return
	}
	// The keyboard is the simulator's: it is encoded as the simulator's
	// values must be.
	body, err := p.s.EncodeJSON(map[string]any{"query_id": id, "pressed": pressed})
	if err != nil {
		writeJSONError(w, http.StatusInternalServerError, "could not encode the answer")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

// pressButton presses the button and records the press.
func (p *playground) pressButton(chatID int64, q pgPost) (string, pgPressed, error) {
	p.presses.mu.Lock()
	defer p.presses.mu.Unlock()
	pressed := pgPressed{Data: q.Data}
	entries := p.s.Transcript(chatID)
	for i := len(entries) - 1; i >= 0; i-- {
		if m := entries[i].Message; m.ID == q.MessageID {
			pressed.Keyboard = m.ReplyMarkup
			break
		}
	}
	id, err := p.s.PressButton(chatID, q.From, q.MessageID, q.Data)
	if err == nil {
		p.presses.putLocked(chatID, q.MessageID, pressed)
	}
	return id, pressed, err
}

// pgNewUser is the "Add customer" form.
type pgNewUser struct {
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Username  string `json:"username"`
	Language  string `json:"language"`
}

// addUser adds a customer: a new user who can then write to the bot.
func (p *playground) addUser(w http.ResponseWriter, r *http.Request) {
	var q pgNewUser
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxPlaygroundJSON)).Decode(&q); err != nil {
		writeJSONError(w, http.StatusBadRequest, "the request is not valid JSON")
		return
	}
	u, problem := newCustomer(q)
	if problem != "" {
		writeJSONError(w, http.StatusBadRequest, problem)
		return
	}
	u = p.s.AddUser(u)
	writeJSON(w, http.StatusOK, map[string]any{"id": u.ID, "first_name": u.FirstName, "username": u.Username, "language_code": u.LanguageCode})
}

// newCustomer checks the form as Telegram's sign-up would; problem says
// what is wrong, for the person.
func newCustomer(q pgNewUser) (u telegramsim.User, problem string) {
	u = telegramsim.User{
		FirstName: strings.TrimSpace(q.FirstName),
		LastName:  strings.TrimSpace(q.LastName),
		Username:  strings.TrimPrefix(strings.TrimSpace(q.Username), "@"),
	}
	switch q.Language {
	case "", "en":
		u.LanguageCode = "en"
	case "zh-hans":
		u.LanguageCode = "zh-hans"
	default:
		return u, "Choose English or 简体中文."
	}
	switch {
	case u.FirstName == "" || utf8.RuneCountInString(u.FirstName) > 64:
		return u, "A first name has 1 to 64 characters."
	case utf8.RuneCountInString(u.LastName) > 64:
		return u, "A last name has at most 64 characters."
	case u.Username != "" && !validUsername(u.Username):
		return u, "A username has 5 to 32 letters, digits or _ and starts with a letter."
	}
	return u, ""
}

// validUsername is Telegram's rule for usernames: 5 to 32 characters of
// A-Z, a-z, 0-9 and _, starting with a letter.
func validUsername(s string) bool {
	if len(s) < 5 || len(s) > 32 {
		return false
	}
	for i, r := range s {
		letter := (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
		if !letter && (i == 0 || !(r == '_' || (r >= '0' && r <= '9'))) {
			return false
		}
	}
	return true
}
