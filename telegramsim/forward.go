package telegramsim

import (
	"strings"

	"context"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim/wire"
)

// sourceLocked resolves from_chat_id and message_id of copyMessage and
// forwardMessage. Service messages cannot be copied or forwarded.
func (s *Server) sourceLocked(p wire.Params, what, refused string) (*msgRec, *wire.Error) {
	c, werr := s.lookupChatLocked(p.String("from_chat_id"))
	if werr != nil {
		return nil, werr
	}
	if werr := s.botAccessLocked(c); werr != nil {
		return nil, werr
	}
	id, _ := p.Int("message_id")
	r, ok := s.findMsgLocked(c.id, id)
	if !ok {
		return nil, wire.BadRequest("%s not found", what)
	}
	if r.service {
		return nil, wire.BadRequest("%s", refused)
	}
	return r, nil
}

// copyContent copies what a message says and shows, without who sent it,
// where, or its keyboard.
func copyContent(dst, src *models.Message) {
	dst.Text, dst.Entities, dst.LinkPreviewOptions = src.Text, src.Entities, src.LinkPreviewOptions
	dst.Caption, dst.CaptionEntities, dst.ShowCaptionAboveMedia = src.Caption, src.CaptionEntities, src.ShowCaptionAboveMedia
	dst.Photo, dst.Document, dst.Video, dst.Voice = src.Photo, src.Document, src.Video, src.Voice
	dst.Audio, dst.Animation, dst.Sticker, dst.HasMediaSpoiler = src.Audio, src.Animation, src.Sticker, src.HasMediaSpoiler
	dst.Contact, dst.Location = src.Contact, src.Location
}

// copyMessage is the copyMessage method: the same content as a new bot
// message, optionally with a new caption, and no link to the original.
func (s *Server) copyMessage(_ context.Context, p wire.Params) (any, *wire.Error) {
	caption, ents, werr := s.formatted(p, "caption", "parse_mode", "caption_entities", captionLimit)
	if werr != nil {
		return nil, werr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	src, werr := s.sourceLocked(p, "message to copy", "the message can't be copied")
	if werr != nil {
		return nil, werr
	}
	o, werr := s.prepareLocked(p)
	if werr != nil {
		return nil, werr
	}
	m := s.postLocked(o, func(m *models.Message) {
		copyContent(m, src.msg)
		if p.Has("caption") && hasMedia(src.msg) {
			m.Caption, m.CaptionEntities = caption, ents
		}
	})
	return models.MessageID{ID: m.ID}, nil
}

// forwardMessage is the forwardMessage method: the same content with
// forward_origin naming the original sender and date.
func (s *Server) forwardMessage(_ context.Context, p wire.Params) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	src, werr := s.sourceLocked(p, "message to forward", "the message can't be forwarded")
	if werr != nil {
		return nil, werr
	}
	p.Values = withoutKeys(p.Values, "reply_markup", "reply_parameters", "reply_to_message_id")
	o, werr := s.prepareLocked(p)
	if werr != nil {
		return nil, werr
	}
	origin := s.originLocked(src.msg)
	return s.postLocked(o, func(m *models.Message) {
		copyContent(m, src.msg)
		m.ForwardOrigin = origin
	}), nil
}

// originLocked is the forward_origin of a forward of m: its sender, or only
// their name when they hide their account in forwards.
func (s *Server) originLocked(m *models.Message) *models.MessageOrigin {
	if u, ok := s.world.users[m.From.ID]; ok && u.HidesForwards {
		return &models.MessageOrigin{Type: models.MessageOriginTypeHiddenUser, MessageOriginHiddenUser: &models.MessageOriginHiddenUser{
			Type: models.MessageOriginTypeHiddenUser, Date: m.Date, SenderUserName: strings.TrimSpace(u.FirstName + " " + u.LastName),
		}}
	}
	return &models.MessageOrigin{Type: models.MessageOriginTypeUser, MessageOriginUser: &models.MessageOriginUser{
		Type: models.MessageOriginTypeUser, Date: m.Date, SenderUser: *m.From,
	}}
}

// withoutKeys returns a copy of values without the given keys.
func withoutKeys(values map[string]string, keys ...string) map[string]string {
	out := make(map[string]string, len(values))
	for k, v := range values {
		out[k] = v
	}
	for _, k := range keys {
		delete(out, k)
	}
	return out
}
