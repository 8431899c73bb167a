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
