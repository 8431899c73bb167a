package telegramsim

import (
	"fmt"

	"github.com/go-telegram/bot/models"
)

// The people of a group other than the bot: Group.Members lists those in
// it, creator first, in the order they joined; groupRec.admins marks the
// promoted ones and groupRec.gone remembers who left ("left") or was
// removed ("kicked"). The creator can be neither demoted, removed nor leave.

// status is a person's status in the group.
func (g *groupRec) status(userID int64) models.ChatMemberType {
	switch {
	case g.isOwner(userID):
		return models.ChatMemberTypeOwner
	case g.admins[userID]:
		return models.ChatMemberTypeAdministrator
	case g.isMember(userID):
		return models.ChatMemberTypeMember
	}
	if st, ok := g.gone[userID]; ok {
		return st
	}
	return models.ChatMemberTypeLeft
}

// isAdmin reports whether the user is the creator or an administrator.
func (g *groupRec) isAdmin(userID int64) bool {
	st := g.status(userID)
	return st == models.ChatMemberTypeOwner || st == models.ChatMemberTypeAdministrator
}

// AddMember adds a user to a group as a plain member, as the group's
// creator would in the app; a user who left or was removed comes back (a
// removed one is unbanned). An unknown id becomes a user. The group posts a
// new_chat_members service message and, when the bot is an administrator
// and asked for chat_member updates, the bot receives one. Adding a member
// again does nothing.
func (s *Server) AddMember(chatID, userID int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, creator, err := s.peopleLocked(chatID, userID)
	if err != nil {
		return err
	}
	if _, ok := s.world.users[userID]; !ok {
		s.addUserLocked(User{ID: userID})
	}
	old := g.status(userID)
	if old != models.ChatMemberTypeLeft && old != models.ChatMemberTypeBanned {
		return nil
	}
	g.Members = append(g.Members, userID)
	delete(g.gone, userID)
	u := s.world.users[userID].model()
	s.memberChangedLocked(g, creator, u, old)
	c := chatRef{id: g.ID, group: g}
	m := s.newMsgLocked(c, creator)
	m.NewChatMembers = []models.User{u}
	s.storeLocked(c, &msgRec{msg: m, service: true}, placement{})
	return nil
}

// PromoteMember makes a member an administrator, as the group's creator
// would in the app, with the rights the app grants by default (all but
// adding new administrators); the bot receives a chat_member update when
// it is an administrator and asked for them. Promoting an administrator
// again does nothing.
func (s *Server) PromoteMember(chatID, userID int64) error {
	return s.setAdmin(chatID, userID, true)
}

// DemoteMember makes an administrator a plain member again, as the group's
// creator would in the app; the bot receives a chat_member update when it
// is an administrator and asked for them. Demoting a plain member does
// nothing.
func (s *Server) DemoteMember(chatID, userID int64) error {
	return s.setAdmin(chatID, userID, false)
}

func (s *Server) setAdmin(chatID, userID int64, admin bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, creator, err := s.peopleLocked(chatID, userID)
	if err != nil {
		return err
	}
	old := g.status(userID)
	switch {
	case old == models.ChatMemberTypeOwner:
		return fmt.Errorf("telegramsim: user %d created group %d; the creator's status can't change", userID, chatID)
	case !g.isMember(userID):
		return fmt.Errorf("telegramsim: user %d is not a member of group %d", userID, chatID)
	case g.admins[userID] == admin:
		return nil
	}
	if admin {
		g.admins[userID] = true
	} else {
		delete(g.admins, userID)
	}
	s.memberChangedLocked(g, creator, s.world.users[userID].model(), old)
	return nil
}

// RemoveMember removes and bans a user from a group, as the group's
// creator would in the app: their status becomes "kicked", they can no
// longer post or press buttons there, and an administrator status they had
// is gone. The group posts a left_chat_member service message if they were
// in it, and the bot receives a chat_member update when it is an
// administrator and asked for them. Removing a removed user does nothing.
func (s *Server) RemoveMember(chatID, userID int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, creator, err := s.peopleLocked(chatID, userID)
	if err != nil {
		return err
	}
	if _, ok := s.world.users[userID]; !ok {
		return fmt.Errorf("telegramsim: no user %d", userID)
	}
	if g.isOwner(userID) {
		return fmt.Errorf("telegramsim: user %d created group %d and can't be removed", userID, chatID)
	}
	if g.status(userID) == models.ChatMemberTypeBanned {
		return nil
	}
	s.dropMemberLocked(g, creator, userID, models.ChatMemberTypeBanned)
	return nil
}

// LeaveGroup makes a member leave a group by themselves: their status
// becomes "left", the group posts a left_chat_member service message and
// the bot receives a chat_member update when it is an administrator and
// asked for them. The simulator does not let the creator leave.
func (s *Server) LeaveGroup(chatID, userID int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, _, err := s.peopleLocked(chatID, userID)
	if err != nil {
		return err
	}
	switch {
	case g.isOwner(userID):
		return fmt.Errorf("telegramsim: user %d created group %d; the simulator does not let the creator leave", userID, chatID)
	case !g.isMember(userID):
		return fmt.Errorf("telegramsim: user %d is not a member of group %d", userID, chatID)
	}
	s.dropMemberLocked(g, s.world.users[userID].model(), userID, models.ChatMemberTypeLeft)
	return nil
}

// peopleLocked resolves the group and its creator for a change of a
// person's status.
func (s *Server) peopleLocked(chatID, userID int64) (*groupRec, models.User, error) {
	g, ok := s.world.groups[chatID]
	switch {
	case !ok:
		return nil, models.User{}, fmt.Errorf("telegramsim: no group %d", chatID)
	case userID == s.me.ID:
		return nil, models.User{}, fmt.Errorf("telegramsim: user %d is the bot; use AddBot or RemoveBot", userID)
	case userID <= 0:
		return nil, models.User{}, fmt.Errorf("telegramsim: invalid user id %d", userID)
	case len(g.Members) == 0:
		return nil, models.User{}, fmt.Errorf("telegramsim: group %d has no creator", chatID)
	}
	return g, s.world.users[g.Members[0]].model(), nil
}

// dropMemberLocked takes a user out of the group with status left or
// kicked, made by by.
func (s *Server) dropMemberLocked(g *groupRec, by models.User, userID int64, status models.ChatMemberType) {
	old := g.status(userID)
	wasIn := g.isMember(userID)
	for i, id := range g.Members {
		if id == userID {
			g.Members = append(g.Members[:i:i], g.Members[i+1:]...)
			break
		}
	}
	delete(g.admins, userID)
	g.gone[userID] = status
	u := s.world.users[userID].model()
	s.memberChangedLocked(g, by, u, old)
	if wasIn {
		c := chatRef{id: g.ID, group: g}
		m := s.newMsgLocked(c, by)
		m.LeftChatMember = &u
		s.storeLocked(c, &msgRec{msg: m, service: true}, placement{})
	}
}

// memberChangedLocked queues the chat_member update of a change of u's
// status from old to their current one, made by by. Telegram sends these
// only to a bot that is an administrator of the group, and only when it
// asked for them in allowed_updates (see enqueueLocked).
func (s *Server) memberChangedLocked(g *groupRec, by, u models.User, old models.ChatMemberType) {
	if g.botAdmin() {
		s.enqueueLocked(&models.Update{ChatMember: &models.ChatMemberUpdated{
			Chat: chatRef{id: g.ID, group: g}.model(), From: by, Date: s.date(),
			OldChatMember: member(u, old), NewChatMember: member(u, g.status(u.ID)),
		}})
	}
	s.emitChatLocked(g.ID)
}
