package telegramsim

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim/wire"
)

// minAlbum and maxAlbum bound the items of one album.
const (
	minAlbum = wire.MinMediaGroupItems
	maxAlbum = wire.MaxMediaGroupItems
)

// inputMedia is one element of sendMediaGroup's media array.
type inputMedia struct {
	Type                  string          `json:"type"`
	Media                 string          `json:"media"`
	Caption               string          `json:"caption"`
	ParseMode             string          `json:"parse_mode"`
	CaptionEntities       json.RawMessage `json:"caption_entities"`
	HasSpoiler            bool            `json:"has_spoiler"`
	ShowCaptionAboveMedia bool            `json:"show_caption_above_media"`
	Width                 int             `json:"width"`
	Height                int             `json:"height"`
	Duration              int             `json:"duration"`
	Performer             string          `json:"performer"`
	Title                 string          `json:"title"`
}

// albumItem is a parsed album element.
type albumItem struct {
	file     *fileRec
	caption  string
	entities []models.MessageEntity
	opts     mediaOpts
}

// albumGroup says which kinds may share an album: photos and videos mix,
// documents and audio only with their own kind.
func albumGroup(kind string) string {
	if kind == kindPhoto || kind == kindVideo {
		return "visual"
	}
	return kind
}

// readAlbum parses and resolves the media parameter.
func (s *Server) readAlbum(ctx context.Context, p wire.Params) ([]albumItem, *wire.Error) {
	var media []inputMedia
	if err := p.JSON("media", &media); err != nil {
		return nil, wire.BadRequest("can't parse media JSON object")
	}
	switch {
	case len(media) == 0:
		return nil, wire.BadRequest("there are no messages to send")
	case len(media) > maxAlbum:
		return nil, wire.BadRequest("too many messages to send as an album")
	}
	items := make([]albumItem, 0, len(media))
	for _, im := range media {
		switch im.Type {
		case kindPhoto, kindVideo, kindDocument, kindAudio:
		default:
			return nil, wire.BadRequest("can't parse InputMedia: type %q can't be used in sendMediaGroup", im.Type)
		}
		if albumGroup(im.Type) != albumGroup(media[0].Type) {
			return nil, wire.BadRequest("can't use the media of the specified type in the album")
		}
		if im.Media == "" {
			return nil, wire.BadRequest("can't parse InputMedia: media not found")
		}
		f, werr := s.resolveInput(ctx, p, im.Media, "", im.Type)
		if werr != nil {
			return nil, werr
		}
		caption, ents, werr := s.format(im.Caption, im.ParseMode, string(im.CaptionEntities), captionLimit)
		if werr != nil {
			return nil, werr
		}
		opts := mediaOpts{width: im.Width, height: im.Height, duration: im.Duration, performer: im.Performer, title: im.Title, spoiler: im.HasSpoiler, above: im.ShowCaptionAboveMedia}
		items = append(items, albumItem{file: f, caption: caption, entities: ents, opts: opts})
	}
	return items, nil
}

// sendMediaGroup is the sendMediaGroup method: one message per item, all
// with the same media_group_id. The API documents 2-10 items, but the Bot
// API server sends a lone item as an ordinary message without
// media_group_id; so does the simulator, neither more lenient nor
// stricter than Telegram.
func (s *Server) sendMediaGroup(ctx context.Context, p wire.Params) (any, *wire.Error) {
	items, werr := s.readAlbum(ctx, p)
	if werr != nil {
		return nil, werr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, werr := s.prepareLocked(p)
	if werr != nil {
		return nil, werr
	}
	o.markup = markup{} // albums carry no reply markup
	group := ""
	if len(items) >= minAlbum {
		group = s.nextMediaGroupLocked()
	}
	out := make([]*models.Message, 0, len(items))
	for _, it := range items {
		s.files.addLocked(it.file)
		out = append(out, s.postLocked(o, func(m *models.Message) {
			attachFile(m, it.file, it.opts)
			m.Caption, m.CaptionEntities, m.MediaGroupID = it.caption, it.entities, group
		}))
	}
	return out, nil
}

// nextMediaGroupLocked returns a new media_group_id, a long decimal number
// as Telegram's are.
func (s *Server) nextMediaGroupLocked() string {
	s.world.mediaGroups++
	return strconv.FormatInt(13800000000000000+s.world.mediaGroups, 10)
}
