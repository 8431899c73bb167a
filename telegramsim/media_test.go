package telegramsim

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func download(t *testing.T, e *env, f *models.File) []byte {
	t.Helper()
	resp, err := http.Get(e.bot.FileDownloadLink(f))
	if err != nil {
		t.Fatalf("download: %v", err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("download %s: %d %s", f.FilePath, resp.StatusCode, data)
	}
	return data
}

func TestSendPhotoUploadResendAndDownload(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	u := e.startedUser(t, "Ann")
	ctx := ctxTimeout(t)
	img := pngImage(t, 64, 48)
	m, err := e.bot.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: u.ID, Caption: "receipt", Photo: &models.InputFileUpload{Filename: "r.png", Data: bytes.NewReader(img)}})
	if err != nil {
		t.Fatalf("SendPhoto: %v", err)
	}
	if len(m.Photo) == 0 || largest(m).Width != 64 || largest(m).Height != 48 || largest(m).FileID == "" || m.Caption != "receipt" {
		t.Fatalf("photo message = %+v", m)
	}
	again, err := e.bot.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: u.ID, Photo: &models.InputFileString{Data: largest(m).FileID}})
	if err != nil || largest(again).FileUniqueID != largest(m).FileUniqueID {
		t.Fatalf("resend by file_id = %+v, %v", again, err)
	}
	f, err := e.bot.GetFile(ctx, &bot.GetFileParams{FileID: largest(m).FileID})
	if err != nil || f.FilePath == "" || f.FileSize != int64(len(img)) {
		t.Fatalf("GetFile = %+v, %v", f, err)
	}
	if got := download(t, e, f); !bytes.Equal(got, img) {
		t.Errorf("downloaded %d bytes, want the %d uploaded", len(got), len(img))
	}
	_, err = e.bot.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: u.ID, Photo: &models.InputFileString{Data: "AgACnotafile"}})
	if !errors.Is(err, bot.ErrorBadRequest) || !contains(err.Error(), "wrong file identifier/HTTP URL specified") {
		t.Errorf("unknown file_id: %v", err)
	}
	_, err = e.bot.SendDocument(ctx, &bot.SendDocumentParams{ChatID: u.ID, Document: &models.InputFileString{Data: largest(m).FileID}})
	if err == nil || !contains(err.Error(), "type of file mismatch") {
		t.Errorf("a photo's file_id as a document: %v", err)
	}
}

func TestUserFilesCanBeDownloaded(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	u := e.startedUser(t, "Ann")
	ctx := ctxTimeout(t)
	doc := []byte("%PDF-1.4 invoice")
	m, err := e.sim.SendDocument(u.ID, u.ID, "invoice.pdf", doc, "my invoice")
	if err != nil {
		t.Fatal(err)
	}
	if m.Document == nil || m.Document.FileName != "invoice.pdf" || m.Document.MimeType != "application/pdf" {
		t.Fatalf("document = %+v", m.Document)
	}
	f, err := e.bot.GetFile(ctx, &bot.GetFileParams{FileID: m.Document.FileID})
	if err != nil {
		t.Fatal(err)
	}
	if got := download(t, e, f); !bytes.Equal(got, doc) {
		t.Errorf("downloaded %q", got)
	}
	p, err := e.sim.SendPhoto(u.ID, u.ID, []byte("not an image"), "")
	if err != nil || largest(p).Width != 1 || largest(p).Height != 1 {
		t.Errorf("undecodable photo = %+v, %v; want 1x1", p, err)
	}
}

func TestSendMediaGroup(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	u := e.startedUser(t, "Ann")
	ctx := ctxTimeout(t)
	first, err := e.sim.SendPhoto(u.ID, u.ID, pngImage(t, 10, 10), "")
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := e.bot.SendMediaGroup(ctx, &bot.SendMediaGroupParams{ChatID: u.ID, Media: []models.InputMedia{
		&models.InputMediaPhoto{Media: "attach://a", MediaAttachment: bytes.NewReader(pngImage(t, 20, 30)), Caption: "<i>two</i>", ParseMode: models.ParseModeHTML},
		&models.InputMediaPhoto{Media: largest(first).FileID},
		&models.InputMediaVideo{Media: "attach://v", MediaAttachment: bytes.NewReader([]byte("mp4"))},
	}})
	if err != nil {
		t.Fatalf("SendMediaGroup: %v", err)
	}
	if len(msgs) != 3 || msgs[0].MediaGroupID == "" || msgs[0].MediaGroupID != msgs[2].MediaGroupID {
		t.Fatalf("album = %+v", msgs)
	}
	if largest(msgs[0]).Width != 20 || msgs[0].Caption != "two" || len(msgs[0].CaptionEntities) != 1 || msgs[2].Video == nil {
		t.Errorf("album items = %+v / %+v", msgs[0], msgs[2])
	}
	_, err = e.bot.SendMediaGroup(ctx, &bot.SendMediaGroupParams{ChatID: u.ID, Media: []models.InputMedia{
		&models.InputMediaPhoto{Media: largest(first).FileID},
		&models.InputMediaDocument{Media: "attach://d", MediaAttachment: bytes.NewReader([]byte("doc"))},
	}})
	if err == nil || !contains(err.Error(), "can't use the media of the specified type in the album") {
		t.Errorf("photo and document in one album: %v", err)
	}
}

func TestUserAlbumIsOneUpdatePerItem(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	u := e.startedUser(t, "Ann")
	msgs, err := e.sim.SendAlbum(u.ID, u.ID, []Media{{Kind: "photo", Data: pngImage(t, 5, 5), Caption: "damage"}, {Kind: "video", Data: []byte("v")}})
	if err != nil || len(msgs) != 2 || msgs[0].MediaGroupID != msgs[1].MediaGroupID {
		t.Fatalf("SendAlbum = %+v, %v", msgs, err)
	}
	a := e.call(t, "getUpdates", map[string]any{"offset": 2})
	var ups []models.Update
	if err := jsonUnmarshal(a.Result, &ups); err != nil || len(ups) != 2 || ups[1].Message.MediaGroupID != msgs[0].MediaGroupID {
		t.Errorf("updates = %s, %v", a.Result, err)
	}
}

func TestMediaGroupOfOneIsAnOrdinaryMessage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	u := e.startedUser(t, "Ann")
	ctx := ctxTimeout(t)
	before := len(e.sim.Transcript(u.ID))
	sent, err := e.bot.SendMediaGroup(ctx, &bot.SendMediaGroupParams{ChatID: u.ID, Media: []models.InputMedia{
		&models.InputMediaPhoto{Media: "attach://a", MediaAttachment: bytes.NewReader(pngImage(t, 20, 30))},
	}})
	if err != nil || len(sent) != 1 || sent[0].MediaGroupID != "" || len(sent[0].Photo) == 0 {
		t.Errorf("an album of one = %+v, %v; want one photo without media_group_id", sent, err)
	}
	if n := len(e.sim.Transcript(u.ID)); n != before+1 {
		t.Errorf("the album of one left %d messages, want 1", n-before)
	}
	wantError(t, e.call(t, "sendMediaGroup", map[string]any{"chat_id": u.ID, "media": []any{}}), 400, "Bad Request: there are no messages to send")

	// A person who sends one photo sends an ordinary message.
	one, err := e.sim.SendAlbum(u.ID, u.ID, []Media{{Kind: "photo", Data: pngImage(t, 5, 5), Caption: "just this"}})
	if err != nil || len(one) != 1 || one[0].MediaGroupID != "" || len(one[0].Photo) == 0 || one[0].Caption != "just this" {
		t.Errorf("SendAlbum of one = %+v, %v; want a photo without media_group_id", one, err)
	}
	two, err := e.sim.SendAlbum(u.ID, u.ID, []Media{{Kind: "photo", Data: pngImage(t, 5, 5)}, {Kind: "photo", Data: pngImage(t, 6, 6)}})
	if err != nil || len(two) != 2 || two[0].MediaGroupID == "" || two[0].MediaGroupID != two[1].MediaGroupID {
		t.Errorf("SendAlbum of two = %+v, %v", two, err)
	}
}
