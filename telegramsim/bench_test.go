package telegramsim

import (
	"context"
	"testing"

	"github.com/go-telegram/bot"
)

// BenchmarkSendMessage measures a sendMessage round trip through the
// go-telegram/bot client and the HTTP server.
func BenchmarkSendMessage(b *testing.B) {
	e := newEnv(b, Options{})
	u := e.startedUser(b, "Ann")
	ctx := context.Background()
	params := &bot.SendMessageParams{ChatID: u.ID, Text: "<b>Ticket</b> #42 is open", ParseMode: "HTML"}
	for b.Loop() {
		if _, err := e.bot.SendMessage(ctx, params); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUserMessageToUpdate measures a user's message reaching the bot
// through getUpdates, confirmed by the next call's offset.
func BenchmarkUserMessageToUpdate(b *testing.B) {
	e := newEnv(b, Options{})
	u := e.startedUser(b, "Ann")
	offset := e.sim.LastUpdateID() + 1
	for b.Loop() {
		if _, err := e.sim.SendText(u.ID, u.ID, "my parcel is late"); err != nil {
			b.Fatal(err)
		}
		a, err := e.rawCall(context.Background(), "getUpdates", map[string]any{"offset": offset})
		if err != nil || !a.OK || len(a.Result) < 3 {
			b.Fatalf("getUpdates: %v %s", err, a.Description)
		}
		offset++
	}
}
