package telegramsim

import (
	"context"
	"fmt"
	"strconv"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim/wire"
)

// member builds a ChatMember of the given status. Administrators get every
// right of a supergroup administrator, as the simulator's admin bot has.
func member(u models.User, status models.ChatMemberType) models.ChatMember {
	switch status {
	case models.ChatMemberTypeOwner:
		return models.ChatMember{Type: status, Owner: &models.ChatMemberOwner{User: &u}}
	case models.ChatMemberTypeAdministrator:
		return models.ChatMember{Type: status, Administrator: &models.ChatMemberAdministrator{
			User: u, CanManageChat: true, CanDeleteMessages: true, CanManageVideoChats: true,
			CanRestrictMembers: true, CanChangeInfo: true, CanInviteUsers: true, CanPinMessages: true,
			CanPostStories: true, CanEditStories: true, CanDeleteStories: true, CanManageTopics: true,
		}}
	case models.ChatMemberTypeLeft:
		return models.ChatMember{Type: status, Left: &models.ChatMemberLeft{User: &u}}
	case models.ChatMemberTypeBanned:
		return models.ChatMember{Type: status, Banned: &models.ChatMemberBanned{User: &u}}
	}
	return models.ChatMember{Type: models.ChatMemberTypeMember, Member: &models.ChatMemberMember{User: &u}}
}

// myChatMemberLocked queues the my_chat_member update of a change in the
// bot's status in chat c, made by user by.
func (s *Server) myChatMemberLocked(c chatRef, by models.User, old, now models.ChatMemberType) {
	s.enqueueLocked(&models.Update{MyChatMember: &models.ChatMemberUpdated{
		Chat: c.model(), From: by, Date: s.date(),
		OldChatMember: member(s.me, old), NewChatMember: member(s.me, now),
	}})
	s.emitChatLocked(c.id)
}

// setBotStatusLocked changes the bot's status in a group as user byID does
// it. Joining also posts the new_chat_members service message.
func (s *Server) setBotStatusLocked(g *groupRec, byID int64, status models.ChatMemberType) {
	old := g.botStatus
	if old == status {
		return
	}
	g.botStatus = status
	c := chatRef{id: g.ID, group: g}
	by := s.world.users[byID].model()
	s.myChatMemberLocked(c, by, old, status)
	if !(old == models.ChatMemberTypeMember || old == models.ChatMemberTypeAdministrator) && g.botIn() {
		m := s.newMsgLocked(c, by)
		m.NewChatMembers = []models.User{s.me}
		s.storeLocked(c, &msgRec{msg: m, service: true}, placement{})
	}
}

// RemoveBot removes the bot from a group as member byUserID would; the bot
// receives my_chat_member with status "kicked".
func (s *Server) RemoveBot(chatID, byUserID int64) error {
	return s.changeBot(chatID, byUserID, models.ChatMemberTypeBanned)
}

// AddBot adds the bot back to a group as member byUserID would (as an
// administrator when the group was created with BotIsAdmin).
func (s *Server) AddBot(chatID, byUserID int64) error {
	return s.changeBot(chatID, byUserID, "")
}

func (s *Server) changeBot(chatID, byUserID int64, status models.ChatMemberType) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, _, err := s.memberLocked(chatID, byUserID)
	if err != nil {
		return err
	}
	if c.group == nil {
		return fmt.Errorf("telegramsim: chat %d is not a group", chatID)
	}
	if status == "" {
		status = s.joinedStatus(c.group)
	}
	s.setBotStatusLocked(c.group, byUserID, status)
	return nil
}

// BlockBot makes the user block the bot: the bot receives my_chat_member
// with status "kicked" and can no longer message them.
func (s *Server) BlockBot(userID int64) error {
	return s.setBlocked(userID, true)
}

// UnblockBot makes the user unblock (restart) the bot.
func (s *Server) UnblockBot(userID int64) error {
	return s.setBlocked(userID, false)
}

func (s *Server) setBlocked(userID int64, blocked bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.world.users[userID]
	if !ok {
		return fmt.Errorf("telegramsim: no user %d", userID)
	}
	s.setBlockedLocked(u, blocked)
	return nil
}

func (s *Server) setBlockedLocked(u *userRec, blocked bool) {
	if u.blocked == blocked {
		return
	}
	u.blocked = blocked
	old, now := models.ChatMemberTypeMember, models.ChatMemberTypeBanned
	if !blocked {
		old, now = now, old
	}
	s.myChatMemberLocked(chatRef{id: u.ID, user: u}, u.model(), old, now)
}

// leaveChat is the leaveChat method.
func (s *Server) leaveChat(_ context.Context, p wire.Params) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, werr := s.lookupChatLocked(p.String("chat_id"))
	if werr != nil {
		return nil, werr
	}
	if werr := s.botCanWriteLocked(c); werr != nil && c.group != nil {
		return nil, werr
	}
	if c.user != nil {
		return nil, wire.BadRequest("can't leave private chats")
	}
	old := c.group.botStatus
	c.group.botStatus = models.ChatMemberTypeLeft
	s.myChatMemberLocked(c, s.me, old, models.ChatMemberTypeLeft)
	return true, nil
}

// userIDParam reads the user_id parameter.
func userIDParam(p wire.Params) int64 {
	id, _ := strconv.ParseInt(p.String("user_id"), 10, 64)
	return id
}
