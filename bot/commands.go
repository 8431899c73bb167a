package bot

import (
	"context"
	"fmt"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// menuCommands are the commands of the customer's menu, in order.
var menuCommands = []string{"new", "status", "close", "back", "cancel", "language", "help"}

// registerCommands sets the command menu of private chats in English (the
// default) and in Chinese.
func (e *Edge) registerCommands(ctx context.Context) error {
	for _, lang := range []string{"en", "zh"} {
		cmds := make([]models.BotCommand, 0, len(menuCommands))
		for _, c := range menuCommands {
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
	return nil
}
