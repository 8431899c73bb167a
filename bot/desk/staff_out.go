package desk

import (
	"context"

	"github.com/go-telegram/bot/models"
)

// react confirms a member's command with a 👍 on it. It runs after the
// change is made, so a failure is logged, not retried: a retry would make
// the change again.
func (d *Desk) react(ctx context.Context, m *models.Message) error {
	if err := d.out.React(ctx, m.Chat.ID, m.ID, "👍"); err != nil {
		d.log.Info("reaction not set", "chat", m.Chat.ID, "message", m.ID, "err", err)
	}
	return nil
}

// editCard redraws a card with the keyboard given (its own, or the assign
// picker). A failure is logged: the change behind it is made, and the card
// job draws the card afresh on the next change.
func (d *Desk) editCard(ctx context.Context, card *models.Message, html string, markup *models.InlineKeyboardMarkup) error {
	if err := d.out.EditText(ctx, card.Chat.ID, card.ID, html, markup); err != nil {
		d.log.Info("card not redrawn", "chat", card.Chat.ID, "message", card.ID, "err", err)
	}
	return nil
}
