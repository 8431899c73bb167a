package send

import (
	"bytes"
	"context"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// Upload is a photo the bot made itself (a report's chart), sent as a
// multipart upload rather than by a file_id Telegram already holds.
type Upload struct {
	// Name is the file's name, as Telegram is told it ("report.png").
	Name string
	Data []byte
	// Caption is HTML; empty for none.
	Caption string
}

// SendPhotoUpload uploads a photo, placed by o, and returns the message id.
// Each attempt reads the data afresh, so a retry uploads it whole.
func (s *Sender) SendPhotoUpload(ctx context.Context, chatID int64, up Upload, o Opts) (int, error) {
	var id int
	err := s.retry(ctx, spendMessage(chatID), "sendPhoto upload", func() error {
		m, err := s.tg.SendPhoto(ctx, &tgbot.SendPhotoParams{ChatID: chatID, MessageThreadID: o.ThreadID,
			ReplyParameters: o.reply(), ReplyMarkup: o.Markup,
			Photo:   &models.InputFileUpload{Filename: up.Name, Data: bytes.NewReader(up.Data)},
			Caption: up.Caption, ParseMode: models.ParseModeHTML})
		if err == nil {
			id = m.ID
		}
		return err
	})
	return id, err
}
