package telegramsim

import (
	"context"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim/wire"
)

// meResult is getMe's answer. Telegram sends the bot-only booleans even
// when false, which models.User would omit.
type meResult struct {
	ID                        int64  `json:"id"`
	IsBot                     bool   `json:"is_bot"`
	FirstName                 string `json:"first_name"`
	Username                  string `json:"username"`
	CanJoinGroups             bool   `json:"can_join_groups"`
	CanReadAllGroupMessages   bool   `json:"can_read_all_group_messages"`
	SupportsInlineQueries     bool   `json:"supports_inline_queries"`
	SupportsGuestQueries      bool   `json:"supports_guest_queries"`
	CanConnectToBusiness      bool   `json:"can_connect_to_business"`
	HasMainWebApp             bool   `json:"has_main_web_app"`
	HasTopicsEnabled          bool   `json:"has_topics_enabled"`
	AllowsUsersToCreateTopics bool   `json:"allows_users_to_create_topics"`
	CanManageBots             bool   `json:"can_manage_bots"`
}

// getMe is the getMe method.
func (s *Server) getMe(_ context.Context, _ wire.Params) (any, *wire.Error) {
	return meResult{
		ID: s.me.ID, IsBot: true, FirstName: s.me.FirstName, Username: s.me.Username,
		CanJoinGroups: true, CanReadAllGroupMessages: s.opts.ReadAllGroupMessages,
	}, nil
}

// getChat is the getChat method. The answer is a ChatFullInfo with the
// fields Telegram always sends; the simulator models no photos, bios,
// descriptions or invite links.
func (s *Server) getChat(_ context.Context, p wire.Params) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, werr := s.accessibleChatLocked(p)
	if werr != nil {
		return nil, werr
	}
	m := c.model()
	full := map[string]any{
		"id": m.ID, "type": m.Type, "accent_color_id": (c.id%7 + 7) % 7, "max_reaction_count": 11,
		"accepted_gift_types": map[string]bool{"unlimited_gifts": c.user != nil, "limited_gifts": c.user != nil, "unique_gifts": c.user != nil, "premium_subscription": c.user != nil, "gifts_from_channels": c.user != nil},
	}
	if c.user != nil {
		full["first_name"] = m.FirstName
		setIf(full, "last_name", m.LastName)
		setIf(full, "username", m.Username)
		return full, nil
	}
	full["title"] = m.Title
	if m.IsForum {
		full["is_forum"] = true
	}
	full["permissions"] = models.ChatPermissions{
		CanSendMessages: true, CanSendAudios: true, CanSendDocuments: true, CanSendPhotos: true,
		CanSendVideos: true, CanSendVideoNotes: true, CanSendVoiceNotes: true, CanSendPolls: true,
		CanSendOtherMessages: true, CanAddWebPagePreviews: true, CanInviteUsers: true,
	}
	return full, nil
}

func setIf(m map[string]any, key, v string) {
	if v != "" {
		m[key] = v
	}
}

// memberStatusLocked is a user's status in chat c.
func (s *Server) memberStatusLocked(c chatRef, userID int64) models.ChatMemberType {
	switch {
	case userID == s.me.ID && c.group != nil:
		return c.group.botStatus
	case c.user != nil && (userID == c.id || userID == s.me.ID):
		return models.ChatMemberTypeMember
	case c.group != nil:
		return c.group.status(userID)
	}
	return models.ChatMemberTypeLeft
}

// getChatMember is the getChatMember method.
func (s *Server) getChatMember(_ context.Context, p wire.Params) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, werr := s.accessibleChatLocked(p)
	if werr != nil {
		return nil, werr
	}
	id := userIDParam(p)
	var u models.User
	switch rec, ok := s.world.users[id]; {
	case id == s.me.ID:
		u = s.me
	case ok:
		u = rec.model()
	default:
		return nil, wire.BadRequest("user not found")
	}
	return new(member(u, s.memberStatusLocked(c, id))), nil
}

// getChatAdministrators is the getChatAdministrators method: the creator,
// the promoted members in the order they joined and, when it is one, the
// bot.
func (s *Server) getChatAdministrators(_ context.Context, p wire.Params) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, werr := s.accessibleChatLocked(p)
	if werr != nil {
		return nil, werr
	}
	if c.user != nil {
		return nil, wire.BadRequest("there are no administrators in the private chat")
	}
	out := []*models.ChatMember{}
	for _, id := range c.group.Members {
		if st := c.group.status(id); st == models.ChatMemberTypeOwner || st == models.ChatMemberTypeAdministrator {
			out = append(out, new(member(s.world.users[id].model(), st)))
		}
	}
	if c.group.botAdmin() {
		out = append(out, new(member(s.me, models.ChatMemberTypeAdministrator)))
	}
	return out, nil
}
