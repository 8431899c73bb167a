package telegramsim

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/go-telegram/bot/models"
)

// updateTTL is how long Telegram keeps an unconfirmed update.
const updateTTL = 24 * time.Hour

// queued is one update waiting for confirmation.
type queued struct {
	u      *models.Update
	raw    json.RawMessage // u as sent, encoded once
	kind   string
	at     time.Time
	forced bool // an injected duplicate: delivered once, whatever the offset
}

// updateQueue holds the bot's updates, as Telegram's queue does for both
// getUpdates and webhooks.
type updateQueue struct {
	nextID  int64
	pending []*queued         // unconfirmed, in delivery order
	history map[int64]*queued // every update of the last 24 hours
	aging   []*queued         // history's updates, oldest first
	allowed map[string]bool   // nil: Telegram's default set
	poll    *longPoll         // the getUpdates call waiting, if any
}

func newUpdateQueue() updateQueue {
	return updateQueue{nextID: 1, history: map[int64]*queued{}}
}

// defaultOff are the update kinds Telegram sends only when asked for.
func defaultOff(kind string) bool {
	return kind == models.AllowedUpdateChatMember || kind == models.AllowedUpdateMessageReaction || kind == models.AllowedUpdateMessageReactionCount
}

func (q *updateQueue) wants(kind string) bool {
	if q.allowed == nil {
		return !defaultOff(kind)
	}
	return q.allowed[kind]
}

// setAllowed stores allowed_updates; an empty list restores the default.
func (q *updateQueue) setAllowed(kinds []string) {
	if len(kinds) == 0 {
		q.allowed = nil
		return
	}
	q.allowed = map[string]bool{}
	for _, k := range kinds {
		q.allowed[k] = true
	}
}

func (q *updateQueue) allowedList() []string {
	var out []string
	for k := range q.allowed {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// updateKind is the allowed_updates name of the update's one field.
func updateKind(u *models.Update) string {
	switch {
	case u.Message != nil:
		return models.AllowedUpdateMessage
	case u.EditedMessage != nil:
		return models.AllowedUpdateEditedMessage
	case u.CallbackQuery != nil:
		return models.AllowedUpdateCallbackQuery
	case u.MyChatMember != nil:
		return models.AllowedUpdateMyChatMember
	case u.ChatMember != nil:
		return models.AllowedUpdateChatMember
	case u.MessageReaction != nil:
		return models.AllowedUpdateMessageReaction
	}
	return "other"
}

// enqueueLocked gives the update its id and queues it, unless the bot
// excluded its kind with allowed_updates (then Telegram never creates it).
func (s *Server) enqueueLocked(u *models.Update) {
	kind := updateKind(u)
	if !s.upd.wants(kind) {
		return
	}
	u.ID = s.upd.nextID
	raw, err := encode(u)
	if err != nil {
		s.log.Error("telegramsim: encode update", "update_id", u.ID, "err", err)
		return
	}
	s.upd.nextID++
	q := &queued{u: u, raw: raw, kind: kind, at: s.now()}
	s.upd.pending = append(s.upd.pending, q)
	s.upd.history[u.ID] = q
	s.upd.aging = append(s.upd.aging, q)
	s.hook.poke()
	s.notifyLocked()
}

// pruneLocked forgets updates older than 24 hours.
func (s *Server) pruneLocked() {
	cutoff := s.now().Add(-updateTTL)
	s.upd.pending = slices.DeleteFunc(s.upd.pending, func(q *queued) bool { return q.at.Before(cutoff) })
	// Updates are queued in time order, so the old ones are at the front:
	// every getUpdates prunes, and a scan of the whole day's history each
	// time took a tenth of a load run.
	n := 0
	for n < len(s.upd.aging) && s.upd.aging[n].at.Before(cutoff) {
		delete(s.upd.history, s.upd.aging[n].u.ID)
		n++
	}
	s.upd.aging = s.upd.aging[n:]
}

// confirmLocked applies a getUpdates offset: a positive offset confirms
// every update below it; a negative one keeps only the last -offset.
func (q *updateQueue) confirmLocked(offset int64) {
	switch {
	case offset < 0:
		if keep := int(-offset); keep < len(q.pending) {
			q.pending = slices.Clone(q.pending[len(q.pending)-keep:])
		}
	case offset > 0:
		q.pending = slices.DeleteFunc(q.pending, func(e *queued) bool { return !e.forced && e.u.ID < offset })
	}
}

// takeLocked returns up to limit updates; injected duplicates leave the
// queue once returned, the others stay until confirmed.
func (q *updateQueue) takeLocked(limit int) []json.RawMessage {
	n := min(limit, len(q.pending))
	out := make([]json.RawMessage, 0, n)
	for _, e := range q.pending[:n] {
		out = append(out, e.raw)
	}
	q.pending = slices.Concat(slices.DeleteFunc(slices.Clone(q.pending[:n]), func(e *queued) bool { return e.forced }), q.pending[n:])
	return out
}

// InjectDuplicate delivers an update again, as Telegram does now and then
// (at-least-once delivery): the next getUpdates call or webhook request
// carries it once more, whatever the offset. The update must be less than
// 24 hours old.
func (s *Server) InjectDuplicate(updateID int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pruneLocked()
	q, ok := s.upd.history[updateID]
	if !ok {
		return fmt.Errorf("telegramsim: no update %d in the last 24 hours", updateID)
	}
	dup := &queued{u: q.u, raw: q.raw, kind: q.kind, at: s.now(), forced: true}
	s.upd.pending = slices.Insert(s.upd.pending, 0, dup)
	s.hook.poke()
	s.notifyLocked()
	return nil
}
