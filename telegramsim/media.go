package telegramsim

import (
	"context"
	"io"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim/wire"
)

// maxURLFile is the largest file the simulator downloads for a URL send.
const maxURLFile = 20 << 20

func wrongFile() *wire.Error {
	return wire.BadRequest("wrong file identifier/HTTP URL specified")
}

// mediaOpts are the optional media parameters a message shows.
type mediaOpts struct {
	width, height, duration int
	performer, title, emoji string
	spoiler, above          bool
}

func readMediaOpts(p wire.Params) mediaOpts {
	o := mediaOpts{performer: p.String("performer"), title: p.String("title"), emoji: p.String("emoji")}
	o.width, _ = p.Int("width")
	o.height, _ = p.Int("height")
	o.duration, _ = p.Int("duration")
	o.spoiler, o.above = p.Bool("has_spoiler"), p.Bool("show_caption_above_media")
	return o
}

// sendMediaMethod is sendPhoto, sendDocument, ... for one file kind; the
// file parameter is named after the kind.
func (s *Server) sendMediaMethod(kind string) handler {
	return func(ctx context.Context, p wire.Params) (any, *wire.Error) {
		f, werr := s.resolveInput(ctx, p, p.String(kind), kind, kind)
		if werr != nil {
			return nil, werr
		}
		caption, ents, werr := s.formatted(p, "caption", "parse_mode", "caption_entities", captionLimit)
		if werr != nil {
			return nil, werr
		}
		opts := readMediaOpts(p)
		s.mu.Lock()
		defer s.mu.Unlock()
		o, werr := s.prepareLocked(p)
		if werr != nil {
			return nil, werr
		}
		s.files.addLocked(f)
		return s.postLocked(o, func(m *models.Message) {
			attachFile(m, f, opts)
			m.Caption, m.CaptionEntities = caption, ents
		}), nil
	}
}

// resolveInput finds the file a send names: an uploaded part (under field,
// or "attach://<name>"), an http(s) URL to download, or an existing file_id
// of the same kind.
func (s *Server) resolveInput(ctx context.Context, p wire.Params, value, field, kind string) (*fileRec, *wire.Error) {
	up, uploaded := p.File(field)
	if name, ok := strings.CutPrefix(value, "attach://"); ok {
		up, uploaded = p.File(name)
		if !uploaded {
			return nil, wrongFile()
		}
	}
	switch {
	case uploaded && len(up.Data) == 0:
		return nil, wire.BadRequest("file must be non-empty")
	case uploaded:
		return newFile(kind, up.Name, up.ContentType, up.Data), nil
	case strings.HasPrefix(value, "http://") || strings.HasPrefix(value, "https://"):
		return s.download(ctx, value, kind)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files.byID[value]
	if !ok {
		return nil, wrongFile()
	}
	if f.photo != nil {
		// Any size's file_id sends the whole photo, with all its sizes.
		f = f.photo
	}
	if f.kind != kind {
		return nil, wire.BadRequest("type of file mismatch")
	}
	return f, nil
}

// download fetches a file Telegram would fetch from a URL.
func (s *Server) download(ctx context.Context, url, kind string) (*fileRec, *wire.Error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	failed := wire.BadRequest("failed to get HTTP URL content")
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, wire.BadRequest("wrong HTTP URL specified")
	}
	resp, err := s.opts.WebhookClient.Do(req)
	if err != nil {
		s.log.Debug("telegramsim: download by URL", "err", err)
		return nil, failed
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxURLFile+1))
	if err != nil || resp.StatusCode != http.StatusOK || len(data) == 0 || len(data) > maxURLFile {
		return nil, failed
	}
	return newFile(kind, path.Base(req.URL.Path), resp.Header.Get("Content-Type"), data), nil
}

// attachFile puts the file into the message as its kind of media.
func attachFile(m *models.Message, f *fileRec, o mediaOpts) {
	size := int64(len(f.data))
	switch f.kind {
	case kindPhoto:
		m.Photo = photoSizes(f)
	case kindVideo:
		m.Video = &models.Video{FileID: f.id, FileUniqueID: f.uniqueID, Width: o.width, Height: o.height, Duration: o.duration, FileName: f.name, MimeType: f.mime, FileSize: size}
	case kindAnimation:
		m.Animation = &models.Animation{FileID: f.id, FileUniqueID: f.uniqueID, Width: o.width, Height: o.height, Duration: o.duration, FileName: f.name, MimeType: f.mime, FileSize: size}
	case kindVoice:
		m.Voice = &models.Voice{FileID: f.id, FileUniqueID: f.uniqueID, Duration: o.duration, MimeType: f.mime, FileSize: size}
	case kindAudio:
		m.Audio = &models.Audio{FileID: f.id, FileUniqueID: f.uniqueID, Duration: o.duration, Performer: o.performer, Title: o.title, FileName: f.name, MimeType: f.mime, FileSize: size}
	case kindSticker:
		m.Sticker = &models.Sticker{FileID: f.id, FileUniqueID: f.uniqueID, Type: "regular", Width: f.width, Height: f.height, Emoji: o.emoji, FileSize: len(f.data)}
	default:
		m.Document = &models.Document{FileID: f.id, FileUniqueID: f.uniqueID, FileName: f.name, MimeType: f.mime, FileSize: size}
	}
	m.HasMediaSpoiler, m.ShowCaptionAboveMedia = o.spoiler && f.kind != kindSticker, o.above
}
