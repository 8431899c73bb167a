package chart

import (
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// markColor is the marks' red: what went wrong stands out of the bars.
var markColor = color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}

// palette colours the series, bottom first; red is left to the marks.
var palette = []color.Color{
	color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff},
	color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff},
	color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff},
	color.RGBA{R: 0x94, G: 0x67, B: 0xbd, A: 0xff},
	color.RGBA{R: 0x8c, G: 0x56, B: 0x4b, A: 0xff},
	color.RGBA{R: 0xe3, G: 0x77, B: 0xc2, A: 0xff},
	color.RGBA{R: 0x7f, G: 0x7f, B: 0x7f, A: 0xff},
	color.RGBA{R: 0xbc, G: 0xbd, B: 0x22, A: 0xff},
	color.RGBA{R: 0x17, G: 0xbe, B: 0xcf, A: 0xff},
}

// addMarks puts a red pyramid (a filled triangle) with the count over each bar that has
// marks, and names them in the legend.
func (s Stacked) addMarks(p *plot.Plot, tops []float64) error {
	var pts plotter.XYs
	var labels []string
	for i, n := range s.Marks {
		if n > 0 {
			pts = append(pts, plotter.XY{X: float64(i), Y: tops[i] + 0.4})
			labels = append(labels, strconv.Itoa(n))
		}
	}
	if len(pts) == 0 {
		return nil
	}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return err
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: markColor, Radius: vg.Points(6), Shape: draw.PyramidGlyph{}}
	p.Add(sc)
	p.Legend.Add(s.MarkLabel, sc)
	counts, err := plotter.NewLabels(plotter.XYLabels{XYs: pts, Labels: labels})
	if err != nil {
		return err
	}
	for i := range counts.TextStyle {
		counts.TextStyle[i].Color = markColor
		counts.TextStyle[i].Handler = p.TextHandler
		counts.TextStyle[i].Font = p.Legend.TextStyle.Font
		counts.TextStyle[i].XAlign = draw.XCenter
		counts.Offset = vg.Point{Y: 9}
	}
	p.Add(counts)
	return nil
}

// useFont makes every text of p drawn by h, in the embedded font.
func useFont(p *plot.Plot, h text.Handler) {
	p.TextHandler = h
	for _, st := range []*text.Style{&p.Title.TextStyle, &p.X.Label.TextStyle, &p.Y.Label.TextStyle,
		&p.X.Tick.Label, &p.Y.Tick.Label, &p.Legend.TextStyle} {
		st.Handler = h
		st.Font.Typeface, st.Font.Variant = typeface, ""
	}
	p.Title.TextStyle.Font.Size = vg.Points(20)
	p.Legend.TextStyle.Font.Size = vg.Points(14)
	p.X.Tick.Label.Font.Size = vg.Points(12)
	p.Y.Tick.Label.Font.Size = vg.Points(12)
	p.Y.Label.TextStyle.Font.Size = vg.Points(14)
}

// integerTicks marks whole numbers only: tickets come in ones.
type integerTicks struct{}

func (integerTicks) Ticks(min, max float64) []plot.Tick {
	step := math.Max(1, math.Ceil((max-min)/8))
	var out []plot.Tick
	for v := math.Ceil(min); v <= max; v += step {
		out = append(out, plot.Tick{Value: v, Label: strconv.Itoa(int(v))})
	}
	return out
}
