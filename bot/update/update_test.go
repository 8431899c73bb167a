package update

import (
	"testing"

	"github.com/go-telegram/bot/models"
)

func TestCommand(t *testing.T) {
	t.Parallel()
	cases := []struct {
		text, cmd, args string
		ok              bool
	}{
		{"/start", "start", "", true},
		{"/start SO123", "start", "SO123", true},
		{"/Start@ShopDeskBot  SO123 ", "start", "SO123", true},
		{"/start@shopdeskbot", "start", "", true},
		{"/start@OtherBot", "", "", false},
		{"/", "", "", false},
		{"/@ShopDeskBot", "", "", false},
		{"start", "", "", false},
		{"", "", "", false},
	}
	for _, tc := range cases {
		cmd, args, ok := Command(tc.text, "ShopDeskBot")
		if cmd != tc.cmd || args != tc.args || ok != tc.ok {
			t.Errorf("Command(%q) = %q, %q, %v; want %q, %q, %v", tc.text, cmd, args, ok, tc.cmd, tc.args, tc.ok)
		}
	}
}

func TestChat(t *testing.T) {
	t.Parallel()
	group := models.Chat{ID: -100, Type: models.ChatTypeSupergroup}
	private := models.Chat{ID: 7, Type: models.ChatTypePrivate}
	cases := []struct {
		name string
		upd  models.Update
		id   int64
		kind models.ChatType
	}{
		{"message", models.Update{Message: &models.Message{Chat: private}}, 7, models.ChatTypePrivate},
		{"edit", models.Update{EditedMessage: &models.Message{Chat: group}}, -100, models.ChatTypeSupergroup},
		{"button", models.Update{CallbackQuery: &models.CallbackQuery{Message: models.MaybeInaccessibleMessage{Message: &models.Message{Chat: group}}}}, -100, models.ChatTypeSupergroup},
		{"old button", models.Update{CallbackQuery: &models.CallbackQuery{Message: models.MaybeInaccessibleMessage{InaccessibleMessage: &models.InaccessibleMessage{Chat: private}}}}, 7, models.ChatTypePrivate},
		{"membership", models.Update{MyChatMember: &models.ChatMemberUpdated{Chat: group}}, -100, models.ChatTypeSupergroup},
		{"none", models.Update{}, 0, ""},
	}
	for _, tc := range cases {
		id, kind := Chat(&tc.upd)
		if id != tc.id || kind != tc.kind {
			t.Errorf("%s: Chat = %d, %q; want %d, %q", tc.name, id, kind, tc.id, tc.kind)
		}
		if IsGroup(kind) != (tc.kind == models.ChatTypeSupergroup) {
			t.Errorf("%s: IsGroup(%q) = %v", tc.name, kind, IsGroup(kind))
		}
	}
}
