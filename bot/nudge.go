package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/complaintbot/complaintbot/conversation"
	"github.com/complaintbot/complaintbot/tickets"
)

// NudgeWorker reminds a customer of the dialogue they left unfinished
// (tickets.DialogueNudgeArgs). The dialogue decides (conversation's
// Engine.Nudge); the reminder is committed with the dialogue, marked as
// reminded, into the chat's outbox by the same compare-and-set as a step's
// answers, then sent in the chat's turn. So it reaches the customer after
// whatever was queued before it, once: a second run, on this replica or
// another, finds the dialogue reminded.
type NudgeWorker struct {
	river.WorkerDefaults[tickets.DialogueNudgeArgs]
	edge *Edge
}

// Workers registers the edge's River workers into w: the reminder of an
// unfinished dialogue. Pass it to tickets.Workers.
func (e *Edge) Workers(w *river.Workers) {
	river.AddWorker(w, &NudgeWorker{edge: e})
}

// nudgeTimeout bounds one attempt: a load, a save, and a drain of the chat.
const nudgeTimeout = 30 * time.Second

// nudgeRaces is how often a run decides again when the customer's step
// wins the race to save the dialogue, before it leaves it to a retry.
const nudgeRaces = 3

// Timeout bounds one attempt.
func (w *NudgeWorker) Timeout(*river.Job[tickets.DialogueNudgeArgs]) time.Duration {
	return nudgeTimeout
}

// Work reminds the customer when they have been away NudgeAfter since
// their last step, snoozes until then when they took a step since, and
// does nothing when there is nothing to remind of.
func (w *NudgeWorker) Work(ctx context.Context, job *river.Job[tickets.DialogueNudgeArgs]) error {
	e, a := w.edge, job.Args
	for range nudgeRaces {
		step, wait, err := e.dialogue.Nudge(ctx, a.ChatID, a.DialogueID)
		switch {
		case err != nil:
			return fmt.Errorf("bot: reminder of chat %d: %w", a.ChatID, err)
		case wait > 0:
			return river.JobSnooze(wait)
		case step == nil:
			return nil
		}
		err = w.commit(ctx, a.ChatID, step)
		if errors.Is(err, conversation.ErrConflict) {
			continue // the customer (or another run) saved the dialogue first: decide again
		}
		if err != nil {
			return err
		}
		e.log.Info("customer reminded of an unfinished report", "chat", a.ChatID, "job", job.ID)
		if err := e.drain(ctx, a.ChatID); err != nil && !errors.Is(err, errDrainBusy) {
			// Committed: the outbox's round sends it when it can.
			e.log.Info("reminder held in the outbox", "chat", a.ChatID, "err", err)
		}
		return nil
	}
	return fmt.Errorf("bot: reminder of chat %d: the dialogue kept changing", a.ChatID)
}

// commit saves the reminder's step together with its answers in the
// chat's outbox.
func (w *NudgeWorker) commit(ctx context.Context, chatID int64, step *conversation.Step) error {
	e := w.edge
	replies := step.Result().Replies
	entries := make([]outboxEntry, 0, len(replies))
	for i := range replies {
		entries = append(entries, outboxEntry{Lang: step.Lang(), Reply: &replies[i]})
	}
	out, err := e.outbox.write(chatID, entries)
	if err != nil {
		return err
	}
	if err := step.CommitWith(ctx, out); err != nil {
		if errors.Is(err, conversation.ErrConflict) {
			return err
		}
		return fmt.Errorf("bot: commit the reminder of chat %d: %w", chatID, err)
	}
	return nil
}
