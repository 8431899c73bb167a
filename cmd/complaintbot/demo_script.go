package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/complaintbot/complaintbot/bot/botsim"
)

// scriptStep is one thing a simulated person does in the scripted demo.
type scriptStep struct {
	user *botsim.User
	text string
}

// playScript walks simulated customers through the bot and prints every
// chat's transcript, for terminals without a browser.
func playScript(ctx context.Context, sim *botsim.Server, w *demoWorld, out io.Writer) error {
	anna, ming := &w.customers[0], &w.customers[1]
	steps := []scriptStep{
		{anna, "/start"},
		{ming, "/start"},
	}
	for _, st := range steps {
		if err := sayAndWait(ctx, sim, st.user.ID, st.text); err != nil {
			return err
		}
	}
	for _, u := range w.customers {
		printTranscript(out, sim, u.ID, u.FirstName)
	}
	return nil
}

// sayAndWait sends text as the user and waits for the bot's answer.
func sayAndWait(ctx context.Context, sim *botsim.Server, userID int64, text string) error {
	last := lastMessageID(sim, userID)
	if _, err := sim.SendText(userID, userID, text); err != nil {
		return fmt.Errorf("demo script: send %q: %w", text, err)
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if _, err := sim.WaitBotMessage(ctx, userID, last); err != nil {
		return fmt.Errorf("demo script: no answer to %q: %w", text, err)
	}
	return nil
}

func lastMessageID(sim *botsim.Server, chatID int64) int {
	t := sim.Transcript(chatID)
	if len(t) == 0 {
		return 0
	}
	return t[len(t)-1].Message.ID
}

func printTranscript(out io.Writer, sim *botsim.Server, chatID int64, title string) {
	fmt.Fprintf(out, "\n── chat with %s ──\n", title)
	for _, e := range sim.Transcript(chatID) {
		fmt.Fprintln(out, e.String())
	}
}
