package locale

import "testing"

func TestMatch(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"zh": "zh", "zh-hans": "zh", "zh-CN": "zh", "zh-Hans-CN": "zh", "ZH-cn": "zh", "zh-TW": "zh", "zh_CN": "zh",
		"en": "en", "en-US": "en", "ru": "en", "": "en", "zu": "en", "z": "en", "zhx": "en",
	}
	for code, want := range cases {
		if got := Match(code); got != want {
			t.Errorf("Match(%q) = %q, want %q", code, got, want)
		}
	}
}
