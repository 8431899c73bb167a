package telegramsim

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"

	"github.com/go-telegram/bot/models"
)

// ErrClosed is returned by the waiting methods once the server is closed.
var ErrClosed = errors.New("telegramsim: server closed")

// waitFor waits until cond (called with s.mu held) is true, ctx ends (its
// error is returned) or the server closes (ErrClosed).
func (s *Server) waitFor(ctx context.Context, cond func() bool) error {
	return s.waitOn(ctx, func() <-chan struct{} { return s.changed }, cond)
}

// waitChat is waitFor for a condition on one chat's messages: it is
// checked again only when they change.
func (s *Server) waitChat(ctx context.Context, chatID int64, cond func() bool) error {
	return s.waitOn(ctx, func() <-chan struct{} { return s.chatChangedLocked(chatID) }, cond)
}

// waitOn checks cond with s.mu held, and again each time the channel
// changedLocked returns (with s.mu held) is closed.
func (s *Server) waitOn(ctx context.Context, changedLocked func() <-chan struct{}, cond func() bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for !cond() {
		changed := changedLocked()
		s.mu.Unlock()
		var err error
		select {
		case <-changed:
		case <-ctx.Done():
			err = ctx.Err()
		case <-s.done:
			err = ErrClosed
		}
		s.mu.Lock()
		if err != nil {
			return err
		}
	}
	return nil
}

// WaitBotMessage waits for the first message the bot sent into the chat
// with message_id greater than after (service messages such as a created
// topic do not count) and returns its current version. It fails when ctx
// ends first.
func (s *Server) WaitBotMessage(ctx context.Context, chatID int64, after int) (*models.Message, error) {
	var found *models.Message
	err := s.waitChat(ctx, chatID, func() bool {
		l, ok := s.world.logs[chatID]
		if !ok {
			return false
		}
		for _, r := range l.msgs {
			if r.fromBot && !r.service && !r.deleted && r.msg.ID > after {
				found = r.msg
				return true
			}
		}
		return false
	})
	if err != nil {
		return nil, fmt.Errorf("telegramsim: no bot message in chat %d after %d: %w", chatID, after, err)
	}
	return found, nil
}

// WaitEntry waits until the chat's transcript holds a message that match
// accepts, deleted ones included, and returns the first such. match runs
// with the simulator locked: it must not call the simulator. It fails when
// ctx ends first.
func (s *Server) WaitEntry(ctx context.Context, chatID int64, match func(Entry) bool) (Entry, error) {
	var found Entry
	err := s.waitChat(ctx, chatID, func() bool {
		l, ok := s.world.logs[chatID]
		if !ok {
			return false
		}
		for _, r := range l.msgs {
			e := r.entry()
			if match(e) {
				found = e
				return true
			}
		}
		return false
	})
	if err != nil {
		return Entry{}, fmt.Errorf("telegramsim: no matching message in chat %d: %w", chatID, err)
	}
	return found, nil
}

// Entry is one message of a chat's transcript, in its current version.
type Entry struct {
	Message *models.Message
	FromBot bool
	Edited  bool
	Deleted bool
	// Keyboard is the reply keyboard the bot sent with the message, if any;
	// RemoveKeyboard is true when the message removed the keyboard.
	Keyboard       *models.ReplyKeyboardMarkup
	RemoveKeyboard bool
	// Reaction is the bot's reaction on the message, an emoji such as "👍",
	// or "" when it has none (see setMessageReaction).
	Reaction string
}

// Transcript returns every message of the chat in order, deleted ones
// included (marked).
func (s *Server) Transcript(chatID int64) []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.world.logs[chatID]
	if !ok {
		return nil
	}
	out := make([]Entry, 0, len(l.msgs))
	for _, r := range l.msgs {
		out = append(out, r.entry())
	}
	return out
}

// TranscriptFrom returns the chat's messages from the from-th on (counting
// from 0, in the order of Transcript), and where the next call should
// start: a reader that follows a long chat reads each message once.
func (s *Server) TranscriptFrom(chatID int64, from int) (entries []Entry, next int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.world.logs[chatID]
	if !ok || from >= len(l.msgs) {
		return nil, max(from, 0)
	}
	from = max(from, 0)
	out := make([]Entry, 0, len(l.msgs)-from)
	for _, r := range l.msgs[from:] {
		out = append(out, r.entry())
	}
	return out, len(l.msgs)
}

// entry is the message as a transcript shows it.
func (r *msgRec) entry() Entry {
	return Entry{Message: r.msg, FromBot: r.fromBot, Edited: r.edited, Deleted: r.deleted, Keyboard: r.keyboard, RemoveKeyboard: r.removeKb,
		Reaction: r.reaction}
}

// String renders the entry on one line, e.g.
// `#7 bot: Choose one [Yes|No] (edited)` or `#8 Sam: /note called (reaction 👍)`.
func (e Entry) String() string {
	m := e.Message
	who := "bot"
	switch {
	case e.FromBot:
	case m.SenderChat != nil:
		who = m.SenderChat.Title
	case m.From != nil:
		who = m.From.FirstName
	}
	var b strings.Builder
	fmt.Fprintf(&b, "#%d %s: %s", m.ID, who, describe(m))
	if m.ReplyMarkup != nil {
		var labels []string
		for _, row := range m.ReplyMarkup.InlineKeyboard {
			for _, btn := range row {
				labels = append(labels, btn.Text)
			}
		}
		fmt.Fprintf(&b, " [%s]", strings.Join(labels, "|"))
	}
	if e.Edited {
		b.WriteString(" (edited)")
	}
	if e.Deleted {
		b.WriteString(" (deleted)")
	}
	if e.Reaction != "" {
		fmt.Fprintf(&b, " (reaction %s)", e.Reaction)
	}
	return b.String()
}

// describe says what a message contains, briefly.
func describe(m *models.Message) string {
	var parts []string
	switch {
	case len(m.Photo) > 0:
		p := m.Photo[len(m.Photo)-1]
		parts = append(parts, fmt.Sprintf("[photo %dx%d]", p.Width, p.Height))
	case m.Document != nil:
		parts = append(parts, fmt.Sprintf("[document %s]", m.Document.FileName))
	case m.Video != nil, m.Voice != nil, m.Audio != nil, m.Animation != nil, m.Sticker != nil:
		parts = append(parts, "[media]")
	case m.Contact != nil:
		parts = append(parts, "[contact]")
	case m.Location != nil:
		parts = append(parts, "[location]")
	case m.ForumTopicCreated != nil:
		parts = append(parts, fmt.Sprintf("[topic created: %s]", m.ForumTopicCreated.Name))
	case m.ForumTopicClosed != nil, m.ForumTopicReopened != nil, m.ForumTopicEdited != nil:
		parts = append(parts, "[topic changed]")
	case len(m.NewChatMembers) > 0:
		parts = append(parts, "[joined]")
	case m.LeftChatMember != nil:
		parts = append(parts, "[left]")
	}
	if t := m.Text + m.Caption; t != "" {
		parts = append(parts, t)
	}
	return strings.Join(parts, " ")
}

// Stats counts what the simulator answered.
type Stats struct {
	// Calls counts API calls by method name, failed ones included.
	Calls map[string]int
	// Errors counts error answers by HTTP status.
	Errors map[int]int
	// TooManyRequests counts 429 answers.
	TooManyRequests int
	// TooManyBy counts the 429 answers by the limit that refused them:
	// "chat", "group" or "overall" (an answer refused by two counts in
	// both).
	TooManyBy map[string]int
	// DroppedEvents counts events lost by subscribers that fell behind.
	DroppedEvents int
}

// Stats returns a copy of the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stats
	st.Calls, st.Errors, st.TooManyBy = maps.Clone(st.Calls), maps.Clone(st.Errors), maps.Clone(st.TooManyBy)
	return st
}
