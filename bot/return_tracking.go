package bot

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// carrier is a courier company customers name when they send a return: the
// name stored on the return (its English name, the same whatever the
// customer's language), the catalogue's returns.carrier.<code> that names it
// to a customer, the ways customers write it, and the letters its tracking
// numbers start with, if any.
type carrier struct {
	code     string
	name     string
	aliases  []string // lower case; matched as whole words when ASCII
	prefixes []string // upper case
}

// carriers are the couriers the bot knows by name, in Chinese and English.
// Another courier is kept as the customer wrote it.
var carriers = []carrier{
	{"sf", "SF Express", []string{"顺丰速运", "顺丰快递", "顺丰", "sf express", "sf-express", "sfexpress", "sf"}, []string{"SF"}},
	{"zto", "ZTO Express", []string{"中通快递", "中通", "zto express", "zto"}, nil},
	{"yto", "YTO Express", []string{"圆通速递", "圆通快递", "圆通", "yto express", "yto"}, []string{"YT"}},
	{"yunda", "Yunda Express", []string{"韵达快递", "韵达速递", "韵达", "yunda express", "yunda"}, nil},
	{"sto", "STO Express", []string{"申通快递", "申通", "sto express", "sto"}, nil},
	{"ems", "China Post EMS", []string{"中国邮政", "邮政快递", "邮政", "china post", "ems"}, nil},
	{"jd", "JD Logistics", []string{"京东物流", "京东快递", "京东", "jd logistics", "jd express", "jdl", "jd"}, []string{"JD"}},
}

// carrierNamed returns the known courier stored under name.
func carrierNamed(name string) (carrier, bool) {
	i := slices.IndexFunc(carriers, func(c carrier) bool { return c.name == name })
	if i < 0 {
		return carrier{}, false
	}
	return carriers[i], true
}

// Lengths of a tracking number: 8 to 30 letters and digits, at least
// minTrackingDigits of them digits, so that a word is never taken for one.
const (
	minTracking       = 8
	maxTracking       = 30
	minTrackingDigits = 6
	// maxCarrierText bounds the name of a courier the bot does not know,
	// taken from what is left of the message; anything longer is a
	// sentence, not a name.
	maxCarrierText = 20
)

var (
	// asciiRunRE finds runs of letters and digits: a tracking number may
	// touch a Chinese carrier's name ("顺丰SF1234567890").
	asciiRunRE = regexp.MustCompile(`[A-Za-z0-9]+`)
	// spacedDigitsRE finds digits written in groups ("7789 1234 5678").
	spacedDigitsRE = regexp.MustCompile(`[0-9]+(?:[ \-][0-9]+)+`)
	// labelRE finds the words people put before a number, left out of a
	// courier's name taken from the message.
	labelRE = regexp.MustCompile(`(?i)快递单号|运单号|单号|tracking\s*(?:number|no\.?)?|number|no\.|#`)
)

// parseShipment reads the courier and the tracking number from what a
// customer typed ("顺丰 SF1234567890", "ZTO: 7891 2345 6789 01"), leniently:
// full-width characters count as their ASCII forms, the number may touch
// the courier's name or be written in groups, and the courier may be named
// in Chinese or English or known by the number's letters. A courier the bot
// does not know is kept as written, when short. ok is false when there is
// no tracking number.
func parseShipment(text string) (carrierName, tracking string, ok bool) {
	s := width.Narrow.String(text)
	tracking, rest := findTracking(s)
	if tracking == "" {
		return "", "", false
	}
	if c, ok := namedCarrier(s); ok {
		return c.name, tracking, true
	}
	for _, c := range carriers {
		for _, p := range c.prefixes {
			if strings.HasPrefix(tracking, p) && len(tracking) > len(p) && isDigit(rune(tracking[len(p)])) {
				return c.name, tracking, true
			}
		}
	}
	return otherCarrier(rest), tracking, true
}

// findTracking returns the first tracking number in s, upper case, and s
// without it.
func findTracking(s string) (tracking, rest string) {
	for _, loc := range asciiRunRE.FindAllStringIndex(s, -1) {
		if run := s[loc[0]:loc[1]]; isTracking(run) {
			return strings.ToUpper(run), s[:loc[0]] + " " + s[loc[1]:]
		}
	}
	for _, loc := range spacedDigitsRE.FindAllStringIndex(s, -1) {
		if run := strings.NewReplacer(" ", "", "-", "").Replace(s[loc[0]:loc[1]]); isTracking(run) {
			return run, s[:loc[0]] + " " + s[loc[1]:]
		}
	}
	return "", s
}

// isTracking reports whether run (ASCII letters and digits) can be a
// tracking number.
func isTracking(run string) bool {
	if len(run) < minTracking || len(run) > maxTracking {
		return false
	}
	digits := 0
	for _, r := range run {
		if isDigit(r) {
			digits++
		}
	}
	return digits >= minTrackingDigits
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// namedCarrier returns the known courier s names, the one named first when
// it names several (the longest name where two start together).
func namedCarrier(s string) (carrier, bool) {
	lower := strings.ToLower(s)
	best, bestAt, bestLen := carrier{}, -1, 0
	for _, c := range carriers {
		for _, alias := range c.aliases {
			at := aliasIndex(lower, alias)
			if at < 0 {
				continue
			}
			if bestAt < 0 || at < bestAt || (at == bestAt && len(alias) > bestLen) {
				best, bestAt, bestLen = c, at, len(alias)
			}
		}
	}
	return best, bestAt >= 0
}

// aliasIndex is where alias stands in lower: anywhere for a Chinese name,
// only as a whole word for an ASCII one ("sf" is not in "transfer", nor in
// "sf1234567890", which the number's letters decide).
func aliasIndex(lower, alias string) int {
	if !isASCII(alias) {
		return strings.Index(lower, alias)
	}
	for from := 0; from < len(lower); {
		i := strings.Index(lower[from:], alias)
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(alias)
		if !wordByte(lower, i-1) && !wordByte(lower, end) {
			return i
		}
		from = i + 1
	}
	return -1
}

// wordByte reports whether s has an ASCII letter or digit at i.
func wordByte(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	b := s[i]
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// otherCarrier is the name of a courier the bot does not know, from what is
// left of the message once the number is taken out: without labels and
// punctuation, and only when it is short and has letters; else "".
func otherCarrier(rest string) string {
	rest = labelRE.ReplaceAllString(rest, " ")
	rest = strings.TrimFunc(rest, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) })
	rest = strings.Join(strings.Fields(rest), " ")
	if rest == "" || utf8.RuneCountInString(rest) > maxCarrierText || !strings.ContainsFunc(rest, unicode.IsLetter) {
		return ""
	}
	return rest
}
