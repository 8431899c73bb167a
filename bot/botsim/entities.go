package botsim

import (
	"cmp"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/bot/botsim/wire"
)

// detector finds one kind of entity Telegram recognises by itself in any
// message text: commands, mentions, hashtags, links and e-mail addresses.
type detector struct {
	typ  models.MessageEntityType
	re   *regexp.Regexp
	trim string // trailing characters that end a match rather than belong to it
}

func newDetectors() []detector {
	return []detector{
		{typ: models.MessageEntityTypeURL, re: regexp.MustCompile(`https?://[^\s<>"]+`), trim: ".,;:!?)'\""},
		{typ: models.MessageEntityTypeEmail, re: regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`)},
		{typ: models.MessageEntityTypeBotCommand, re: regexp.MustCompile(`/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?`)},
		{typ: models.MessageEntityTypeMention, re: regexp.MustCompile(`@[A-Za-z0-9_]{5,32}`)},
		{typ: models.MessageEntityTypeHashtag, re: regexp.MustCompile(`#[\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*`)},
	}
}

// formatted reads a text or caption parameter with its parse mode or
// explicit entities and returns the plain text with every entity Telegram
// would attach, including the ones it detects by itself. limit is the
// length allowed after parsing: textLimit or captionLimit.
func (s *Server) formatted(p wire.Params, textField, modeField, entField string, limit int) (string, []models.MessageEntity, *wire.Error) {
	if !p.Has(textField) {
		return "", nil, nil
	}
	return s.format(p.String(textField), p.String(modeField), []byte(p.Values[entField]), limit)
}

// Telegram's length limits, in UTF-16 code units after entity parsing.
const (
	textLimit    = 4096
	captionLimit = 1024
)

// format parses text by mode, or takes the explicit entities (JSON, may be
// empty) when there is no mode.
func (s *Server) format(text, mode string, explicit []byte, limit int) (string, []models.MessageEntity, *wire.Error) {
	var ents []models.MessageEntity
	if mode != "" {
		plain, parsed, werr := wire.ParseText(text, mode)
		if werr != nil {
			return "", nil, werr
		}
		text = plain
		for _, e := range parsed {
			ents = append(ents, models.MessageEntity{Type: models.MessageEntityType(e.Type), Offset: e.Offset, Length: e.Length, URL: e.URL, Language: e.Language, CustomEmojiID: e.CustomEmojiID})
		}
	} else if len(explicit) > 0 {
		if err := json.Unmarshal(explicit, &ents); err != nil {
			return "", nil, wire.BadRequest("can't parse entities JSON object")
		}
	}
	switch n := wire.UTF16Len(text); {
	case limit == textLimit && strings.TrimSpace(text) == "":
		return "", nil, wire.BadRequest("message text is empty")
	case limit == textLimit && n > limit:
		return "", nil, wire.BadRequest("message is too long")
	case n > limit:
		return "", nil, wire.BadRequest("message caption is too long")
	}
	return text, s.withDetected(text, ents), nil
}

// withDetected adds the automatically detected entities that do not overlap
// an explicit non-formatting entity (a code span or a link, say).
func (s *Server) withDetected(text string, ents []models.MessageEntity) []models.MessageEntity {
	taken := make([]models.MessageEntity, 0, len(ents))
	for _, e := range ents {
		if !isStyle(e.Type) {
			taken = append(taken, e)
		}
	}
	for _, d := range s.detectors {
		for _, loc := range d.re.FindAllStringIndex(text, -1) {
			start, end := loc[0], loc[1]
			end = start + len(strings.TrimRight(text[start:end], d.trim))
			if !wordBoundary(text, start, end) {
				continue
			}
			e := models.MessageEntity{Type: d.typ, Offset: wire.UTF16Len(text[:start]), Length: wire.UTF16Len(text[start:end])}
			if overlapsAny(e, taken) {
				continue
			}
			taken = append(taken, e)
			ents = append(ents, e)
		}
	}
	slices.SortStableFunc(ents, func(a, b models.MessageEntity) int {
		return cmp.Or(cmp.Compare(a.Offset, b.Offset), cmp.Compare(b.Length, a.Length))
	})
	return ents
}

func isStyle(t models.MessageEntityType) bool {
	switch t {
	case "bold", "italic", "underline", "strikethrough", "spoiler", "blockquote", "expandable_blockquote":
		return true
	}
	return false
}

func overlapsAny(e models.MessageEntity, others []models.MessageEntity) bool {
	for _, o := range others {
		if e.Offset < o.Offset+o.Length && o.Offset < e.Offset+e.Length {
			return true
		}
	}
	return false
}

// wordBoundary reports whether text[start:end] is not glued to a word
// character (or to "/" and "@") on either side.
func wordBoundary(text string, start, end int) bool {
	if start > 0 {
		r, _ := utf8.DecodeLastRuneInString(text[:start])
		if isWordRune(r) || r == '/' || r == '@' {
			return false
		}
	}
	if end < len(text) {
		r, _ := utf8.DecodeRuneInString(text[end:])
		if isWordRune(r) || r == '/' || r == '@' {
			return false
		}
	}
	return true
}

func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}
