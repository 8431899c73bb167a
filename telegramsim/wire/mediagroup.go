package wire

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// MinMediaGroupItems is the fewest items that make an album (one item is
// an ordinary message) and MaxMediaGroupItems the most one album holds:
// sendMediaGroup "must include 2-10 items".
const (
	MinMediaGroupItems = 2
	MaxMediaGroupItems = 10
)

// checkMediaGroup checks the "media" array of sendMediaGroup as Telegram
// reads it, item by item, and keeps each item's parsed caption.
func (v *validation) checkMediaGroup() *Error {
	v.mark("media")
	raw := v.value("media")
	if raw == "" {
		return BadRequest("parameter \"media\" is required")
	}
	var items []json.RawMessage
	if !json.Valid([]byte(raw)) {
		return BadRequest("can't parse media JSON object")
	}
	if jsonKind(json.RawMessage(raw)) != "Array" || json.Unmarshal([]byte(raw), &items) != nil {
		return BadRequest("expected an Array of InputMedia")
	}
	captions := make([]Formatted, 0, len(items))
	for _, item := range items {
		f, err := v.checkMediaItem(item)
		if err != nil {
			return err
		}
		captions = append(captions, f)
	}
	switch {
	case len(items) == 0:
		return BadRequest("there are no messages to send")
	case len(items) > MaxMediaGroupItems:
		return BadRequest("too many messages to send as an album")
	}
	v.call.MediaCaptions = captions
	return nil
}

func (v *validation) checkMediaItem(item json.RawMessage) (Formatted, *Error) {
	fail := func(text string) (Formatted, *Error) {
		return Formatted{}, BadRequest("can't parse InputMedia: %s", text)
	}
	obj, ok := jsonObject(item)
	if !ok {
		return fail("expected an Object")
	}
	caption, errText := obj.str("caption", false)
	if errText != "" {
		return fail(errText)
	}
	parseMode, errText := obj.str("parse_mode", false)
	if errText != "" {
		return fail(errText)
	}
	plain, es, err := parseFormatted(caption, parseMode, string(obj["caption_entities"]))
	if err != nil {
		return fail(upperFirst(strings.TrimPrefix(err.Description, "Bad Request: ")))
	}
	for _, name := range []string{"show_caption_above_media", "has_spoiler"} {
		if _, errText := obj.bool(name, false); errText != "" {
			return fail(errText)
		}
	}
	typ, errText := obj.str("type", true)
	if errText != "" {
		return fail(errText)
	}
	media, errText := obj.str("media", false)
	if errText != "" {
		return fail(errText)
	}
	if !v.hasFile(media, "") {
		return fail("media not found")
	}
	switch typ {
	case "photo", "video", "audio", "document":
	case "animation":
		return fail("type \"animation\" can't be used in sendMediaGroup")
	default:
		return fail("type \"" + typ + "\" is unsupported")
	}
	plain, es, errText = fixFormatted(plain, es, true)
	if errText != "" {
		return Formatted{}, tdError(errText)
	}
	if utf8.RuneCountInString(plain) > MaxCaptionLength {
		return Formatted{}, BadRequest("message caption is too long")
	}
	return Formatted{Text: plain, Entities: toEntities(mergeFound(plain, es))}, nil
}

// upperFirst undoes the lower-casing of an inner error text that Telegram
// wraps in another one.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
