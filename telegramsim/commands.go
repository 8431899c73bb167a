package telegramsim

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim/wire"
)

// commandScope is a BotCommandScope object.
type commandScope struct {
	Type   string          `json:"type"`
	ChatID json.RawMessage `json:"chat_id"`
	UserID int64           `json:"user_id"`
}

// scopeKeyLocked turns the scope parameter into the key commands are
// stored under: "default", "all_private_chats", "all_group_chats",
// "all_chat_administrators", "chat:<id>", "chat_administrators:<id>" or
// "chat_member:<chat id>:<user id>" (the format Commands takes).
func (s *Server) scopeKeyLocked(p wire.Params) (string, *wire.Error) {
	if !p.Has("scope") {
		return "default", nil
	}
	var sc commandScope
	if err := p.JSON("scope", &sc); err != nil {
		return "", wire.BadRequest("can't parse BotCommandScope JSON object")
	}
	switch sc.Type {
	case "default", "all_private_chats", "all_group_chats", "all_chat_administrators":
		return sc.Type, nil
	case "chat", "chat_administrators", "chat_member":
	default:
		return "", wire.BadRequest("can't parse BotCommandScope: Unsupported type specified")
	}
	chatText := string(sc.ChatID)
	if v, err := strconv.Unquote(chatText); err == nil {
		chatText = v
	}
	if chatText == "" || chatText == "null" {
		return "", wire.BadRequest("can't parse BotCommandScope: Empty chat_id specified")
	}
	c, werr := s.lookupChatLocked(chatText)
	if werr != nil {
		return "", werr
	}
	if sc.Type != "chat_member" {
		return fmt.Sprintf("%s:%d", sc.Type, c.id), nil
	}
	if sc.UserID <= 0 {
		return "", wire.BadRequest("can't parse BotCommandScope: Invalid user_id specified")
	}
	return fmt.Sprintf("chat_member:%d:%d", c.id, sc.UserID), nil
}

func commandsKey(scope, lang string) string {
	return scope + "|" + lang
}

// setMyCommands is the setMyCommands method; an empty list deletes the
// commands of that scope and language.
func (s *Server) setMyCommands(_ context.Context, p wire.Params) (any, *wire.Error) {
	var cmds []models.BotCommand
	if err := p.JSON("commands", &cmds); err != nil {
		return nil, wire.BadRequest("can't parse commands JSON object")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	scope, werr := s.scopeKeyLocked(p)
	if werr != nil {
		return nil, werr
	}
	key := commandsKey(scope, p.String("language_code"))
	if len(cmds) == 0 {
		delete(s.cmds, key)
	} else {
		s.cmds[key] = cmds
	}
	return true, nil
}

// getMyCommands is the getMyCommands method: the list of exactly that scope
// and language, without falling back to broader ones.
func (s *Server) getMyCommands(_ context.Context, p wire.Params) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	scope, werr := s.scopeKeyLocked(p)
	if werr != nil {
		return nil, werr
	}
	cmds := slices.Clone(s.cmds[commandsKey(scope, p.String("language_code"))])
	if cmds == nil {
		cmds = []models.BotCommand{}
	}
	return cmds, nil
}

// deleteMyCommands is the deleteMyCommands method.
func (s *Server) deleteMyCommands(_ context.Context, p wire.Params) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	scope, werr := s.scopeKeyLocked(p)
	if werr != nil {
		return nil, werr
	}
	delete(s.cmds, commandsKey(scope, p.String("language_code")))
	return true, nil
}

// Commands returns the bot's commands for a scope key (see scopeKeyLocked:
// "" or "default", "all_private_chats", "chat:<id>", ...) and language code
// ("" for all languages).
func (s *Server) Commands(scope string, lang string) []models.BotCommand {
	if scope == "" {
		scope = "default"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.cmds[commandsKey(scope, lang)])
}
