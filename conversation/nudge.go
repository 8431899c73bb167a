package conversation

import (
	"context"
	"time"
)

// NudgeAfter is how long a dialogue is left untouched before its customer
// is reminded of it, once; left longer, it expires with its TTL.
const NudgeAfter = time.Hour

// Nudges durably schedule the reminder of a dialogue left unfinished.
// tickets.Nudges keeps them as River jobs, which call Engine.Nudge when
// due.
type Nudges interface {
	// Schedule plans the reminder of the chat's dialogue id for at; a
	// dialogue already planned keeps its one reminder.
	Schedule(ctx context.Context, chatID int64, id string, at time.Time) error
}

// WithNudges makes the engine schedule, through n, a reminder for every
// dialogue it starts. It returns e.
func (e *Engine) WithNudges(n Nudges) *Engine {
	e.nudges = n
	return e
}

// scheduleNudge plans the reminder of a dialogue the step started: one
// write per dialogue, not per step. The reminder's job itself finds out,
// from the state every step saves anyway (State.At), how long the customer
// has really been away.
func (s *Step) scheduleNudge(ctx context.Context) error {
	if s.nudges == nil || !s.next.open() {
		return nil
	}
	if s.prev.open() && s.prev.ID == s.next.ID && !s.lost {
		return nil // the same dialogue goes on
	}
	return s.nudges.Schedule(ctx, s.chatID, s.next.ID, s.at.Add(NudgeAfter))
}

// Nudge decides the reminder of the chat's dialogue id, when its job runs.
// With a step, the reminder is due now: the step marks the dialogue
// reminded and its Result says the reminder — the question where the
// dialogue stands, asked again, under a word that offers to start over or
// cancel — in the dialogue's language (Step.Lang). Commit it with its
// answers (CommitWith) like any step: of two runs at once one commits and
// the other meets ErrConflict, then finds the dialogue reminded. The save
// keeps the dialogue's TTL, so that a reminder does not lengthen its life.
//
// Without a step, wait > 0 says the customer took a step since, and the
// reminder is due that much later; wait 0 says there is nothing to remind
// of: the dialogue was sent, cancelled, set aside for a new one or expired,
// or its customer was reminded already. The error is a Redis failure.
func (e *Engine) Nudge(ctx context.Context, chatID int64, id string) (step *Step, wait time.Duration, err error) {
	st, err := e.store.Load(ctx, chatID)
	if err != nil {
		return nil, 0, err
	}
	if !st.open() || st.ID != id || st.Nudged == id {
		return nil, 0, nil
	}
	now := e.clock()
	if st.At != 0 {
		if d := time.UnixMilli(st.At).Add(NudgeAfter).Sub(now); d > 0 {
			return nil, d, nil
		}
	}
	m := &move{st: st, in: Input{ChatID: chatID}, env: Env{Policy: e.pol, Now: now, NewID: e.newID}, from: st.Stage, row: -1, led: toStay}
	m.st.Nudged = id
	r := m.say("conversation.nudge")
	r.Buttons = rows(2, m.button("conversation.button.start_over", actNew, ""),
		m.button("conversation.button.cancel", actCancel, ""))
	m.ask(st.Stage)
	return &Step{store: e.store, chatID: chatID, prev: st, next: m.st, result: m.res, at: now,
		save: true, keepTTL: true, recorded: true}, 0, nil
}
