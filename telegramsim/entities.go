package telegramsim

import (
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim/wire"
)

// Telegram's length limits, in characters (Unicode code points) after
// entity parsing; see wire.MaxTextLength.
const (
	textLimit    = wire.MaxTextLength
	captionLimit = wire.MaxCaptionLength
)

// formatted reads a text or caption parameter with its parse mode or
// explicit entities and returns the text as Telegram stores it, with every
// entity it would attach, including those it finds by itself (commands,
// mentions, links). limit is textLimit or captionLimit.
func (s *Server) formatted(p wire.Params, textField, modeField, entField string, limit int) (string, []models.MessageEntity, *wire.Error) {
	if !p.Has(textField) {
		return "", nil, nil
	}
	return s.format(p.String(textField), p.String(modeField), p.String(entField), limit)
}

// format parses text by mode, or takes the explicit entities (a JSON array,
// may be empty) when there is no mode, and applies the length limit.
func (s *Server) format(text, mode, entities string, limit int) (string, []models.MessageEntity, *wire.Error) {
	f, werr := wire.FormatText(text, mode, entities)
	if werr != nil {
		return "", nil, werr
	}
	switch n := utf8.RuneCountInString(f.Text); {
	case limit == textLimit && strings.TrimSpace(f.Text) == "":
		return "", nil, wire.BadRequest("message text is empty")
	case limit == textLimit && n > limit:
		return "", nil, wire.BadRequest("message is too long")
	case n > limit:
		return "", nil, wire.BadRequest("message caption is too long")
	}
	return f.Text, toModelEntities(f.Entities), nil
}

// userText is a user's text as Telegram stores it: trimmed, with the
// entities it finds in it.
func userText(text string) (string, []models.MessageEntity) {
	f, werr := wire.FormatText(text, "", "")
	if werr != nil {
		return text, nil
	}
	return f.Text, toModelEntities(f.Entities)
}

func toModelEntities(es []wire.Entity) []models.MessageEntity {
	if len(es) == 0 {
		return nil
	}
	out := make([]models.MessageEntity, 0, len(es))
	for _, e := range es {
		me := models.MessageEntity{
			Type: models.MessageEntityType(e.Type), Offset: e.Offset, Length: e.Length,
			URL: e.URL, Language: e.Language, CustomEmojiID: e.CustomEmojiID,
		}
		if e.UserID != 0 {
			me.User = &models.User{ID: e.UserID}
		}
		out = append(out, me)
	}
	return out
}

// mentionsLocked completes the users of text_mention entities from the
// simulated world.
func (s *Server) mentionsLocked(es []models.MessageEntity) {
	for i, e := range es {
		if e.User == nil {
			continue
		}
		if u, ok := s.world.users[e.User.ID]; ok {
			es[i].User = new(u.model())
		}
	}
}
