package bot

import (
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/bot/update"
	"github.com/complaintbot/complaintbot/conversation"
)

// inputOf turns a customer's message into the dialogue's own input.
// Telegram's types stop here.
func inputOf(updateID int64, m *models.Message, botUsername string) conversation.Input {
	in := conversation.Input{
		ChatID:    m.Chat.ID,
		UpdateID:  updateID,
		MessageID: m.ID,
		At:        time.Unix(int64(m.Date), 0),
	}
	if m.From != nil {
		in.UserID = m.From.ID
		in.FirstName, in.LastName = m.From.FirstName, m.From.LastName
		in.Username = m.From.Username
		in.LanguageCode = m.From.LanguageCode
	}
	switch {
	case m.Text != "":
		if cmd, args, ok := update.Command(m.Text, botUsername); ok {
			in.Kind, in.Command, in.Text = conversation.KindCommand, cmd, args
			return in
		}
		in.Kind, in.Text = conversation.KindText, m.Text
	case m.Contact != nil:
		in.Kind = conversation.KindContact
		in.Contact = &conversation.Contact{Phone: m.Contact.PhoneNumber, UserID: m.Contact.UserID}
	case len(m.Photo) > 0:
		largest := m.Photo[len(m.Photo)-1]
		in.Kind, in.Media = conversation.KindMedia, mediaOf(m, "photo", largest.FileID, largest.FileUniqueID)
	case m.Video != nil:
		in.Kind, in.Media = conversation.KindMedia, mediaOf(m, "video", m.Video.FileID, m.Video.FileUniqueID)
	case m.Document != nil:
		in.Kind, in.Media = conversation.KindMedia, mediaOf(m, "document", m.Document.FileID, m.Document.FileUniqueID)
	case m.Voice != nil:
		in.Kind, in.Media = conversation.KindMedia, mediaOf(m, "voice", m.Voice.FileID, m.Voice.FileUniqueID)
	default:
		in.Kind, in.What = conversation.KindUnsupported, unsupportedKind(m)
	}
	return in
}

// mediaOf is the file a message carries, with the message's album and
// caption, so that no kind of file loses either.
func mediaOf(m *models.Message, kind, fileID, uniqueID string) []conversation.Media {
	return []conversation.Media{{Kind: kind, FileID: fileID, FileUniqueID: uniqueID, MediaGroupID: m.MediaGroupID, Caption: m.Caption}}
}

// unsupportedKind names what a message carries that the dialogue can't use.
func unsupportedKind(m *models.Message) string {
	switch {
	case m.Sticker != nil:
		return "sticker"
	case m.Animation != nil:
		return "animation"
	case m.Location != nil, m.Venue != nil:
		return "location"
	case m.Audio != nil:
		return "audio"
	case m.VideoNote != nil:
		return "video_note"
	case m.Poll != nil:
		return "poll"
	case m.Dice != nil:
		return "dice"
	default:
		return "other"
	}
}
