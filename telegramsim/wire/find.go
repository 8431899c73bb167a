package wire

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// FindEntities finds the entities Telegram detects in plain text by
// itself: bot commands, @mentions, #hashtags, $cashtags, URLs and e-mail
// addresses. Messages from users and from bots both carry them. Detection
// follows Telegram's rules for commands, mentions, hashtags and cashtags;
// URLs are found when they have an http(s) or tg scheme or end in a common
// top-level domain, a subset of Telegram's list.
func FindEntities(text string) []Entity {
	return toEntities(findEntities(text))
}

func findEntities(text string) []ent {
	var found []ent
	add := func(k kind, spans [][2]int) {
		for _, s := range spans {
			found = append(found, ent{kind: k, offset: s[0], length: s[1] - s[0]})
		}
	}
	add(kMention, findMentions(text))
	add(kBotCommand, findBotCommands(text))
	add(kHashtag, findHashtags(text))
	add(kCashtag, findCashtags(text))
	add(kEmail, findEmails(text))
	add(kURL, findURLs(text))
	sortEnts(found)
	return byteSpansToUTF16(text, removeIntersecting(found))
}

// mergeFound adds the entities Telegram finds in text to es: a found
// entity is dropped where it overlaps a link, code, pre or other found
// kind, or crosses a blockquote.
func mergeFound(text string, es []ent) []ent {
	found := findEntities(text)
	if len(found) == 0 {
		return es
	}
	var quotes []ent
	for _, e := range es {
		if e.kind.is(maskBlockQuote) {
			quotes = append(quotes, e)
		}
	}
	found = removeIntersectingQuote(found, quotes)
	out := es
	for _, f := range found {
		clash := false
		for _, e := range es {
			if !e.kind.is(maskSplittable) && !e.kind.is(maskBlockQuote) && f.offset < e.end() && e.offset < f.end() {
				clash = true
				break
			}
		}
		if !clash {
			out = append(out, f)
		}
	}
	return fixEntities(out)
}

// byteSpansToUTF16 turns byte offsets into UTF-16 offsets.
func byteSpansToUTF16(text string, es []ent) []ent {
	if len(es) == 0 {
		return nil
	}
	units := make([]int, len(text)+1)
	u := 0
	for i := 0; i < len(text); i++ {
		units[i] = u
		u += utf16Units(text[i])
	}
	units[len(text)] = u
	for k := range es {
		start, end := es[k].offset, es[k].offset+es[k].length
		es[k].offset, es[k].length = units[start], units[end]-units[start]
	}
	return es
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_'
}

func runeBefore(text string, i int) rune {
	if i == 0 {
		return 0
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return r
}

func runeAt(text string, i int) rune {
	if i >= len(text) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return r
}

func isUsernameChar(c byte) bool { return isAlnum(c) || c == '_' }

func scanUsername(text string, i int) int {
	for i < len(text) && isUsernameChar(text[i]) {
		i++
	}
	return i
}

// shortUsernames are the usernames under four characters that exist.
var shortUsernames = map[string]bool{"gif": true, "nft": true, "pic": true, "ufc": true, "vid": true}

// findMentions finds @username: 4-32 letters, digits or underscores (a few
// shorter ones exist), not glued to a preceding or following word.
func findMentions(text string) [][2]int {
	var out [][2]int
	for i := 0; i < len(text); i++ {
		if text[i] != '@' || isWordRune(runeBefore(text, i)) {
			continue
		}
		end := scanUsername(text, i+1)
		n := end - i - 1
		if n < 2 || n > 32 || isWordRune(runeAt(text, end)) {
			continue
		}
		if n < 4 && !shortUsernames[strings.ToLower(text[i+1:end])] {
			continue
		}
		out = append(out, [2]int{i, end})
	}
	return out
}

// findBotCommands finds /command and /command@botname.
func findBotCommands(text string) [][2]int {
	var out [][2]int
	for i := 0; i < len(text); i++ {
		if text[i] != '/' {
			continue
		}
		if p := runeBefore(text, i); isWordRune(p) || p == '/' || p == '<' || p == '>' {
			continue
		}
		end := scanUsername(text, i+1)
		if n := end - i - 1; n < 1 || n > 64 {
			continue
		}
		if end < len(text) && text[end] == '@' {
			bot := scanUsername(text, end+1)
			if n := bot - end - 1; n < 3 || n > 32 {
				continue
			}
			end = bot
		}
		if n := runeAt(text, end); isWordRune(n) || n == '/' || n == '<' || n == '>' {
			continue
		}
		out = append(out, [2]int{i, end})
	}
	return out
}

func isHashtagRune(r rune) bool {
	return r == '_' || r == 0x200c || r == 0xb7 || (r >= 0xd80 && r <= 0xdff) ||
		unicode.IsLetter(r) || unicode.Is(unicode.Nd, r)
}

// findHashtags finds #tag and #tag@chat: up to 256 letters, digits and
// underscores with at least one letter.
func findHashtags(text string) [][2]int {
	var out [][2]int
	for i := 0; i < len(text); i++ {
		if text[i] != '#' || (i > 0 && isHashtagRune(runeBefore(text, i))) {
			continue
		}
		end, count, letter := i+1, 0, false
		for end < len(text) {
			r, size := utf8.DecodeRuneInString(text[end:])
			if !isHashtagRune(r) {
				break
			}
			letter = letter || unicode.IsLetter(r)
			end += size
			count++
		}
		if count == 0 || count > 256 {
			continue
		}
		if end < len(text) && text[end] == '@' {
			if chat := scanUsername(text, end+1); chat-end-1 >= 3 && chat-end-1 <= 32 {
				end = chat
			}
		}
		if end < len(text) && text[end] == '#' || !letter {
			continue
		}
		out = append(out, [2]int{i, end})
	}
	return out
}

// findCashtags finds $USD: 1-8 capital letters.
func findCashtags(text string) [][2]int {
	var out [][2]int
	for i := 0; i < len(text); i++ {
		if text[i] != '$' {
			continue
		}
		if p := runeBefore(text, i); isHashtagRune(p) || p == '$' {
			continue
		}
		end := i + 1
		for end < len(text) && 'A' <= text[end] && text[end] <= 'Z' {
			end++
		}
		if n := end - i - 1; n < 1 || n > 8 {
			continue
		}
		if n := runeAt(text, end); isHashtagRune(n) || n == '$' {
			continue
		}
		out = append(out, [2]int{i, end})
	}
	return out
}
