package telegramsim

import (
	"bytes"
	"context"
	"image"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// largest is the largest size of the message's photo, the one Telegram
// lists last.
func largest(m *models.Message) models.PhotoSize {
	return m.Photo[len(m.Photo)-1]
}

type size struct{ w, h int }

func sizesOf(ps []models.PhotoSize) []size {
	out := make([]size, 0, len(ps))
	for _, p := range ps {
		out = append(out, size{p.Width, p.Height})
	}
	return out
}

func sameSizes(a, b []size) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// checkPhotoFiles downloads every size of a photo and checks it is a file
// of its own whose bytes are what its PhotoSize says.
func checkPhotoFiles(ctx context.Context, t *testing.T, e *env, ps []models.PhotoSize, original []byte) {
	t.Helper()
	ids, uniques := map[string]bool{}, map[string]bool{}
	for i, p := range ps {
		if p.FileID == "" || p.FileUniqueID == "" || ids[p.FileID] || uniques[p.FileUniqueID] {
			t.Errorf("size %d = %+v: every size needs a file_id and file_unique_id of its own", i, p)
		}
		ids[p.FileID], uniques[p.FileUniqueID] = true, true
		f, err := e.bot.GetFile(ctx, &bot.GetFileParams{FileID: p.FileID})
		if err != nil {
			t.Errorf("getFile of size %d: %v", i, err)
			continue
		}
		data := download(t, e, f)
		if f.FileUniqueID != p.FileUniqueID || f.FileSize != int64(p.FileSize) || len(data) != p.FileSize {
			t.Errorf("size %d: getFile = %+v, %d bytes downloaded, want file_size %d", i, f, len(data), p.FileSize)
		}
		if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err != nil || cfg.Width != p.Width || cfg.Height != p.Height {
			t.Errorf("size %d (%dx%d) downloads as a %dx%d image, %v", i, p.Width, p.Height, cfg.Width, cfg.Height, err)
		}
	}
	if got := download(t, e, mustFile(ctx, t, e, ps[len(ps)-1].FileID)); !bytes.Equal(got, original) {
		t.Errorf("the largest size is not the photo as sent")
	}
}

func mustFile(ctx context.Context, t *testing.T, e *env, id string) *models.File {
	t.Helper()
	f, err := e.bot.GetFile(ctx, &bot.GetFileParams{FileID: id})
	if err != nil {
		t.Fatalf("getFile: %v", err)
	}
	return f
}

func TestUserPhotoArrivesInSeveralSizes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	u := e.startedUser(t, "Ann")
	img := pngImage(t, 1000, 250)
	m, err := e.sim.SendPhoto(u.ID, u.ID, img, "the crack")
	if err != nil {
		t.Fatal(err)
	}
	ctx := ctxTimeout(t)
	want := []size{{90, 23}, {320, 80}, {800, 200}, {1000, 250}}
	if got := sizesOf(m.Photo); !sameSizes(got, want) {
		t.Fatalf("photo sizes = %v, want %v: a thumbnail first, the photo as sent last", got, want)
	}
	// The bot receives the same sizes in its update.
	var ups []models.Update
	if err := jsonUnmarshal(e.call(t, "getUpdates", nil).Result, &ups); err != nil || len(ups) != 2 {
		t.Fatalf("updates: %v %v", ups, err)
	}
	if got := ups[1].Message.Photo; len(got) != len(m.Photo) || got[0] != m.Photo[0] || got[3] != m.Photo[3] {
		t.Errorf("update photo = %+v, want %+v", got, m.Photo)
	}
	checkPhotoFiles(ctx, t, e, m.Photo, img)

	// A small photo still comes with its thumbnail.
	small, err := e.sim.SendPhoto(u.ID, u.ID, pngImage(t, 64, 48), "")
	if err != nil {
		t.Fatal(err)
	}
	if got := sizesOf(small.Photo); !sameSizes(got, []size{{64, 48}, {64, 48}}) {
		t.Errorf("small photo sizes = %v, want the thumbnail and the photo", got)
	}
	// A tall photo is fitted by its height.
	tall, err := e.sim.SendPhoto(u.ID, u.ID, pngImage(t, 200, 400), "")
	if err != nil {
		t.Fatal(err)
	}
	if got := sizesOf(tall.Photo); !sameSizes(got, []size{{45, 90}, {160, 320}, {200, 400}}) {
		t.Errorf("tall photo sizes = %v", got)
	}
}

func TestBotPhotoComesBackInSeveralSizes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	u := e.startedUser(t, "Ann")
	ctx := ctxTimeout(t)
	img := pngImage(t, 400, 300)
	m, err := e.bot.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: u.ID, Photo: &models.InputFileUpload{Filename: "label.png", Data: bytes.NewReader(img)}})
	if err != nil {
		t.Fatalf("SendPhoto: %v", err)
	}
	if got := sizesOf(m.Photo); !sameSizes(got, []size{{90, 68}, {320, 240}, {400, 300}}) {
		t.Fatalf("sizes = %v", got)
	}
	checkPhotoFiles(ctx, t, e, m.Photo, img)

	// Any size's file_id sends the whole photo again.
	again, err := e.bot.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: u.ID, Photo: &models.InputFileString{Data: m.Photo[0].FileID}})
	if err != nil {
		t.Fatalf("resend by the thumbnail's file_id: %v", err)
	}
	if len(again.Photo) != len(m.Photo) || largest(again).FileUniqueID != largest(m).FileUniqueID || again.Photo[0].FileUniqueID != m.Photo[0].FileUniqueID {
		t.Errorf("resent photo = %+v, want the same sizes as %+v", again.Photo, m.Photo)
	}
	album, err := e.bot.SendMediaGroup(ctx, &bot.SendMediaGroupParams{ChatID: u.ID, Media: []models.InputMedia{
		&models.InputMediaPhoto{Media: m.Photo[1].FileID},
		&models.InputMediaPhoto{Media: "attach://p", MediaAttachment: bytes.NewReader(pngImage(t, 30, 20))},
	}})
	if err != nil {
		t.Fatalf("SendMediaGroup: %v", err)
	}
	if got := sizesOf(album[0].Photo); !sameSizes(got, sizesOf(m.Photo)) {
		t.Errorf("album photo by a size's file_id = %v", got)
	}
	if got := sizesOf(album[1].Photo); !sameSizes(got, []size{{30, 20}, {30, 20}}) {
		t.Errorf("uploaded album photo = %v", got)
	}
}

func TestUndecodablePhotoSizesShareItsBytes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	u := e.startedUser(t, "Ann")
	ctx := ctxTimeout(t)
	data := []byte("not an image")
	m, err := e.sim.SendPhoto(u.ID, u.ID, data, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := sizesOf(m.Photo); !sameSizes(got, []size{{1, 1}, {1, 1}}) || m.Photo[0].FileID == largest(m).FileID {
		t.Fatalf("photo = %+v, want a 1×1 thumbnail and the 1×1 photo", m.Photo)
	}
	for _, p := range m.Photo {
		if got := download(t, e, mustFile(ctx, t, e, p.FileID)); !bytes.Equal(got, data) || p.FileSize != len(data) {
			t.Errorf("size %+v serves %q", p, got)
		}
	}
}

func TestFitBox(t *testing.T) {
	t.Parallel()
	tests := []struct{ w, h, box, ww, wh int }{
		{1280, 960, 90, 90, 68}, {1280, 960, 320, 320, 240}, {960, 1280, 800, 600, 800},
		{50, 40, 90, 50, 40}, {90, 90, 90, 90, 90}, {5000, 10, 90, 90, 1}, {10, 5000, 320, 1, 320},
	}
	for _, tt := range tests {
		if w, h := fitBox(tt.w, tt.h, tt.box); w != tt.ww || h != tt.wh {
			t.Errorf("fitBox(%d, %d, %d) = %d×%d, want %d×%d", tt.w, tt.h, tt.box, w, h, tt.ww, tt.wh)
		}
	}
}
