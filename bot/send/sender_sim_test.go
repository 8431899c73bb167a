package send

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http/httptest"
	"testing"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim"
)

const testToken = "7000000031:sender-test-token"

// simEnv is the simulator behind HTTP and a Sender talking to it
// through the real client.
type simEnv struct {
	sim *telegramsim.Server
	out *Sender
	tg  *tgbot.Bot
}

func newSimEnv(t testing.TB, rateLimits bool) *simEnv {
	t.Helper()
	sim, err := telegramsim.New(telegramsim.Options{Token: testToken, RateLimits: rateLimits})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	ts := httptest.NewServer(sim)
	t.Cleanup(ts.Close)
	tg, err := tgbot.New(testToken, tgbot.WithServerURL(ts.URL), tgbot.WithSkipGetMe(), tgbot.WithErrorsHandler(func(error) {}))
	if err != nil {
		t.Fatal(err)
	}
	return &simEnv{sim: sim, out: New(tg, nil), tg: tg}
}

// testPNG is a small image that decodes as a photo.
func testPNG(t testing.TB, shade uint8) []byte {
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

// userFiles has a user send the bot a photo, a second photo, a video, a
// document and a voice message, and returns them as files to send again.
func userFiles(t testing.TB, sim *telegramsim.Server, userID int64) map[string]File {
	t.Helper()
	must := func(m *models.Message, err error) *models.Message {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	p1 := must(sim.SendPhoto(userID, userID, testPNG(t, 10), ""))
	p2 := must(sim.SendPhoto(userID, userID, testPNG(t, 20), ""))
	v := must(sim.SendVideo(userID, userID, []byte("video bytes"), ""))
	d := must(sim.SendDocument(userID, userID, "receipt.pdf", []byte("%PDF-1.4"), ""))
	vo := must(sim.SendVoice(userID, userID, []byte("OggS voice")))
	return map[string]File{
		"photo":    {Kind: "photo", FileID: p1.Photo[len(p1.Photo)-1].FileID},
		"photo2":   {Kind: "photo", FileID: p2.Photo[len(p2.Photo)-1].FileID},
		"video":    {Kind: "video", FileID: v.Video.FileID},
		"document": {Kind: "document", FileID: d.Document.FileID},
		"voice":    {Kind: "voice", FileID: vo.Voice.FileID},
	}
}

// botEntries returns the bot's messages in a chat, service messages left
// out.
func botEntries(sim *telegramsim.Server, chatID int64) []telegramsim.Entry {
	var out []telegramsim.Entry
	for _, e := range sim.Transcript(chatID) {
		m := e.Message
		if e.FromBot && m.ForumTopicCreated == nil && m.ForumTopicClosed == nil && m.ForumTopicReopened == nil && m.ForumTopicEdited == nil {
			out = append(out, e)
		}
	}
	return out
}
