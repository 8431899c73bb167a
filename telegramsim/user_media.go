package telegramsim

import (
	"errors"
	"fmt"

	"github.com/go-telegram/bot/models"
)

// Media is one item of an album a user sends.
type Media struct {
	// Kind is "photo", "video" or "document".
	Kind string
	Data []byte
	// FileName names a document; optional.
	FileName string
	Caption  string
}

// sendFileLocked posts one file from a user with an optional caption.
func (s *Server) sendFileLocked(chatID, fromUserID int64, f *fileRec, caption, group string, opts []SendOption) (*models.Message, error) {
	if len(f.data) == 0 {
		return nil, errors.New("telegramsim: a file must not be empty")
	}
	if len([]rune(caption)) > captionLimit {
		return nil, fmt.Errorf("telegramsim: a caption must have at most %d characters", captionLimit)
	}
	m, err := s.userPostLocked(chatID, fromUserID, opts, func(m *models.Message) {
		attachFile(m, f, mediaOpts{})
		m.Caption, m.CaptionEntities = userText(caption)
		m.MediaGroupID = group
	})
	if err == nil {
		s.files.addLocked(f)
	}
	return m, err
}

func (s *Server) sendFile(chatID, fromUserID int64, f *fileRec, caption string, opts []SendOption) (*models.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sendFileLocked(chatID, fromUserID, f, caption, "", opts)
}

// SendPhoto sends a photo from a user. Its size comes from the PNG, JPEG
// or GIF image, 1×1 for anything else. The message carries the photo in
// several sizes, smallest first and the photo as sent last, as Telegram's
// do.
func (s *Server) SendPhoto(chatID, fromUserID int64, img []byte, caption string, opts ...SendOption) (*models.Message, error) {
	return s.sendFile(chatID, fromUserID, newFile(kindPhoto, "", "", img), caption, opts)
}

// SendDocument sends a file as a document from a user.
func (s *Server) SendDocument(chatID, fromUserID int64, fileName string, data []byte, caption string, opts ...SendOption) (*models.Message, error) {
	return s.sendFile(chatID, fromUserID, newFile(kindDocument, fileName, "", data), caption, opts)
}

// SendVideo sends a video from a user.
func (s *Server) SendVideo(chatID, fromUserID int64, data []byte, caption string, opts ...SendOption) (*models.Message, error) {
	return s.sendFile(chatID, fromUserID, newFile(kindVideo, "video.mp4", "", data), caption, opts)
}

// SendVoice sends a voice note from a user.
func (s *Server) SendVoice(chatID, fromUserID int64, data []byte, opts ...SendOption) (*models.Message, error) {
	return s.sendFile(chatID, fromUserID, newFile(kindVoice, "", "", data), "", opts)
}

// SendSticker sends a sticker (a WEBP image) from a user.
func (s *Server) SendSticker(chatID, fromUserID int64, webp []byte, emoji string, opts ...SendOption) (*models.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := newFile(kindSticker, "sticker.webp", "image/webp", webp)
	m, err := s.userPostLocked(chatID, fromUserID, opts, func(m *models.Message) {
		attachFile(m, f, mediaOpts{emoji: emoji})
	})
	if err == nil {
		s.files.addLocked(f)
	}
	return m, err
}

// SendAlbum sends 1-10 photos, videos or documents from a user as one
// album: one message and one update per item, all with the same
// media_group_id. Documents cannot be mixed with photos and videos. A
// single item is an ordinary message without media_group_id, as when a
// person sends one photo in Telegram.
func (s *Server) SendAlbum(chatID, fromUserID int64, items []Media, opts ...SendOption) ([]*models.Message, error) {
	if len(items) == 0 || len(items) > maxAlbum {
		return nil, fmt.Errorf("telegramsim: an album has 1-%d items", maxAlbum)
	}
	for _, it := range items {
		if it.Kind != kindPhoto && it.Kind != kindVideo && it.Kind != kindDocument {
			return nil, fmt.Errorf("telegramsim: album item kind %q", it.Kind)
		}
		if albumGroup(it.Kind) != albumGroup(items[0].Kind) {
			return nil, errors.New("telegramsim: documents cannot share an album with photos or videos")
		}
	}
	files := make([]*fileRec, len(items))
	for i, it := range items {
		files[i] = newFile(it.Kind, it.FileName, "", it.Data)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	group := ""
	if len(items) >= minAlbum {
		group = s.nextMediaGroupLocked()
	}
	out := make([]*models.Message, 0, len(items))
	for i, it := range items {
		m, err := s.sendFileLocked(chatID, fromUserID, files[i], it.Caption, group, opts)
		if err != nil {
			return out, err
		}
		out = append(out, m)
	}
	return out, nil
}
