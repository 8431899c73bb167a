package telegramsim

import (
	"errors"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestForumTopicsLifecycle(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	staff := e.sim.AddUser(User{FirstName: "Olga"})
	g := e.sim.AddGroup(Group{Title: "Desk", Forum: true, Members: []int64{staff.ID}, BotIsAdmin: true})
	ctx := ctxTimeout(t)

	topic, err := e.bot.CreateForumTopic(ctx, &bot.CreateForumTopicParams{ChatID: g.ID, Name: "Ticket #1"})
	if err != nil || topic.MessageThreadID == 0 || topic.Name != "Ticket #1" || topic.IconColor == 0 {
		t.Fatalf("CreateForumTopic = %+v, %v", topic, err)
	}
	m, err := e.bot.SendMessage(ctx, &bot.SendMessageParams{ChatID: g.ID, MessageThreadID: topic.MessageThreadID, Text: "new complaint"})
	if err != nil || m.MessageThreadID != topic.MessageThreadID || !m.IsTopicMessage || !m.Chat.IsForum {
		t.Fatalf("send into topic = %+v, %v", m, err)
	}
	if m.ReplyToMessage == nil || m.ReplyToMessage.ForumTopicCreated == nil {
		t.Errorf("a topic message replies to the topic's creation message in Telegram: %+v", m.ReplyToMessage)
	}
	reply, err := e.sim.SendText(g.ID, staff.ID, "on it", ThreadID(topic.MessageThreadID))
	if err != nil || reply.MessageThreadID != topic.MessageThreadID || !reply.IsTopicMessage {
		t.Fatalf("staff reply = %+v, %v", reply, err)
	}

	if ok, err := e.bot.CloseForumTopic(ctx, &bot.CloseForumTopicParams{ChatID: g.ID, MessageThreadID: topic.MessageThreadID}); !ok || err != nil {
		t.Fatalf("CloseForumTopic = %v, %v", ok, err)
	}
	_, err = e.bot.SendMessage(ctx, &bot.SendMessageParams{ChatID: g.ID, MessageThreadID: topic.MessageThreadID, Text: "x"})
	if !errors.Is(err, bot.ErrorBadRequest) || !contains(err.Error(), "Bad Request: TOPIC_CLOSED") {
		t.Errorf("send into a closed topic: %v", err)
	}
	if _, err := e.bot.CloseForumTopic(ctx, &bot.CloseForumTopicParams{ChatID: g.ID, MessageThreadID: topic.MessageThreadID}); err == nil || !contains(err.Error(), "TOPIC_NOT_MODIFIED") {
		t.Errorf("closing twice: %v", err)
	}
	if _, err := e.bot.ReopenForumTopic(ctx, &bot.ReopenForumTopicParams{ChatID: g.ID, MessageThreadID: topic.MessageThreadID}); err != nil {
		t.Fatalf("ReopenForumTopic: %v", err)
	}
	if _, err := e.bot.SendMessage(ctx, &bot.SendMessageParams{ChatID: g.ID, MessageThreadID: topic.MessageThreadID, Text: "reopened"}); err != nil {
		t.Errorf("send after reopening: %v", err)
	}
	if _, err := e.bot.EditForumTopic(ctx, &bot.EditForumTopicParams{ChatID: g.ID, MessageThreadID: topic.MessageThreadID, Name: "Ticket #1 (done)"}); err != nil {
		t.Errorf("EditForumTopic: %v", err)
	}

	if err := e.sim.DeleteTopic(g.ID, topic.MessageThreadID); err != nil {
		t.Fatal(err)
	}
	_, err = e.bot.SendMessage(ctx, &bot.SendMessageParams{ChatID: g.ID, MessageThreadID: topic.MessageThreadID, Text: "x"})
	if err == nil || !contains(err.Error(), "Bad Request: message thread not found") {
		t.Errorf("send into a deleted topic: %v", err)
	}
	topics := e.sim.Topics(g.ID)
	if len(topics) != 1 || !topics[0].Deleted || topics[0].Name != "Ticket #1 (done)" {
		t.Errorf("Topics = %+v", topics)
	}
	_, err = e.bot.SendMessage(ctx, &bot.SendMessageParams{ChatID: g.ID, MessageThreadID: 9999, Text: "x"})
	if err == nil || !contains(err.Error(), "message thread not found") {
		t.Errorf("send into an unknown topic: %v", err)
	}
}

func TestForumMethodsNeedAForum(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	staff := e.sim.AddUser(User{FirstName: "Olga"})
	plain := e.sim.AddGroup(Group{Title: "Plain", Members: []int64{staff.ID}, BotIsAdmin: true})
	forum := e.sim.AddGroup(Group{Title: "Forum", Forum: true, Members: []int64{staff.ID}})
	ctx := ctxTimeout(t)
	_, err := e.bot.CreateForumTopic(ctx, &bot.CreateForumTopicParams{ChatID: plain.ID, Name: "x"})
	if err == nil || !contains(err.Error(), "Bad Request: the chat is not a forum") {
		t.Errorf("topic in a plain group: %v", err)
	}
	_, err = e.bot.CreateForumTopic(ctx, &bot.CreateForumTopicParams{ChatID: forum.ID, Name: "x"})
	if err == nil || !contains(err.Error(), "Bad Request: not enough rights to create a topic") {
		t.Errorf("topic without admin rights: %v", err)
	}
}

func TestBotMembershipUpdates(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	staff := e.sim.AddUser(User{FirstName: "Olga"})
	g := e.sim.AddGroup(Group{Title: "Desk", Members: []int64{staff.ID}, BotIsAdmin: true})
	ctx := ctxTimeout(t)
	if ok, err := e.bot.LeaveChat(ctx, &bot.LeaveChatParams{ChatID: g.ID}); !ok || err != nil {
		t.Fatalf("LeaveChat = %v, %v", ok, err)
	}
	_, err := e.bot.SendMessage(ctx, &bot.SendMessageParams{ChatID: g.ID, Text: "x"})
	if !errors.Is(err, bot.ErrorForbidden) || !contains(err.Error(), "bot is not a member of the supergroup chat") {
		t.Errorf("send after leaving: %v", err)
	}
	a := e.call(t, "getUpdates", nil)
	var ups []models.Update
	if err := jsonUnmarshal(a.Result, &ups); err != nil {
		t.Fatal(err)
	}
	var statuses []models.ChatMemberType
	for _, u := range ups {
		if u.MyChatMember != nil {
			statuses = append(statuses, u.MyChatMember.NewChatMember.Type)
		}
	}
	if len(statuses) != 2 || statuses[0] != models.ChatMemberTypeAdministrator || statuses[1] != models.ChatMemberTypeLeft {
		t.Errorf("my_chat_member statuses = %v (updates %s)", statuses, a.Result)
	}
}
