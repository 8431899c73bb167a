package conversation

import "testing"

func TestCleanText(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, in, want string
		blank          bool
		runes          int
	}{
		{"plain", "  The zip broke  ", "The zip broke", false, 13},
		{"zero-width only", "\u200b\u200b\ufeff\u2060", "", true, 0},
		{"zero-width joiner alone is blank", "\u200d", "\u200d", true, 1},
		{"zero-width space inside", "zi\u200bp", "zip", false, 3},
		{"emoji sequence kept whole", "👨\u200d👩\u200d👧 broke it", "👨\u200d👩\u200d👧 broke it", false, 14},
		{"flag with tag characters kept", "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", false, 7},
		{"right-to-left text kept", "המוצר שבור", "המוצר שבור", false, 10},
		{"bidi override dropped", "\u202egnorw", "gnorw", false, 5},
		{"control characters dropped", "a\x00b\x07c", "abc", false, 3},
		{"newlines kept", "line one\nline two", "line one\nline two", false, 17},
		{"Chinese", "拉链坏了", "拉链坏了", false, 4},
		{"invalid UTF-8 dropped", "ok\xff", "ok", false, 2},
	}
	for _, tc := range cases {
		got := cleanText(tc.in)
		if got != tc.want || blank(got) != tc.blank || runes(got) != tc.runes {
			t.Errorf("%s: cleanText(%q) = %q (blank %v, %d runes); want %q (blank %v, %d runes)",
				tc.name, tc.in, got, blank(got), runes(got), tc.want, tc.blank, tc.runes)
		}
	}
}
