package telegramsim

import (
	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim/wire"
)

// msgRec is one message of a chat's history. msg is replaced, never
// mutated, when the message is edited, so pointers handed out in updates,
// answers and events stay stable.
type msgRec struct {
	msg      *models.Message
	fromBot  bool
	service  bool
	edited   bool
	deleted  bool
	keyboard *models.ReplyKeyboardMarkup // reply keyboard sent with it
	removeKb bool                        // it removed the reply keyboard
	reaction string                      // the bot's reaction on it, an emoji or ""
}

// placement is where a new message goes: its forum topic and the message
// it replies to.
type placement struct {
	thread   int
	replyTo  *msgRec
	explicit bool // replyTo was asked for (not the topic's opening message)
}

// newMsgLocked starts the next message of chat c, sent now by from.
func (s *Server) newMsgLocked(c chatRef, from models.User) *models.Message {
	l := s.world.logFor(c.id)
	m := &models.Message{ID: l.nextMsgID, Date: s.date(), Chat: c.model(), From: &from}
	l.nextMsgID++
	return m
}

// findMsgLocked returns a message of the chat that has not been deleted.
func (s *Server) findMsgLocked(chatID int64, id int) (*msgRec, bool) {
	l, ok := s.world.logs[chatID]
	if !ok {
		return nil, false
	}
	r, ok := l.byID[id]
	if !ok || r.deleted {
		return nil, false
	}
	return r, true
}

// placeLocked checks a message's topic and reply target. asAdmin lets the
// sender post into closed topics, which the simulator grants the creator
// and administrators of the group, not the bot (see forum.go).
func (s *Server) placeLocked(c chatRef, thread, replyTo int, allowWithout, asAdmin bool) (placement, *wire.Error) {
	var pl placement
	if replyTo != 0 {
		r, ok := s.findMsgLocked(c.id, replyTo)
		switch {
		case ok:
			pl.replyTo, pl.explicit = r, true
		case !allowWithout:
			return pl, wire.BadRequest("message to be replied not found")
		}
	}
	if thread == 0 && pl.replyTo != nil && pl.replyTo.msg.IsTopicMessage {
		thread = pl.replyTo.msg.MessageThreadID
	}
	if thread == 0 {
		return pl, nil
	}
	t, werr := s.topicForPostLocked(c, thread, asAdmin)
	if werr != nil {
		return pl, werr
	}
	pl.thread = thread
	if pl.replyTo == nil {
		// Telegram makes every topic message without an explicit reply a
		// reply to the topic's forum_topic_created message.
		pl.replyTo, _ = s.findMsgLocked(c.id, t.id)
	}
	return pl, nil
}

// apply sets the message's topic and reply fields.
func (pl placement) apply(m *models.Message) {
	if pl.thread != 0 {
		m.MessageThreadID = pl.thread
		m.IsTopicMessage = true
	}
	if pl.replyTo != nil {
		m.ReplyToMessage = replySnapshot(pl.replyTo.msg)
	}
}

// replySnapshot is a message as it appears in reply_to_message: Telegram
// does not nest a further reply_to_message inside it.
func replySnapshot(m *models.Message) *models.Message {
	c := *m
	c.ReplyToMessage = nil
	return &c
}

// storeLocked appends a finished message to its chat's history, tells
// subscribers and waiters, and, for messages the bot did not send, queues
// the message update if the bot would receive it.
func (s *Server) storeLocked(c chatRef, r *msgRec, pl placement) {
	l := s.world.logFor(c.id)
	l.msgs = append(l.msgs, r)
	l.byID[r.msg.ID] = r
	s.emitLocked(Event{Kind: EventMessage, ChatID: c.id, Message: r.msg, FromBot: r.fromBot})
	if !r.fromBot && s.botReceivesLocked(c, r, pl) {
		s.enqueueLocked(&models.Update{Message: r.msg})
	}
	s.notifyLocked(c.id)
}

// botReceivesLocked applies group privacy mode: a bot that is not an
// administrator and has privacy mode on only gets commands, replies to its
// own messages and service messages.
func (s *Server) botReceivesLocked(c chatRef, r *msgRec, pl placement) bool {
	if c.user != nil {
		return true
	}
	g := c.group
	switch {
	case !g.botIn():
		return false
	case s.opts.ReadAllGroupMessages || g.botAdmin() || r.service:
		return true
	case pl.explicit && pl.replyTo.fromBot:
		return true
	}
	return isCommand(r.msg)
}

// isCommand reports whether the message starts with a bot command.
func isCommand(m *models.Message) bool {
	for _, e := range m.Entities {
		if e.Type == models.MessageEntityTypeBotCommand && e.Offset == 0 {
			return true
		}
	}
	return false
}
