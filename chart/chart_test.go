package chart_test

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"testing"

	"gonum.org/v1/plot/font/liberation"

	"github.com/complaintbot/complaintbot/chart"
)

// week is a week of tickets in two categories with misses on two days.
func week(title, yLabel, marks string, names ...string) chart.Stacked {
	return chart.Stacked{
		Title:  title,
		Bars:   []string{"11-16", "11-17", "11-18", "11-19", "11-20", "11-21", "11-22"},
		Series: []chart.Series{{Name: names[0], Values: []float64{1, 3, 0, 2, 0, 0, 1}}, {Name: names[1], Values: []float64{0, 1, 2, 0, 0, 0, 4}}},
		Marks:  []int{0, 1, 0, 0, 2, 0, 0}, MarkLabel: marks, YLabel: yLabel,
	}
}

// decode checks the PNG decodes at the chart's size and that the plot
// area has more than the white background: the bars were drawn.
func decode(t *testing.T, data []byte, w, h int) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Fatalf("size %dx%d, want %dx%d", b.Dx(), b.Dy(), w, h)
	}
	inked := 0
	for y := h / 4; y < h*9/10; y++ {
		for x := w / 10; x < w*9/10; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if r < 0xf000 || g < 0xf000 || b < 0xf000 {
				inked++
			}
		}
	}
	if area := (w * 8 / 10) * (h * 13 / 20); inked < area/50 {
		t.Errorf("only %d of %d pixels in the plot area are not background", inked, area)
	}
	return img
}

func TestStackedPNG(t *testing.T) {
	t.Parallel()
	c := week("Tickets per day, 16–22 Nov", "tickets", "missed deadlines", "Apparel", "Shoes")
	data, err := c.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img := decode(t, data, chart.DefaultWidth, chart.DefaultHeight)
	if n := redPixels(img); n < 50 {
		t.Errorf("%d red pixels: the missed deadlines are not marked", n)
	}
	c.Marks = nil
	if data, err = c.PNG(); err != nil {
		t.Fatal(err)
	}
	if n := redPixels(decode(t, data, chart.DefaultWidth, chart.DefaultHeight)); n != 0 {
		t.Errorf("%d red pixels on a chart without misses", n)
	}

	c.Width, c.Height = 600, 400
	if data, err = c.PNG(); err != nil {
		t.Fatal(err)
	}
	decode(t, data, 600, 400)
	if os.Getenv("CHART_OUT") != "" {
		_ = os.WriteFile(os.Getenv("CHART_OUT")+"/en.png", data, 0o644)
	}
}

// Chinese labels are drawn with real glyphs: every rune of every label is
// in the chart's font, which gonum/plot's own font is not.
func TestStackedChinese(t *testing.T) {
	t.Parallel()
	c := week("每日工单（11月16日–22日）", "工单数", "超时未处理", "服装", "鞋类")
	for _, l := range c.Labels() {
		missing, err := chart.Missing(l)
		if err != nil {
			t.Fatal(err)
		}
		if len(missing) != 0 {
			t.Errorf("no glyph for %q in %q", missing, l)
		}
	}
	data, err := c.PNG()
	if err != nil {
		t.Fatal(err)
	}
	decode(t, data, chart.DefaultWidth, chart.DefaultHeight)
	if os.Getenv("CHART_OUT") != "" {
		_ = os.WriteFile(os.Getenv("CHART_OUT")+"/zh.png", data, 0o644)
	}

	// The check would catch tofu: gonum/plot's default font has no 工.
	for _, f := range liberation.Collection() {
		if i, _ := f.Face.GlyphIndex(nil, '工'); i != 0 {
			t.Errorf("%s has a glyph for 工: the check above proves nothing", f.Font.Typeface)
		}
	}
	if missing, _ := chart.Missing("工单 🧦"); len(missing) != 1 || missing[0] != '🧦' {
		t.Errorf("Missing(工单 🧦) = %q, want the sock only", missing)
	}
}

func TestStackedRefusesMismatch(t *testing.T) {
	t.Parallel()
	c := week("t", "y", "m", "a", "b")
	c.Series[1].Values = c.Series[1].Values[:3]
	if _, err := c.PNG(); err == nil {
		t.Error("a series shorter than the bars rendered")
	}
	if _, err := (chart.Stacked{}).PNG(); err == nil {
		t.Error("a chart without bars rendered")
	}
}

// redPixels counts the pixels of the marks' red (and its antialiased
// edges): strongly red, little green or blue. No series is drawn in it.
func redPixels(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r > 0xc000 && g < 0x6000 && bl < 0x6000 {
				n++
			}
		}
	}
	return n
}
