package conversation

import (
	"context"
	"errors"
	"time"
)

// Drafts durably remember which chats are in the middle of a dialogue, and
// in which language, apart from the dialogue itself in Redis. Should Redis
// lose its data, a customer whose half-written report is gone is then told
// so and offered to start again, rather than greeted as a stranger.
// tickets.Drafts keeps them in PostgreSQL.
type Drafts interface {
	// Begin records that the chat is writing a report in lang, as of at.
	Begin(ctx context.Context, chatID int64, lang string, at time.Time) error
	// End forgets the chat's draft.
	End(ctx context.Context, chatID int64) error
	// Open returns the language of the chat's draft recorded after since;
	// ok is false when there is none.
	Open(ctx context.Context, chatID int64, since time.Time) (lang string, ok bool, err error)
}

// WithDrafts makes the engine record drafts in d and consult them when a
// chat has no dialogue in Redis. It returns e.
func (e *Engine) WithDrafts(d Drafts) *Engine {
	e.drafts = d
	return e
}

// lostDraft returns the language of the dialogue a chat with nothing in
// Redis had, or "" when it had none. A draft recorded longer ago than twice
// the dialogue's lifetime is not looked at: that dialogue cannot still have
// been open.
func (e *Engine) lostDraft(ctx context.Context, st State, chatID int64, now time.Time) (string, error) {
	if e.drafts == nil || !st.fresh() {
		return "", nil
	}
	lang, ok, err := e.drafts.Open(ctx, chatID, now.Add(-2*e.store.ttl))
	if err != nil || !ok {
		return "", err
	}
	if lang == "" {
		lang = "en"
	}
	return lang, nil
}

// Record brings the chat's draft up to date after Commit: begun when the
// step started a dialogue (or changed its language), ended when it finished
// one or told the customer theirs was lost; and schedules the reminder of a
// dialogue the step started (see Nudges). Its failure costs only the
// notice after a later loss of Redis's data, or the reminder; the caller
// logs it and goes on.
func (s *Step) Record(ctx context.Context) error {
	if s.recorded {
		return s.lookupErr
	}
	err := errors.Join(s.recordDraft(ctx), s.scheduleNudge(ctx))
	if err == nil {
		s.recorded = true
	}
	return errors.Join(s.lookupErr, err)
}

// DraftFiled tells the step that the chat's draft ended with the ticket
// its FileTicket filed, in the filing's own transaction
// (tickets.NewTicket.EndsDraft): Record leaves the draft alone, where it
// would end it once more.
func (s *Step) DraftFiled() { s.filed = true }

// recordDraft begins or ends the chat's draft as the step requires.
func (s *Step) recordDraft(ctx context.Context) error {
	if s.drafts == nil {
		return nil
	}
	was, is := s.prev.Stage != Idle, s.next.Stage != Idle
	var err error
	switch {
	case is && (!was || s.prev.Lang != s.next.Lang || s.lost):
		err = s.drafts.Begin(ctx, s.chatID, s.next.Lang, s.at)
	case !is && (was || s.lost) && !s.filed:
		err = s.drafts.End(ctx, s.chatID)
	}
	return err
}

// fresh reports a state never stored: the chat is new to the dialogue, or
// Redis no longer has what it had.
func (st State) fresh() bool { return st.Version == 0 && st.LastUpdate == 0 }

// lostDialogue answers, in a chat of which nothing is stored, an input
// that belongs to a dialogue no longer there: the chat's draft is recorded
// (Env.Lost), or a button of the dialogue's own was pressed. The customer
// is told, in their language, and offered to start again; a command is
// answered as ever (/start and /new simply start again). It reports whether it answered.
func (m *move) lostDialogue() bool {
	if m.env.Lost != "" {
		m.st.Lang = m.env.Lost
	}
	switch {
	case m.in.Kind == KindCommand:
		// /start and /new start again; /help, /language and the like
		// are answered as ever, and the loss is told at the next input.
		return false
	case m.env.Lost != "":
	case m.in.Kind == KindButton:
		if _, err := decodeCallback(m.in.Button); err != nil {
			return false
		}
	default:
		return false
	}
	m.lost = true
	m.res.Replies = append(m.res.Replies, Reply{Key: "conversation.dialogue_lost",
		Buttons: rows(1, m.button("conversation.button.report", actNew, ""))})
	return true
}
