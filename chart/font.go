package chart

import (
	_ "embed"
	"fmt"
	"sync"

	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
)

// wqyMicroHei is WenQuanYi Micro Hei 0.2.0-beta (Debian's
// fonts-wqy-microhei), used under its Apache-2.0 licence (font/README.md):
// the proportional face of the package's collection, saved as a single
// font by fontTools, which lays its tables on the four-byte boundaries
// that golang.org/x/image's parser insists on and the collection misses.
// gonum/plot's own fonts (Liberation) have no CJK glyphs, so a Chinese
// chart would show empty boxes; this one font has both Latin and CJK
// glyphs, so a label mixing them ("11-16 工单") is drawn whole. It is
// embedded rather than looked up on the machine so that the service renders
// the same chart wherever it runs, with no font package to install.
//
//go:embed font/wqy-microhei.ttf
var wqyMicroHei []byte

// typeface names the embedded font in the plot's font cache.
const typeface font.Typeface = "WenQuanYi Micro Hei"

// face is the parsed font, read once.
var face = sync.OnceValues(func() (*opentype.Font, error) {
	f, err := opentype.Parse(wqyMicroHei)
	if err != nil {
		return nil, fmt.Errorf("chart: parse the embedded font: %w", err)
	}
	return f, nil
})

// handler draws text in the embedded font, with a cache of its own, so that
// rendering a chart changes nothing global in gonum/plot.
func handler() (text.Handler, error) {
	f, err := face()
	if err != nil {
		return nil, err
	}
	cache := font.NewCache(font.Collection{{Font: font.Font{Typeface: typeface}, Face: f}})
	return text.Plain{Fonts: cache}, nil
}

// Missing returns the runes of s that the chart's font has no glyph for,
// which would be drawn as empty boxes ("tofu"); spaces and line breaks
// never count.
func Missing(s string) ([]rune, error) {
	f, err := face()
	if err != nil {
		return nil, err
	}
	return missingIn(f, s), nil
}

func missingIn(f *sfnt.Font, s string) []rune {
	var buf sfnt.Buffer
	var out []rune
	for _, r := range s {
		if r == ' ' || r == '\n' {
			continue
		}
		if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
			out = append(out, r)
		}
	}
	return out
}
