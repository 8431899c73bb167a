package desk

import (
	"context"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/bot/update"
)

// otherGroup handles an update from a group that is not the staff group:
// the bot serves one shop's staff group only, so it says so once and
// leaves. Until the staff group is configured it stays, so that the group
// can be set up (its id read from the log).
func (d *Desk) otherGroup(ctx context.Context, upd *models.Update) error {
	chatID, _ := update.Chat(upd)
	if d.cfg.ChatID == 0 {
		d.log.Warn("update from a group while no staff group is configured", "chat", chatID)
		return answerNothing(ctx, d, upd)
	}
	switch {
	case upd.MyChatMember != nil:
		switch upd.MyChatMember.NewChatMember.Type {
		case models.ChatMemberTypeMember, models.ChatMemberTypeAdministrator:
		default:
			return nil // the bot left or was removed: nothing to say
		}
	case upd.CallbackQuery != nil:
		if err := d.out.AnswerCallback(ctx, upd.CallbackQuery.ID, d.text("staff.refuse.other_group", nil)); err != nil {
			d.log.Info("answer callback in another group", "chat", chatID, "err", err)
		}
	}
	d.log.Info("leaving a group that is not the staff group", "chat", chatID)
	// Said straight away, not through the desk queue: this is not the
	// staff group, and the bot is gone a moment later.
	if _, err := d.out.Text(ctx, chatID, d.text("staff.refuse.other_group", nil), nil); err != nil {
		d.log.Info("goodbye not sent", "chat", chatID, "err", err)
	}
	if err := d.out.Leave(ctx, chatID); err != nil && !send.IsBlocked(err) {
		d.log.Info("leave chat", "chat", chatID, "err", err)
	}
	return nil
}

// answerNothing stops a pressed button in another group spinning.
func answerNothing(ctx context.Context, d *Desk, upd *models.Update) error {
	if upd.CallbackQuery != nil {
		return d.out.AnswerCallback(ctx, upd.CallbackQuery.ID, "")
	}
	return nil
}
