package send

import (
	"context"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// CreateTopic creates a forum topic named name in the forum chatID and
// returns its message_thread_id.
func (s *Sender) CreateTopic(ctx context.Context, chatID int64, name string) (int, error) {
	var id int
	err := s.retry(ctx, spend{chat: chatID}, "createForumTopic", func() error {
		t, err := s.tg.CreateForumTopic(ctx, &tgbot.CreateForumTopicParams{ChatID: chatID, Name: name})
		if err == nil {
			id = t.MessageThreadID
		}
		return err
	})
	return id, err
}

// RenameTopic renames a forum topic. A topic already so named is no error.
func (s *Sender) RenameTopic(ctx context.Context, chatID int64, threadID int, name string) error {
	return s.retry(ctx, spend{chat: chatID}, "editForumTopic", func() error {
		_, err := s.tg.EditForumTopic(ctx, &tgbot.EditForumTopicParams{ChatID: chatID, MessageThreadID: threadID, Name: name})
		return unlessTopicNotModified(err)
	})
}

// CloseTopic closes a forum topic. A topic already closed is no error.
func (s *Sender) CloseTopic(ctx context.Context, chatID int64, threadID int) error {
	return s.retry(ctx, spend{chat: chatID}, "closeForumTopic", func() error {
		_, err := s.tg.CloseForumTopic(ctx, &tgbot.CloseForumTopicParams{ChatID: chatID, MessageThreadID: threadID})
		return unlessTopicNotModified(err)
	})
}

// ReopenTopic reopens a closed forum topic. A topic already open is no
// error.
func (s *Sender) ReopenTopic(ctx context.Context, chatID int64, threadID int) error {
	return s.retry(ctx, spend{chat: chatID}, "reopenForumTopic", func() error {
		_, err := s.tg.ReopenForumTopic(ctx, &tgbot.ReopenForumTopicParams{ChatID: chatID, MessageThreadID: threadID})
		return unlessTopicNotModified(err)
	})
}

// React sets the bot's reaction on a message to emoji; an empty emoji
// takes the reaction away.
func (s *Sender) React(ctx context.Context, chatID int64, messageID int, emoji string) error {
	reaction := []models.ReactionType{}
	if emoji != "" {
		reaction = append(reaction, models.ReactionType{
			Type:              models.ReactionTypeTypeEmoji,
			ReactionTypeEmoji: &models.ReactionTypeEmoji{Type: models.ReactionTypeTypeEmoji, Emoji: emoji},
		})
	}
	return s.retry(ctx, spend{chat: chatID}, "setMessageReaction", func() error {
		_, err := s.tg.SetMessageReaction(ctx, &tgbot.SetMessageReactionParams{ChatID: chatID, MessageID: messageID, Reaction: reaction})
		return err
	})
}

// Leave makes the bot leave a group.
func (s *Sender) Leave(ctx context.Context, chatID int64) error {
	return s.retry(ctx, spend{chat: chatID}, "leaveChat", func() error {
		_, err := s.tg.LeaveChat(ctx, &tgbot.LeaveChatParams{ChatID: chatID})
		return err
	})
}

func unlessTopicNotModified(err error) error {
	if err != nil && containsFold(err.Error(), "TOPIC_NOT_MODIFIED") {
		return nil
	}
	return err
}

// IsForum reports whether a group is a forum (has topics).
func (s *Sender) IsForum(ctx context.Context, chatID int64) (bool, error) {
	var forum bool
	err := s.retry(ctx, spend{chat: chatID}, "getChat", func() error {
		c, err := s.tg.GetChat(ctx, &tgbot.GetChatParams{ChatID: chatID})
		if err == nil {
			forum = c.IsForum
		}
		return err
	})
	return forum, err
}
