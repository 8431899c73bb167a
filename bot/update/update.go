// Package update reads what the edge and the desk both need to know of a
// Telegram update: the chat it happened in, and a command in a text.
package update

import (
	"strings"

	"github.com/go-telegram/bot/models"
)

// Chat is the chat an update happened in, and its type; zero for updates
// of no chat.
func Chat(upd *models.Update) (int64, models.ChatType) {
	switch {
	case upd.Message != nil:
		return upd.Message.Chat.ID, upd.Message.Chat.Type
	case upd.EditedMessage != nil:
		return upd.EditedMessage.Chat.ID, upd.EditedMessage.Chat.Type
	case upd.CallbackQuery != nil && upd.CallbackQuery.Message.Message != nil:
		c := upd.CallbackQuery.Message.Message.Chat
		return c.ID, c.Type
	case upd.CallbackQuery != nil && upd.CallbackQuery.Message.InaccessibleMessage != nil:
		c := upd.CallbackQuery.Message.InaccessibleMessage.Chat
		return c.ID, c.Type
	case upd.MyChatMember != nil:
		return upd.MyChatMember.Chat.ID, upd.MyChatMember.Chat.Type
	case upd.ChatMember != nil:
		return upd.ChatMember.Chat.ID, upd.ChatMember.Chat.Type
	}
	return 0, ""
}

// IsGroup reports whether a chat type is a group or a channel: any chat
// but a private one.
func IsGroup(t models.ChatType) bool {
	return t == models.ChatTypeGroup || t == models.ChatTypeSupergroup || t == models.ChatTypeChannel
}

// Command splits "/start@ShopDeskBot SO123" into "start" and "SO123". A
// command addressed to another bot is not ours (ok is false).
func Command(text, botUsername string) (cmd, args string, ok bool) {
	if !strings.HasPrefix(text, "/") || len(text) < 2 {
		return "", "", false
	}
	head, rest, _ := strings.Cut(text[1:], " ")
	head, at, addressed := strings.Cut(head, "@")
	if addressed && !strings.EqualFold(at, botUsername) {
		return "", "", false
	}
	if head == "" {
		return "", "", false
	}
	return strings.ToLower(head), strings.TrimSpace(rest), true
}
