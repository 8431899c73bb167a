package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/conversation"
)

// sendReply renders one of the dialogue's replies in the customer's
// language and sends it. forget is as deliver's.
func (e *Edge) sendReply(ctx context.Context, chatID int64, lang string, r conversation.Reply) (forget bool, err error) {
	text, markup := e.render(lang, r)
	return e.deliver(ctx, chatID, r.Edit, text, markup)
}

// deliver sends one rendered message, or edits the one remembered under
// editName when there is one. A new message sent under no name makes the
// chat's names forgotten (a counter edited above a newer question would go
// unseen): forget asks the caller to, which the outbox does in the round
// trip that takes the entry off its list.
func (e *Edge) deliver(ctx context.Context, chatID int64, editName, text string, markup models.ReplyMarkup) (forget bool, err error) {
	if editName != "" {
		if id, ok := e.edits.get(ctx, chatID, editName); ok {
			if err := e.out.EditText(ctx, chatID, id, text, editedKeyboard(markup)); err == nil {
				return false, nil
			}
			// The message is gone or too old to edit: send a new one.
		}
	}
	id, err := e.out.Text(ctx, chatID, text, markup)
	if err != nil {
		if send.IsBlocked(err) {
			return false, nil // nothing can reach them; the reason is logged by the sender
		}
		return false, fmt.Errorf("bot: reply to chat %d: %w", chatID, err)
	}
	if editName == "" {
		return true, nil
	}
	e.edits.remember(ctx, chatID, editName, id)
	return false, nil
}

// replace puts reply in the place of the message messageID: its text, and
// its keyboard or none. When Telegram will not edit that message (deleted,
// too old), the reply comes as a new message instead.
func (e *Edge) replace(ctx context.Context, chatID int64, messageID int, lang string, reply conversation.Reply) (forget bool, err error) {
	text, markup := e.render(lang, reply)
	err = e.out.EditText(ctx, chatID, messageID, text, editedKeyboard(markup))
	if err == nil || send.IsBlocked(err) || !send.IsBadRequest(err) {
		return false, err
	}
	e.log.Info("message not replaced; sent anew", "chat", chatID, "err", err)
	return e.deliver(ctx, chatID, "", text, markup)
}

// editedKeyboard is the keyboard an edited message gets for markup: its
// inline keyboard, or an empty one, which takes the old one off (an edit
// cannot carry a reply keyboard).
func editedKeyboard(markup models.ReplyMarkup) *models.InlineKeyboardMarkup {
	if inline, ok := markup.(*models.InlineKeyboardMarkup); ok && inline != nil {
		return inline
	}
	return &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}}
}

// render turns a reply into HTML text and a keyboard. Every parameter is
// escaped: nothing a customer types can change the formatting.
func (e *Edge) render(lang string, r conversation.Reply) (string, models.ReplyMarkup) {
	var b strings.Builder
	for _, l := range r.Lead {
		text, _ := e.render(lang, l)
		b.WriteString(text)
		b.WriteString("\n\n")
	}
	b.WriteString(e.cat.HTML(lang, r.Key, r.Params))
	for _, n := range r.Notes {
		b.WriteString("\n")
		b.WriteString(e.cat.HTML(lang, n.Key, n.Params))
	}
	text := b.String()
	switch {
	case len(r.Buttons) > 0:
		rows := make([][]models.InlineKeyboardButton, 0, len(r.Buttons))
		for _, row := range r.Buttons {
			out := make([]models.InlineKeyboardButton, 0, len(row))
			for _, btn := range row {
				out = append(out, models.InlineKeyboardButton{Text: e.buttonLabel(lang, btn), CallbackData: btn.Data})
			}
			rows = append(rows, out)
		}
		return text, &models.InlineKeyboardMarkup{InlineKeyboard: rows}
	case r.ContactButton:
		kb := [][]models.KeyboardButton{{{Text: e.cat.Text(lang, "conversation.button.share_phone", nil), RequestContact: true}}}
		if r.ContactSkip {
			kb = append(kb, []models.KeyboardButton{{Text: e.cat.Text(lang, "conversation.button.skip_phone", nil)}})
		}
		return text, &models.ReplyKeyboardMarkup{Keyboard: kb, ResizeKeyboard: true, OneTimeKeyboard: true}
	case r.RemoveKeyboard:
		return text, &models.ReplyKeyboardRemove{RemoveKeyboard: true}
	}
	return text, nil
}

// buttonLabel is the button's catalogue text, or its literal text. Labels
// are plain text in Telegram: nothing to escape.
func (e *Edge) buttonLabel(lang string, b conversation.Button) string {
	if b.Key == "" {
		return b.Text
	}
	return e.cat.Text(lang, b.Key, toAny(b.Params))
}

func toAny(params map[string]string) map[string]any {
	if len(params) == 0 {
		return nil
	}
	out := make(map[string]any, len(params))
	for k, v := range params {
		out[k] = v
	}
	return out
}
