package customersim

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"sync"
)

// SamplePhoto is a small plain PNG standing in for a customer's photo.
func SamplePhoto(r, g, b uint8) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for y := 0; y < 48; y++ {
		for x := 0; x < 64; x++ {
			img.SetRGBA(x, y, color.RGBA{r, g, b, 255})
		}
	}
	var buf bytes.Buffer
	_ = photoEncoder.Encode(&buf, img)
	return buf.Bytes()
}

// photoEncoder reuses its compressor: a new one is most of a megabyte to
// allocate and clear, which with a thousand customers' photos was about 3%
// of a load run's CPU samples.
var photoEncoder = png.Encoder{BufferPool: &photoBuffers{}}

type photoBuffers struct{ pool sync.Pool }

func (b *photoBuffers) Get() *png.EncoderBuffer {
	e, _ := b.pool.Get().(*png.EncoderBuffer)
	return e
}

func (b *photoBuffers) Put(e *png.EncoderBuffer) { b.pool.Put(e) }
