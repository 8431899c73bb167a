package tickets

import (
	"crypto/rand"
	"fmt"
	"io"
	"strings"
)

// refAlphabet has no 0/O or 1/I, so a reference read aloud on the phone
// cannot be misheard or mistyped. Its 32 letters make each character five
// random bits.
const refAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// refLen is how many characters a reference has: 32^6 ≈ 10^9 references, so
// a collision (retried) is rare even for a busy shop.
const refLen = 6

// newRef draws a reference such as "K7M-4QX" from r (crypto/rand in
// production). It is random, so it says nothing about how many tickets exist.
func newRef(r io.Reader) (string, error) {
	var b [refLen]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", fmt.Errorf("tickets: draw reference: %w", err)
	}
	out := make([]byte, 0, refLen+1)
	for i, c := range b {
		if i == refLen/2 {
			out = append(out, '-')
		}
		// 256 is a multiple of 32, so taking the low five bits is unbiased.
		out = append(out, refAlphabet[c%byte(len(refAlphabet))])
	}
	return string(out), nil
}

// randomRef draws a reference from crypto/rand.
func randomRef() (string, error) { return newRef(rand.Reader) }

// NormalizeRef turns what a person typed ("k7m4qx", " K7M-4QX ", "k7m 4qx")
// into the stored form "K7M-4QX". It reports false when the text is not a
// well-formed reference, for instance when it holds O, 0, I or 1, which no
// reference contains: guessing which was meant could name another ticket.
func NormalizeRef(s string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			continue
		case r < 128 && strings.IndexByte(refAlphabet, byte(r)) >= 0:
			b.WriteRune(r)
		default:
			return "", false
		}
	}
	raw := b.String()
	if len(raw) != refLen {
		return "", false
	}
	return raw[:refLen/2] + "-" + raw[refLen/2:], true
}
