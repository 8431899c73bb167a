package wire

import (
	"strings"
	"unicode/utf8"
)

// Telegram's published length limits, counted after parsing in characters
// (Unicode code points), as Telegram counts them: an emoji outside the
// Basic Multilingual Plane is one character, although it is two UTF-16
// code units of entity offsets.
const (
	MaxTextLength    = 4096
	MaxCaptionLength = 1024
)

// fileNouns names the file parameter of each sending method as Telegram's
// "there is no ... in the request" text does.
var fileNouns = map[string]string{
	"photo": "photo", "document": "document", "video": "video", "audio": "audio", "voice": "voice",
	"animation": "animation", "sticker": "sticker", "video_note": "video note",
}

// fileMethods maps each sending method to its file parameter.
var fileMethods = map[string]string{
	"sendPhoto": "photo", "sendDocument": "document", "sendVideo": "video", "sendAudio": "audio",
	"sendVoice": "voice", "sendAnimation": "animation", "sendSticker": "sticker", "sendVideoNote": "video_note",
}

// checkContent checks what the message consists of: its text, its file,
// its caption or its media items.
func (v *validation) checkContent() *Error {
	if field, ok := fileMethods[v.method()]; ok {
		v.mark(field)
		if !v.hasFile(v.value(field), field) {
			return BadRequest("there is no %s in the request", fileNouns[field])
		}
	}
	if v.has("text") && v.has("parse_mode") && v.has("entities") {
		if err := v.checkText(); err != nil {
			return err
		}
	}
	if v.has("caption") && v.has("parse_mode") && v.has("caption_entities") {
		if err := v.checkCaption(); err != nil {
			return err
		}
	}
	if v.method() == "sendMediaGroup" {
		return v.checkMediaGroup()
	}
	return nil
}

// hasFile reports whether value names a file: an uploaded part (by its
// parameter name or through "attach://<part>"), a file_id or a URL.
func (v *validation) hasFile(value, field string) bool {
	if name, ok := strings.CutPrefix(value, "attach://"); ok {
		_, ok := v.call.Params.Files[name]
		return ok
	}
	if value != "" {
		return true
	}
	_, ok := v.call.Params.Files[field]
	return ok
}

func (v *validation) checkText() *Error {
	v.mark("text", "parse_mode", "entities")
	text := v.value("text")
	if text == "" {
		if v.call.Params.Has("rich_message") {
			return nil
		}
		return BadRequest("message text is empty")
	}
	f, err := formatMessage(text, v.value("parse_mode"), v.value("entities"), false)
	if err != nil {
		return err
	}
	if utf8.RuneCountInString(f.Text) > MaxTextLength {
		return BadRequest("message is too long")
	}
	v.call.Text = &f
	return nil
}

func (v *validation) checkCaption() *Error {
	v.mark("caption", "parse_mode", "caption_entities")
	if !v.call.Params.Has("caption") {
		return nil
	}
	f, err := formatCaption(v.value("caption"), v.value("parse_mode"), v.value("caption_entities"))
	if err != nil {
		return err
	}
	v.call.Caption = &f
	return nil
}

// formatMessage parses and fixes a text; allowEmpty decides whether an
// empty result is Telegram's "text must be non-empty" error.
func formatMessage(text, parseMode, entitiesJSON string, allowEmpty bool) (Formatted, *Error) {
	plain, es, err := parseFormatted(text, parseMode, entitiesJSON)
	if err != nil {
		return Formatted{}, err
	}
	plain, es, errText := fixFormatted(plain, es, allowEmpty)
	if errText != "" {
		return Formatted{}, tdError(errText)
	}
	return Formatted{Text: plain, Entities: toEntities(mergeFound(plain, es))}, nil
}

func formatCaption(text, parseMode, entitiesJSON string) (Formatted, *Error) {
	f, err := formatMessage(text, parseMode, entitiesJSON, true)
	if err != nil {
		return Formatted{}, err
	}
	if utf8.RuneCountInString(f.Text) > MaxCaptionLength {
		return Formatted{}, BadRequest("message caption is too long")
	}
	return f, nil
}
