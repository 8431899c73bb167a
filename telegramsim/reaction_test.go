package telegramsim

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func emoji(e string) map[string]string { return map[string]string{"type": "emoji", "emoji": e} }

func TestSetMessageReactionFollowsTelegramsRules(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	u := e.startedUser(t, "Ann")
	msg := 1 // the user's /start
	react := func(reaction any) apiAnswer {
		t.Helper()
		params := map[string]any{"chat_id": u.ID, "message_id": msg}
		if reaction != nil {
			params["reaction"] = reaction
		}
		return e.call(t, "setMessageReaction", params)
	}
	for _, ok := range []any{
		[]any{emoji("👍")},
		[]any{emoji("❤")},
		[]any{emoji("❤‍🔥")},
		[]any{emoji("😡")},
		[]any{},
		nil,
	} {
		if a := react(ok); !a.OK {
			t.Errorf("reaction %v: %d %q, want it accepted", ok, a.ErrorCode, a.Description)
		}
	}
	tests := []struct {
		name     string
		reaction any
		want     string
	}{
		{"an emoji not in the list", []any{emoji("🚀")}, "Bad Request: REACTION_INVALID"},
		{"the heart with a variation selector", []any{emoji("❤️")}, "Bad Request: REACTION_INVALID"},
		{"text", []any{emoji("ok")}, "Bad Request: REACTION_INVALID"},
		{"a custom emoji the chat does not allow", []any{map[string]string{"type": "custom_emoji", "custom_emoji_id": "5368324170671202286"}}, "Bad Request: REACTION_INVALID"},
		{"two reactions", []any{emoji("👍"), emoji("🔥")}, "Bad Request: REACTIONS_TOO_MANY"},
		{"a paid reaction", []any{map[string]string{"type": "paid"}}, "Bad Request: can't parse ReactionType: invalid reaction type specified"},
	}
	for _, tc := range tests {
		wantError(t, react(tc.reaction), http.StatusBadRequest, tc.want)
	}
	msg = 99
	wantError(t, react([]any{emoji("👍")}), http.StatusBadRequest, "Bad Request: message to react not found")

	// The same through the client library.
	ctx := context.Background()
	_, err := e.bot.SetMessageReaction(ctx, &bot.SetMessageReactionParams{ChatID: u.ID, MessageID: 1, Reaction: []models.ReactionType{
		{Type: models.ReactionTypeTypeEmoji, ReactionTypeEmoji: &models.ReactionTypeEmoji{Type: models.ReactionTypeTypeEmoji, Emoji: "👀"}},
	}})
	if err != nil {
		t.Errorf("👀 through the client: %v", err)
	}
	_, err = e.bot.SetMessageReaction(ctx, &bot.SetMessageReactionParams{ChatID: u.ID, MessageID: 1, Reaction: []models.ReactionType{
		{Type: models.ReactionTypeTypeEmoji, ReactionTypeEmoji: &models.ReactionTypeEmoji{Type: models.ReactionTypeTypeEmoji, Emoji: "✅"}},
	}})
	if !errors.Is(err, bot.ErrorBadRequest) || !contains(err.Error(), "REACTION_INVALID") {
		t.Errorf("✅ through the client: %v, want REACTION_INVALID", err)
	}
}
