package playground

import (
	"sync"

	"github.com/go-telegram/bot/models"
)

// maxPresses bounds how many pressed buttons the playground remembers;
// past it the oldest are forgotten.
const maxPresses = 4096

// pgPressed is the button last pressed under a bot message and the inline
// keyboard the message had then. Telegram shows nothing of a press; the
// page marks the chosen button, and keeps the keyboard greyed out once the
// bot takes it off, so that the chat still says what was chosen.
type pgPressed struct {
	Data     string                       `json:"data"`
	Keyboard *models.InlineKeyboardMarkup `json:"keyboard"`
}

type pressKey struct {
	chat int64
	msg  int
}

// presses remembers the latest press on each message. A press holds mu
// while the simulator takes it, so an edit the bot makes in answer is never
// sent to a page before the press it answers is recorded. The zero value is
// ready to use.
type presses struct {
	mu    sync.Mutex
	last  map[pressKey]pgPressed
	order []pressKey
}

// putLocked records a press; mu is held.
func (ps *presses) putLocked(chat int64, msg int, p pgPressed) {
	k := pressKey{chat, msg}
	if ps.last == nil {
		ps.last = map[pressKey]pgPressed{}
	}
	if _, ok := ps.last[k]; !ok {
		ps.order = append(ps.order, k)
	}
	ps.last[k] = p
	for len(ps.order) > maxPresses {
		delete(ps.last, ps.order[0])
		ps.order = ps.order[1:]
	}
}

// get returns the latest press on a message, or nil.
func (ps *presses) get(chat int64, msg int) *pgPressed {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	p, ok := ps.last[pressKey{chat, msg}]
	if !ok {
		return nil
	}
	return &p
}
