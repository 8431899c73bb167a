package desk_test

import (
	"context"
	"strings"
	"testing"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim"
)

// The bot added to any group but the staff group says why and leaves, on
// the news of being added or on any message from there, whichever comes
// first; the staff group is kept.
func TestOtherGroupsAreLeft(t *testing.T) {
	t.Parallel()
	for _, skipMembership := range []bool{false, true} {
		h := newHarness(t, harnessOpts{})
		other := h.Sim.AddGroup(telegramsim.Group{Title: "Family", Members: []int64{h.Wang.ID}})
		if _, err := h.Sim.SendText(other.ID, h.Wang.ID, "/claim@ShopDeskBot"); err != nil {
			t.Fatal(err)
		}
		for _, upd := range h.Updates() {
			if skipMembership && upd.MyChatMember != nil {
				continue // as if it were lost: the messages alone must do
			}
			if err := h.Edge.HandleUpdate(context.Background(), upd); err != nil {
				t.Fatal(err)
			}
		}
		if !h.botLeft(other.ID) {
			t.Fatalf("skipping my_chat_member %v: the bot is still in the other group", skipMembership)
		}
		goodbyes := 0
		for _, e := range h.Sim.Transcript(other.ID) {
			if e.FromBot {
				goodbyes++
				if !strings.Contains(e.Message.Text, "only serve my shop's staff group") {
					t.Errorf("goodbye %q", e.Message.Text)
				}
			}
		}
		if goodbyes != 1 {
			t.Errorf("skipping my_chat_member %v: %d messages in the other group, want one goodbye:\n%s", skipMembership, goodbyes, h.Transcript(other.ID))
		}
		if h.botLeft(h.Staff.ID) {
			t.Fatal("the bot left the staff group")
		}
	}
}

// botLeft reports whether the bot is no longer a member of chat.
func (h *harness) botLeft(chatID int64) bool {
	_, err := h.Bot.SendChatAction(context.Background(), &tgbot.SendChatActionParams{ChatID: chatID, Action: models.ChatActionTyping})
	return err != nil
}
