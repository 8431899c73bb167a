package wire

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// htmlTags are the start tags Telegram's HTML style accepts.
var htmlTags = map[string]bool{
	"a": true, "b": true, "strong": true, "i": true, "em": true, "s": true, "strike": true, "del": true,
	"u": true, "ins": true, "tg-spoiler": true, "tg-emoji": true, "tg-time": true, "span": true,
	"pre": true, "code": true, "blockquote": true,
}

// decodeHTMLEntity decodes the character reference at text[pos] ('&'). It
// returns the code point and the position after it, or 0 when the reference
// is not one Telegram decodes (then '&' stays literal).
func decodeHTMLEntity(text string, pos int) (rune, int) {
	end := pos + 1
	var res rune
	if at(text, pos+1) == '#' {
		end++
		if at(text, pos+2) == 'x' {
			end++
			for isHexDigit(at(text, end)) {
				d, _ := strconv.ParseUint(text[end:end+1], 16, 8)
				res = res*16 + rune(d)
				end++
				if res > 0x10ffff {
					res = 0x110000
				}
			}
		} else {
			for isDigit(at(text, end)) {
				res = res*10 + rune(text[end]-'0')
				end++
				if res > 0x10ffff {
					res = 0x110000
				}
			}
		}
		if res == 0 || res >= 0x10ffff || end-pos >= 10 {
			return 0, pos
		}
	} else {
		for isAlpha(at(text, end)) {
			end++
		}
		switch text[pos+1 : end] {
		case "lt":
			res = '<'
		case "gt":
			res = '>'
		case "amp":
			res = '&'
		case "quot":
			res = '"'
		default:
			return 0, pos
		}
	}
	if at(text, end) == ';' {
		end++
	}
	return res, end
}

type htmlOpen struct {
	tag     string
	arg     string
	date    int64
	offset  int // UTF-16 offset in the result
	bytePos int // byte offset in the result
}

// parseHTML parses Telegram's HTML style. Error texts and byte offsets are
// Telegram's; offsets count bytes of the input.
func parseHTML(text string) (string, []ent, string) {
	out := make([]byte, 0, len(text))
	var ents []ent
	var open []htmlOpen
	utf16 := 0
	recheckUTF8 := false
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '&' {
			if code, next := decodeHTMLEntity(text, i); code != 0 {
				utf16++
				if code > 0xffff {
					utf16++
				}
				if code >= 0xd800 && code <= 0xdfff {
					recheckUTF8 = true
				}
				out = appendRune(out, code)
				i = next - 1
				continue
			}
		}
		if c != '<' {
			utf16 += utf16Units(c)
			out = append(out, c)
			continue
		}
		begin := i
		i++
		if at(text, i) != '/' {
			for !isSpace(at(text, i)) && at(text, i) != '>' {
				i++
			}
			if at(text, i) == 0 {
				return "", nil, "Unclosed start tag at byte offset " + itoa(begin)
			}
			tag := strings.ToLower(text[begin+1 : i])
			if !htmlTags[tag] {
				return "", nil, "Unsupported start tag \"" + tag + "\" at byte offset " + itoa(begin)
			}
			o := htmlOpen{tag: tag, offset: utf16, bytePos: len(out)}
			var errText string
			i, errText = parseHTMLAttributes(text, i, begin, &o)
			if errText != "" {
				return "", nil, errText
			}
			if tag == "span" && o.arg != "spoiler" {
				return "", nil, "Tag \"span\" must have class \"tg-spoiler\" at byte offset " + itoa(begin)
			}
			open = append(open, o)
			continue
		}
		if len(open) == 0 {
			return "", nil, "Unexpected end tag at byte offset " + itoa(begin)
		}
		for !isSpace(at(text, i)) && at(text, i) != '>' {
			i++
		}
		endTag := strings.ToLower(text[begin+2 : i])
		for isSpace(at(text, i)) && at(text, i) != 0 {
			i++
		}
		if at(text, i) != '>' {
			return "", nil, "Unclosed end tag at byte offset " + itoa(begin)
		}
		top := open[len(open)-1]
		if endTag != "" && endTag != top.tag {
			return "", nil, "Unmatched end tag at byte offset " + itoa(begin) + ", expected \"</" + top.tag +
				">\", found \"</" + endTag + ">\""
		}
		open = open[:len(open)-1]
		if utf16 > top.offset {
			var errText string
			ents, errText = closeHTMLTag(ents, top, utf16, out)
			if errText != "" {
				return "", nil, errText
			}
		}
	}
	if len(open) > 0 {
		return "", nil, "Can't find end tag corresponding to start tag \"" + open[len(open)-1].tag + "\""
	}
	for k := range ents {
		if ents[k].kind == kCode {
			ents[k].arg = ""
		}
	}
	sortEnts(ents)
	if recheckUTF8 && !utf8.Valid(out) {
		return "", nil, "Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units"
	}
	return string(out), ents, ""
}

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
