package playground

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/complaintbot/complaintbot/telegramsim"
)

// The bot's reaction on a message (the desk's 👍 on a stored note) reaches
// the page: on the event stream as it is set, replaced and taken away, and
// in the state a page loads.
func TestPlaygroundShowsTheBotsReaction(t *testing.T) {
	t.Parallel()
	w := newPGWorld(t)
	ctx := pgContext(t)
	note, err := w.sim.SendText(w.customer.ID, w.customer.ID, "/note called the customer")
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, w.url+"/playground/api/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	events := make(chan sseEvent, 64)
	go readSSE(resp.Body, events)
	if ev := <-events; ev.name != "snapshot" {
		t.Fatalf("first event = %q, want the snapshot", ev.name)
	}
	// react sets the bot's reaction (none for "") and returns the change the
	// stream then carries: the simulator emits it before it answers.
	react := func(emoji string) pgReactionView {
		t.Helper()
		reaction := []map[string]string{}
		if emoji != "" {
			reaction = append(reaction, map[string]string{"type": "emoji", "emoji": emoji})
		}
		w.botAPI(t, "setMessageReaction", map[string]any{"chat_id": w.customer.ID, "message_id": note.ID, "reaction": reaction})
		for {
			select {
			case ev, ok := <-events:
				if !ok {
					t.Fatal("the stream ended")
				}
				var v pgReactionView
				if ev.name == "change" && json.Unmarshal([]byte(ev.data), &v) == nil && v.Kind == telegramsim.EventReaction {
					return v
				}
			case <-ctx.Done():
				t.Fatalf("no reaction %q on the stream", emoji)
			}
		}
	}
	reactionInState := func() string {
		t.Helper()
		resp, err := http.Get(w.url + "/playground/api/state")
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = resp.Body.Close() }()
		var st struct {
			Chats []struct {
				ID       int64 `json:"id"`
				Messages []struct {
					Message struct {
						ID int `json:"message_id"`
					} `json:"message"`
					Reaction string `json:"reaction"`
				} `json:"messages"`
			} `json:"chats"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
			t.Fatal(err)
		}
		for _, c := range st.Chats {
			for _, m := range c.Messages {
				if c.ID == w.customer.ID && m.Message.ID == note.ID {
					return m.Reaction
				}
			}
		}
		t.Fatal("the note is missing from the state")
		return ""
	}

	for _, emoji := range []string{"👍", "👀", ""} {
		want := pgReactionView{Kind: telegramsim.EventReaction, ChatID: w.customer.ID, MessageID: note.ID, Reaction: emoji}
		if got := react(emoji); got != want {
			t.Errorf("change for %q = %+v, want %+v", emoji, got, want)
		}
		if got := reactionInState(); got != emoji {
			t.Errorf("state after %q: reaction %q", emoji, got)
		}
	}
}

// pgReactionView is a reaction change as the page decodes it.
type pgReactionView struct {
	Kind      string `json:"kind"`
	ChatID    int64  `json:"chat_id"`
	MessageID int    `json:"message_id"`
	Reaction  string `json:"reaction"`
}
