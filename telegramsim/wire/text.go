package wire

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// maxRawText is the longest text, in bytes, the Bot API reads before
// parsing.
const maxRawText = 1 << 15

// Formatted is text as Telegram keeps it: plain text and its entities.
type Formatted struct {
	// Text is the plain text without markup.
	Text string
	// Entities are its entities, sorted as Telegram sorts them.
	Entities []Entity
}

// ParseText turns text and its parse_mode ("HTML", "MarkdownV2",
// "Markdown", any case; "" or "none" for plain text) into the plain text and
// entities Telegram would store: tags and escapes removed, entities fixed and
// spaces and line breaks trimmed at both ends. Errors are 400 answers with
// Telegram's texts: "can't parse entities: ...", "unsupported parse_mode",
// "text is too long". An empty result is not an error here.
func ParseText(text, parseMode string) (string, []Entity, *Error) {
	f, err := FormatText(text, parseMode, "")
	return f.Text, f.Entities, err
}

// FormatText is ParseText that also accepts the JSON array of
// MessageEntity a client may send instead of a parse_mode (the "entities"
// or "caption_entities" parameter); it is used only when parseMode is
// empty, as Telegram does. Like Telegram it ignores entitiesJSON that is not
// a JSON array, and answers "can't parse MessageEntity: ..." for a malformed
// entity in it.
func FormatText(text, parseMode, entitiesJSON string) (Formatted, *Error) {
	return formatMessage(text, parseMode, entitiesJSON, true)
}

// parseFormatted is the Bot API's own step: parse markup, or read the
// client's entities, before the text is fixed.
func parseFormatted(text, parseMode, entitiesJSON string) (string, []ent, *Error) {
	if len(text) > maxRawText {
		return "", nil, BadRequest("text is too long")
	}
	mode := strings.ToLower(parseMode)
	if text == "" || mode == "" || mode == "none" {
		es, err := parseEntitiesParam(entitiesJSON)
		return text, es, err
	}
	var parse func(string) (string, []ent, string)
	switch mode {
	case "html":
		parse = parseHTML
	case "markdownv2":
		parse = parseMarkdownV2
	case "markdown":
		parse = parseMarkdown
	default:
		return "", nil, BadRequest("unsupported parse_mode")
	}
	if !utf8.ValidString(text) {
		return "", nil, BadRequest("text must be encoded in UTF-8")
	}
	plain, es, errText := parse(text)
	if errText != "" {
		return "", nil, BadRequest("can't parse entities: %s", errText)
	}
	return plain, es, nil
}

// tdError turns an error text of Telegram's message code into the answer
// the Bot API gives: "Bad Request: " and the text with its first letter
// lower-cased, unless the text is an upper-case code.
func tdError(text string) *Error {
	if len(text) >= 2 && (text[1] == '_' || ('A' <= text[1] && text[1] <= 'Z')) {
		return BadRequest("%s", text)
	}
	return BadRequest("%s", strings.ToLower(text[:1])+text[1:])
}

// parseEntitiesParam reads a JSON array of MessageEntity. Text that is not
// a JSON array is ignored, as Telegram ignores it; entity kinds Telegram
// finds by itself (mention, url, ...) are dropped.
func parseEntitiesParam(raw string) ([]ent, *Error) {
	raw = strings.TrimSpace(raw)
	if raw == "" || raw[0] != '[' {
		return nil, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal([]byte(raw), &items); err != nil {
		return nil, nil
	}
	var es []ent
	for _, item := range items {
		e, keep, errText := parseEntityItem(item)
		if errText != "" {
			return nil, BadRequest("can't parse MessageEntity: %s", errText)
		}
		if keep {
			es = append(es, e)
		}
	}
	return es, nil
}

func parseEntityItem(item json.RawMessage) (ent, bool, string) {
	obj, ok := jsonObject(item)
	if !ok {
		return ent{}, false, "expected an Object"
	}
	offset, errText := obj.int("offset", true)
	if errText != "" {
		return ent{}, false, errText
	}
	length, errText := obj.int("length", true)
	if errText != "" {
		return ent{}, false, errText
	}
	typ, errText := obj.str("type", true)
	if errText != "" {
		return ent{}, false, errText
	}
	e := Entity{Type: typ, Offset: int(offset), Length: int(length)}
	switch typ {
	case "":
		return ent{}, false, "Type is not specified"
	case "pre":
		e.Language, errText = obj.str("language", false)
	case "text_link":
		e.URL, errText = obj.str("url", true)
	case "text_mention":
		var user jsonObj
		if user, errText = obj.object("user", true); errText == "" {
			e.UserID, errText = user.int("id", true)
		}
	case "custom_emoji":
		var id int64
		id, errText = obj.int("custom_emoji_id", true)
		e.CustomEmojiID = itoa64(id)
	case "date_time":
		e.UnixTime, errText = obj.int("unix_time", true)
		if errText == "" {
			e.DateTimeFormat, errText = obj.str("date_time_format", false)
		}
		if errText == "" && e.DateTimeFormat != "" && checkDateFormat(e.DateTimeFormat) != "" {
			errText = "Invalid date-time format specified"
		}
	case "mention", "hashtag", "cashtag", "bot_command", "url", "email", "phone_number", "bank_card_number":
		return ent{}, false, ""
	}
	if errText != "" {
		return ent{}, false, errText
	}
	out, known := fromEntity(e)
	if !known {
		return ent{}, false, "Unsupported type specified"
	}
	return out, true, ""
}
