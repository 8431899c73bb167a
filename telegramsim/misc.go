package telegramsim

import (
	"context"
	"strings"

	"github.com/complaintbot/complaintbot/telegramsim/wire"
)

// chatActions are the actions sendChatAction accepts (with Telegram's
// older aliases).
func validAction(a string) bool {
	switch a {
	case "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
		"record_audio", "upload_audio", "upload_document", "choose_sticker", "find_location",
		"pick_up_location", "record_video_note", "upload_video_note", "cancel":
		return true
	}
	return false
}

// sendChatAction is the sendChatAction method; subscribers see the action.
func (s *Server) sendChatAction(_ context.Context, p wire.Params) (any, *wire.Error) {
	action := strings.ToLower(p.String("action"))
	if !validAction(action) {
		return nil, wire.BadRequest("wrong parameter action in request")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, werr := s.lookupChatLocked(p.String("chat_id"))
	if werr != nil {
		return nil, werr
	}
	if werr := s.botCanWriteLocked(c); werr != nil {
		return nil, werr
	}
	if thread, _ := p.Int("message_thread_id"); thread != 0 {
		if _, werr := s.topicForPostLocked(c, thread, true); werr != nil {
			return nil, werr
		}
	}
	s.emitLocked(Event{Kind: EventAction, ChatID: c.id, Action: action})
	return true, nil
}

// setMessageReaction is the setMessageReaction method; the simulator checks
// the message exists and otherwise only acknowledges the reaction.
func (s *Server) setMessageReaction(_ context.Context, p wire.Params) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, _, werr := s.targetLocked(p, "message to react"); werr != nil {
		return nil, werr
	}
	return true, nil
}
