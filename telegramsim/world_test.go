package telegramsim

import (
	"context"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestPrivacyModeInGroups(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	staff := e.sim.AddUser(User{FirstName: "Olga"})
	g := e.sim.AddGroup(Group{Title: "Chat", Members: []int64{staff.ID}})
	e.call(t, "getUpdates", map[string]any{"offset": -1})
	e.call(t, "getUpdates", map[string]any{"offset": e.sim.LastUpdateID() + 1})
	if _, err := e.sim.SendText(g.ID, staff.ID, "just chatting"); err != nil {
		t.Fatal(err)
	}
	cmd, err := e.sim.SendText(g.ID, staff.ID, "/status@sim_bot")
	if err != nil {
		t.Fatal(err)
	}
	var ups []models.Update
	if err := jsonUnmarshal(e.call(t, "getUpdates", nil).Result, &ups); err != nil {
		t.Fatal(err)
	}
	if len(ups) != 1 || ups[0].Message == nil || ups[0].Message.ID != cmd.ID {
		t.Errorf("a non-admin bot with privacy mode got %+v, want only the command", ups)
	}
}

func TestReplyKeyboardAndContact(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	u := e.startedUser(t, "Ann")
	kb := &models.ReplyKeyboardMarkup{OneTimeKeyboard: true, ResizeKeyboard: true, Keyboard: [][]models.KeyboardButton{{{Text: "Share phone", RequestContact: true}}}}
	m, err := e.bot.SendMessage(ctxTimeout(t), &bot.SendMessageParams{ChatID: u.ID, Text: "Your phone?", ReplyMarkup: kb})
	if err != nil || m.ReplyMarkup != nil {
		t.Fatalf("SendMessage = %+v, %v (a reply keyboard is not part of the message)", m, err)
	}
	if got := e.sim.ReplyKeyboard(u.ID); got == nil || !got.Keyboard[0][0].RequestContact {
		t.Fatalf("ReplyKeyboard = %+v", got)
	}
	c, err := e.sim.SendContact(u.ID, u.ID, "+15550001", "Ann")
	if err != nil || c.Contact == nil || c.Contact.UserID != u.ID || c.Contact.PhoneNumber != "+15550001" {
		t.Fatalf("SendContact = %+v, %v", c, err)
	}
	if got := e.sim.ReplyKeyboard(u.ID); got != nil {
		t.Errorf("a one-time keyboard stayed after use: %+v", got)
	}
}

func TestCopyAndForward(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	u := e.startedUser(t, "Ann")
	staff := e.sim.AddUser(User{FirstName: "Olga"})
	g := e.sim.AddGroup(Group{Title: "Desk", Members: []int64{staff.ID}, BotIsAdmin: true})
	ctx := ctxTimeout(t)
	p, err := e.sim.SendPhoto(u.ID, u.ID, pngImage(t, 8, 8), "broken lid")
	if err != nil {
		t.Fatal(err)
	}
	id, err := e.bot.CopyMessage(ctx, &bot.CopyMessageParams{ChatID: g.ID, FromChatID: u.ID, MessageID: p.ID, Caption: "From Ann: broken lid"})
	if err != nil {
		t.Fatal(err)
	}
	tr := e.sim.Transcript(g.ID)
	last := tr[len(tr)-1].Message
	if last.ID != id.ID || last.Caption != "From Ann: broken lid" || len(last.Photo) == 0 || last.Photo[0].FileID != p.Photo[0].FileID || last.ForwardOrigin != nil {
		t.Errorf("copy = %+v", last)
	}
	fw, err := e.bot.ForwardMessage(ctx, &bot.ForwardMessageParams{ChatID: g.ID, FromChatID: u.ID, MessageID: p.ID})
	if err != nil || fw.ForwardOrigin == nil || fw.ForwardOrigin.MessageOriginUser == nil || fw.ForwardOrigin.MessageOriginUser.SenderUser.ID != u.ID {
		t.Errorf("forward = %+v, %v", fw, err)
	}
	_, err = e.bot.CopyMessage(ctx, &bot.CopyMessageParams{ChatID: g.ID, FromChatID: u.ID, MessageID: 999})
	if err == nil || !contains(err.Error(), "Bad Request: message to copy not found") {
		t.Errorf("copying a missing message: %v", err)
	}
}

func TestForwardOfAHiddenAccount(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	u := e.startedUser(t, "Ann")
	e.sim.AddUser(User{ID: u.ID, FirstName: "Ann", LastName: "Lee", HidesForwards: true})
	staff := e.sim.AddUser(User{FirstName: "Olga"})
	g := e.sim.AddGroup(Group{Title: "Desk", Members: []int64{staff.ID}, BotIsAdmin: true})
	m, err := e.sim.SendText(u.ID, u.ID, "the lid is cracked")
	if err != nil {
		t.Fatal(err)
	}
	fw, err := e.bot.ForwardMessage(ctxTimeout(t), &bot.ForwardMessageParams{ChatID: g.ID, FromChatID: u.ID, MessageID: m.ID})
	if err != nil {
		t.Fatal(err)
	}
	o := fw.ForwardOrigin
	if o == nil || o.MessageOriginUser != nil || o.MessageOriginHiddenUser == nil || o.MessageOriginHiddenUser.SenderUserName != "Ann Lee" {
		t.Errorf("forward of a hidden account: origin %+v, want hidden_user named Ann Lee and no user", o)
	}
}

func TestEventsAndChats(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	events, cancel := e.sim.Subscribe()
	u := e.startedUser(t, "Ann")
	if _, err := e.bot.SendMessage(ctxTimeout(t), &bot.SendMessageParams{ChatID: u.ID, Text: "hi"}); err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for len(kinds) < 4 {
		select {
		case ev := <-events:
			kinds = append(kinds, ev.Kind)
		case <-ctxTimeout(t).Done():
			t.Fatalf("events so far: %v", kinds)
		}
	}
	// The user joins the world, starts the bot by writing /start, and the
	// bot answers.
	want := []string{EventChat, EventChat, EventMessage, EventMessage}
	for i := range want {
		if kinds[i] != want[i] {
			t.Errorf("events = %v, want %v", kinds, want)
			break
		}
	}
	cancel()
	if _, ok := <-events; ok {
		t.Error("the channel stayed open after cancel")
	}
	chats := e.sim.Chats()
	if len(chats) != 1 || chats[0].Type != "private" || !chats[0].Started || chats[0].Title != "Ann" {
		t.Errorf("Chats = %+v", chats)
	}
}

func TestStartServesTheAPI(t *testing.T) {
	t.Parallel()
	sim, err := New(Options{Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	b, err := bot.New(testToken, bot.WithServerURL(url))
	if err != nil {
		t.Fatalf("bot.New against Start: %v", err)
	}
	if _, err := b.GetMe(context.Background()); err != nil {
		t.Error(err)
	}
	if err := sim.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}
