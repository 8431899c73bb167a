package telegramsim

import (
	"context"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim/wire"
)

// defaultIconColor is the colour Telegram gives a topic created without one.
const defaultIconColor = 0x6FB9F0

// maxTopicName is the longest topic name Telegram keeps, in characters.
const maxTopicName = 128

// generalTopicID is the General topic of every forum; Telegram refuses it
// as a message_thread_id.
const generalTopicID = 1

type topicRec struct {
	id        int // the id of its forum_topic_created message
	name      string
	color     int
	emojiID   string
	closed    bool
	deleted   bool
	byBot     bool // the bot created it, so it may manage it without rights
	createdBy int64
}

// Topic is a forum topic as tests and the playground see it.
type Topic struct {
	ThreadID  int
	Name      string
	IconColor int
	Closed    bool
	Deleted   bool
}

// Topics lists a forum's topics in creation order, deleted ones included.
func (s *Server) Topics(chatID int64) []Topic {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.topicsLocked(chatID)
}

func (s *Server) topicsLocked(chatID int64) []Topic {
	g, ok := s.world.groups[chatID]
	if !ok {
		return nil
	}
	var out []Topic
	for _, r := range s.world.logFor(chatID).msgs {
		if t, ok := g.topics[r.msg.ID]; ok && r.msg.ForumTopicCreated != nil {
			out = append(out, t.public())
		}
	}
	return out
}

func (t *topicRec) public() Topic {
	return Topic{ThreadID: t.id, Name: t.name, IconColor: t.color, Closed: t.closed, Deleted: t.deleted}
}

// topicForPostLocked checks a message_thread_id for a new message. In a
// supergroup that is not a forum Telegram ignores the parameter (nil, nil).
// Closed topics refuse everyone but the creator and administrators; the
// simulator refuses the bot too, even as an administrator, so that a bot is
// tested against the strictest case.
func (s *Server) topicForPostLocked(c chatRef, thread int, asAdmin bool) (*topicRec, *wire.Error) {
	if c.group != nil && !c.group.Forum {
		return nil, nil
	}
	if c.group == nil || thread == generalTopicID {
		return nil, wire.BadRequest("message thread not found")
	}
	t, ok := c.group.topics[thread]
	switch {
	case !ok || t.deleted:
		return nil, wire.BadRequest("message thread not found")
	case t.closed && !asAdmin:
		return nil, wire.BadRequest("TOPIC_CLOSED")
	}
	return t, nil
}

// forumLocked resolves the chat of a topic method: a forum the bot is in.
func (s *Server) forumLocked(p wire.Params) (chatRef, *wire.Error) {
	c, werr := s.lookupChatLocked(p.String("chat_id"))
	if werr != nil {
		return c, werr
	}
	if werr := s.botCanWriteLocked(c); werr != nil {
		return c, werr
	}
	if c.group == nil || !c.group.Forum {
		return c, wire.BadRequest("the chat is not a forum")
	}
	return c, nil
}

// topicLocked resolves message_thread_id of a topic method.
func (s *Server) topicLocked(c chatRef, p wire.Params) (*topicRec, *wire.Error) {
	id, _ := p.Int("message_thread_id")
	t, ok := c.group.topics[id]
	if !ok || t.deleted {
		return nil, wire.BadRequest("TOPIC_ID_INVALID")
	}
	return t, nil
}

// createForumTopic is the createForumTopic method. The bot needs to be an
// administrator (the simulator does not model members' topic permission).
func (s *Server) createForumTopic(_ context.Context, p wire.Params) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, werr := s.forumLocked(p)
	if werr != nil {
		return nil, werr
	}
	if !c.group.botAdmin() {
		return nil, wire.BadRequest("not enough rights to create a topic")
	}
	color := defaultIconColor
	if v, ok := p.Int("icon_color"); ok {
		color = v
	}
	if color < 0 || color > 0xFFFFFF {
		return nil, wire.BadRequest("invalid icon color specified")
	}
	name := wire.CleanName(p.String("name"), maxTopicName)
	if name == "" {
		return nil, wire.BadRequest("name must be non-empty")
	}
	t := s.openTopicLocked(c, s.me, true, name, color, p.String("icon_custom_emoji_id"))
	return models.ForumTopic{MessageThreadID: t.id, Name: t.name, IconColor: t.color, IconCustomEmojiID: t.emojiID}, nil
}

// openTopicLocked creates a topic with its forum_topic_created message.
func (s *Server) openTopicLocked(c chatRef, from models.User, byBot bool, name string, color int, emojiID string) *topicRec {
	m := s.newMsgLocked(c, from)
	m.MessageThreadID, m.IsTopicMessage = m.ID, true
	m.ForumTopicCreated = &models.ForumTopicCreated{Name: name, IconColor: color, IconCustomEmojiID: emojiID}
	t := &topicRec{id: m.ID, name: name, color: color, emojiID: emojiID, byBot: byBot, createdBy: from.ID}
	c.group.topics[t.id] = t
	s.storeLocked(c, &msgRec{msg: m, fromBot: byBot, service: true}, placement{thread: t.id})
	s.emitLocked(Event{Kind: EventTopic, ChatID: c.id, Topic: new(t.public())})
	return t
}

// topicServiceLocked posts a service message about topic t.
func (s *Server) topicServiceLocked(c chatRef, t *topicRec, fill func(m *models.Message)) {
	m := s.newMsgLocked(c, s.me)
	pl := placement{thread: t.id}
	pl.replyTo, _ = s.findMsgLocked(c.id, t.id)
	pl.apply(m)
	fill(m)
	s.storeLocked(c, &msgRec{msg: m, fromBot: true, service: true}, pl)
	s.emitLocked(Event{Kind: EventTopic, ChatID: c.id, Topic: new(t.public())})
}
