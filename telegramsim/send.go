package telegramsim

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim/wire"
)

// replyParams is the reply_parameters object, or the legacy
// reply_to_message_id and allow_sending_without_reply parameters.
type replyParams struct {
	MessageID                int             `json:"message_id"`
	ChatID                   json.RawMessage `json:"chat_id,omitempty"`
	AllowSendingWithoutReply bool            `json:"allow_sending_without_reply,omitempty"`
}

func readReply(p wire.Params) (replyParams, *wire.Error) {
	var rp replyParams
	if p.Has("reply_parameters") {
		if err := p.JSON("reply_parameters", &rp); err != nil {
			return rp, wire.BadRequest("can't parse reply parameters JSON object")
		}
		return rp, nil
	}
	rp.MessageID, _ = p.Int("reply_to_message_id")
	rp.AllowSendingWithoutReply = p.Bool("allow_sending_without_reply")
	return rp, nil
}

// outgoing is a message the bot is about to post.
type outgoing struct {
	chat   chatRef
	place  placement
	markup markup
}

// prepareLocked runs Telegram's checks that every send method shares: the
// chat exists and the bot may write there, the topic and the reply target
// exist, and the reply markup is usable.
func (s *Server) prepareLocked(p wire.Params) (outgoing, *wire.Error) {
	var o outgoing
	c, werr := s.lookupChatLocked(p.String("chat_id"))
	if werr != nil {
		return o, werr
	}
	if werr := s.botCanWriteLocked(c); werr != nil {
		return o, werr
	}
	rp, werr := readReply(p)
	if werr != nil {
		return o, werr
	}
	if len(rp.ChatID) > 0 && !sameChat(rp.ChatID, c.id) {
		// Replies to other chats (external replies) are not modelled.
		return o, wire.BadRequest("message to be replied not found")
	}
	thread, _ := p.Int("message_thread_id")
	// The bot is refused in closed topics even as an administrator; see
	// topicForPostLocked.
	pl, werr := s.placeLocked(c, thread, rp.MessageID, rp.AllowSendingWithoutReply, false)
	if werr != nil {
		return o, werr
	}
	mk, werr := readMarkup(p, true)
	if werr != nil {
		return o, werr
	}
	return outgoing{chat: c, place: pl, markup: mk}, nil
}

func sameChat(raw json.RawMessage, id int64) bool {
	var n int64
	if json.Unmarshal(raw, &n) == nil {
		return n == id
	}
	var str string
	if json.Unmarshal(raw, &str) == nil {
		v, err := strconv.ParseInt(str, 10, 64)
		return err == nil && v == id
	}
	return false
}

// postLocked finishes and stores a bot message prepared by prepareLocked;
// fill sets its content.
func (s *Server) postLocked(o outgoing, fill func(m *models.Message)) *models.Message {
	m := s.newMsgLocked(o.chat, s.me)
	o.place.apply(m)
	fill(m)
	s.mentionsLocked(m.Entities)
	s.mentionsLocked(m.CaptionEntities)
	m.ReplyMarkup = o.markup.inline
	r := &msgRec{msg: m, fromBot: true, keyboard: o.markup.reply, removeKb: o.markup.remove}
	s.world.logFor(o.chat.id).applyKeyboard(r)
	s.storeLocked(o.chat, r, o.place)
	return m
}

// applyKeyboard updates the chat's shown reply keyboard after message r.
func (l *chatLog) applyKeyboard(r *msgRec) {
	switch {
	case r.keyboard != nil:
		l.keyboard = r.keyboard
	case r.removeKb:
		l.keyboard = nil
	}
}

// sendMessage is the sendMessage method.
func (s *Server) sendMessage(_ context.Context, p wire.Params) (any, *wire.Error) {
	text, ents, werr := s.formatted(p, "text", "parse_mode", "entities", textLimit)
	if werr != nil {
		return nil, werr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, werr := s.prepareLocked(p)
	if werr != nil {
		return nil, werr
	}
	var lpo *models.LinkPreviewOptions
	if p.Has("link_preview_options") {
		lpo = &models.LinkPreviewOptions{}
		if err := p.JSON("link_preview_options", lpo); err != nil {
			lpo = nil
		}
	}
	return s.postLocked(o, func(m *models.Message) {
		m.Text, m.Entities, m.LinkPreviewOptions = text, ents, lpo
	}), nil
}

// sendContact is the sendContact method.
func (s *Server) sendContact(_ context.Context, p wire.Params) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, werr := s.prepareLocked(p)
	if werr != nil {
		return nil, werr
	}
	return s.postLocked(o, func(m *models.Message) {
		m.Contact = &models.Contact{PhoneNumber: p.String("phone_number"), FirstName: p.String("first_name"), LastName: p.String("last_name"), VCard: p.String("vcard")}
	}), nil
}

// sendLocation is the sendLocation method (static locations only).
func (s *Server) sendLocation(_ context.Context, p wire.Params) (any, *wire.Error) {
	lat, _ := p.Float("latitude")
	lon, _ := p.Float("longitude")
	if lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return nil, wire.BadRequest("wrong latitude or longitude specified")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, werr := s.prepareLocked(p)
	if werr != nil {
		return nil, werr
	}
	return s.postLocked(o, func(m *models.Message) {
		m.Location = &models.Location{Latitude: lat, Longitude: lon}
	}), nil
}
