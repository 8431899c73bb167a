package telegramsim

import (
	"fmt"
	"slices"

	"github.com/go-telegram/bot/models"
)

// SendOption adjusts a message a user sends.
type SendOption func(*sendOpts)

type sendOpts struct {
	thread  int
	replyTo int
	asGroup bool
}

// ThreadID posts the message into a forum topic.
func ThreadID(id int) SendOption { return func(o *sendOpts) { o.thread = id } }

// ReplyTo makes the message a reply to message id of the same chat.
func ReplyTo(messageID int) SendOption { return func(o *sendOpts) { o.replyTo = messageID } }

// AsGroup posts the message anonymously, as an administrator who remains
// anonymous does: Telegram sends it with sender_chat set to the group and
// from set to GroupAnonymousBot, so it can't be tied to a person. Only the
// group's creator and administrators can post so; the simulator lets them
// choose per message.
func AsGroup() SendOption { return func(o *sendOpts) { o.asGroup = true } }

// GroupAnonymousBotID is the user id of GroupAnonymousBot, the from of
// messages an anonymous administrator posts (see AsGroup).
const GroupAnonymousBotID int64 = 1087968824

// groupAnonymousBot is the from of anonymous administrators' messages.
func groupAnonymousBot() models.User {
	return models.User{ID: GroupAnonymousBotID, IsBot: true, FirstName: "Group", Username: "GroupAnonymousBot"}
}

// memberLocked resolves a chat and a user who is in it: the user of a
// private chat, or a group member.
func (s *Server) memberLocked(chatID, userID int64) (chatRef, *userRec, error) {
	c, werr := s.chatByIDLocked(chatID)
	if werr != nil {
		return c, nil, fmt.Errorf("telegramsim: no chat %d", chatID)
	}
	u, ok := s.world.users[userID]
	switch {
	case !ok:
		return c, nil, fmt.Errorf("telegramsim: no user %d", userID)
	case c.user != nil && c.id != userID:
		return c, nil, fmt.Errorf("telegramsim: chat %d is the private chat of another user", chatID)
	case c.group != nil && !c.group.isMember(userID):
		return c, nil, fmt.Errorf("telegramsim: user %d is not a member of group %d", userID, chatID)
	}
	return c, u, nil
}

// userPostLocked posts a message from a user; fill sets its content. A
// user writing to the bot starts it, or restarts it after a block.
func (s *Server) userPostLocked(chatID, userID int64, opts []SendOption, fill func(m *models.Message)) (*models.Message, error) {
	c, u, err := s.memberLocked(chatID, userID)
	if err != nil {
		return nil, err
	}
	var o sendOpts
	for _, opt := range opts {
		opt(&o)
	}
	admin := c.group != nil && c.group.isAdmin(userID)
	if o.asGroup && !admin {
		return nil, fmt.Errorf("telegramsim: user %d is not an administrator of chat %d and can't post as the group", userID, chatID)
	}
	pl, werr := s.placeLocked(c, o.thread, o.replyTo, false, admin)
	if werr != nil {
		return nil, fmt.Errorf("telegramsim: user %d in chat %d: %s", userID, chatID, werr.Description)
	}
	if c.user != nil {
		s.setBlockedLocked(u, false)
		if !u.started {
			u.started = true
			s.emitChatLocked(u.ID)
		}
	}
	from := u.model()
	if o.asGroup {
		from = groupAnonymousBot()
	}
	m := s.newMsgLocked(c, from)
	if o.asGroup {
		m.SenderChat = new(c.model())
	}
	pl.apply(m)
	fill(m)
	s.storeLocked(c, &msgRec{msg: m}, pl)
	s.world.logFor(c.id).useKeyboard(m.Text)
	return m, nil
}

// useKeyboard hides a one-time reply keyboard once one of its buttons is
// used (text is the button's, or "" for a contact or location button).
func (l *chatLog) useKeyboard(text string) {
	kb := l.keyboard
	if kb == nil || !kb.OneTimeKeyboard {
		return
	}
	for _, row := range kb.Keyboard {
		if slices.ContainsFunc(row, func(b models.KeyboardButton) bool {
			return b.Text == text || (text == "" && (b.RequestContact || b.RequestLocation))
		}) {
			l.keyboard = nil
			return
		}
	}
}

// SendText sends a text message from a user, with the entities Telegram
// detects (commands, mentions, links). In a private chat chatID is the
// user's id; in a group the user must be a member.
func (s *Server) SendText(chatID, fromUserID int64, text string, opts ...SendOption) (*models.Message, error) {
	if text == "" || len([]rune(text)) > textLimit {
		return nil, fmt.Errorf("telegramsim: a text must have 1-%d characters", textLimit)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.userPostLocked(chatID, fromUserID, opts, func(m *models.Message) {
		m.Text, m.Entities = userText(text)
	})
}

// SendContact shares a contact as the request_contact button does: the
// contact carries the sender's own user id.
func (s *Server) SendContact(chatID, fromUserID int64, phone, firstName string) (*models.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.userPostLocked(chatID, fromUserID, nil, func(m *models.Message) {
		m.Contact = &models.Contact{PhoneNumber: phone, FirstName: firstName, UserID: fromUserID}
	})
}

// SendLocation sends a static location from a user.
func (s *Server) SendLocation(chatID, fromUserID int64, latitude, longitude float64, opts ...SendOption) (*models.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.userPostLocked(chatID, fromUserID, opts, func(m *models.Message) {
		m.Location = &models.Location{Latitude: latitude, Longitude: longitude}
	})
}

// EditText edits a text message the user sent; the bot receives an
// edited_message update.
func (s *Server) EditText(chatID, fromUserID int64, messageID int, text string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, _, err := s.memberLocked(chatID, fromUserID)
	if err != nil {
		return err
	}
	r, ok := s.findMsgLocked(chatID, messageID)
	if !ok || r.fromBot || r.msg.From.ID != fromUserID || r.msg.Text == "" {
		return fmt.Errorf("telegramsim: user %d has no text message %d in chat %d", fromUserID, messageID, chatID)
	}
	m := *r.msg
	m.Text, m.Entities = userText(text)
	m.EditDate = s.date()
	r.msg, r.edited = &m, true
	s.emitLocked(Event{Kind: EventEdit, ChatID: chatID, Message: &m})
	if s.botReceivesLocked(c, r, placement{}) {
		s.enqueueLocked(&models.Update{EditedMessage: &m})
	}
	s.notifyLocked(chatID)
	return nil
}
