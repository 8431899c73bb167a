package telegramsim

import (
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestPressButtonAndAnswer(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	e := newEnv(t, Options{Clock: clock.Now})
	u := e.startedUser(t, "Ann")
	ctx := ctxTimeout(t)
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "Refund", CallbackData: "refund:7"}}}}
	m, err := e.bot.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.ID, Text: "What do you want?", ReplyMarkup: kb})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.sim.PressButton(u.ID, u.ID, m.ID, "exchange"); err == nil {
		t.Error("pressing a button the message does not have succeeded")
	}
	if _, err := e.sim.PressButton(u.ID, u.ID, 1, "refund:7"); err == nil {
		t.Error("pressing a button on the user's own message succeeded")
	}
	id, err := e.sim.PressButton(u.ID, u.ID, m.ID, "refund:7")
	if err != nil {
		t.Fatal(err)
	}
	a := e.call(t, "getUpdates", map[string]any{"offset": 2})
	var ups []models.Update
	if err := jsonUnmarshal(a.Result, &ups); err != nil || len(ups) != 1 || ups[0].CallbackQuery == nil {
		t.Fatalf("updates = %s, %v", a.Result, err)
	}
	q := ups[0].CallbackQuery
	if q.ID != id || q.Data != "refund:7" || q.From.ID != u.ID || q.Message.Message == nil || q.Message.Message.ID != m.ID || q.ChatInstance == "" {
		t.Errorf("callback query = %+v", q)
	}
	if _, _, answered := e.sim.CallbackAnswer(id); answered {
		t.Error("answered before the bot answered")
	}
	ok, err := e.bot.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: id, Text: "Done", ShowAlert: true})
	if !ok || err != nil {
		t.Fatalf("AnswerCallbackQuery = %v, %v", ok, err)
	}
	if text, alert, answered := e.sim.CallbackAnswer(id); !answered || text != "Done" || !alert {
		t.Errorf("CallbackAnswer = %q %v %v", text, alert, answered)
	}
	_, err = e.bot.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: id})
	if err == nil || !contains(err.Error(), "query is too old and response timeout expired or query ID is invalid") {
		t.Errorf("answering twice: %v", err)
	}
	late, _ := e.sim.PressButton(u.ID, u.ID, m.ID, "refund:7")
	clock.Advance(time.Minute)
	_, err = e.bot.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: late})
	if err == nil || !contains(err.Error(), "query is too old") {
		t.Errorf("answering a minute late: %v", err)
	}
}

func TestCommandsPerScopeAndLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	staff := e.sim.AddUser(User{FirstName: "Olga"})
	g := e.sim.AddGroup(Group{Title: "Desk", Members: []int64{staff.ID}, BotIsAdmin: true})
	ctx := ctxTimeout(t)
	en := []models.BotCommand{{Command: "start", Description: "Start"}, {Command: "new", Description: "New complaint"}}
	ru := []models.BotCommand{{Command: "start", Description: "Начать"}}
	if _, err := e.bot.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: en, Scope: &models.BotCommandScopeAllPrivateChats{}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.bot.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: ru, Scope: &models.BotCommandScopeAllPrivateChats{}, LanguageCode: "ru"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.bot.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: ru[:1], Scope: &models.BotCommandScopeChat{ChatID: g.ID}}); err != nil {
		t.Fatal(err)
	}
	if got := e.sim.Commands("all_private_chats", ""); len(got) != 2 || got[1].Command != "new" {
		t.Errorf("private commands = %+v", got)
	}
	if got := e.sim.Commands("all_private_chats", "ru"); len(got) != 1 || got[0].Description != "Начать" {
		t.Errorf("russian commands = %+v", got)
	}
	if got := e.sim.Commands("chat:"+itoa(g.ID), ""); len(got) != 1 {
		t.Errorf("group commands = %+v", got)
	}
	if got := e.sim.Commands("default", ""); len(got) != 0 {
		t.Errorf("default commands = %+v, want none", got)
	}
	got, err := e.bot.GetMyCommands(ctx, &bot.GetMyCommandsParams{Scope: &models.BotCommandScopeAllPrivateChats{}, LanguageCode: "ru"})
	if err != nil || len(got) != 1 {
		t.Errorf("GetMyCommands = %+v, %v", got, err)
	}
	if _, err := e.bot.DeleteMyCommands(ctx, &bot.DeleteMyCommandsParams{Scope: &models.BotCommandScopeAllPrivateChats{}}); err != nil {
		t.Fatal(err)
	}
	if got := e.sim.Commands("all_private_chats", ""); len(got) != 0 {
		t.Errorf("after delete = %+v", got)
	}
}
