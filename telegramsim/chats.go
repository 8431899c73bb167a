package telegramsim

import (
	"slices"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim/wire"
)

// chatRef is a resolved chat: a user's private chat with the bot, or a group.
type chatRef struct {
	id    int64
	user  *userRec  // private chats
	group *groupRec // groups
}

func chatNotFound() *wire.Error { return wire.BadRequest("chat not found") }

// lookupChatLocked resolves a chat_id parameter (an integer, or "@username"
// of a public chat; simulated groups have none).
func (s *Server) lookupChatLocked(v string) (chatRef, *wire.Error) {
	if strings.HasPrefix(v, "@") {
		return chatRef{}, chatNotFound()
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return chatRef{}, chatNotFound()
	}
	return s.chatByIDLocked(id)
}

func (s *Server) chatByIDLocked(id int64) (chatRef, *wire.Error) {
	if u, ok := s.world.users[id]; ok {
		return chatRef{id: id, user: u}, nil
	}
	if g, ok := s.world.groups[id]; ok {
		return chatRef{id: id, group: g}, nil
	}
	return chatRef{}, chatNotFound()
}

// model is the chat as it appears in messages.
func (c chatRef) model() models.Chat {
	if c.user != nil {
		return models.Chat{ID: c.id, Type: models.ChatTypePrivate, FirstName: c.user.FirstName, LastName: c.user.LastName, Username: c.user.Username}
	}
	return models.Chat{ID: c.id, Type: models.ChatTypeSupergroup, Title: c.group.Title, IsForum: c.group.Forum}
}

// botCanWriteLocked is Telegram's check before the bot posts into a chat.
func (s *Server) botCanWriteLocked(c chatRef) *wire.Error {
	switch {
	case c.user != nil && c.user.blocked:
		return wire.Forbidden("bot was blocked by the user")
	case c.user != nil && !c.user.started:
		return wire.Forbidden("bot can't initiate conversation with a user")
	case c.group != nil && c.group.botStatus == models.ChatMemberTypeBanned:
		return wire.Forbidden("bot was kicked from the supergroup chat")
	case c.group != nil && !c.group.botIn():
		return wire.Forbidden("bot is not a member of the supergroup chat")
	}
	return nil
}

// botCanSeeLocked is Telegram's check before the bot reads from a chat:
// a group it has left is invisible to it.
func (s *Server) botCanSeeLocked(c chatRef) *wire.Error {
	if c.group != nil && !c.group.botIn() {
		return wire.Forbidden("bot is not a member of the supergroup chat")
	}
	return nil
}

// userModel is a user as it appears in messages.
func (u *userRec) model() models.User {
	return models.User{ID: u.ID, FirstName: u.FirstName, LastName: u.LastName, Username: u.Username, LanguageCode: u.LanguageCode}
}

// ChatInfo describes one chat of the simulated world, for a playground's
// chat list.
type ChatInfo struct {
	ID int64
	// Type is "private" or "supergroup".
	Type string
	// Title is the group's title, or the user's full name.
	Title string
	// User is the other party of a private chat.
	User *User
	// Forum is true for forum supergroups.
	Forum bool
	// Members are the group's member ids.
	Members []int64
	// BotStatus is the bot's member status: "member", "administrator",
	// "left" or "kicked" ("kicked" in a private chat means blocked).
	BotStatus string
	// Started is true once the user has written to the bot.
	Started bool
}

// Chats lists users' private chats and groups in the order they were added.
func (s *Server) Chats() []ChatInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]ChatInfo, 0, len(s.world.order))
	for _, id := range s.world.order {
		if c, err := s.chatByIDLocked(id); err == nil {
			out = append(out, c.info())
		}
	}
	return out
}

func (c chatRef) info() ChatInfo {
	if c.user != nil {
		u := c.user.User
		status := "member"
		if c.user.blocked {
			status = "kicked"
		}
		title := strings.TrimSpace(u.FirstName + " " + u.LastName)
		return ChatInfo{ID: c.id, Type: "private", Title: title, User: &u, BotStatus: status, Started: c.user.started}
	}
	g := c.group
	return ChatInfo{ID: c.id, Type: "supergroup", Title: g.Title, Forum: g.Forum, Members: slices.Clone(g.Members), BotStatus: string(g.botStatus)}
}
