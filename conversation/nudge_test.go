package conversation

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/internal/redistest"
	"github.com/complaintbot/complaintbot/policy"
)

// nudgeWorld is an engine on the real Redis with a clock the test moves.
type nudgeWorld struct {
	t      *testing.T
	e      *Engine
	store  *Store
	mu     sync.Mutex
	now    time.Time
	update int64
	last   Result
}

func newNudgeWorld(t *testing.T) *nudgeWorld {
	t.Helper()
	rdb, prefix := redistest.New(t)
	w := &nudgeWorld{t: t, now: testNow(t), store: NewStore(rdb, StoreConfig{Prefix: prefix})}
	w.e = NewEngine(w.store, policy.Default(), w.clock)
	return w
}

func (w *nudgeWorld) clock() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.now
}

func (w *nudgeWorld) advance(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.now = w.now.Add(d)
}

// step applies the customer's input in chat 7.
func (w *nudgeWorld) step(in Input) {
	w.t.Helper()
	w.update++
	in.ChatID, in.UserID, in.UpdateID = 7, 7, w.update
	w.last = apply(w.t, w.e, in)
}

// dialogue is the id of chat 7's dialogue.
func (w *nudgeWorld) dialogue() string {
	w.t.Helper()
	st, err := w.store.Load(context.Background(), 7)
	if err != nil {
		w.t.Fatal(err)
	}
	return st.ID
}

// nudge decides the reminder of dialogue id.
func (w *nudgeWorld) nudge(id string) (*Step, time.Duration) {
	w.t.Helper()
	s, wait, err := w.e.Nudge(context.Background(), 7, id)
	if err != nil {
		w.t.Fatal(err)
	}
	return s, wait
}

// A dialogue untouched for an hour since its last step is reminded of,
// once: the question where it stands is asked again, in its language,
// under the offer to start over or cancel. A step taken meanwhile moves
// the reminder to an hour after it; of two runs deciding at once one
// commits; the reminder leaves the dialogue's TTL as it was.
func TestNudgeAnHourAfterTheLastStepOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newNudgeWorld(t)
	w.step(Input{Kind: KindCommand, Command: "start", LanguageCode: "zh-hans"})
	id := w.dialogue()

	w.advance(40 * time.Minute)
	w.step(benchPress(w.last, actCategory, "apparel"))
	w.advance(30 * time.Minute)
	if s, wait := w.nudge(id); s != nil || wait != 30*time.Minute {
		t.Fatalf("70 minutes after the start, 30 after the last step: step %v, wait %v; want none, 30m", s != nil, wait)
	}

	w.advance(30*time.Minute + time.Second)
	a, _ := w.nudge(id)
	b, _ := w.nudge(id)
	if a == nil || b == nil {
		t.Fatal("an hour after the last step: no reminder")
	}
	res := a.Result()
	if a.Lang() != "zh" || len(res.Replies) != 2 || res.Replies[0].Key != "conversation.nudge" || res.Replies[1].Key != "conversation.ask_order" {
		t.Fatalf("the reminder: lang %q, %s; want zh, the nudge then the order question", a.Lang(), describe(res))
	}
	if benchPress(res, actNew, "").Kind != KindButton || benchPress(res, actCancel, "").Kind != KindButton {
		t.Errorf("the reminder offers no Start over and Cancel: %s", describe(res))
	}
	before := w.store.rdb.PTTL(ctx, w.store.key(7)).Val()
	if err := a.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(ctx); !errors.Is(err, ErrConflict) {
		t.Errorf("the second run's commit: %v; want ErrConflict", err)
	}
	if s, wait := w.nudge(id); s != nil || wait != 0 {
		t.Errorf("a dialogue reminded of is reminded again: step %v, wait %v", s != nil, wait)
	}
	if after := w.store.rdb.PTTL(ctx, w.store.key(7)).Val(); after > before {
		t.Errorf("the reminder lengthened the dialogue's life: TTL %v, was %v", after, before)
	}

	// The reminder's question still takes the customer's answer.
	w.step(Input{Kind: KindText, Text: "SO20261120"})
	if len(w.last.Replies) == 0 || w.last.Replies[len(w.last.Replies)-1].Key != "conversation.ask_date" {
		t.Errorf("answering after the reminder: %s", describe(w.last))
	}
	w.advance(2 * time.Hour)
	if s, _ := w.nudge(id); s != nil {
		t.Error("a second reminder after the customer went quiet again")
	}
}

// A dialogue sent, cancelled, set aside for a new one or expired is not
// reminded of.
func TestNoNudgeForADialogueThatEnded(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		end  func(w *nudgeWorld)
	}{
		{"sent", func(w *nudgeWorld) {
			for _, next := range benchScript[1:] {
				w.step(next(w.last))
			}
			if len(w.last.Effects) != 1 {
				w.t.Fatalf("the complaint was not sent: %s", describe(w.last))
			}
		}},
		{"cancelled", func(w *nudgeWorld) { w.step(Input{Kind: KindCommand, Command: "cancel"}) }},
		{"set aside", func(w *nudgeWorld) { w.step(Input{Kind: KindCommand, Command: "new"}) }},
		{"expired", func(w *nudgeWorld) {
			if err := w.store.rdb.Del(context.Background(), w.store.prefix+"dlg:"+strconv.Itoa(7)).Err(); err != nil {
				w.t.Fatal(err)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			w := newNudgeWorld(t)
			w.step(Input{Kind: KindCommand, Command: "start"})
			id := w.dialogue()
			c.end(w)
			w.advance(NudgeAfter + time.Minute)
			if s, wait := w.nudge(id); s != nil || wait != 0 {
				t.Errorf("step %v, wait %v; want nothing to remind of", s != nil, wait)
			}
		})
	}
}
