package wire

import "strings"

type mdOpen struct {
	kind      kind
	arg       string
	offset    int // UTF-16 offset in the result
	bytePos   int // byte offset in the input, for error texts
	resultPos int // byte offset in the result
}

func reservedError(c byte) string {
	return "Character '" + string(c) + "' is reserved and must be escaped with the preceding '\\'"
}

func endOfEntityError(o mdOpen) string {
	return "Can't find end of " + kindTitle[o.kind] + " entity at byte offset " + itoa(o.bytePos)
}

// parseMarkdownV2 parses the MarkdownV2 style with Telegram's rules and
// error texts.
func parseMarkdownV2(text string) (string, []ent, string) {
	p := mdv2{text: text, out: make([]byte, 0, len(text)), canQuote: true}
	for p.i = 0; p.i < len(text); p.i++ {
		if errText := p.step(); errText != "" {
			return "", nil, errText
		}
	}
	if errText := p.finish(); errText != "" {
		return "", nil, errText
	}
	sortEnts(p.ents)
	return string(p.out), p.ents, ""
}

type mdv2 struct {
	text     string
	i        int
	out      []byte
	ents     []ent
	open     []mdOpen
	utf16    int
	inQuote  bool // a blockquote is open
	canQuote bool // at the start of a line
}

func (p *mdv2) top() *mdOpen { return &p.open[len(p.open)-1] }

func (p *mdv2) step() string {
	text, i := p.text, p.i
	c := text[i]
	if n := at(text, i+1); c == '\\' && n > 0 && n <= 126 {
		p.i++
		p.utf16++
		p.out = append(p.out, n)
		if n != '\r' {
			p.canQuote = n == '\n'
		}
		return ""
	}
	reserved := "_*[]()~`>#+-=|{}.!\n"
	if len(p.open) > 0 {
		switch p.top().kind {
		case kCode, kPre, kPreCode:
			reserved = "`"
		}
	}
	if strings.IndexByte(reserved, c) < 0 {
		if u := utf16Units(c); u > 0 {
			p.utf16 += u
			if c != '\r' {
				p.canQuote = false
			}
		}
		p.out = append(p.out, c)
		return ""
	}
	if p.isEnd(c) {
		return p.closeEntity(c)
	}
	return p.openEntity(c)
}

func (p *mdv2) isEnd(c byte) bool {
	if len(p.open) == 0 {
		return false
	}
	text, i := p.text, p.i
	if p.inQuote && c == '\n' && (i+1 == len(text) || text[i+1] != '>') {
		return true
	}
	switch p.top().kind {
	case kBold:
		return c == '*'
	case kItalic:
		return c == '_' && at(text, i+1) != '_'
	case kCode:
		return c == '`'
	case kPre, kPreCode:
		return c == '`' && at(text, i+1) == '`' && at(text, i+2) == '`'
	case kTextURL, kCustomEmoji:
		return c == ']'
	case kUnderline:
		return c == '_' && at(text, i+1) == '_'
	case kStrikethrough:
		return c == '~'
	case kSpoiler:
		return c == '|' && at(text, i+1) == '|'
	}
	return false
}

func (p *mdv2) openEntity(c byte) string {
	text := p.text
	o := mdOpen{bytePos: p.i}
	switch c {
	case '_':
		o.kind = kItalic
		if at(text, p.i+1) == '_' {
			o.kind = kUnderline
			p.i++
		}
	case '*':
		o.kind = kBold
	case '~':
		o.kind = kStrikethrough
	case '|':
		if at(text, p.i+1) != '|' {
			return reservedError(c)
		}
		p.i++
		o.kind = kSpoiler
	case '[':
		o.kind = kTextURL
	case '`':
		o.kind = kCode
		if at(text, p.i+1) == '`' && at(text, p.i+2) == '`' {
			p.i += 3
			o.kind = kPre
			langEnd := p.i
			for !isSpace(at(text, langEnd)) && at(text, langEnd) != '`' {
				langEnd++
			}
			if p.i != langEnd && langEnd < len(text) && text[langEnd] != '`' {
				o.kind, o.arg = kPreCode, text[p.i:langEnd]
				p.i = langEnd
			}
			p.i = skipPreNewline(text, p.i) - 1
		}
	case '!':
		if at(text, p.i+1) != '[' {
			return reservedError(c)
		}
		p.i++
		o.kind = kCustomEmoji
	case '\n':
		p.utf16++
		p.out = append(p.out, '\n')
		p.canQuote = true
		return ""
	case '>':
		if !p.canQuote {
			return reservedError(c)
		}
		if p.inQuote {
			return ""
		}
		o.kind = kBlockQuote
		p.inQuote = true
	default:
		return reservedError(c)
	}
	o.offset, o.resultPos = p.utf16, len(p.out)
	p.open = append(p.open, o)
	return ""
}

func (p *mdv2) closeEntity(c byte) string {
	text := p.text
	k := p.top().kind
	if c == '\n' && k != kBlockQuote {
		// "**>quote||" ending a line closes an expandable blockquote.
		t := p.top()
		if k != kSpoiler || !(t.bytePos == p.i-2 || (t.bytePos == p.i-3 && len(p.out) != 0 && p.out[len(p.out)-1] == '\r')) {
			return endOfEntityError(*t)
		}
		p.open = p.open[:len(p.open)-1]
		if p.top().kind != kBlockQuote {
			return endOfEntityError(*p.top())
		}
		k = kExpandableBlockQuote
	}
	o := *p.top()
	e := ent{kind: k, offset: o.offset, length: p.utf16 - o.offset, arg: o.arg}
	skip := p.utf16 == o.offset
	switch k {
	case kUnderline, kSpoiler:
		p.i++
	case kPre, kPreCode:
		p.i += 2
	case kTextURL:
		url := string(p.out[o.resultPos:])
		if at(text, p.i+1) == '(' {
			var errText string
			if url, errText = p.readURL(); errText != "" {
				return errText
			}
		}
		var keep bool
		if e, keep = linkEntity(e, url); !keep {
			skip = true
		}
	case kCustomEmoji:
		if at(text, p.i+1) != '(' {
			return "The entity must contain a tg://emoji or tg://time URL"
		}
		url, errText := p.readURL()
		if errText != "" {
			return errText
		}
		if id, errText := linkCustomEmoji(url); errText == "" {
			e.arg = id
		} else if date, format, errText := linkDate(url); errText == "" {
			e.kind, e.date, e.arg = kDate, date, format
		} else {
			return "Invalid tg://emoji or tg://time URL specified"
		}
	case kBlockQuote, kExpandableBlockQuote:
		p.inQuote = false
		p.out = append(p.out, text[p.i])
		p.canQuote = true
		p.utf16++
		skip = false
	}
	if !skip {
		e.length = p.utf16 - e.offset
		p.ents = append(p.ents, e)
	}
	p.open = p.open[:len(p.open)-1]
	return ""
}

// readURL reads "(url)" after the closing ']' at p.i, unescaping it, and
// leaves p.i at the ')'.
func (p *mdv2) readURL() (string, string) {
	text := p.text
	p.i += 2
	begin := p.i
	var url []byte
	for p.i < len(text) && text[p.i] != ')' {
		if n := at(text, p.i+1); text[p.i] == '\\' && n > 0 && n <= 126 {
			url = append(url, n)
			p.i += 2
			continue
		}
		url = append(url, text[p.i])
		p.i++
	}
	if at(text, p.i) != ')' {
		return "", "Can't find end of a URL at byte offset " + itoa(begin)
	}
	return string(url), ""
}

func (p *mdv2) finish() string {
	if p.inQuote {
		k := kBlockQuote
		if t := p.top(); t.kind == kSpoiler && t.bytePos == len(p.text)-2 {
			p.open = p.open[:len(p.open)-1]
			k = kExpandableBlockQuote
		}
		if t := p.top(); t.kind == kBlockQuote {
			p.inQuote = false
			if length := p.utf16 - t.offset; length != 0 {
				p.ents = append(p.ents, ent{kind: k, offset: t.offset, length: length})
			}
			p.open = p.open[:len(p.open)-1]
		}
	}
	if len(p.open) > 0 {
		return endOfEntityError(*p.top())
	}
	return ""
}
