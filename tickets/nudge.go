package tickets

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"
)

// DialogueNudgeArgs is the reminder of a customer's dialogue left
// unfinished: the chat and the dialogue's id. It is scheduled once, when the
// dialogue starts, for an hour later; the edge's worker (bot.NudgeWorker)
// reads the dialogue when it runs and reminds the customer only if they
// have been away that long, else it snoozes until they will have been.
type DialogueNudgeArgs struct {
	ChatID     int64  `json:"chat_id"`
	DialogueID string `json:"dialogue_id"`
}

// Kind names the job in River's tables.
func (DialogueNudgeArgs) Kind() string { return "dialogue_nudge" }

// InsertOpts inserts one job per dialogue however often it is scheduled (a
// change of language begins the draft again), and gives up after a few
// attempts: a reminder late by hours is no longer worth sending.
func (DialogueNudgeArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 5, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// Nudges schedule the reminders of unfinished dialogues as River jobs. It
// satisfies conversation.Nudges.
type Nudges struct{ s *Store }

// Nudges returns the store's nudges.
func (s *Store) Nudges() *Nudges { return &Nudges{s: s} }

// Schedule inserts the reminder of the chat's dialogue id, due at at; a
// dialogue that has its job keeps it.
func (n *Nudges) Schedule(ctx context.Context, chatID int64, id string, at time.Time) error {
	args := DialogueNudgeArgs{ChatID: chatID, DialogueID: id}
	if _, err := n.s.river.Insert(ctx, args, &river.InsertOpts{ScheduledAt: at}); err != nil {
		return fmt.Errorf("tickets: schedule the reminder of chat %d: %w", chatID, err)
	}
	return nil
}
