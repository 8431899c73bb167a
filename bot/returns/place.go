package returns

import (
	"context"
	"fmt"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/bot/send"
)

// Place is where the flow talks to an owner: a ticket's thread in the staff
// group, or a private chat. Its messages there reply to ReplyTo, in the
// forum topic ThreadID if any.
type Place struct {
	ChatID   int64
	ThreadID int
	ReplyTo  int
	// TicketID, in the staff group, is the ticket whose thread it is: the
	// flow's messages there are noted as the ticket's, so a reply to them
	// finds it.
	TicketID int64
	// Group is true in the staff group.
	Group bool
}

// At is the place of message m, in the staff group when group: the flow
// answers there, replying to m. ticketID is the ticket whose thread it is
// (0 in private).
func At(m *models.Message, group bool, ticketID int64) Place {
	p := Place{ChatID: m.Chat.ID, ReplyTo: m.ID, Group: group, TicketID: ticketID}
	if m.IsTopicMessage {
		p.ThreadID = m.MessageThreadID
	}
	return p
}

// under is the place of a reply to message id, in the same chat and topic.
func (p Place) under(id int) Place {
	p.ReplyTo = id
	return p
}

// post sends html at p with markup and returns its id. In the staff group
// the message is noted as the ticket's. A message to reply to that is gone
// does not stop it.
func (f *Flow) post(ctx context.Context, p Place, html string, markup models.ReplyMarkup) (int, error) {
	opts := send.Opts{ThreadID: p.ThreadID, ReplyTo: p.ReplyTo, Markup: markup}
	id, err := f.out.Send(ctx, p.ChatID, html, opts)
	if err != nil && send.IsMessageGone(err) {
		opts.ReplyTo = 0
		id, err = f.out.Send(ctx, p.ChatID, html, opts)
	}
	if err != nil {
		return 0, fmt.Errorf("returns: post in chat %d: %w", p.ChatID, err)
	}
	if p.Group && p.TicketID != 0 {
		if err := f.tickets.NoteDeskMessage(ctx, p.TicketID, p.ChatID, int64(id)); err != nil {
			f.log.Warn("return message not noted as the ticket's", "ticket", p.TicketID, "message", id, "err", err)
		}
	}
	return id, nil
}

// say posts a staff text at p, without buttons.
func (f *Flow) say(ctx context.Context, p Place, key string, params map[string]string) error {
	_, err := f.post(ctx, p, f.text(key, params), nil)
	return err
}

// rewrite replaces the text and buttons of one of the flow's messages. It
// runs after the change behind it is made, so a failure is logged, not
// retried: the change stands, and the card shows it.
func (f *Flow) rewrite(ctx context.Context, chatID int64, messageID int, html string, markup models.ReplyMarkup) {
	if messageID == 0 {
		return
	}
	if err := f.out.EditText(ctx, chatID, messageID, html, markup); err != nil {
		f.log.Info("return message not rewritten", "chat", chatID, "message", messageID, "err", err)
	}
}

// unbutton takes the buttons off a message, logging a failure as rewrite
// does.
func (f *Flow) unbutton(ctx context.Context, chatID int64, messageID int) {
	if messageID == 0 || chatID == 0 {
		return
	}
	if err := f.out.RemoveKeyboard(ctx, chatID, messageID); err != nil {
		f.log.Info("return buttons not removed", "chat", chatID, "message", messageID, "err", err)
	}
}

// keyboard is an inline keyboard of rows.
func keyboard(rows ...[]models.InlineKeyboardButton) *models.InlineKeyboardMarkup {
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

// btn is a button of the flow with a label from the catalogue.
func (f *Flow) btn(key string, params map[string]string, b button) models.InlineKeyboardButton {
	return models.InlineKeyboardButton{Text: f.plain(key, params), CallbackData: b.encode()}
}
