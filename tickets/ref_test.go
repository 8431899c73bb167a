package tickets_test

import (
	"bytes"
	"crypto/rand"
	"regexp"
	"testing"

	"github.com/complaintbot/complaintbot/tickets"
)

var refRE = regexp.MustCompile(`^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{3}-[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{3}$`)

// Each random byte picks one letter of the unambiguous alphabet.
func TestNewRefFromBytes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   []byte
		want string
	}{
		{[]byte{0, 1, 2, 3, 4, 5}, "ABC-DEF"},
		{[]byte{31, 30, 29, 28, 27, 26}, "987-654"},
		{[]byte{32, 64, 96, 128, 160, 255}, "AAA-AA9"},
	} {
		got, err := tickets.NewRef(bytes.NewReader(tc.in))
		if err != nil || got != tc.want {
			t.Errorf("NewRef(%v) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if _, err := tickets.NewRef(bytes.NewReader([]byte{1, 2})); err == nil {
		t.Error("NewRef on 2 bytes of randomness succeeded")
	}
}

// Drawn references are well formed, never contain 0, O, 1 or I, and every
// place of the reference takes every symbol of the alphabet over a few
// thousand draws. (Two draws may repeat — one run in seventy would see it
// in 5000 — which filing handles by drawing again; it is not tested here.)
func TestNewRefRandom(t *testing.T) {
	t.Parallel()
	const symbols = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	seen := map[[2]int]bool{}
	for range 5000 {
		ref, err := tickets.NewRef(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if !refRE.MatchString(ref) {
			t.Fatalf("reference %q is not like K7M-4QX", ref)
		}
		for i, c := range ref {
			seen[[2]int{i, int(c)}] = true
		}
	}
	for i := range 7 {
		if i == 3 {
			continue // the dash
		}
		for _, c := range symbols {
			if !seen[[2]int{i, int(c)}] {
				// (1-1/32)^5000 per symbol and place: never, unless the
				// draw is biased.
				t.Errorf("place %d never took %q in 5000 draws", i, c)
			}
		}
	}
}

func TestNormalizeRef(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"K7M-4QX", "K7M-4QX", true},
		{"k7m4qx", "K7M-4QX", true},
		{" k7m 4qx\t", "K7M-4QX", true},
		{"K7M-4Q", "", false},
		{"K7M-4QXA", "", false},
		{"K7O-4QX", "", false}, // O is never in a reference
		{"K70-4QX", "", false},
		{"K7I-4QX", "", false},
		{"K71-4QX", "", false},
		{"K7M—4QX", "", false},
		{"", "", false},
		{"'; DROP TABLE tickets; --", "", false},
	} {
		got, ok := tickets.NormalizeRef(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("NormalizeRef(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
