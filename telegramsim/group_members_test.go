package telegramsim

import (
	"encoding/json"
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim/wire"
)

// takeUpdates returns the pending updates and confirms them.
func (e *env) takeUpdates(t *testing.T) []models.Update {
	t.Helper()
	a := e.call(t, "getUpdates", nil)
	var ups []models.Update
	if err := jsonUnmarshal(a.Result, &ups); err != nil {
		t.Fatalf("updates %s: %v", a.Result, err)
	}
	if len(ups) > 0 {
		e.call(t, "getUpdates", map[string]any{"offset": ups[len(ups)-1].ID + 1})
	}
	return ups
}

// askFor sets allowed_updates (none: Telegram's default set) and drops
// the updates queued so far.
func (e *env) askFor(t *testing.T, kinds ...string) {
	t.Helper()
	if kinds == nil {
		kinds = []string{}
	}
	if a := e.call(t, "getUpdates", map[string]any{"allowed_updates": kinds, "offset": e.sim.LastUpdateID() + 1}); !a.OK {
		t.Fatalf("getUpdates: %s", a.Description)
	}
}

// memberStatus is getChatMember's status of the user.
func (e *env) memberStatus(t *testing.T, chatID, userID int64) string {
	t.Helper()
	a := e.call(t, "getChatMember", map[string]any{"chat_id": chatID, "user_id": userID})
	var m struct {
		Status string `json:"status"`
	}
	if err := jsonUnmarshal(a.Result, &m); err != nil || !a.OK {
		t.Fatalf("getChatMember = %s (%s), %v", a.Result, a.Description, err)
	}
	return m.Status
}

// adminIDs is getChatAdministrators' answer as user ids.
func (e *env) adminIDs(t *testing.T, chatID int64) []int64 {
	t.Helper()
	var admins []models.ChatMember
	if err := jsonUnmarshal(e.call(t, "getChatAdministrators", map[string]any{"chat_id": chatID}).Result, &admins); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, m := range admins {
		switch {
		case m.Owner != nil:
			ids = append(ids, m.Owner.User.ID)
		case m.Administrator != nil:
			ids = append(ids, m.Administrator.User.ID)
		}
	}
	return ids
}

// change is a chat_member update in brief.
type change struct {
	by, user int64
	old, now models.ChatMemberType
}

func changesOf(ups []models.Update) (out []change, service []*models.Message) {
	for _, u := range ups {
		switch {
		case u.ChatMember != nil:
			c := u.ChatMember
			var user int64
			switch {
			case c.NewChatMember.Administrator != nil:
				user = c.NewChatMember.Administrator.User.ID
			case c.NewChatMember.Member != nil:
				user = c.NewChatMember.Member.User.ID
			case c.NewChatMember.Left != nil:
				user = c.NewChatMember.Left.User.ID
			case c.NewChatMember.Banned != nil:
				user = c.NewChatMember.Banned.User.ID
			}
			out = append(out, change{by: c.From.ID, user: user, old: c.OldChatMember.Type, now: c.NewChatMember.Type})
		case u.Message != nil && (u.Message.LeftChatMember != nil || len(u.Message.NewChatMembers) > 0):
			service = append(service, u.Message)
		}
	}
	return out, service
}

func TestPromoteDemoteRemoveAndLeave(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	owner := e.sim.AddUser(User{FirstName: "Zhang"})
	olga := e.sim.AddUser(User{FirstName: "Olga"})
	ivan := e.sim.AddUser(User{FirstName: "Ivan"})
	g := e.sim.AddGroup(Group{Title: "Desk", Members: []int64{owner.ID, olga.ID, ivan.ID}, BotIsAdmin: true})
	e.askFor(t, "message", "chat_member")
	bot := e.sim.me.ID

	if err := e.sim.PromoteMember(g.ID, olga.ID); err != nil {
		t.Fatal(err)
	}
	if got := e.memberStatus(t, g.ID, olga.ID); got != "administrator" {
		t.Errorf("a promoted member's status = %q", got)
	}
	if got := e.adminIDs(t, g.ID); !equalIDs(got, []int64{owner.ID, olga.ID, bot}) {
		t.Errorf("administrators = %v, want creator, Olga, bot", got)
	}
	if err := e.sim.DemoteMember(g.ID, olga.ID); err != nil {
		t.Fatal(err)
	}
	if got := e.memberStatus(t, g.ID, olga.ID); got != "member" {
		t.Errorf("a demoted member's status = %q", got)
	}
	if got := e.adminIDs(t, g.ID); !equalIDs(got, []int64{owner.ID, bot}) {
		t.Errorf("administrators after the demotion = %v", got)
	}

	if err := e.sim.PromoteMember(g.ID, ivan.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.RemoveMember(g.ID, ivan.ID); err != nil {
		t.Fatal(err)
	}
	if got := e.memberStatus(t, g.ID, ivan.ID); got != "kicked" {
		t.Errorf("a removed member's status = %q", got)
	}
	if got := e.adminIDs(t, g.ID); !equalIDs(got, []int64{owner.ID, bot}) {
		t.Errorf("a removed administrator is still listed: %v", got)
	}
	if err := e.sim.LeaveGroup(g.ID, olga.ID); err != nil {
		t.Fatal(err)
	}
	if got := e.memberStatus(t, g.ID, olga.ID); got != "left" {
		t.Errorf("a departed member's status = %q", got)
	}

	ups := e.takeUpdates(t)
	changes, service := changesOf(ups)
	A, M, L, K := models.ChatMemberTypeAdministrator, models.ChatMemberTypeMember, models.ChatMemberTypeLeft, models.ChatMemberTypeBanned
	want := []change{
		{owner.ID, olga.ID, M, A}, {owner.ID, olga.ID, A, M},
		{owner.ID, ivan.ID, M, A}, {owner.ID, ivan.ID, A, K},
		{olga.ID, olga.ID, M, L},
	}
	if len(changes) != len(want) {
		t.Fatalf("chat_member updates = %+v, want %+v", changes, want)
	}
	for i := range want {
		if changes[i] != want[i] {
			t.Errorf("chat_member update %d = %+v, want %+v", i, changes[i], want[i])
		}
	}
	for _, u := range ups {
		if c := u.ChatMember; c != nil && (c.Chat.ID != g.ID || c.Date == 0) {
			t.Errorf("chat_member update %+v lacks the chat or date", c)
		}
		if a := u.ChatMember; a != nil && a.NewChatMember.Administrator != nil {
			r := a.NewChatMember.Administrator
			if !r.CanManageChat || !r.CanDeleteMessages || r.CanPromoteMembers || r.CanBeEdited || r.IsAnonymous {
				t.Errorf("a promoted member's rights = %+v", r)
			}
		}
	}
	if len(service) != 2 || service[0].LeftChatMember == nil || service[0].LeftChatMember.ID != ivan.ID || service[0].From.ID != owner.ID ||
		service[1].LeftChatMember == nil || service[1].LeftChatMember.ID != olga.ID || service[1].From.ID != olga.ID {
		t.Errorf("service messages = %+v, want Ivan removed by the creator, then Olga leaving", service)
	}

	if err := e.sim.AddMember(g.ID, ivan.ID); err != nil {
		t.Fatal(err)
	}
	if got := e.memberStatus(t, g.ID, ivan.ID); got != "member" {
		t.Errorf("a re-added member's status = %q", got)
	}
	if _, err := e.sim.SendText(g.ID, ivan.ID, "back"); err != nil {
		t.Errorf("a re-added member can't post: %v", err)
	}
	changes, service = changesOf(e.takeUpdates(t))
	if len(changes) != 1 || changes[0] != (change{owner.ID, ivan.ID, K, M}) {
		t.Errorf("chat_member updates of the re-adding = %+v", changes)
	}
	if len(service) != 1 || len(service[0].NewChatMembers) != 1 || service[0].NewChatMembers[0].ID != ivan.ID || service[0].From.ID != owner.ID {
		t.Errorf("service messages of the re-adding = %+v", service)
	}
	if err := e.sim.AddMember(g.ID, ivan.ID); err != nil {
		t.Fatal(err)
	}
	if ups := e.takeUpdates(t); len(ups) != 0 {
		t.Errorf("adding a member again queued %d updates", len(ups))
	}
}

func TestDepartedMembersCanNoLongerAct(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	owner := e.sim.AddUser(User{FirstName: "Zhang"})
	olga := e.sim.AddUser(User{FirstName: "Olga"})
	ivan := e.sim.AddUser(User{FirstName: "Ivan"})
	g := e.sim.AddGroup(Group{Title: "Desk", Forum: true, Members: []int64{owner.ID, olga.ID, ivan.ID}, BotIsAdmin: true})
	kb := map[string]any{"inline_keyboard": [][]map[string]string{{{"text": "Take", "callback_data": "take"}}}}
	var m models.Message
	if err := jsonUnmarshal(e.call(t, "sendMessage", map[string]any{"chat_id": g.ID, "text": "New case", "reply_markup": kb}).Result, &m); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.RemoveMember(g.ID, olga.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.LeaveGroup(g.ID, ivan.ID); err != nil {
		t.Fatal(err)
	}
	for _, u := range []User{olga, ivan} {
		if _, err := e.sim.SendText(g.ID, u.ID, "still here?"); err == nil {
			t.Errorf("%s posted after leaving the group", u.FirstName)
		}
		if _, err := e.sim.PressButton(g.ID, u.ID, m.ID, "take"); err == nil {
			t.Errorf("%s pressed a button after leaving the group", u.FirstName)
		}
		if _, err := e.sim.CreateTopic(g.ID, u.ID, "T"); err == nil {
			t.Errorf("%s created a topic after leaving the group", u.FirstName)
		}
		if err := e.sim.PromoteMember(g.ID, u.ID); err == nil {
			t.Errorf("%s was promoted after leaving the group", u.FirstName)
		}
	}
	for _, id := range e.sim.Chats()[len(e.sim.Chats())-1].Members {
		if id != owner.ID {
			t.Errorf("Chats lists %d as a member", id)
		}
	}
	if err := e.sim.LeaveGroup(g.ID, ivan.ID); err == nil {
		t.Error("a departed member left again")
	}
	if err := e.sim.RemoveMember(g.ID, ivan.ID); err != nil {
		t.Fatal(err)
	}
	if got := e.memberStatus(t, g.ID, ivan.ID); got != "kicked" {
		t.Errorf("banning a departed member gave status %q", got)
	}
	for _, err := range []error{
		e.sim.RemoveMember(g.ID, owner.ID), e.sim.LeaveGroup(g.ID, owner.ID),
		e.sim.PromoteMember(g.ID, owner.ID), e.sim.DemoteMember(g.ID, owner.ID),
		e.sim.RemoveMember(g.ID, e.sim.me.ID), e.sim.AddMember(-1, olga.ID),
	} {
		if err == nil {
			t.Error("a change the simulator refuses was accepted")
		}
	}
}

func TestChatMemberUpdatesNeedAskingAndAdminRights(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		admin   bool
		allowed []string
	}{
		{"the default set", true, nil},
		{"a bot that is not an administrator", false, []string{"message", "chat_member"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, Options{})
			owner := e.sim.AddUser(User{FirstName: "Zhang"})
			olga := e.sim.AddUser(User{FirstName: "Olga"})
			g := e.sim.AddGroup(Group{Members: []int64{owner.ID, olga.ID}, BotIsAdmin: tc.admin})
			e.askFor(t, tc.allowed...)
			if err := e.sim.PromoteMember(g.ID, olga.ID); err != nil {
				t.Fatal(err)
			}
			if err := e.sim.LeaveGroup(g.ID, olga.ID); err != nil {
				t.Fatal(err)
			}
			changes, service := changesOf(e.takeUpdates(t))
			if len(changes) != 0 {
				t.Errorf("chat_member updates arrived: %+v", changes)
			}
			if len(service) != 1 || service[0].LeftChatMember == nil {
				t.Errorf("the left_chat_member service message did not arrive: %+v", service)
			}
		})
	}
}

func TestMemberAnswersConformToTheSpec(t *testing.T) {
	t.Parallel()
	spec, err := wire.LoadSpec()
	if err != nil {
		t.Fatal(err)
	}
	c := conformance{spec: spec}
	e := newEnv(t, Options{})
	owner := e.sim.AddUser(User{FirstName: "Zhang"})
	olga := e.sim.AddUser(User{FirstName: "Olga"})
	ivan := e.sim.AddUser(User{FirstName: "Ivan"})
	petr := e.sim.AddUser(User{FirstName: "Petr"})
	g := e.sim.AddGroup(Group{Members: []int64{owner.ID, olga.ID, ivan.ID, petr.ID}, BotIsAdmin: true})
	e.askFor(t, "message", "chat_member")
	for _, err := range []error{
		e.sim.PromoteMember(g.ID, olga.ID), e.sim.RemoveMember(g.ID, ivan.ID), e.sim.LeaveGroup(g.ID, petr.ID),
		e.sim.AddMember(g.ID, ivan.ID), e.sim.DemoteMember(g.ID, olga.ID), e.sim.PromoteMember(g.ID, olga.ID),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.sim.SendText(g.ID, olga.ID, "anonymous", AsGroup()); err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		typ    string
		answer apiAnswer
	}{
		{"Array of Update", e.call(t, "getUpdates", nil)},
		{"Array of ChatMember", e.call(t, "getChatAdministrators", map[string]any{"chat_id": g.ID})},
	}
	if err := e.sim.RemoveMember(g.ID, ivan.ID); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{owner.ID, olga.ID, ivan.ID, petr.ID} {
		checks = append(checks, struct {
			typ    string
			answer apiAnswer
		}{"ChatMember", e.call(t, "getChatMember", map[string]any{"chat_id": g.ID, "user_id": id})})
	}
	for _, ch := range checks {
		if !ch.answer.OK {
			t.Errorf("%s answer failed: %s", ch.typ, ch.answer.Description)
			continue
		}
		if d := c.check(ch.typ, ch.answer.Result, "result"); d != "" {
			t.Errorf("%s\n%s", d, ch.answer.Result)
		}
	}
	var ups []json.RawMessage
	_ = json.Unmarshal(checks[0].answer.Result, &ups)
	if len(ups) != 10 {
		t.Errorf("got %d updates, want 6 chat_member, 3 service messages and the anonymous message", len(ups))
	}
}
