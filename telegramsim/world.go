package telegramsim

import (
	"fmt"
	"slices"

	"github.com/go-telegram/bot/models"
)

// User is a simulated Telegram user. Their private chat with the bot has
// the same id as the user.
type User struct {
	ID           int64
	FirstName    string
	LastName     string
	Username     string
	LanguageCode string
	// HidesForwards is the privacy setting "Forwarded messages: Nobody":
	// a forward of the user's message names them only as text
	// (forward_origin hidden_user), never as a user.
	HidesForwards bool
}

// Group is a simulated supergroup the bot belongs to.
type Group struct {
	// ID is a supergroup id such as -1001000000001; 0 assigns one.
	ID    int64
	Title string
	// Forum makes the group a forum with topics (is_forum).
	Forum bool
	// Members are user ids; the first one is the group's creator.
	Members []int64
	// BotIsAdmin makes the bot an administrator with all rights, including
	// can_manage_topics.
	BotIsAdmin bool
}

type userRec struct {
	User
	started bool // the user has written to the bot
	blocked bool // the user has blocked the bot
}

type groupRec struct {
	Group
	botStatus models.ChatMemberType
	topics    map[int]*topicRec
	admins    map[int64]bool                  // promoted members (see group_members.go)
	gone      map[int64]models.ChatMemberType // people who left or were removed
}

// chatLog is the message history of one chat.
type chatLog struct {
	id        int64
	nextMsgID int
	msgs      []*msgRec
	byID      map[int]*msgRec
	keyboard  *models.ReplyKeyboardMarkup // the reply keyboard shown, if any
}

type world struct {
	users       map[int64]*userRec
	groups      map[int64]*groupRec
	logs        map[int64]*chatLog
	order       []int64 // chat ids in creation order
	nextUser    int64
	nextGroup   int64
	mediaGroups int64
}

func newWorld() world {
	return world{
		users:     map[int64]*userRec{},
		groups:    map[int64]*groupRec{},
		logs:      map[int64]*chatLog{},
		nextUser:  700000001,
		nextGroup: 1001000000001,
	}
}

// logFor returns the chat's history, creating it on first use.
func (w *world) logFor(chatID int64) *chatLog {
	l, ok := w.logs[chatID]
	if !ok {
		l = &chatLog{id: chatID, nextMsgID: 1, byID: map[int]*msgRec{}}
		w.logs[chatID] = l
	}
	return l
}

// AddUser adds a user (ID 0 assigns one; an empty FirstName becomes
// "User <id>") or updates the names of an existing one, and returns it.
// The user can be messaged by the bot only after writing to it.
func (s *Server) AddUser(u User) User {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addUserLocked(u)
}

func (s *Server) addUserLocked(u User) User {
	w := &s.world
	if u.ID == 0 {
		for w.users[w.nextUser] != nil {
			w.nextUser++
		}
		u.ID = w.nextUser
		w.nextUser++
	}
	if u.FirstName == "" {
		u.FirstName = fmt.Sprintf("User %d", u.ID)
	}
	if r, ok := w.users[u.ID]; ok {
		r.User = u
	} else {
		w.users[u.ID] = &userRec{User: u}
		w.order = append(w.order, u.ID)
	}
	s.emitChatLocked(u.ID)
	return u
}

// AddGroup creates a supergroup with the bot in it (administrator when
// BotIsAdmin) and returns it with its id. Unknown member ids become users.
// The bot receives my_chat_member and a new_chat_members service message
// from the creator, as when a person adds a bot to a group.
func (s *Server) AddGroup(g Group) Group {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := &s.world
	if g.ID == 0 {
		g.ID = -w.nextGroup
		w.nextGroup++
	}
	if g.Title == "" {
		g.Title = fmt.Sprintf("Group %d", -g.ID)
	}
	g.Members = slices.Clone(g.Members)
	for _, id := range g.Members {
		if _, ok := w.users[id]; !ok {
			s.addUserLocked(User{ID: id})
		}
	}
	gr := &groupRec{Group: g, botStatus: models.ChatMemberTypeLeft, topics: map[int]*topicRec{}, admins: map[int64]bool{}, gone: map[int64]models.ChatMemberType{}}
	w.groups[g.ID] = gr
	w.order = append(w.order, g.ID)
	if len(g.Members) > 0 {
		s.setBotStatusLocked(gr, g.Members[0], s.joinedStatus(gr))
	} else {
		gr.botStatus = s.joinedStatus(gr)
	}
	s.emitChatLocked(g.ID)
	return g
}

func (s *Server) joinedStatus(g *groupRec) models.ChatMemberType {
	if g.BotIsAdmin {
		return models.ChatMemberTypeAdministrator
	}
	return models.ChatMemberTypeMember
}

func (g *groupRec) isMember(userID int64) bool {
	return slices.Contains(g.Members, userID)
}

// isOwner reports whether the user created the group (is its first member).
func (g *groupRec) isOwner(userID int64) bool {
	return len(g.Members) > 0 && g.Members[0] == userID
}

// botIn reports whether the bot is currently in the group.
func (g *groupRec) botIn() bool {
	return g.botStatus == models.ChatMemberTypeMember || g.botStatus == models.ChatMemberTypeAdministrator
}

// botAdmin reports whether the bot is an administrator of the group.
func (g *groupRec) botAdmin() bool {
	return g.botStatus == models.ChatMemberTypeAdministrator
}
