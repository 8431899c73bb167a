package conversation

import (
	"fmt"
	"slices"
	"time"

	"github.com/complaintbot/complaintbot/policy"
)

// Env is what a step needs besides the state and the input.
type Env struct {
	Policy *policy.Policy
	// Now is the current time; the dialogue reads it in the shop's time zone.
	Now time.Time
	// NewID returns a fresh random dialogue id (see newDialogueID).
	NewID func() string
	// Lost, for a chat with nothing stored, is the language of a dialogue
	// it had that is gone (Redis lost its data); empty when it had none.
	Lost string
}

// move is one input being applied: the state as it becomes, and what is said.
type move struct {
	st      State
	in      Input
	env     Env
	cb      callback // the decoded button, for KindButton
	res     Result
	from    Stage // the stage before the input
	chosen  Stage // the stage Do picked, for To: oneOf(...)
	picked  bool
	refused bool
	row     int   // the row applied, as its index in transitions; -1 for none
	led     Stage // where the row led: the stage entered, or toStay
	edited  bool  // the row's Edit target was taken
	lost    bool  // the input met a dialogue no longer stored (lostDialogue)
}

// step applies one input to a chat's state and returns the new state and
// what to say and do. It is pure: the clock and the id source come in env.
// An input whose update id is not newer than the last applied is ignored:
// the state comes back unchanged with an empty Result. It panics only on
// a mistake in the table: a row leading where it does not say (see advance).
func step(st State, in Input, env Env) (State, Result) {
	m := run(st, in, env)
	return m.st, m.res
}

// run applies the input as step does and returns the whole move, which
// also tells which row applied and where it led.
func run(st State, in Input, env Env) *move {
	m := &move{st: st, in: in, env: env, from: st.Stage, row: -1, led: toStay}
	if duplicate(st, in) {
		return m
	}
	m.st.Form = st.Form.clone()
	if in.UpdateID > m.st.LastUpdate {
		m.st.LastUpdate = in.UpdateID
	}
	if m.st.Lang == "" {
		m.st.Lang = matchLang(in.LanguageCode)
	}
	if m.st.ID == "" {
		m.st.ID = env.NewID()
	}
	if st.fresh() && m.lostDialogue() {
		return m
	}
	if in.Kind == KindButton && !m.acceptButton() {
		return m
	}
	i, ok := lookup(m.st.Stage, m)
	if !ok {
		m.fallback()
		m.finish()
		return m
	}
	m.row = i
	t := transitions[i]
	if t.Do != nil {
		t.Do(m)
	}
	if m.refused {
		m.ask(m.st.Stage)
	} else {
		m.advance(t)
	}
	m.finish()
	return m
}

// duplicate reports an input already applied (a redelivered update).
func duplicate(st State, in Input) bool {
	return in.UpdateID != 0 && in.UpdateID <= st.LastUpdate
}

// acceptButton decodes the pressed button and answers the ones that cannot
// be applied: undecodable or from another dialogue (refused), from a
// question already answered (stale), Confirm of a complaint already sent.
func (m *move) acceptButton() bool {
	cb, err := decodeCallback(m.in.Button)
	switch {
	case err != nil:
		m.stale("conversation.button_refused")
	case cb.ID == m.st.Filed && cb.Action == actConfirm:
		m.stale("conversation.already_filed")
	case cb.ID != m.st.ID && (cb.ID == m.st.Prev || cb.ID == m.st.Filed):
		m.stale("conversation.button_stale")
	case cb.ID != m.st.ID:
		m.stale("conversation.button_refused")
	case !turnFree(cb.Action) && cb.Turn != m.st.Turn:
		m.stale("conversation.button_stale")
	default:
		m.cb = cb
		return true
	}
	return false
}

// advance moves to the row's target stage after Do accepted the input: To,
// or, while a field chosen from the summary is being changed, Edit. Staying
// where the dialogue is takes precedence over Edit.
func (m *move) advance(t transition) {
	if c, ok := t.To.(*choice); m.picked && (!ok || c.by != nil) {
		panic(m.mistake(fmt.Sprintf("Do picked %s but the row leaves it no choice", m.chosen)))
	}
	to := m.resolve(t.To)
	if to != toStay && t.Edit != nil && m.st.Editing {
		to, m.edited = m.resolve(t.Edit), true
	}
	m.led = to
	if to != toStay {
		m.enter(to)
	}
}

// resolve is the stage a row's target leads to. A stage the target does not
// list is a mistake in the table or in Do: step panics rather than lead the
// customer astray.
func (m *move) resolve(t target) Stage {
	var to Stage
	switch t := t.(type) {
	case Stage:
		return t
	case *choice:
		switch {
		case t.by != nil:
			to = t.by(m)
		case m.picked:
			to = m.chosen
		default:
			to = toStay
		}
	default:
		panic(m.mistake(fmt.Sprintf("target %T", t)))
	}
	if !slices.Contains(t.stages(), to) {
		panic(m.mistake(fmt.Sprintf("led to %s, which the row does not list among %v", to, t.stages())))
	}
	return to
}

// mistake describes a row applied against the table's word, for a panic.
func (m *move) mistake(what string) string {
	return fmt.Sprintf("conversation: transitions[%d] from %s: %s", m.row, m.from, what)
}

// enter moves the dialogue to stage and asks its question.
func (m *move) enter(stage Stage) {
	m.st.Stage = stage
	m.st.Turn++
	if stage == Summary || stage == Idle {
		m.st.Editing = false
	}
	if stage != Idle {
		m.ask(stage)
	}
}

// afterEdit picks review's stage: back to the summary, or to the outcome
// question when the change took away the outcome chosen.
func (m *move) afterEdit() Stage {
	if o := m.st.Form.Outcome; o != "" {
		if _, ok := m.verdict().Allowed(o); !ok {
			m.st.Form.Outcome = ""
			m.say("conversation.outcome_recheck")
			return AskOutcome
		}
	}
	return Summary
}

// finish completes the result: leaving the phone question removes its
// reply keyboard.
func (m *move) finish() {
	if m.from == AskPhone && m.st.Stage != AskPhone {
		for i := range m.res.Replies {
			r := &m.res.Replies[i]
			if len(r.Buttons) == 0 && !r.ContactButton && r.Edit == "" {
				r.RemoveKeyboard = true
				return
			}
		}
		m.res.Replies = append([]Reply{{Key: "conversation.ok", RemoveKeyboard: true}}, m.res.Replies...)
	}
}
