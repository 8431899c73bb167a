package wire

import (
	"strconv"
	"strings"
)

// parseHTMLAttributes reads the attributes of the start tag whose name ends
// at i, up to its '>', and returns the position of that '>'.
func parseHTMLAttributes(text string, i, begin int, o *htmlOpen) (int, string) {
	for at(text, i) != '>' {
		for at(text, i) != 0 && isSpace(at(text, i)) {
			i++
		}
		if at(text, i) == '>' {
			break
		}
		nameBegin := i
		for c := at(text, i); !isSpace(c) && c != '=' && c != '>' && c != '/' && c != '"' && c != '\''; c = at(text, i) {
			i++
		}
		name := text[nameBegin:i]
		if name == "" {
			return i, "Empty attribute name in the tag \"" + o.tag + "\" at byte offset " + itoa(begin)
		}
		for at(text, i) != 0 && isSpace(at(text, i)) {
			i++
		}
		if at(text, i) != '=' {
			if at(text, i) == 0 {
				return i, "Unclosed start tag \"" + o.tag + "\" at byte offset " + itoa(begin)
			}
			if o.tag == "blockquote" && name == "expandable" {
				o.arg = "1"
			}
			continue
		}
		i++
		for at(text, i) != 0 && isSpace(at(text, i)) {
			i++
		}
		if at(text, i) == 0 {
			return i, "Unclosed start tag \"" + o.tag + "\" at byte offset " + itoa(begin)
		}
		var value string
		if q := at(text, i); q != '\'' && q != '"' {
			tokenBegin := i
			for isAlnum(at(text, i)) || at(text, i) == '.' || at(text, i) == '-' {
				i++
			}
			value = strings.ToLower(text[tokenBegin:i])
			if !isSpace(at(text, i)) && at(text, i) != '>' {
				return i, "Unexpected end of name token at byte offset " + itoa(tokenBegin)
			}
		} else {
			i++
			var v []byte
			for at(text, i) != q && at(text, i) != 0 {
				if text[i] == '&' {
					if code, next := decodeHTMLEntity(text, i); code != 0 {
						v = appendRune(v, code)
						i = next
						continue
					}
				}
				v = append(v, text[i])
				i++
			}
			if at(text, i) == q {
				i++
			}
			value = string(v)
		}
		if at(text, i) == 0 {
			return i, "Unclosed start tag at byte offset " + itoa(begin)
		}
		switch {
		case o.tag == "a" && name == "href":
			o.arg = value
		case o.tag == "code" && name == "class" && strings.HasPrefix(value, "language-"):
			o.arg = value[len("language-"):]
		case o.tag == "span" && name == "class" && strings.HasPrefix(value, "tg-"):
			o.arg = value[len("tg-"):]
		case o.tag == "tg-emoji" && name == "emoji-id":
			o.arg = value
		case o.tag == "blockquote" && name == "expandable":
			o.arg = "1"
		case o.tag == "tg-time" && name == "unix":
			o.date, _ = strconv.ParseInt(value, 10, 32)
		case o.tag == "tg-time" && name == "format":
			o.arg = value
		}
	}
	return i, ""
}

// closeHTMLTag adds the entity of a closed, non-empty tag.
func closeHTMLTag(ents []ent, o htmlOpen, utf16 int, out []byte) ([]ent, string) {
	e := ent{offset: o.offset, length: utf16 - o.offset}
	last := func() *ent {
		if len(ents) == 0 {
			return nil
		}
		l := &ents[len(ents)-1]
		if l.offset == e.offset && l.length == e.length {
			return l
		}
		return nil
	}
	switch o.tag {
	case "i", "em":
		e.kind = kItalic
	case "b", "strong":
		e.kind = kBold
	case "s", "strike", "del":
		e.kind = kStrikethrough
	case "u", "ins":
		e.kind = kUnderline
	case "tg-spoiler", "span":
		e.kind = kSpoiler
	case "tg-emoji":
		id, err := strconv.ParseInt(o.arg, 10, 64)
		if err != nil || id == 0 {
			return ents, "Invalid custom emoji identifier specified"
		}
		e.kind, e.arg = kCustomEmoji, strconv.FormatInt(id, 10)
	case "tg-time":
		if errText := checkDateFormat(o.arg); errText != "" {
			return ents, errText
		}
		if o.date <= 0 {
			return ents, ""
		}
		e.kind, e.date, e.arg = kDate, o.date, o.arg
	case "a":
		url := o.arg
		if url == "" {
			url = string(out[o.bytePos:])
		}
		if user, ok := linkUserID(url); ok {
			e.kind, e.user = kMentionName, user
			break
		}
		url = checkedLink(url)
		if url == "" {
			return ents, ""
		}
		e.kind, e.arg = kTextURL, url
	case "pre":
		if l := last(); l != nil && l.kind == kCode && l.arg != "" {
			l.kind = kPreCode
			return ents, ""
		}
		e.kind = kPre
	case "code":
		if l := last(); l != nil && l.kind == kPre && o.arg != "" {
			l.kind, l.arg = kPreCode, o.arg
			return ents, ""
		}
		e.kind, e.arg = kCode, o.arg
	case "blockquote":
		e.kind = kBlockQuote
		if o.arg != "" {
			e.kind = kExpandableBlockQuote
		}
	}
	return append(ents, e), ""
}

// checkDateFormat checks a date_time entity's format as Telegram does.
func checkDateFormat(format string) string {
	if format == "r" || format == "R" {
		return ""
	}
	for i := 0; i < len(format); i++ {
		if !strings.ContainsRune("tTdDwW", rune(format[i])) {
			return "Invalid date format used"
		}
	}
	return ""
}
