package bot

import (
	"context"
	"fmt"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// customerCommands are the commands of the customer's menu, in order.
var customerCommands = []string{"new", "status", "close", "back", "cancel", "language", "help"}

// registerCommands sets the command menu of private chats in English (the
// default) and in Chinese.
func (e *Edge) registerCommands(ctx context.Context) error {
	for _, lang := range []string{"en", "zh"} {
		cmds := make([]models.BotCommand, 0, len(customerCommands))
		for _, c := range customerCommands {
			cmds = append(cmds, models.BotCommand{Command: c, Description: e.cat.Text(lang, "bot.cmd_"+c, nil)})
		}
		params := &tgbot.SetMyCommandsParams{Commands: cmds, Scope: &models.BotCommandScopeAllPrivateChats{}}
		if lang != "en" {
			params.LanguageCode = lang
		}
		if _, err := e.out.Bot().SetMyCommands(ctx, params); err != nil {
			return fmt.Errorf("bot: setMyCommands %s: %w", lang, err)
		}
	}
	e.registerStaffCommands(ctx)
	return nil
}

// registerStaffCommands sets the staff group's command menu, in the staff
// language. A failure is logged, not fatal: the bot may not be in the group
// yet, and the commands work without a menu.
func (e *Edge) registerStaffCommands(ctx context.Context) {
	if e.cfg.StaffChatID == 0 {
		return
	}
	cmds := make([]models.BotCommand, 0, len(staffVerbs))
	for _, v := range staffVerbs {
		cmds = append(cmds, models.BotCommand{Command: string(v), Description: plainText(e.staffText("staff.cmd."+string(v), nil))})
	}
	params := &tgbot.SetMyCommandsParams{Commands: cmds, Scope: &models.BotCommandScopeChat{ChatID: e.cfg.StaffChatID}}
	if _, err := e.out.Bot().SetMyCommands(ctx, params); err != nil {
		e.log.Warn("staff group command menu not set", "chat", e.cfg.StaffChatID, "err", err)
	}
}
