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

// reactionType is one element of setMessageReaction's reaction array.
type reactionType struct {
	Type          string `json:"type"`
	Emoji         string `json:"emoji"`
	CustomEmojiID string `json:"custom_emoji_id"`
}

// setMessageReaction is the setMessageReaction method. As in Telegram, a
// bot sets at most one reaction, an emoji from the list in the API
// description (ReactionTypeEmoji), and never a paid one; an empty list
// takes its reaction away. Custom emoji reactions are refused: no simulated
// chat allows them. The simulator keeps the bot's current reaction on the
// message (see Entry.Reaction) and tells subscribers when it changes
// (EventReaction).
func (s *Server) setMessageReaction(_ context.Context, p wire.Params) (any, *wire.Error) {
	var reactions []reactionType
	if p.String("reaction") != "" {
		if err := p.JSON("reaction", &reactions); err != nil {
			return nil, wire.BadRequest("can't parse reaction types JSON object")
		}
	}
	for _, r := range reactions {
		if r.Type != "emoji" && r.Type != "custom_emoji" {
			// The Bot API reads only these two kinds; "paid" is for users.
			return nil, wire.BadRequest("can't parse ReactionType: invalid reaction type specified")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, rec, werr := s.targetLocked(p, "message to react")
	if werr != nil {
		return nil, werr
	}
	for _, r := range reactions {
		if r.Type != "emoji" || !s.spec.IsReactionEmoji(r.Emoji) {
			return nil, wire.BadRequest("REACTION_INVALID")
		}
	}
	if len(reactions) > 1 {
		return nil, wire.BadRequest("REACTIONS_TOO_MANY")
	}
	emoji := ""
	if len(reactions) == 1 {
		emoji = reactions[0].Emoji
	}
	if rec.reaction != emoji {
		rec.reaction = emoji
		s.emitLocked(Event{Kind: EventReaction, ChatID: c.id, MessageID: rec.msg.ID, FromBot: rec.fromBot, Reaction: emoji})
		s.notifyLocked(c.id)
	}
	return true, nil
}
