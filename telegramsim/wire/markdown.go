package wire

// parseMarkdown parses the legacy Markdown style: *bold*, _italic_, `code`,
// ```pre```, [text](url). Only _ * ` [ can be escaped; entities cannot nest.
func parseMarkdown(text string) (string, []ent, string) {
	out := make([]byte, 0, len(text))
	var ents []ent
	utf16 := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		if next := at(text, i+1); c == '\\' && (next == '_' || next == '*' || next == '`' || next == '[') {
			i++
			out = append(out, text[i])
			utf16++
			continue
		}
		if c != '_' && c != '*' && c != '`' && c != '[' {
			utf16 += utf16Units(c)
			out = append(out, c)
			continue
		}
		begin := i
		endChar := c
		if c == '[' {
			endChar = ']'
		}
		i++
		isPre := false
		language := ""
		if c == '`' && at(text, i) == '`' && at(text, i+1) == '`' {
			i += 2
			isPre = true
			langEnd := i
			for !isSpace(at(text, langEnd)) && at(text, langEnd) != '`' {
				langEnd++
			}
			if i != langEnd && langEnd < len(text) && text[langEnd] != '`' {
				language = text[i:langEnd]
				i = langEnd
			}
			i = skipPreNewline(text, i)
		}
		start := utf16
		for i < len(text) && (text[i] != endChar || (isPre && !(at(text, i+1) == '`' && at(text, i+2) == '`'))) {
			utf16 += utf16Units(text[i])
			out = append(out, text[i])
			i++
		}
		if i == len(text) {
			return "", nil, "Can't find end of the entity starting at byte offset " + itoa(begin)
		}
		if start != utf16 {
			e := ent{offset: start, length: utf16 - start}
			keep := true
			switch c {
			case '_':
				e.kind = kItalic
			case '*':
				e.kind = kBold
			case '[':
				url := ""
				if at(text, i+1) != '(' {
					url = text[begin+1 : i]
				} else {
					i += 2
					urlBegin := i
					for i < len(text) && text[i] != ')' {
						i++
					}
					url = text[urlBegin:i]
				}
				e, keep = linkEntity(e, url)
			case '`':
				e.kind = kCode
				if isPre {
					e.kind = kPre
					if language != "" {
						e.kind, e.arg = kPreCode, language
					}
				}
			}
			if keep {
				ents = append(ents, e)
			}
		}
		if isPre {
			i += 2
		}
	}
	return string(out), ents, ""
}

// skipPreNewline skips one line break right after the opening of a pre block.
func skipPreNewline(text string, i int) int {
	if c := at(text, i); c == '\n' || c == '\r' {
		if n := at(text, i+1); (n == '\n' || n == '\r') && c != n {
			return i + 2
		}
		return i + 1
	}
	return i
}

// linkEntity makes e a text_mention for tg://user links or a text_link for
// a URL Telegram accepts; keep is false when the link is dropped.
func linkEntity(e ent, url string) (ent, bool) {
	if user, ok := linkUserID(url); ok {
		e.kind, e.user = kMentionName, user
		return e, true
	}
	url = checkedLink(url)
	if url == "" {
		return e, false
	}
	e.kind, e.arg = kTextURL, url
	return e, true
}
