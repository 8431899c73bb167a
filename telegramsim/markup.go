package telegramsim

import (
	"encoding/json"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim/wire"
)

// markup is a decoded reply_markup parameter. Only an inline keyboard is
// part of the message; a reply keyboard changes what the user's app shows.
type markup struct {
	inline *models.InlineKeyboardMarkup
	reply  *models.ReplyKeyboardMarkup
	remove bool
}

func badMarkup() *wire.Error {
	return wire.BadRequest("can't parse reply keyboard markup JSON object")
}

// readMarkup decodes reply_markup. Edits accept inline keyboards only
// (anyKind false). An inline keyboard without buttons means none, as in
// Telegram.
func readMarkup(p wire.Params, anyKind bool) (markup, *wire.Error) {
	var mk markup
	if !p.Has("reply_markup") {
		return mk, nil
	}
	var keys map[string]json.RawMessage
	if err := p.JSON("reply_markup", &keys); err != nil {
		return mk, badMarkup()
	}
	_, isInline := keys["inline_keyboard"]
	switch {
	case isInline:
		kb := &models.InlineKeyboardMarkup{}
		if err := p.JSON("reply_markup", kb); err != nil {
			return mk, badMarkup()
		}
		if len(kb.InlineKeyboard) > 0 {
			mk.inline = kb
		}
	case !anyKind:
		return mk, badMarkup()
	case keys["keyboard"] != nil:
		kb := &models.ReplyKeyboardMarkup{}
		if err := p.JSON("reply_markup", kb); err != nil {
			return mk, badMarkup()
		}
		mk.reply = kb
	case keys["remove_keyboard"] != nil:
		mk.remove = true
	case keys["force_reply"] != nil:
		// A force-reply request only changes the user's input field.
	default:
		return mk, badMarkup()
	}
	return mk, nil
}

// hasCallback reports whether the inline keyboard has a button with the
// callback data.
func hasCallback(kb *models.InlineKeyboardMarkup, data string) bool {
	if kb == nil {
		return false
	}
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			if data != "" && b.CallbackData == data {
				return true
			}
		}
	}
	return false
}

// ReplyKeyboard returns the reply keyboard the bot currently shows in the
// chat (nil if none), e.g. to find a request_contact button.
func (s *Server) ReplyKeyboard(chatID int64) *models.ReplyKeyboardMarkup {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.replyKeyboardLocked(chatID)
}

func (s *Server) replyKeyboardLocked(chatID int64) *models.ReplyKeyboardMarkup {
	l, ok := s.world.logs[chatID]
	if !ok || l.keyboard == nil {
		return nil
	}
	kb := *l.keyboard
	return &kb
}
