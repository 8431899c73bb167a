package telegramsim

import (
	"context"
	"reflect"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim/wire"
)

// deleteWindow is how long after sending a message can still be deleted.
const deleteWindow = 48 * time.Hour

func notModified() *wire.Error {
	return wire.BadRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
}

// botAccessLocked is the check for reading, editing and deleting in a chat:
// the bot must still be in a group; private chats stay accessible.
func (s *Server) botAccessLocked(c chatRef) *wire.Error {
	if c.group != nil && c.group.botStatus == models.ChatMemberTypeBanned {
		return wire.Forbidden("bot was kicked from the supergroup chat")
	}
	return s.botCanSeeLocked(c)
}

// accessibleChatLocked resolves the chat_id parameter to a chat the bot may
// read, edit and delete in.
func (s *Server) accessibleChatLocked(p wire.Params) (chatRef, *wire.Error) {
	c, werr := s.lookupChatLocked(p.String("chat_id"))
	if werr != nil {
		return c, werr
	}
	return c, s.botAccessLocked(c)
}

// targetLocked resolves chat_id and message_id of a method acting on an
// existing message; what names the message in Telegram's "not found" text
// ("message to edit", "message to delete", ...).
func (s *Server) targetLocked(p wire.Params, what string) (chatRef, *msgRec, *wire.Error) {
	if !p.Has("chat_id") {
		return chatRef{}, nil, wire.BadRequest("chat_id is empty")
	}
	c, werr := s.accessibleChatLocked(p)
	if werr != nil {
		return c, nil, werr
	}
	id, _ := p.Int("message_id")
	r, ok := s.findMsgLocked(c.id, id)
	if !ok {
		return c, nil, wire.BadRequest("%s not found", what)
	}
	return c, r, nil
}

// editTargetLocked is targetLocked for the editMessage* methods; messages
// sent inline (inline_message_id) are not modelled.
func (s *Server) editTargetLocked(p wire.Params) (chatRef, *msgRec, *wire.Error) {
	if p.Has("inline_message_id") && !p.Has("chat_id") {
		return chatRef{}, nil, notModelled("editing inline messages")
	}
	c, r, werr := s.targetLocked(p, "message to edit")
	if werr == nil && (!r.fromBot || r.service) {
		werr = wire.BadRequest("message can't be edited")
	}
	return c, r, werr
}

// commitEditLocked replaces the message with its edited version, or
// answers "message is not modified" when nothing changed.
func (s *Server) commitEditLocked(c chatRef, r *msgRec, m *models.Message) (*models.Message, *wire.Error) {
	if sameContent(r.msg, m) {
		return nil, notModified()
	}
	m.EditDate = s.date()
	r.msg, r.edited = m, true
	s.emitLocked(Event{Kind: EventEdit, ChatID: c.id, Message: m, FromBot: r.fromBot})
	s.notifyLocked(c.id)
	return m, nil
}

func sameContent(a, b *models.Message) bool {
	return a.Text == b.Text && a.Caption == b.Caption &&
		reflect.DeepEqual(nilIfEmpty(a.Entities), nilIfEmpty(b.Entities)) &&
		reflect.DeepEqual(nilIfEmpty(a.CaptionEntities), nilIfEmpty(b.CaptionEntities)) &&
		reflect.DeepEqual(a.ReplyMarkup, b.ReplyMarkup)
}

func nilIfEmpty(e []models.MessageEntity) []models.MessageEntity {
	if len(e) == 0 {
		return nil
	}
	return e
}

// editMessageText is the editMessageText method. As in Telegram, an edit
// without reply_markup removes the message's inline keyboard.
func (s *Server) editMessageText(_ context.Context, p wire.Params) (any, *wire.Error) {
	text, ents, werr := s.formatted(p, "text", "parse_mode", "entities", textLimit)
	if werr != nil {
		return nil, werr
	}
	mk, werr := readMarkup(p, false)
	if werr != nil {
		return nil, werr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, r, werr := s.editTargetLocked(p)
	if werr != nil {
		return nil, werr
	}
	if r.msg.Text == "" {
		return nil, wire.BadRequest("there is no text in the message to edit")
	}
	m := *r.msg
	m.Text, m.Entities, m.ReplyMarkup = text, ents, mk.inline
	return s.commitEditLocked(c, r, &m)
}

// editMessageCaption is the editMessageCaption method; no caption removes it.
func (s *Server) editMessageCaption(_ context.Context, p wire.Params) (any, *wire.Error) {
	caption, ents, werr := s.formatted(p, "caption", "parse_mode", "caption_entities", captionLimit)
	if werr != nil {
		return nil, werr
	}
	mk, werr := readMarkup(p, false)
	if werr != nil {
		return nil, werr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, r, werr := s.editTargetLocked(p)
	if werr != nil {
		return nil, werr
	}
	if !hasMedia(r.msg) {
		return nil, wire.BadRequest("there is no caption in the message to edit")
	}
	m := *r.msg
	m.Caption, m.CaptionEntities, m.ReplyMarkup = caption, ents, mk.inline
	return s.commitEditLocked(c, r, &m)
}

func hasMedia(m *models.Message) bool {
	return len(m.Photo) > 0 || m.Document != nil || m.Video != nil || m.Audio != nil || m.Voice != nil || m.Animation != nil
}

// editMessageReplyMarkup is the editMessageReplyMarkup method; no
// reply_markup removes the inline keyboard.
func (s *Server) editMessageReplyMarkup(_ context.Context, p wire.Params) (any, *wire.Error) {
	mk, werr := readMarkup(p, false)
	if werr != nil {
		return nil, werr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, r, werr := s.editTargetLocked(p)
	if werr != nil {
		return nil, werr
	}
	m := *r.msg
	m.ReplyMarkup = mk.inline
	return s.commitEditLocked(c, r, &m)
}

// deleteMessage is the deleteMessage method, with Telegram's rules: the
// bot deletes its own messages and users' messages in private chats, and
// anything in groups it administers, within 48 hours; messages opening a
// topic cannot be deleted.
func (s *Server) deleteMessage(_ context.Context, p wire.Params) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, r, werr := s.targetLocked(p, "message to delete")
	if werr != nil {
		return nil, werr
	}
	switch {
	case r.msg.ForumTopicCreated != nil:
		return nil, wire.BadRequest("message can't be deleted")
	case c.group != nil && !r.fromBot && !c.group.botAdmin():
		return nil, wire.BadRequest("message can't be deleted")
	case s.now().Sub(time.Unix(int64(r.msg.Date), 0)) > deleteWindow:
		return nil, wire.BadRequest("message can't be deleted for everyone")
	}
	s.markDeletedLocked(c.id, r)
	s.notifyLocked(c.id)
	return true, nil
}

func (s *Server) markDeletedLocked(chatID int64, r *msgRec) {
	r.deleted = true
	s.emitLocked(Event{Kind: EventDelete, ChatID: chatID, MessageID: r.msg.ID, FromBot: r.fromBot})
}
