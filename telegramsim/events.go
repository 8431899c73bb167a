package telegramsim

import (
	"github.com/go-telegram/bot/models"
)

// Event kinds of the live feed.
const (
	// EventMessage is a new message, from the bot or a user (Message set).
	EventMessage = "message"
	// EventEdit is an edited message (Message is the new version).
	EventEdit = "edit"
	// EventDelete is a deleted message (MessageID set).
	EventDelete = "delete"
	// EventTopic is a forum topic created, edited, closed, reopened or
	// deleted (Topic set).
	EventTopic = "topic"
	// EventCallbackAnswer is the bot answering a pressed button (Callback set).
	EventCallbackAnswer = "callback_answer"
	// EventChat is a chat added or changed: a user, a group, a block, the
	// bot joining or leaving (Chat set).
	EventChat = "chat"
	// EventAction is a chat action such as "typing" (Action set).
	EventAction = "action"
	// EventReaction is the bot setting, replacing or taking away its
	// reaction on a message (MessageID set; Reaction is the emoji, "" when
	// taken away).
	EventReaction = "reaction"
)

// Event is one change in the simulated world, for a live view such as a
// browser playground.
// Messages in events are shared with the simulator: read them, never
// change them, and encode them with Server.EncodeJSON.
type Event struct {
	// Kind is one of the Event* constants.
	Kind string
	// ChatID is the chat the event happened in.
	ChatID int64
	// Message is the new or edited message (EventMessage, EventEdit).
	Message *models.Message
	// MessageID is the deleted message (EventDelete) or the one reacted to
	// (EventReaction).
	MessageID int
	// FromBot is true when the bot sent the message concerned.
	FromBot bool
	// Topic is the topic's new state (EventTopic).
	Topic *Topic
	// Callback is the bot's answer to a pressed button (EventCallbackAnswer).
	Callback *CallbackAnswerInfo
	// Chat is the chat's new state (EventChat).
	Chat *ChatInfo
	// Action is the chat action, e.g. "typing" (EventAction).
	Action string
	// Reaction is the bot's reaction now, an emoji, or "" when it took its
	// reaction away (EventReaction).
	Reaction string
}

// SubscribeBuffer is the capacity of each Subscribe channel: a subscriber
// that falls further behind loses events (counted in Stats.DroppedEvents)
// rather than slowing the simulator.
const SubscribeBuffer = 1024

type feed struct {
	subs map[int]chan Event
	next int
}

func newFeed() feed {
	return feed{subs: map[int]chan Event{}}
}

// Subscribe returns a channel of every event from now on and a cancel
// function that ends the subscription and closes the channel. The channel
// holds SubscribeBuffer events; see there for a subscriber that falls
// behind. Close does not close it: a subscriber that waits for events
// should also wait for Done.
func (s *Server) Subscribe() (<-chan Event, func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := make(chan Event, SubscribeBuffer)
	id := s.feed.next
	s.feed.next++
	s.feed.subs[id] = ch
	cancel := func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, ok := s.feed.subs[id]; ok {
			delete(s.feed.subs, id)
			close(ch)
		}
	}
	return ch, cancel
}

// emitLocked sends an event to every subscriber without blocking.
func (s *Server) emitLocked(e Event) {
	for _, ch := range s.feed.subs {
		select {
		case ch <- e:
		default:
			s.stats.DroppedEvents++
		}
	}
}

// emitChatLocked tells subscribers that a chat was added or changed.
func (s *Server) emitChatLocked(chatID int64) {
	if c, werr := s.chatByIDLocked(chatID); werr == nil {
		info := c.info()
		s.emitLocked(Event{Kind: EventChat, ChatID: chatID, Chat: &info})
	}
}
