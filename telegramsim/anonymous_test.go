package telegramsim

import "testing"

func TestPostingAsTheGroup(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	owner := e.sim.AddUser(User{FirstName: "Zhang"})
	olga := e.sim.AddUser(User{FirstName: "Olga"})
	ivan := e.sim.AddUser(User{FirstName: "Ivan"})
	g := e.sim.AddGroup(Group{Title: "Desk", Members: []int64{owner.ID, olga.ID, ivan.ID}, BotIsAdmin: true})
	if err := e.sim.PromoteMember(g.ID, olga.ID); err != nil {
		t.Fatal(err)
	}
	e.askFor(t)
	for _, u := range []User{owner, olga} {
		m, err := e.sim.SendText(g.ID, u.ID, "/status", AsGroup())
		if err != nil {
			t.Fatal(err)
		}
		if m.From == nil || m.From.ID != GroupAnonymousBotID || !m.From.IsBot || m.From.FirstName != "Group" || m.From.Username != "GroupAnonymousBot" {
			t.Errorf("an anonymous message is from %+v, want GroupAnonymousBot", m.From)
		}
		if m.SenderChat == nil || m.SenderChat.ID != g.ID || m.SenderChat.Title != "Desk" {
			t.Errorf("an anonymous message's sender_chat = %+v, want the group", m.SenderChat)
		}
	}
	if _, err := e.sim.SendText(g.ID, ivan.ID, "hi", AsGroup()); err == nil {
		t.Error("a plain member posted as the group")
	}
	if _, err := e.sim.SendText(owner.ID, owner.ID, "hi", AsGroup()); err == nil {
		t.Error("a user posted as a group in their private chat")
	}
	ups := e.takeUpdates(t)
	if len(ups) != 2 || ups[0].Message == nil || ups[0].Message.SenderChat == nil || ups[0].Message.From.ID != GroupAnonymousBotID {
		t.Errorf("the bot received %+v, want the two anonymous messages", ups)
	}
	if s := e.sim.Transcript(g.ID); len(s) == 0 || !contains(s[len(s)-1].String(), "Desk: /status") {
		t.Errorf("the transcript shows %v, want the group as the sender", s)
	}
}
