package customersim

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
)

// SamplePhoto is a small plain PNG standing in for a customer's photo.
func SamplePhoto(r, g, b uint8) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for y := 0; y < 48; y++ {
		for x := 0; x < 64; x++ {
			img.Set(x, y, color.RGBA{r, g, b, 255})
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}
