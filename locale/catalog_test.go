package locale

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func newCatalog(t *testing.T) *Catalog {
	t.Helper()
	c, err := New(WithClock(func() time.Time { return time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC) }))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// Every key exists in every language, so no customer ever reads a raw key
// because a translation was forgotten.
func TestEveryKeyInEveryLanguage(t *testing.T) {
	t.Parallel()
	c := newCatalog(t)
	langs := Languages()
	for _, a := range langs {
		for _, b := range langs {
			for _, key := range c.Keys(a) {
				if !c.Has(b, key) {
					t.Errorf("%s is in %s but not in %s", key, a, b)
				}
			}
		}
	}
	if len(c.Keys("en")) == 0 {
		t.Fatal("the catalogue is empty")
	}
}

var paramRE = regexp.MustCompile(`\.([A-Za-z_][A-Za-z0-9_]*)`)

// Both languages of a text use the same parameters: a translation that
// drops {{.max}} would hide the limit from its readers.
func TestSameParamsInEveryLanguage(t *testing.T) {
	t.Parallel()
	files, err := files.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]map[string]string{} // key → lang → source
	for _, f := range files {
		area, lang, ok := splitName(f.Name())
		if !ok {
			t.Fatalf("%s: bad name", f.Name())
		}
		data, _ := fsRead(f.Name())
		for key, src := range flatYAML(t, data) {
			if !strings.HasPrefix(key, area+".") {
				t.Errorf("%s: %s outside its area", f.Name(), key)
			}
			if texts[key] == nil {
				texts[key] = map[string]string{}
			}
			texts[key][lang] = src
		}
	}
	for key, byLang := range texts {
		want := paramsOf(byLang["en"], "en")
		for lang, src := range byLang {
			if got := paramsOf(src, lang); !slices.Equal(got, want) {
				t.Errorf("%s: %s uses %v, en uses %v", key, lang, got, want)
			}
		}
	}
}

// paramsOf lists the parameters a text uses. A parameter ending in the
// text's own language ("parts_zh" in Chinese) is a per-language value and
// counts as "parts_<lang>".
func paramsOf(src, lang string) []string {
	var out []string
	for _, action := range regexp.MustCompile(`\{\{(.*?)\}\}`).FindAllStringSubmatch(src, -1) {
		for _, m := range paramRE.FindAllStringSubmatch(action[1], -1) {
			p := m[1]
			if strings.HasSuffix(p, "_"+lang) {
				p = strings.TrimSuffix(p, lang) + "<lang>"
			}
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	slices.Sort(out)
	return out
}

func TestText(t *testing.T) {
	t.Parallel()
	c := newCatalog(t)
	cases := []struct {
		name, lang, key string
		params          map[string]any
		want            string
	}{
		{"parameter", "en", "conversation.too_long", map[string]any{"max": 1000, "got": "10000"},
			"That's too long for this answer: 10000 characters, and the limit is 1000. Could you shorten it?"},
		{"parameter in Chinese", "zh", "conversation.summary.order", map[string]any{"order": "SO20261120"}, "订单号：SO20261120"},
		{"date this year", "en", "conversation.summary.date", map[string]any{"date": "2026-11-17"}, "Bought or delivered: 17 Nov"},
		{"date another year in Chinese", "zh", "conversation.summary.date", map[string]any{"date": "2025-11-17"}, "购买或收货日期：2025年11月17日"},
		{"language code read through Match", "zh-Hans-CN", "conversation.ok", nil, "好的。"},
		{"unknown language is English", "fr", "conversation.ok", nil, "All right."},
		{"missing key comes back as the key", "en", "conversation.no_such_key", nil, "conversation.no_such_key"},
		{"missing parameter renders as nothing", "en", "conversation.welcome", nil,
			"Hello! I'm sorry something isn't right with your purchase — let's sort it out together. I'll ask a few short questions (about two minutes), and then our after-sales team takes it from there."},
		{"parameter text is not interpreted", "en", "conversation.summary.description", map[string]any{"text": "{{.x}} <b>&"}, "Description: {{.x}} <b>&"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.Text(tc.lang, tc.key, tc.params); got != tc.want {
				t.Errorf("Text(%s, %s) = %q, want %q", tc.lang, tc.key, got, tc.want)
			}
		})
	}
}

// htmlRE matches what Telegram's HTML allows in a text: its tags and entities.
var htmlRE = regexp.MustCompile(`</?(b|strong|i|em|u|ins|s|strike|del|code|pre|blockquote|tg-spoiler)>|<a href="[^"<>]*">|</a>|&(lt|gt|amp|quot|#[0-9]+);`)

// Texts are sent as Telegram HTML: a stray <, > or & would make Telegram
// refuse the whole message.
func TestTextsAreValidTelegramHTML(t *testing.T) {
	t.Parallel()
	c := newCatalog(t)
	for _, lang := range Languages() {
		for _, key := range c.Keys(lang) {
			if s := htmlRE.ReplaceAllString(c.Text(lang, key, nil), ""); strings.ContainsAny(s, "<>&") {
				t.Errorf("%s %s: %q has a bare <, > or &", lang, key, s)
			}
		}
	}
}

// No text renders empty or leaves a template action or "<no value>" behind,
// with or without parameters.
func TestNoTextRendersEmpty(t *testing.T) {
	t.Parallel()
	c := newCatalog(t)
	for _, lang := range Languages() {
		for _, key := range c.Keys(lang) {
			for _, p := range []map[string]any{nil, {"count": "3", "max": "10", "date": "2026-11-01"}} {
				got := c.Text(lang, key, p)
				if strings.TrimSpace(got) == "" || got == key || strings.Contains(got, "{{") || strings.Contains(got, "no value") {
					t.Errorf("%s %s renders %q", lang, key, got)
				}
			}
		}
	}
}

func TestLoadRefusesBadFiles(t *testing.T) {
	t.Parallel()
	cases := map[string]fstest.MapFS{
		"unknown language": {"conversation.fr.yaml": {Data: []byte(`conversation.a: "x"`)}},
		"no language":      {"conversation.yaml": {Data: []byte(`conversation.a: "x"`)}},
		"key outside area": {"tickets.en.yaml": {Data: []byte(`conversation.a: "x"`)}},
		"empty text":       {"tickets.en.yaml": {Data: []byte(`tickets.a: ""`)}},
		"broken template":  {"tickets.en.yaml": {Data: []byte(`tickets.a: "{{.x"`)}},
		"unknown function": {"tickets.en.yaml": {Data: []byte(`tickets.a: "{{shout .x}}"`)}},
		"not YAML":         {"tickets.en.yaml": {Data: []byte("tickets.a: [")}},
		"key in two files": {"a.en.yaml": {Data: []byte(`a.x: "1"`)}, "b.en.yaml": {Data: []byte(`a.x: "2"`)}},
	}
	for name, fsys := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := load(fsys); err == nil {
				t.Fatal("load succeeded, want an error")
			}
		})
	}
}

// Every area's files are loaded, whatever the area is called.
func TestLoadEveryArea(t *testing.T) {
	t.Parallel()
	c, err := load(fstest.MapFS{
		"tickets.en.yaml": {Data: []byte(`tickets.ack: "Your reference is {{.ref}}."`)},
		"tickets.zh.yaml": {Data: []byte(`tickets.ack: "受理编号：{{.ref}}。"`)},
		"bot.en.yaml":     {Data: []byte(`bot.slow_down: "Please slow down a little."`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Text("zh", "tickets.ack", map[string]any{"ref": "K7M-4QX"}); got != "受理编号：K7M-4QX。" {
		t.Errorf("tickets.ack = %q", got)
	}
	if got := c.Text("zh", "bot.slow_down", nil); got != "Please slow down a little." {
		t.Errorf("a key missing in zh should fall back to English, got %q", got)
	}
}
