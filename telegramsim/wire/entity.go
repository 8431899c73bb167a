package wire

import (
	"slices"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Entity is a MessageEntity: a span of formatted text. Offset and Length
// count UTF-16 code units, as Telegram counts them.
type Entity struct {
	Type   string `json:"type"`
	Offset int    `json:"offset"`
	Length int    `json:"length"`
	// URL is set for "text_link".
	URL string `json:"url,omitempty"`
	// Language is set for "pre" blocks that name their language.
	Language string `json:"language,omitempty"`
	// CustomEmojiID is set for "custom_emoji".
	CustomEmojiID string `json:"custom_emoji_id,omitempty"`
	// UnixTime and DateTimeFormat are set for "date_time".
	UnixTime       int64  `json:"unix_time,omitempty"`
	DateTimeFormat string `json:"date_time_format,omitempty"`
	// UserID is the mentioned user of a "text_mention". The wire form
	// carries the whole User object, which only the caller can build, so
	// it is left out of the JSON.
	UserID int64 `json:"-"`
}

// UTF16Len returns the length of s in UTF-16 code units, the unit of every
// Telegram offset and length limit.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// kind is an entity type in the order and with the priorities Telegram's
// entity code gives them; the order decides how entities sort.
type kind int

const (
	kMention kind = iota
	kHashtag
	kBotCommand
	kURL
	kEmail
	kBold
	kItalic
	kCode
	kPre
	kPreCode
	kTextURL
	kMentionName
	kCashtag
	kPhoneNumber
	kUnderline
	kStrikethrough
	kBlockQuote
	kBankCard
	kMediaTimestamp
	kSpoiler
	kCustomEmoji
	kExpandableBlockQuote
	kDate
	kindCount
)

var kindPriority = [kindCount]int{50, 50, 50, 50, 50, 90, 91, 20, 11, 10, 49, 49, 50, 50, 92, 93, 0, 50, 50, 94, 99, 0, 30}

// kindName is what the Bot API calls each kind on the wire.
var kindName = [kindCount]string{
	"mention", "hashtag", "bot_command", "url", "email", "bold", "italic", "code", "pre", "pre",
	"text_link", "text_mention", "cashtag", "phone_number", "underline", "strikethrough", "blockquote",
	"bank_card_number", "", "spoiler", "custom_emoji", "expandable_blockquote", "date_time",
}

// kindTitle is how Telegram names each kind inside its error texts.
var kindTitle = [kindCount]string{
	"Mention", "Hashtag", "BotCommand", "Url", "EmailAddress", "Bold", "Italic", "Code", "Pre", "PreCode",
	"TextUrl", "MentionName", "Cashtag", "PhoneNumber", "Underline", "Strikethrough", "BlockQuote",
	"BankCardNumber", "MediaTimestamp", "Spoiler", "CustomEmoji", "ExpandableBlockQuote", "Date",
}

// ent is an entity while text is being parsed and fixed.
type ent struct {
	kind   kind
	offset int
	length int
	arg    string // URL, language, custom emoji id or date format
	user   int64
	date   int64
}

func (e ent) end() int { return e.offset + e.length }

// entLess orders entities as Telegram does: by offset, longer first, then
// by type priority.
func entLess(a, b ent) int {
	if a.offset != b.offset {
		return a.offset - b.offset
	}
	if a.length != b.length {
		return b.length - a.length
	}
	return kindPriority[a.kind] - kindPriority[b.kind]
}

func sortEnts(es []ent) {
	slices.SortStableFunc(es, entLess)
}

// toEntity renders an entity the way the Bot API sends it.
func (e ent) toEntity() Entity {
	out := Entity{Type: kindName[e.kind], Offset: e.offset, Length: e.length}
	switch e.kind {
	case kPreCode:
		out.Language = e.arg
	case kTextURL:
		out.URL = e.arg
	case kCustomEmoji:
		out.CustomEmojiID = e.arg
	case kMentionName:
		out.UserID = e.user
	case kDate:
		out.UnixTime = e.date
		out.DateTimeFormat = e.arg
	}
	return out
}

func toEntities(es []ent) []Entity {
	if len(es) == 0 {
		return nil
	}
	out := make([]Entity, 0, len(es))
	for _, e := range es {
		if kindName[e.kind] == "" {
			continue
		}
		out = append(out, e.toEntity())
	}
	return out
}

// fromEntity reads a MessageEntity given by the client; ok is false for the
// kinds Telegram recomputes itself and drops from input.
func fromEntity(e Entity) (ent, bool) {
	out := ent{offset: e.Offset, length: e.Length}
	switch e.Type {
	case "bold":
		out.kind = kBold
	case "italic":
		out.kind = kItalic
	case "underline":
		out.kind = kUnderline
	case "strikethrough":
		out.kind = kStrikethrough
	case "spoiler":
		out.kind = kSpoiler
	case "code":
		out.kind = kCode
	case "pre":
		out.kind = kPre
		if e.Language != "" {
			out.kind, out.arg = kPreCode, e.Language
		}
	case "text_link":
		out.kind, out.arg = kTextURL, e.URL
	case "text_mention":
		out.kind, out.user = kMentionName, e.UserID
	case "custom_emoji":
		out.kind, out.arg = kCustomEmoji, e.CustomEmojiID
	case "blockquote":
		out.kind = kBlockQuote
	case "expandable_blockquote":
		out.kind = kExpandableBlockQuote
	case "date_time":
		out.kind, out.date, out.arg = kDate, e.UnixTime, e.DateTimeFormat
	default:
		return out, false
	}
	return out, true
}

// utf16Units is the number of UTF-16 code units of the character whose
// first byte is b, 0 for a continuation byte.
func utf16Units(b byte) int {
	switch {
	case b < 0x80:
		return 1
	case b < 0xc0:
		return 0
	case b >= 0xf0:
		return 2
	}
	return 1
}

// at returns s[i], or 0 past the end, as C strings end in a NUL.
func at(s string, i int) byte {
	if i < 0 || i >= len(s) {
		return 0
	}
	return s[i]
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0 || c == '\v'
}

func isAlpha(c byte) bool {
	c |= 0x20
	return 'a' <= c && c <= 'z'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isAlnum(c byte) bool { return isAlpha(c) || isDigit(c) }

func isHexDigit(c byte) bool {
	return isDigit(c) || ('a' <= c|0x20 && c|0x20 <= 'f')
}

// appendRune appends code point r as UTF-8, also for surrogate halves,
// which utf8.AppendRune would replace.
func appendRune(b []byte, r rune) []byte {
	if r >= 0xd800 && r <= 0xdfff {
		return append(b, byte(0xe0|r>>12), byte(0x80|(r>>6)&0x3f), byte(0x80|r&0x3f))
	}
	return utf8.AppendRune(b, r)
}

func itoa(n int) string { return strconv.Itoa(n) }
