package telegramsim

import (
	"context"
	"fmt"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim/wire"
)

// manageTopicLocked resolves the forum and topic of a topic method and
// checks the bot's right to change it: administrators may change any
// topic, others only the topics they created. denied is Telegram's text.
func (s *Server) manageTopicLocked(p wire.Params, denied string) (chatRef, *topicRec, *wire.Error) {
	c, werr := s.forumLocked(p)
	if werr != nil {
		return c, nil, werr
	}
	t, werr := s.topicLocked(c, p)
	if werr != nil {
		return c, nil, werr
	}
	if !c.group.botAdmin() && !t.byBot {
		return c, nil, wire.BadRequest("%s", denied)
	}
	return c, t, nil
}

// editForumTopic is the editForumTopic method.
func (s *Server) editForumTopic(_ context.Context, p wire.Params) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, t, werr := s.manageTopicLocked(p, "not enough rights to edit the topic")
	if werr != nil {
		return nil, werr
	}
	name := wire.CleanName(p.String("name"), maxTopicName)
	setName := name != ""
	emoji, setEmoji := p.String("icon_custom_emoji_id"), p.Has("icon_custom_emoji_id")
	if !setName && !setEmoji {
		return true, nil
	}
	if (!setName || name == t.name) && (!setEmoji || emoji == t.emojiID) {
		return nil, wire.BadRequest("TOPIC_NOT_MODIFIED")
	}
	edited := &models.ForumTopicEdited{}
	if setName {
		t.name, edited.Name = name, name
	}
	if setEmoji {
		t.emojiID, edited.IconCustomEmojiID = emoji, emoji
	}
	s.topicServiceLocked(c, t, func(m *models.Message) { m.ForumTopicEdited = edited })
	return true, nil
}

// closeForumTopic is the closeForumTopic method.
func (s *Server) closeForumTopic(_ context.Context, p wire.Params) (any, *wire.Error) {
	return s.setTopicClosed(p, true)
}

// reopenForumTopic is the reopenForumTopic method.
func (s *Server) reopenForumTopic(_ context.Context, p wire.Params) (any, *wire.Error) {
	return s.setTopicClosed(p, false)
}

func (s *Server) setTopicClosed(p wire.Params, closed bool) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, t, werr := s.manageTopicLocked(p, "not enough rights to close or open the topic")
	if werr != nil {
		return nil, werr
	}
	if t.closed == closed {
		return nil, wire.BadRequest("TOPIC_NOT_MODIFIED")
	}
	t.closed = closed
	s.topicServiceLocked(c, t, func(m *models.Message) {
		if closed {
			m.ForumTopicClosed = &models.ForumTopicClosed{}
		} else {
			m.ForumTopicReopened = &models.ForumTopicReopened{}
		}
	})
	return true, nil
}

// deleteForumTopic is the deleteForumTopic method: the topic and all its
// messages disappear.
func (s *Server) deleteForumTopic(_ context.Context, p wire.Params) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, t, werr := s.manageTopicLocked(p, "not enough rights to delete the topic")
	if werr != nil {
		return nil, werr
	}
	s.dropTopicLocked(c, t)
	return true, nil
}

func (s *Server) dropTopicLocked(c chatRef, t *topicRec) {
	t.deleted = true
	for _, r := range s.world.logFor(c.id).msgs {
		if r.msg.MessageThreadID == t.id && !r.deleted {
			s.markDeletedLocked(c.id, r)
		}
	}
	s.emitLocked(Event{Kind: EventTopic, ChatID: c.id, Topic: new(t.public())})
	s.notifyLocked(c.id)
}

// CreateTopic creates a forum topic as a group member would in the app; the
// bot receives its forum_topic_created service message. It returns the
// topic's message_thread_id.
func (s *Server) CreateTopic(chatID, fromUserID int64, name string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, u, err := s.memberLocked(chatID, fromUserID)
	if err != nil {
		return 0, err
	}
	if c.group == nil || !c.group.Forum {
		return 0, fmt.Errorf("telegramsim: chat %d is not a forum", chatID)
	}
	t := s.openTopicLocked(c, u.model(), false, name, defaultIconColor, "")
	return t.id, nil
}

// SetForum turns the group's topics on or off, as its owner would in the
// group's settings. Telegram tells the bot nothing; the group's topics are
// kept, for when they are turned on again.
func (s *Server) SetForum(chatID int64, forum bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, werr := s.chatByIDLocked(chatID)
	if werr != nil || c.group == nil {
		return fmt.Errorf("telegramsim: no group %d", chatID)
	}
	c.group.Forum = forum
	return nil
}

// DeleteTopic deletes a forum topic with all its messages, as an
// administrator would in the app. Telegram tells the bot nothing.
func (s *Server) DeleteTopic(chatID int64, threadID int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, werr := s.chatByIDLocked(chatID)
	if werr != nil || c.group == nil {
		return fmt.Errorf("telegramsim: no group %d", chatID)
	}
	t, ok := c.group.topics[threadID]
	if !ok || t.deleted {
		return fmt.Errorf("telegramsim: no topic %d in chat %d", threadID, chatID)
	}
	s.dropTopicLocked(c, t)
	return nil
}
