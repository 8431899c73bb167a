package telegramsim

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"strconv"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim/wire"
)

// callbackTTL is how long a callback query can be answered; the simulator
// uses 15 seconds of the injected clock (Telegram does not publish its own
// limit, and a user sees the button's spinner give up about then).
const callbackTTL = 15 * time.Second

type callbackRec struct {
	chatID   int64
	at       time.Time
	answered bool
	answer   CallbackAnswerInfo
}

type callbackStore struct {
	byID map[string]*callbackRec
}

func newCallbackStore() callbackStore {
	return callbackStore{byID: map[string]*callbackRec{}}
}

// CallbackAnswerInfo is the bot's answer to a pressed button.
type CallbackAnswerInfo struct {
	QueryID   string
	Text      string
	ShowAlert bool
	URL       string
}

// chatInstance is the stable chat_instance Telegram gives a chat's queries.
func (s *Server) chatInstance(chatID int64) string {
	h := fnv.New64a()
	_, _ = fmt.Fprintf(h, "%d:%d", s.me.ID, chatID)
	return strconv.FormatInt(int64(h.Sum64()>>1), 10)
}

// PressButton presses an inline keyboard button, as the user would: the
// message must be one of the bot's, in a chat the user is in, and carry a
// button with that callback_data. The bot receives a callback_query update;
// the returned id is the query's.
func (s *Server) PressButton(chatID, fromUserID int64, messageID int, callbackData string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, u, err := s.memberLocked(chatID, fromUserID)
	if err != nil {
		return "", err
	}
	r, ok := s.findMsgLocked(chatID, messageID)
	switch {
	case !ok:
		return "", fmt.Errorf("telegramsim: no message %d in chat %d", messageID, chatID)
	case !r.fromBot || !hasCallback(r.msg.ReplyMarkup, callbackData):
		return "", fmt.Errorf("telegramsim: message %d has no button with callback data %q", messageID, callbackData)
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	id := strconv.FormatUint(binary.BigEndian.Uint64(b[:])>>1, 10)
	s.cbs.byID[id] = &callbackRec{chatID: c.id, at: s.now()}
	s.enqueueLocked(&models.Update{CallbackQuery: &models.CallbackQuery{
		ID:           id,
		From:         u.model(),
		Message:      models.MaybeInaccessibleMessage{Type: models.MaybeInaccessibleMessageTypeMessage, Message: r.msg},
		ChatInstance: s.chatInstance(c.id),
		Data:         callbackData,
	}})
	return id, nil
}

// answerCallbackQuery is the answerCallbackQuery method: each query can be
// answered once, within callbackTTL.
func (s *Server) answerCallbackQuery(_ context.Context, p wire.Params) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := p.String("callback_query_id")
	rec, ok := s.cbs.byID[id]
	if !ok || rec.answered || s.now().Sub(rec.at) > callbackTTL {
		return nil, wire.BadRequest("query is too old and response timeout expired or query ID is invalid")
	}
	rec.answered = true
	rec.answer = CallbackAnswerInfo{QueryID: id, Text: p.String("text"), ShowAlert: p.Bool("show_alert"), URL: p.String("url")}
	s.emitLocked(Event{Kind: EventCallbackAnswer, ChatID: rec.chatID, Callback: new(rec.answer)})
	s.notifyLocked()
	return true, nil
}

// CallbackAnswer reports the bot's answer to a pressed button, if any yet.
func (s *Server) CallbackAnswer(queryID string) (text string, showAlert bool, answered bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.cbs.byID[queryID]
	if !ok || !rec.answered {
		return "", false, false
	}
	return rec.answer.Text, rec.answer.ShowAlert, true
}

// WaitCallbackAnswer waits until the bot answers the query or ctx ends
// (then it returns ctx's error).
func (s *Server) WaitCallbackAnswer(ctx context.Context, queryID string) (CallbackAnswerInfo, error) {
	var out CallbackAnswerInfo
	err := s.waitFor(ctx, func() bool {
		rec, ok := s.cbs.byID[queryID]
		if ok && rec.answered {
			out = rec.answer
		}
		return ok && rec.answered
	})
	return out, err
}
