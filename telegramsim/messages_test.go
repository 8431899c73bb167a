package telegramsim

import (
	"errors"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestGetMeThroughLibrary(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{BotUsername: "desk_bot", BotName: "Desk"})
	me, err := e.bot.GetMe(ctxTimeout(t))
	if err != nil {
		t.Fatalf("GetMe: %v", err)
	}
	if me.ID != 123456789 || !me.IsBot || me.Username != "desk_bot" || me.FirstName != "Desk" || !me.CanJoinGroups {
		t.Errorf("getMe = %+v", me)
	}
	a := e.call(t, "getMe", nil)
	if !contains(string(a.Result), `"supports_inline_queries":false`) {
		t.Errorf("getMe JSON lacks explicit bot flags: %s", a.Result)
	}
}

func TestWrongTokenIsUnauthorized(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	_, err := bot.New("123456789:other", bot.WithServerURL(e.url))
	if !errors.Is(err, bot.ErrorUnauthorized) {
		t.Errorf("bot.New with a wrong token: %v, want unauthorized", err)
	}
}

func TestSendMessageWithInlineKeyboard(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	u := e.startedUser(t, "Ann")
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{
		{Text: "Yes", CallbackData: "yes"}, {Text: "Site", URL: "https://example.com"},
	}}}
	m, err := e.bot.SendMessage(ctxTimeout(t), &bot.SendMessageParams{ChatID: u.ID, Text: "<b>Hello</b>, /help", ParseMode: models.ParseModeHTML, ReplyMarkup: kb})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	if m.Text != "Hello, /help" || m.Chat.ID != u.ID || m.Chat.Type != models.ChatTypePrivate || m.From == nil || !m.From.IsBot || m.Date == 0 {
		t.Errorf("message = %+v", m)
	}
	wantTypes := []models.MessageEntityType{models.MessageEntityTypeBold, models.MessageEntityTypeBotCommand}
	if len(m.Entities) != 2 || m.Entities[0].Type != wantTypes[0] || m.Entities[1].Type != wantTypes[1] {
		t.Errorf("entities = %+v, want bold and bot_command", m.Entities)
	}
	if m.ReplyMarkup == nil || m.ReplyMarkup.InlineKeyboard[0][0].CallbackData != "yes" {
		t.Errorf("reply_markup = %+v", m.ReplyMarkup)
	}
	got, err := e.sim.WaitBotMessage(ctxTimeout(t), u.ID, 0)
	if err != nil || got.ID != m.ID {
		t.Fatalf("WaitBotMessage = %v, %v; want message %d", got, err, m.ID)
	}
	tr := e.sim.Transcript(u.ID)
	if len(tr) != 2 || tr[1].String() != "#2 bot: Hello, /help [Yes|Site]" {
		t.Errorf("transcript = %v", tr)
	}
}

func TestAnswersCarryNoLibraryArtifacts(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	u := e.startedUser(t, "Ann")
	a := e.call(t, "sendMessage", map[string]any{"chat_id": u.ID, "text": "x", "reply_markup": map[string]any{
		"inline_keyboard": [][]map[string]string{{{"text": "A", "callback_data": "a"}}},
	}})
	if !a.OK || contains(string(a.Result), "copy_text") {
		t.Errorf("answer = %s", a.Result)
	}
}

func TestReplies(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	u := e.startedUser(t, "Ann")
	q, err := e.sim.SendText(u.ID, u.ID, "my order is late")
	if err != nil {
		t.Fatal(err)
	}
	m, err := e.bot.SendMessage(ctxTimeout(t), &bot.SendMessageParams{ChatID: u.ID, Text: "sorry", ReplyParameters: &models.ReplyParameters{MessageID: q.ID}})
	if err != nil || m.ReplyToMessage == nil || m.ReplyToMessage.ID != q.ID || m.ReplyToMessage.Text != "my order is late" {
		t.Fatalf("reply = %+v, %v", m, err)
	}
	_, err = e.bot.SendMessage(ctxTimeout(t), &bot.SendMessageParams{ChatID: u.ID, Text: "x", ReplyParameters: &models.ReplyParameters{MessageID: 999}})
	if !errors.Is(err, bot.ErrorBadRequest) || !contains(err.Error(), "message to be replied not found") {
		t.Errorf("reply to a missing message: %v", err)
	}
	m, err = e.bot.SendMessage(ctxTimeout(t), &bot.SendMessageParams{ChatID: u.ID, Text: "x", ReplyParameters: &models.ReplyParameters{MessageID: 999, AllowSendingWithoutReply: true}})
	if err != nil || m.ReplyToMessage != nil {
		t.Errorf("allow_sending_without_reply: %+v, %v", m, err)
	}
}

func TestWhoTheBotCanMessage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	started := e.startedUser(t, "Ann")
	silent := e.sim.AddUser(User{FirstName: "Bob"})
	tests := []struct {
		name   string
		chatID int64
		block  bool
		want   error
		text   string
	}{
		{"unknown chat", 42, false, bot.ErrorBadRequest, "Bad Request: chat not found"},
		{"never started", silent.ID, false, bot.ErrorForbidden, "Forbidden: bot can't initiate conversation with a user"},
		{"blocked", started.ID, true, bot.ErrorForbidden, "Forbidden: bot was blocked by the user"},
	}
	for _, tc := range tests {
		if tc.block {
			if err := e.sim.BlockBot(tc.chatID); err != nil {
				t.Fatal(err)
			}
		}
		_, err := e.bot.SendMessage(ctxTimeout(t), &bot.SendMessageParams{ChatID: tc.chatID, Text: "hi"})
		if !errors.Is(err, tc.want) || !contains(err.Error(), tc.text) {
			t.Errorf("%s: %v, want %v %q", tc.name, err, tc.want, tc.text)
		}
	}
	if _, err := e.sim.SendText(started.ID, started.ID, "back again"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.bot.SendMessage(ctxTimeout(t), &bot.SendMessageParams{ChatID: started.ID, Text: "welcome back"}); err != nil {
		t.Errorf("after the user wrote again: %v", err)
	}
}

func TestEditMessages(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	u := e.startedUser(t, "Ann")
	ctx := ctxTimeout(t)
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "OK", CallbackData: "ok"}}}}
	m, err := e.bot.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.ID, Text: "draft", ReplyMarkup: kb})
	if err != nil {
		t.Fatal(err)
	}
	ed, err := e.bot.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: u.ID, MessageID: m.ID, Text: "final", ReplyMarkup: kb})
	if err != nil || ed.Text != "final" || ed.EditDate == 0 || ed.ReplyMarkup == nil {
		t.Fatalf("EditMessageText = %+v, %v", ed, err)
	}
	_, err = e.bot.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: u.ID, MessageID: m.ID, Text: "final", ReplyMarkup: kb})
	if !errors.Is(err, bot.ErrorBadRequest) || !contains(err.Error(), "message is not modified: specified new message content and reply markup are exactly the same") {
		t.Errorf("same edit again: %v", err)
	}
	ed, err = e.bot.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: u.ID, MessageID: m.ID})
	if err != nil || ed.ReplyMarkup != nil {
		t.Errorf("removing the keyboard: %+v, %v", ed, err)
	}
	_, err = e.bot.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: u.ID, MessageID: m.ID})
	if err == nil || !contains(err.Error(), "message is not modified") {
		t.Errorf("removing it twice: %v", err)
	}
	_, err = e.bot.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: u.ID, MessageID: 1, Text: "hijack"})
	if err == nil || !contains(err.Error(), "Bad Request: message can't be edited") {
		t.Errorf("editing the user's message: %v", err)
	}
	_, err = e.bot.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: u.ID, MessageID: 77, Text: "x"})
	if err == nil || !contains(err.Error(), "Bad Request: message to edit not found") {
		t.Errorf("editing a missing message: %v", err)
	}
	if ok, err := e.bot.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: u.ID, MessageID: m.ID}); !ok || err != nil {
		t.Errorf("DeleteMessage = %v, %v", ok, err)
	}
	_, err = e.bot.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: u.ID, MessageID: m.ID})
	if err == nil || !contains(err.Error(), "Bad Request: message to delete not found") {
		t.Errorf("deleting twice: %v", err)
	}
	tr := e.sim.Transcript(u.ID)
	if last := tr[len(tr)-1]; !last.Deleted || !last.Edited {
		t.Errorf("transcript entry = %+v", last)
	}
}

func TestUserEditReachesBot(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	u := e.startedUser(t, "Ann")
	m, _ := e.sim.SendText(u.ID, u.ID, "typo")
	if err := e.sim.EditText(u.ID, u.ID, m.ID, "fixed"); err != nil {
		t.Fatal(err)
	}
	a := e.call(t, "getUpdates", nil)
	var ups []models.Update
	if err := jsonUnmarshal(a.Result, &ups); err != nil {
		t.Fatal(err)
	}
	if len(ups) != 3 || ups[2].EditedMessage == nil || ups[2].EditedMessage.Text != "fixed" || ups[2].EditedMessage.EditDate == 0 {
		t.Errorf("updates = %s", a.Result)
	}
}

// TranscriptFrom reads a chat a piece at a time: each message once, in
// order, and nothing when there is nothing new.
func TestTranscriptFrom(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	u := e.startedUser(t, "Ann") // "/start" is message 0
	ctx := ctxTimeout(t)
	if _, err := e.bot.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.ID, Text: "one"}); err != nil {
		t.Fatal(err)
	}
	first, next := e.sim.TranscriptFrom(u.ID, 0)
	if len(first) != 2 || next != 2 || first[1].Message.Text != "one" || !first[1].FromBot {
		t.Fatalf("from 0: %d entries, next %d", len(first), next)
	}
	if none, again := e.sim.TranscriptFrom(u.ID, next); len(none) != 0 || again != next {
		t.Fatalf("nothing new: %d entries, next %d", len(none), again)
	}
	if _, err := e.bot.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.ID, Text: "two"}); err != nil {
		t.Fatal(err)
	}
	if more, last := e.sim.TranscriptFrom(u.ID, next); len(more) != 1 || more[0].Message.Text != "two" || last != 3 {
		t.Fatalf("after one more: %+v, next %d", more, last)
	}
	if none, n := e.sim.TranscriptFrom(-1, 0); none != nil || n != 0 {
		t.Fatalf("unknown chat: %v, %d", none, n)
	}
}
