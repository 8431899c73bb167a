package wire

import "unicode/utf8"

// cleanChar reports how Telegram cleans the character starting at
// text[pos]: the byte to write, whether the character is dropped instead,
// and how many bytes it spans.
func cleanChar(text string, pos int) (byte, bool, int) {
	c := text[pos]
	switch {
	case c == '\r':
		return 0, true, 1
	case c <= 32 && c != '\n':
		return ' ', false, 1
	case c == 0xe2 && pos+2 < len(text) && text[pos+1] == 0x80 && text[pos+2] >= 0xa8 && text[pos+2] <= 0xae:
		return 0, true, 3
	case c == 0xcc && pos+1 < len(text) && (text[pos+1] == 0xb3 || text[pos+1] == 0xbf || text[pos+1] == 0x8a):
		return 0, true, 2
	}
	return c, false, 1
}

// replaceOffending turns runs of LRM/RLM marks into zero-width non-joiners
// but the last, as Telegram does.
func replaceOffending(s []byte) {
	isMark := func(p int) bool {
		return p+2 < len(s) && s[p] == 0xe2 && s[p+1] == 0x80 && (s[p+2] == 0x8e || s[p+2] == 0x8f)
	}
	for pos := 0; pos < len(s); pos++ {
		if isMark(pos) {
			for isMark(pos + 3) {
				s[pos+2] = 0x8c
				pos += 3
			}
			pos += 2
		}
	}
}

// cleanText removes control characters from text and moves the entities to
// match; it fails when an entity does not fit the text.
func cleanText(text string, es []ent) (string, []ent, string) {
	type open struct {
		idx     int
		skipped int
	}
	var stack []open
	cur, utf16, skipped := 0, 0, 0
	out := make([]byte, 0, len(text))
	for pos := 0; pos <= len(text); pos++ {
		c := at(text, pos)
		if pos == len(text) || utf16Units(c) > 0 {
			for len(stack) > 0 {
				e := &es[stack[len(stack)-1].idx]
				if utf16 < e.end() {
					break
				}
				if utf16 != e.end() {
					return "", nil, "Entity beginning at UTF-16 offset " + itoa(e.offset) +
						" ends in a middle of a UTF-16 symbol at byte offset " + itoa(pos)
				}
				before := stack[len(stack)-1].skipped
				e.offset -= before
				e.length -= skipped - before
				stack = stack[:len(stack)-1]
			}
			for cur < len(es) && utf16 >= es[cur].offset {
				if utf16 != es[cur].offset {
					return "", nil, "Entity begins in a middle of a UTF-16 symbol at byte offset " + itoa(pos)
				}
				stack = append(stack, open{cur, skipped})
				cur++
			}
		}
		if pos == len(text) {
			break
		}
		b, drop, n := cleanChar(text, pos)
		utf16 += utf16Units(c)
		if drop {
			skipped += utf16Units(c)
			pos += n - 1
			continue
		}
		out = append(out, b)
	}
	if cur != len(es) {
		return "", nil, "Entity begins after the end of the text at UTF-16 offset " + itoa(es[cur].offset)
	}
	if len(stack) > 0 {
		e := es[stack[len(stack)-1].idx]
		return "", nil, "Entity beginning at UTF-16 offset " + itoa(e.offset) +
			" ends after the end of the text at UTF-16 offset " + itoa(e.end())
	}
	replaceOffending(out)
	return string(out), es, ""
}

// lastNonSpace returns the byte position of the last character that is not
// a space or line break, and its UTF-16 offset; the offset is -1 when there
// is none.
func lastNonSpace(text string) (int, int) {
	pos, off := len(text), -1
	utf16 := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c != ' ' && c != '\n' {
			for i+1 < len(text) && utf16Units(text[i+1]) == 0 {
				i++
			}
			if c >= 0xf0 {
				utf16++
			}
			pos, off = i, utf16
		}
		utf16++
	}
	return pos, off
}

// isEmptyText reports whether text holds only spaces, line breaks and
// invisible characters, which Telegram treats as no text at all.
func isEmptyText(text string) bool {
	for _, r := range text {
		switch {
		case r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\v' || r == 0:
		case r >= 0x200b && r <= 0x200f, r == 0x202e, r == 0xfeff, r == 0xa0:
		case r == 0x1680, r == 0x180e, r >= 0x2000 && r <= 0x200a, r == 0x202f, r == 0x205f, r == 0x2800,
			r == 0x3000, r == 0xfffc:
		case r >= 0xe0000 && r <= 0xe007f:
		default:
			return false
		}
	}
	return true
}

// fixFormatted finishes a formatted text as Telegram does before sending:
// it checks and cleans the text, fixes the entities and trims spaces and
// line breaks at both ends. allowEmpty decides whether an empty result is
// an error ("Text must be non-empty").
func fixFormatted(text string, es []ent, allowEmpty bool) (string, []ent, string) {
	if !utf8.ValidString(text) {
		return "", nil, "Strings must be encoded in UTF-8"
	}
	for _, e := range es {
		if e.offset < 0 || e.offset > 1000000 {
			return "", nil, "Receive an entity with incorrect offset " + itoa(e.offset)
		}
		if e.length < 0 || e.length > 1000000 {
			return "", nil, "Receive an entity with incorrect length " + itoa(e.length)
		}
	}
	es = fixEntities(removeEmpty(es))
	text, es, errText := cleanText(text, es)
	if errText != "" {
		return "", nil, errText
	}
	lastPos, lastOff := lastNonSpace(text)
	es = removeEmpty(es)
	if lastOff == -1 {
		if allowEmpty {
			return "", nil, ""
		}
		return "", nil, "Text must be non-empty"
	}
	es = fixEntities(es)
	text = text[:lastPos+1]
	kept := es[:0]
	for _, e := range es {
		if e.offset > lastOff {
			continue
		}
		if e.end() > lastOff+1 {
			e.length = lastOff + 1 - e.offset
		}
		kept = append(kept, e)
	}
	es = kept
	sortEnts(es)
	firstEntity := len(text)
	if len(es) > 0 {
		firstEntity = es[0].offset
	}
	trim := 0
	for trim < firstEntity && trim < len(text) && (text[trim] == ' ' || text[trim] == '\n') {
		trim++
	}
	text = text[trim:]
	for k := range es {
		es[k].offset -= trim
	}
	if !allowEmpty && isEmptyText(text) {
		return "", nil, "Text must be non-empty"
	}
	return text, es, ""
}
