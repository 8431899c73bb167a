package bot

import (
	"context"

	"github.com/go-telegram/bot/models"
)

// updateChat is the chat an update happened in, and its type; zero for
// updates of no chat.
func updateChat(upd *models.Update) (int64, models.ChatType) {
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
	}
	return 0, ""
}

// isGroupChat reports whether a chat type is a group or a channel: any
// chat but a private one.
func isGroupChat(t models.ChatType) bool {
	return t == models.ChatTypeGroup || t == models.ChatTypeSupergroup || t == models.ChatTypeChannel
}

// otherGroup handles an update from a group that is not the staff group:
// the bot serves one shop's staff group only, so it says so once and
// leaves. Until the staff group is configured it stays, so that the group
// can be set up (its id read from the log).
func (e *Edge) otherGroup(ctx context.Context, upd *models.Update) error {
	chatID, _ := updateChat(upd)
	if e.cfg.StaffChatID == 0 {
		e.log.Warn("update from a group while no staff group is configured", "chat", chatID)
		return answerNothing(ctx, e, upd)
	}
	switch {
	case upd.MyChatMember != nil:
		switch upd.MyChatMember.NewChatMember.Type {
		case models.ChatMemberTypeMember, models.ChatMemberTypeAdministrator:
		default:
			return nil // the bot left or was removed: nothing to say
		}
	case upd.CallbackQuery != nil:
		if err := e.out.AnswerCallback(ctx, upd.CallbackQuery.ID, e.staffText("staff.refuse.other_group", nil)); err != nil {
			e.log.Info("answer callback in another group", "chat", chatID, "err", err)
		}
	}
	e.log.Info("leaving a group that is not the staff group", "chat", chatID)
	// Said straight away, not through the desk queue: this is not the
	// staff group, and the bot is gone a moment later.
	if _, err := e.out.Text(ctx, chatID, e.staffText("staff.refuse.other_group", nil), nil); err != nil {
		e.log.Info("goodbye not sent", "chat", chatID, "err", err)
	}
	if err := e.out.Leave(ctx, chatID); err != nil && !isBlocked(err) {
		e.log.Info("leave chat", "chat", chatID, "err", err)
	}
	return nil
}

// answerNothing stops a pressed button in another group spinning.
func answerNothing(ctx context.Context, e *Edge, upd *models.Update) error {
	if upd.CallbackQuery != nil {
		return e.out.AnswerCallback(ctx, upd.CallbackQuery.ID, "")
	}
	return nil
}
