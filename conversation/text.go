package conversation

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// cleanText readies typed text for the dialogue. It drops characters that
// carry no meaning but can hide or disguise text — zero-width spaces, word
// joiners, byte-order marks, soft hyphens, the bidirectional overrides and
// isolates (which could make staff read a description backwards) and control
// characters other than newline and tab — and trims surrounding space. It
// keeps the zero-width joiner and non-joiner and emoji tag characters, which
// belong to emoji sequences and scripts, and right-to-left text as it is.
func cleanText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\u200b' || r == '\u2060' || r == '\ufeff' || r == '\u00ad' || r == '\u180e':
			return -1
		case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
			return -1
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// blank reports whether s has nothing a reader could see: only spaces and
// invisible format characters (a zero-width joiner on its own is blank).
func blank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && !unicode.Is(unicode.Cf, r) {
			return false
		}
	}
	return true
}

// runes counts characters the way the policy's limits do.
func runes(s string) int { return utf8.RuneCountInString(s) }

// narrow turns full-width digits, letters and punctuation ("２０２６／１１")
// into their ASCII forms, which Chinese input methods often produce.
func narrow(s string) string { return width.Narrow.String(s) }

// oneLine readies a short answer (an order number, a date, a phone number):
// cleaned, full-width folded, inner runs of space collapsed to one.
func oneLine(s string) string {
	return strings.Join(strings.Fields(narrow(cleanText(s))), " ")
}
