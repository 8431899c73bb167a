// Package chart renders the owner's report charts as PNG pictures: plain
// numbers and the labels to show with them in, a picture out. It knows
// nothing of tickets; the caller names every series and writes every label
// in the reader's language. Text is drawn in an embedded font that has CJK
// glyphs (font.go).
package chart

import (
	"bytes"
	"errors"
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Stacked is a bar chart of one bar per period (a day), each stacked from
// series (categories), with marks over the bars that something went wrong
// on (missed deadlines).
type Stacked struct {
	Title string
	// Bars are the labels under the bars, in order.
	Bars []string
	// Series are the stacks, bottom first; each has one value per bar.
	Series []Series
	// Marks counts per bar what MarkLabel names; a bar with a count above
	// zero is marked over its top with the count.
	Marks     []int
	MarkLabel string
	// YLabel names the bars' unit.
	YLabel string
	// Width and Height are the picture's size in pixels; zero means
	// DefaultWidth by DefaultHeight.
	Width, Height int
}

// Series is one stack of a Stacked chart.
type Series struct {
	Name   string
	Values []float64
}

// The picture's size when the chart sets none: wide enough for a month of
// bars, and in Telegram's photo proportions.
const (
	DefaultWidth  = 1200
	DefaultHeight = 720
)

// Labels lists every text the chart draws, to check against the font.
func (s Stacked) Labels() []string {
	out := append([]string{s.Title, s.MarkLabel, s.YLabel}, s.Bars...)
	for _, sr := range s.Series {
		out = append(out, sr.Name)
	}
	return out
}

// PNG renders the chart.
func (s Stacked) PNG() ([]byte, error) {
	if len(s.Bars) == 0 {
		return nil, errors.New("chart: no bars")
	}
	for _, sr := range s.Series {
		if len(sr.Values) != len(s.Bars) {
			return nil, fmt.Errorf("chart: series %q has %d values for %d bars", sr.Name, len(sr.Values), len(s.Bars))
		}
	}
	if len(s.Marks) != 0 && len(s.Marks) != len(s.Bars) {
		return nil, fmt.Errorf("chart: %d marks for %d bars", len(s.Marks), len(s.Bars))
	}
	w, h := s.Width, s.Height
	if w <= 0 || h <= 0 {
		w, h = DefaultWidth, DefaultHeight
	}
	p, err := s.plot(w)
	if err != nil {
		return nil, err
	}
	// At 72 dots per inch a point is a pixel.
	canvas := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(vg.Length(w), vg.Length(h)), vgimg.UseDPI(pointsPerInch))}
	p.Draw(draw.Crop(draw.New(canvas), margin, -margin, margin, -margin))
	var buf bytes.Buffer
	if _, err := canvas.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart: encode png: %w", err)
	}
	return buf.Bytes(), nil
}

// plot builds the gonum plot: the stacked bars, the marks, the legend.
func (s Stacked) plot(width int) (*plot.Plot, error) {
	hdlr, err := handler()
	if err != nil {
		return nil, err
	}
	p := plot.New()
	useFont(p, hdlr)
	p.Title.Text = s.Title
	p.Y.Label.Text = s.YLabel
	p.Y.Min = 0
	p.Y.Tick.Marker = integerTicks{}
	p.NominalX(s.Bars...)
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.Padding = vg.Points(4)
	// Half a bar's room left of the first and right of the last.
	p.X.Min, p.X.Max = -0.5, float64(len(s.Bars))-0.5

	barWidth := vg.Length(float64(width-4*margin) / float64(len(s.Bars)) * 0.6)
	tops := make([]float64, len(s.Bars))
	var below *plotter.BarChart
	for i, sr := range s.Series {
		bars, err := plotter.NewBarChart(plotter.Values(sr.Values), barWidth)
		if err != nil {
			return nil, fmt.Errorf("chart: series %q: %w", sr.Name, err)
		}
		bars.Color = palette[i%len(palette)]
		bars.LineStyle.Width = 0
		if below != nil {
			bars.StackOn(below)
		}
		below = bars
		p.Add(bars)
		p.Legend.Add(sr.Name, bars)
		for j, v := range sr.Values {
			tops[j] += v
		}
	}
	if err := s.addMarks(p, tops); err != nil {
		return nil, err
	}
	// Room over the tallest bar for its mark and the legend.
	top := 1.0
	for _, t := range tops {
		top = max(top, t)
	}
	p.Y.Max = top*1.25 + 1
	return p, nil
}

// pointsPerInch makes the canvas's points its pixels.
const pointsPerInch = 72

// margin keeps the title and the outer bars off the picture's edges.
const margin = 16
