package telegramsim

import (
	"bytes"
	"image"
	"image/draw"
	"image/jpeg"

	"github.com/go-telegram/bot/models"
)

// photoBoxes are the boxes Telegram fits a photo's smaller sizes into (its
// size types s, m, x and y): the longer side of each is at most that many
// pixels. Every photo gets the first, a thumbnail; the others only when
// the photo is larger than the box.
var photoBoxes = []int{90, 320, 800, 1280}

// thumbQuality is the JPEG quality of the smaller sizes.
const thumbQuality = 80

// fitBox scales w×h down, keeping its shape, so that neither side exceeds
// box; it never scales up.
func fitBox(w, h, box int) (int, int) {
	if w <= box && h <= box {
		return w, h
	}
	if w >= h {
		return box, max(1, (h*box+w/2)/w)
	}
	return max(1, (w*box+h/2)/h), box
}

// addPhotoSizes gives photo f its smaller sizes, smallest first, as
// Telegram makes them when a photo is sent: each is a file of its own with
// its own file_id and file_unique_id. img is the decoded photo; when it is
// nil (the data is no PNG, JPEG or GIF) every size serves the photo's own
// bytes under the smaller width and height, which Telegram never does but
// no bot can tell without decoding the file. Telegram also re-encodes the
// largest size as JPEG and caps it at 2560 pixels; the simulator keeps the
// photo as it was sent, so that a test downloads exactly what it uploaded.
func addPhotoSizes(f *fileRec, img image.Image) {
	long := max(f.width, f.height)
	src := img
	// Largest box first, each size shrunk from the one before: cheaper
	// than shrinking the whole photo every time.
	var sizes []*fileRec
	for i := len(photoBoxes) - 1; i >= 0; i-- {
		box := photoBoxes[i]
		if i > 0 && box >= long {
			continue
		}
		w, h := fitBox(f.width, f.height, box)
		s := &fileRec{kind: kindPhoto, photo: f, width: w, height: h, data: f.data, mime: f.mime}
		s.id, s.uniqueID = newFileIDs(kindPhoto)
		if src != nil {
			small := shrink(src, w, h)
			var buf bytes.Buffer
			if err := jpeg.Encode(&buf, small, &jpeg.Options{Quality: thumbQuality}); err == nil {
				s.data, s.mime = buf.Bytes(), "image/jpeg"
				src = small
			}
		}
		sizes = append([]*fileRec{s}, sizes...)
	}
	f.sizes = sizes
}

// shrink scales src down to w×h, each pixel the average of the source
// pixels it covers.
func shrink(src image.Image, w, h int) *image.RGBA {
	rgba, ok := src.(*image.RGBA)
	if !ok {
		// One conversion, which image/draw does fast for the decoders'
		// image types, rather than a color.Color per source pixel.
		rgba = image.NewRGBA(src.Bounds())
		draw.Draw(rgba, rgba.Rect, src, src.Bounds().Min, draw.Src)
	}
	b := rgba.Rect
	sw, sh := b.Dx(), b.Dy()
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		y0 := b.Min.Y + y*sh/h
		y1 := max(b.Min.Y+(y+1)*sh/h, y0+1)
		for x := range w {
			x0 := b.Min.X + x*sw/w
			x1 := max(b.Min.X+(x+1)*sw/w, x0+1)
			var r, g, bl, a, n uint32
			for sy := y0; sy < y1; sy++ {
				row := rgba.Pix[rgba.PixOffset(x0, sy):rgba.PixOffset(x1, sy)]
				for i := 0; i < len(row); i += 4 {
					r, g, bl, a = r+uint32(row[i]), g+uint32(row[i+1]), bl+uint32(row[i+2]), a+uint32(row[i+3])
					n++
				}
			}
			p := dst.Pix[dst.PixOffset(x, y):]
			p[0], p[1], p[2], p[3] = uint8(r/n), uint8(g/n), uint8(bl/n), uint8(a/n)
		}
	}
	return dst
}

// photoSizes is a photo as a message carries it: every size, smallest
// first and the photo itself last.
func photoSizes(f *fileRec) []models.PhotoSize {
	out := make([]models.PhotoSize, 0, len(f.sizes)+1)
	for _, s := range append(f.sizes[:len(f.sizes):len(f.sizes)], f) {
		out = append(out, models.PhotoSize{FileID: s.id, FileUniqueID: s.uniqueID, Width: s.width, Height: s.height, FileSize: len(s.data)})
	}
	return out
}
