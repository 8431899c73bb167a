package send

import (
	"context"
	"errors"
	"fmt"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// Opts places a message: in a forum topic (ThreadID), as a reply to an
// earlier message of the same chat (ReplyTo), with a keyboard (Markup).
// Zero fields are left out.
type Opts struct {
	ThreadID, ReplyTo int
	Markup            models.ReplyMarkup
}

func (o Opts) reply() *models.ReplyParameters {
	if o.ReplyTo == 0 {
		return nil
	}
	return &models.ReplyParameters{MessageID: o.ReplyTo}
}

// File is a file Telegram already holds, sent again by its file_id.
type File struct {
	// Kind is "photo", "video", "document" or "voice".
	Kind   string
	FileID string
	// Caption is HTML; empty for none.
	Caption string
}

// ErrNotSendable is returned for a file of a kind the Sender does not send,
// or an album Telegram would refuse.
var ErrNotSendable = errors.New("send: not sendable")

// Send sends an HTML text message placed by o and returns its id.
func (s *Sender) Send(ctx context.Context, chatID int64, html string, o Opts) (int, error) {
	var id int
	err := s.retry(ctx, spendMessage(chatID), "sendMessage", func() error {
		m, err := s.tg.SendMessage(ctx, &tgbot.SendMessageParams{
			ChatID: chatID, MessageThreadID: o.ThreadID, ReplyParameters: o.reply(),
			Text: html, ParseMode: models.ParseModeHTML, ReplyMarkup: o.Markup,
			LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()},
		})
		if err == nil {
			id = m.ID
		}
		return err
	})
	return id, err
}

// SendFile sends one file by its file_id, with its caption, placed by o,
// and returns the message id.
func (s *Sender) SendFile(ctx context.Context, chatID int64, f File, o Opts) (int, error) {
	var send func() (*models.Message, error)
	file := &models.InputFileString{Data: f.FileID}
	mode := models.ParseModeHTML
	switch f.Kind {
	case "photo":
		send = func() (*models.Message, error) {
			return s.tg.SendPhoto(ctx, &tgbot.SendPhotoParams{ChatID: chatID, MessageThreadID: o.ThreadID,
				ReplyParameters: o.reply(), ReplyMarkup: o.Markup, Photo: file, Caption: f.Caption, ParseMode: mode})
		}
	case "video":
		send = func() (*models.Message, error) {
			return s.tg.SendVideo(ctx, &tgbot.SendVideoParams{ChatID: chatID, MessageThreadID: o.ThreadID,
				ReplyParameters: o.reply(), ReplyMarkup: o.Markup, Video: file, Caption: f.Caption, ParseMode: mode})
		}
	case "document":
		send = func() (*models.Message, error) {
			return s.tg.SendDocument(ctx, &tgbot.SendDocumentParams{ChatID: chatID, MessageThreadID: o.ThreadID,
				ReplyParameters: o.reply(), ReplyMarkup: o.Markup, Document: file, Caption: f.Caption, ParseMode: mode})
		}
	case "voice":
		send = func() (*models.Message, error) {
			return s.tg.SendVoice(ctx, &tgbot.SendVoiceParams{ChatID: chatID, MessageThreadID: o.ThreadID,
				ReplyParameters: o.reply(), ReplyMarkup: o.Markup, Voice: file, Caption: f.Caption, ParseMode: mode})
		}
	default:
		return 0, fmt.Errorf("bot: send a %q file: %w", f.Kind, ErrNotSendable)
	}
	var id int
	err := s.retry(ctx, spendMessage(chatID), "send "+f.Kind, func() error {
		m, err := send()
		if err == nil {
			id = m.ID
		}
		return err
	})
	return id, err
}

// SendAlbum sends 2 to 10 files as one album (sendMediaGroup) placed by o
// (albums carry no keyboard) and returns the ids of its messages in order.
// Photos and videos may share an album, documents only go with documents,
// and voice messages never go into one: SplitAlbums arranges any files so.
// One file is sent on its own.
func (s *Sender) SendAlbum(ctx context.Context, chatID int64, files []File, o Opts) ([]int, error) {
	if len(files) == 1 {
		id, err := s.SendFile(ctx, chatID, files[0], Opts{ThreadID: o.ThreadID, ReplyTo: o.ReplyTo})
		if err != nil {
			return nil, err
		}
		return []int{id}, nil
	}
	if len(files) == 0 || len(files) > maxAlbum {
		return nil, fmt.Errorf("bot: an album of %d files: %w", len(files), ErrNotSendable)
	}
	media := make([]models.InputMedia, 0, len(files))
	for _, f := range files {
		if albumKind(f.Kind) != albumKind(files[0].Kind) || albumKind(f.Kind) == "" {
			return nil, fmt.Errorf("bot: a %s in an album of %ss: %w", f.Kind, files[0].Kind, ErrNotSendable)
		}
		media = append(media, inputMedia(f))
	}
	var ids []int
	err := s.retry(ctx, spendAlbum(chatID, len(files)), "sendMediaGroup", func() error {
		ms, err := s.tg.SendMediaGroup(ctx, &tgbot.SendMediaGroupParams{
			ChatID: chatID, MessageThreadID: o.ThreadID, ReplyParameters: o.reply(), Media: media,
		})
		if err == nil {
			ids = make([]int, len(ms))
			for i, m := range ms {
				ids[i] = m.ID
			}
		}
		return err
	})
	return ids, err
}

// SendContact sends a contact card placed by o and returns its id.
func (s *Sender) SendContact(ctx context.Context, chatID int64, phone, firstName string, o Opts) (int, error) {
	var id int
	err := s.retry(ctx, spendMessage(chatID), "sendContact", func() error {
		m, err := s.tg.SendContact(ctx, &tgbot.SendContactParams{
			ChatID: chatID, MessageThreadID: o.ThreadID, ReplyParameters: o.reply(), ReplyMarkup: o.Markup,
			PhoneNumber: phone, FirstName: firstName,
		})
		if err == nil {
			id = m.ID
		}
		return err
	})
	return id, err
}

// EditCaption replaces the caption (and inline keyboard) of an earlier
// media message. "Message is not modified" counts as success.
func (s *Sender) EditCaption(ctx context.Context, chatID int64, messageID int, html string, markup models.ReplyMarkup) error {
	return s.retry(ctx, spendEdit(chatID), "editMessageCaption", func() error {
		_, err := s.tg.EditMessageCaption(ctx, &tgbot.EditMessageCaptionParams{
			ChatID: chatID, MessageID: messageID, Caption: html, ParseMode: models.ParseModeHTML, ReplyMarkup: markup,
		})
		if IsNotModified(err) {
			return nil
		}
		return err
	})
}

func inputMedia(f File) models.InputMedia {
	mode := models.ParseModeHTML
	switch f.Kind {
	case "photo":
		return &models.InputMediaPhoto{Media: f.FileID, Caption: f.Caption, ParseMode: mode}
	case "video":
		return &models.InputMediaVideo{Media: f.FileID, Caption: f.Caption, ParseMode: mode}
	default:
		return &models.InputMediaDocument{Media: f.FileID, Caption: f.Caption, ParseMode: mode}
	}
}
