package wire

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Candidate patterns for e-mail addresses and links; fixURL and the
// callers then apply Telegram's rules to each candidate.
var (
	emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}`)
	urlPattern   = regexp.MustCompile(`(?i)(?:(?:https?|tg|tonsite)://)?[\p{L}\p{N}](?:[\p{L}\p{N}_\-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}_\-]*[\p{L}\p{N}])?)+(?::\d{1,5})?(?:[/?#][^\s<>"«»]*)?`)
)

// commonTLDs are the top-level domains that make a bare "name.tld" a link.
var commonTLDs = map[string]bool{
	"com": true, "org": true, "net": true, "io": true, "me": true, "ru": true, "de": true, "uk": true, "fr": true,
	"info": true, "biz": true, "app": true, "dev": true, "ai": true, "co": true, "us": true, "eu": true, "ua": true,
	"by": true, "kz": true, "in": true, "it": true, "es": true, "nl": true, "pl": true, "se": true, "ch": true,
	"at": true, "be": true, "br": true, "ca": true, "cn": true, "jp": true, "edu": true, "gov": true, "tv": true,
	"xyz": true, "online": true, "site": true, "shop": true, "store": true, "tech": true, "pro": true,
}

// dottedWords calls match with the byte span of every whitespace-free
// word of text that holds a dot: links and e-mail addresses never span
// whitespace, and matching words instead of the whole text keeps the
// patterns cheap.
func dottedWords(text string, match func(start, end int)) {
	start := -1
	dotted := false
	for i, r := range text + " " {
		if unicode.IsSpace(r) {
			if start >= 0 && dotted {
				match(start, i)
			}
			start, dotted = -1, false
			continue
		}
		if start < 0 {
			start = i
		}
		dotted = dotted || r == '.'
	}
}

func findEmails(text string) [][2]int {
	var out [][2]int
	dottedWords(text, func(start, end int) {
		if !strings.Contains(text[start:end], "@") {
			return
		}
		for _, m := range emailPattern.FindAllStringIndex(text[start:end], -1) {
			m0, m1 := start+m[0], start+m[1]
			if isWordRune(runeBefore(text, m0)) || runeAt(text, m1) == '@' {
				continue
			}
			out = append(out, [2]int{m0, m1})
		}
	})
	return out
}

func findURLs(text string) [][2]int {
	var out [][2]int
	dottedWords(text, func(start, end int) {
		for _, m := range urlPattern.FindAllStringIndex(text[start:end], -1) {
			m0, m1 := start+m[0], start+m[1]
			if p := runeBefore(text, m0); isWordRune(p) || p == '@' || p == '.' || p == '/' {
				continue
			}
			if n := fixURL(text[m0:m1]); n > 0 {
				out = append(out, [2]int{m0, m0 + n})
			}
		}
	})
	return out
}

// fixURL trims what Telegram does not count as part of a found URL and
// returns its length, or 0 when it is not a link.
func fixURL(url string) int {
	lower := strings.ToLower(url)
	rest, hasScheme := url, false
	for _, s := range []string{"http://", "https://", "tg://", "tonsite://"} {
		if strings.HasPrefix(lower, s) {
			rest, hasScheme = url[len(s):], true
			break
		}
	}
	domainEnd := strings.IndexAny(rest, "/?#")
	if domainEnd < 0 {
		domainEnd = len(rest)
	}
	domain, path := rest[:domainEnd], rest[domainEnd:]
	if c := strings.LastIndexByte(domain, ':'); c >= 0 {
		domain = domain[:c]
	}
	balance := [3]int{}
	cut := 0
	for ; cut < len(path); cut++ {
		switch path[cut] {
		case '(':
			balance[0]++
		case '[':
			balance[1]++
		case '{':
			balance[2]++
		case ')':
			balance[0]--
		case ']':
			balance[1]--
		case '}':
			balance[2]--
		}
		if balance[0] < 0 || balance[1] < 0 || balance[2] < 0 {
			break
		}
	}
	for cut > 0 && strings.IndexByte(".:;,('?!`", path[cut-1]) >= 0 {
		cut--
	}
	tld := strings.ToLower(domain[strings.LastIndexByte(domain, '.')+1:])
	if strings.ContainsAny(tld, "_-") || utf8.RuneCountInString(tld) <= 1 {
		return 0
	}
	if !hasScheme && !commonTLDs[tld] {
		return 0
	}
	return len(url) - len(path) + cut
}
