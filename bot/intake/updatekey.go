package intake

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"sort"
	"strconv"
)

// ErrInvalidUpdate is returned (wrapped) when a body is not a JSON object
// carrying a non-negative integer update_id. The webhook answers it with 400.
var ErrInvalidUpdate = errors.New("not a Telegram update")

// updateKey is what the intake needs to know about an update before storing
// it: its id, for deduplication, and the key of the conversation it belongs
// to (a chat, or a forum topic), which decides its partition and its place
// in line.
type updateKey struct {
	ID   int64
	Chat string
}

// probeID is any Telegram object of which only the id matters here.
type probeID struct {
	ID *int64 `json:"id"`
}

// probeMessage is a message's chat and, in a forum, its topic.
type probeMessage struct {
	Chat     *probeID `json:"chat"`
	ThreadID int64    `json:"message_thread_id"`
	InTopic  bool     `json:"is_topic_message"`
}

// updateProbe reads the few fields that tell whose an update is. Every kind
// of update carries one object; the first of these fields present in it wins.
type updateProbe struct {
	probeMessage
	Message *probeMessage `json:"message"`
	From    *probeID      `json:"from"`
	User    *probeID      `json:"user"`
}

// parseUpdateKey reads the update_id and the conversation key of a raw
// update.
//
// The key is the chat's id for everything that happens in a chat
// (messages, edits, channel posts, business messages, reactions, member
// changes, join requests, boosts), and "<chat id>/<topic id>" for a
// message in a forum topic: the topics of the staff group are one ticket
// each, and need no place in line behind one another. For a callback query
// it is the key of the message whose button was pressed, or the presser's
// id when there is no message (inline mode). Other updates (inline queries,
// payments, poll answers) are keyed by the user's id, which is also the id
// of their private chat with the bot, so they line up with that chat. An
// update with none of these (a poll's new state) gets a key of its own,
// "u<update_id>".
//
// Only these fields are decoded: an update the models package could not
// decode is still stored, and set aside by the dispatcher, rather than lost.
func parseUpdateKey(raw []byte) (updateKey, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return updateKey{}, fmt.Errorf("%w: %v", ErrInvalidUpdate, err)
	}
	idField, ok := fields["update_id"]
	if !ok || string(idField) == "null" {
		return updateKey{}, fmt.Errorf("%w: no update_id", ErrInvalidUpdate)
	}
	var id int64
	if err := json.Unmarshal(idField, &id); err != nil || id < 0 {
		return updateKey{}, fmt.Errorf("%w: bad update_id %.20q", ErrInvalidUpdate, idField)
	}
	names := make([]string, 0, len(fields))
	for name := range fields {
		if name != "update_id" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		if key, ok := probeKey(fields[name]); ok {
			return updateKey{ID: id, Chat: key}, nil
		}
	}
	return updateKey{ID: id, Chat: "u" + strconv.FormatInt(id, 10)}, nil
}

// probeKey returns the conversation key of an update's object: its chat's
// (or user's) id, with the topic in a forum.
func probeKey(obj json.RawMessage) (string, bool) {
	var p updateProbe
	if len(obj) == 0 || obj[0] != '{' || json.Unmarshal(obj, &p) != nil {
		return "", false
	}
	switch {
	case p.Chat != nil && p.Chat.ID != nil:
		return p.key(), true
	case p.Message != nil && p.Message.Chat != nil && p.Message.Chat.ID != nil:
		return p.Message.key(), true
	case p.From != nil && p.From.ID != nil:
		return strconv.FormatInt(*p.From.ID, 10), true
	case p.User != nil && p.User.ID != nil:
		return strconv.FormatInt(*p.User.ID, 10), true
	}
	return "", false
}

// key is the conversation of a message whose chat is known.
func (m *probeMessage) key() string {
	chat := strconv.FormatInt(*m.Chat.ID, 10)
	if m.InTopic && m.ThreadID != 0 {
		return chat + "/" + strconv.FormatInt(m.ThreadID, 10)
	}
	return chat
}

// partitionOf maps a chat key to one of n partitions. The mapping depends on
// n: change the partition count only with the streams drained.
func partitionOf(chat string, n int) int {
	h := fnv.New32a()
	_, _ = h.Write([]byte(chat))
	return int(h.Sum32() % uint32(n))
}
