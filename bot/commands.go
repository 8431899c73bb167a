package bot

import (
	"context"
	"fmt"
	"slices"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// menuCommands are the commands of the customer's menu, in order.
var menuCommands = []string{"new", "status", "close", "back", "cancel", "language", "help"}

// ownerCommands are what an owner's menu adds to the customer's, in their
// private chat with the bot: a return and a report.
var ownerCommands = []string{"return", "report"}

// registerCommands sets the command menu of private chats in English (the
// default) and in Chinese, and each owner's own menu, which adds
// ownerCommands. An owner's menu that Telegram refuses (an owner who never
// started the bot) is logged and left out: the owner can still type the
// commands.
func (e *Edge) registerCommands(ctx context.Context) error {
	for _, lang := range []string{"en", "zh"} {
		params := &tgbot.SetMyCommandsParams{Commands: e.menu(lang, menuCommands), Scope: &models.BotCommandScopeAllPrivateChats{}}
		if lang != "en" {
			params.LanguageCode = lang
		}
		if _, err := e.out.Bot().SetMyCommands(ctx, params); err != nil {
			return fmt.Errorf("bot: setMyCommands %s: %w", lang, err)
		}
	}
	if e.returns == nil {
		return nil
	}
	for _, owner := range e.returns.Owners() {
		for _, lang := range []string{"en", "zh"} {
			params := &tgbot.SetMyCommandsParams{Commands: e.menu(lang, append(slices.Clone(menuCommands), ownerCommands...)),
				Scope: &models.BotCommandScopeChat{ChatID: owner}}
			if lang != "en" {
				params.LanguageCode = lang
			}
			if _, err := e.out.Bot().SetMyCommands(ctx, params); err != nil {
				e.log.Warn("owner's command menu not set", "owner", owner, "lang", lang, "err", err)
				break
			}
		}
	}
	return nil
}

// menu is the commands with their descriptions in lang.
func (e *Edge) menu(lang string, commands []string) []models.BotCommand {
	cmds := make([]models.BotCommand, 0, len(commands))
	for _, c := range commands {
		cmds = append(cmds, models.BotCommand{Command: c, Description: e.cat.Text(lang, "bot.cmd_"+c, nil)})
	}
	return cmds
}
