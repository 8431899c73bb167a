package conversation

import (
	"context"
	"time"

	"github.com/complaintbot/complaintbot/policy"
)

// Engine applies customers' inputs to their dialogues kept in a Store.
type Engine struct {
	store  *Store
	pol    *policy.Policy
	clock  func() time.Time
	newID  func() string
	drafts Drafts // nil: none kept
	nudges Nudges // nil: no reminders
}

// NewEngine returns an Engine deciding with pol, reading the time from clock
// (time.Now when nil).
func NewEngine(store *Store, pol *policy.Policy, clock func() time.Time) *Engine {
	if clock == nil {
		clock = time.Now
	}
	return &Engine{store: store, pol: pol, clock: clock, newID: newDialogueID}
}

// Step is an input applied to a dialogue but not yet saved.
type Step struct {
	store  *Store
	chatID int64
	prev   State
	next   State
	result Result
	save   bool
	at     time.Time

	drafts    Drafts
	nudges    Nudges
	keepTTL   bool // the save leaves the dialogue's TTL as it is
	lost      bool // the step told the customer their dialogue was lost
	filed     bool // the chat's draft ended with the ticket filed (DraftFiled)
	recorded  bool
	lookupErr error // looking the chat's draft up failed
}

// Step loads the chat's dialogue and computes what the input does. Nothing
// is saved yet: the caller performs the Result's effects (filing is
// idempotent), then calls Commit, and sends the replies only when Commit
// succeeds. The error is a Redis failure; bad input is never an error.
func (e *Engine) Step(ctx context.Context, in Input) (*Step, error) {
	st, err := e.store.Load(ctx, in.ChatID)
	if err != nil {
		return nil, err
	}
	now := e.clock()
	env := Env{Policy: e.pol, Now: now, NewID: e.newID}
	// Without the drafts (PostgreSQL down) the chat is taken as new: its
	// customer is greeted rather than kept waiting; Record reports it.
	lost, lookupErr := e.lostDraft(ctx, st, in.ChatID, now)
	env.Lost = lost
	m := run(st, in, env)
	if m.st.open() {
		m.st.At = now.UnixMilli()
	}
	return &Step{store: e.store, chatID: in.ChatID, prev: st, next: m.st, result: m.res, at: now,
		save: !duplicate(st, in), drafts: e.drafts, nudges: e.nudges, lost: m.lost, lookupErr: lookupErr}, nil
}

// Result is what the step says and does.
func (s *Step) Result() Result { return s.result }

// Lang is the language the customer is answered in after this step ("en"
// or "zh"); empty for a chat the engine knows nothing of yet.
func (s *Step) Lang() string { return s.next.Lang }

// Changes reports whether Commit writes anything: false for a redelivered
// update, which the step ignores.
func (s *Step) Changes() bool { return s.save }

// Commit saves the step with a compare-and-set on the dialogue's version.
// It returns ErrConflict when another delivery for the chat was saved since
// this step's load; the caller then sends nothing. A redelivered update
// (ignored by the step) commits as a no-op.
func (s *Step) Commit(ctx context.Context) error { return s.CommitWith(ctx, nil) }

// CommitWith is Commit that writes the step's answers to out in the same
// atomic step (a transactional outbox): a crash after it loses no answer,
// and a conflict or a failure writes neither.
func (s *Step) CommitWith(ctx context.Context, out *Outbox) error {
	if !s.save {
		return nil
	}
	ttl := s.store.ttl
	if s.keepTTL {
		ttl = 0
	}
	v, err := s.store.save(ctx, s.chatID, s.next, out, ttl)
	if err != nil {
		return err // ErrConflict, or a Redis failure already wrapped
	}
	s.next.Version, s.save = v, false
	return nil
}

// Lang is the language the chat is answered in ("en" or "zh"): the one the
// customer chose with /language, else the one of their first contact;
// empty for a chat the engine knows nothing of. It is for answers the edge
// gives outside a step (a button it handles itself). The error is a Redis
// failure.
func (e *Engine) Lang(ctx context.Context, chatID int64) (string, error) {
	st, err := e.store.Load(ctx, chatID)
	if err != nil {
		return "", err
	}
	return st.Lang, nil
}
