package telegramsim

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
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

// The bot's reaction is kept on the message, as a chat shows it: a new one
// replaces it, an empty list takes it away, and subscribers hear of each
// change, not of a reaction set again.
func TestSetMessageReactionIsKeptOnTheMessage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	u := e.startedUser(t, "Ann")
	note, err := e.sim.SendText(u.ID, u.ID, "/note called the customer")
	if err != nil {
		t.Fatal(err)
	}
	feed, cancel := e.sim.Subscribe()
	defer cancel()
	ctx := context.Background()
	react := func(emoji ...string) {
		t.Helper()
		reaction := []models.ReactionType{}
		for _, em := range emoji {
			reaction = append(reaction, models.ReactionType{Type: models.ReactionTypeTypeEmoji,
				ReactionTypeEmoji: &models.ReactionTypeEmoji{Type: models.ReactionTypeTypeEmoji, Emoji: em}})
		}
		ok, err := e.bot.SetMessageReaction(ctx, &bot.SetMessageReactionParams{ChatID: u.ID, MessageID: note.ID, Reaction: reaction})
		if err != nil || !ok {
			t.Fatalf("setMessageReaction %v = %v, %v; want true", emoji, ok, err)
		}
	}
	reactionOn := func() string {
		t.Helper()
		for _, en := range e.sim.Transcript(u.ID) {
			if en.Message.ID == note.ID {
				return en.Reaction
			}
		}
		t.Fatalf("message %d is not in the transcript", note.ID)
		return ""
	}
	// heard is the reaction events the feed holds now: every call has
	// returned, so their events are in it.
	heard := func() []string {
		t.Helper()
		var got []string
		for {
			select {
			case ev := <-feed:
				if ev.Kind != EventReaction {
					continue
				}
				if ev.ChatID != u.ID || ev.MessageID != note.ID || ev.FromBot {
					t.Errorf("reaction event = %+v, want one on the user's message %d", ev, note.ID)
				}
				got = append(got, ev.Reaction)
			default:
				return got
			}
		}
	}

	if r := reactionOn(); r != "" {
		t.Fatalf("a new message has reaction %q, want none", r)
	}
	react("👍")
	if r := reactionOn(); r != "👍" {
		t.Errorf("after 👍 the reaction is %q", r)
	}
	react("👍") // the same again: nothing changes
	react("👀")
	if r := reactionOn(); r != "👀" {
		t.Errorf("after 👀 the reaction is %q, want it replaced", r)
	}
	if s := e.sim.Transcript(u.ID)[1].String(); !strings.HasSuffix(s, "(reaction 👀)") {
		t.Errorf("transcript line = %q, want the reaction shown", s)
	}
	if _, err := e.bot.SetMessageReaction(ctx, &bot.SetMessageReactionParams{ChatID: u.ID, MessageID: note.ID, Reaction: []models.ReactionType{
		{Type: models.ReactionTypeTypeEmoji, ReactionTypeEmoji: &models.ReactionTypeEmoji{Type: models.ReactionTypeTypeEmoji, Emoji: "🚀"}},
	}}); err == nil {
		t.Error("🚀 was accepted")
	}
	if r := reactionOn(); r != "👀" {
		t.Errorf("after a refused reaction the reaction is %q, want 👀 kept", r)
	}
	react()
	if r := reactionOn(); r != "" {
		t.Errorf("after an empty list the reaction is %q, want none", r)
	}
	if got, want := heard(), []string{"👍", "👀", ""}; !slices.Equal(got, want) {
		t.Errorf("reaction events = %q, want %q", got, want)
	}
	if first := e.sim.Transcript(u.ID)[0]; first.Reaction != "" {
		t.Errorf("the /start message has reaction %q, want none", first.Reaction)
	}
}
