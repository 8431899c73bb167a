package testworld

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// PNG is a small image that decodes as a photo, of a shade of its own.
func PNG(t testing.TB, shade uint8) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	for x := range 4 {
		for y := range 3 {
			img.Set(x, y, color.RGBA{R: shade, G: 100, B: 200, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// UserFiles has a user send the bot a photo, a second photo, a video, a
// document and a voice message, and returns them as files to send again,
// by the names "photo", "photo2", "video", "document" and "voice".
func UserFiles(t testing.TB, sim *telegramsim.Server, userID int64) map[string]send.File {
	t.Helper()
	must := func(m *models.Message, err error) *models.Message {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	p1 := must(sim.SendPhoto(userID, userID, PNG(t, 10), ""))
	p2 := must(sim.SendPhoto(userID, userID, PNG(t, 20), ""))
	v := must(sim.SendVideo(userID, userID, []byte("video bytes"), ""))
	d := must(sim.SendDocument(userID, userID, "receipt.pdf", []byte("%PDF-1.4"), ""))
	vo := must(sim.SendVoice(userID, userID, []byte("OggS voice")))
	return map[string]send.File{
		"photo":    {Kind: "photo", FileID: p1.Photo[len(p1.Photo)-1].FileID},
		"photo2":   {Kind: "photo", FileID: p2.Photo[len(p2.Photo)-1].FileID},
		"video":    {Kind: "video", FileID: v.Video.FileID},
		"document": {Kind: "document", FileID: d.Document.FileID},
		"voice":    {Kind: "voice", FileID: vo.Voice.FileID},
	}
}
