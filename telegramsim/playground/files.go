package playground

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim"
)

// The kinds of file a person posts (telegramsim.Media.Kind).
const (
	kindPhoto    = "photo"
	kindDocument = "document"
)

const (
	// maxPlaygroundUpload bounds one multipart post of photos and files.
	maxPlaygroundUpload = 50 << 20
	// maxPlaygroundFiles is the most files one post takes: an album's limit.
	maxPlaygroundFiles = 10
)

// sendFiles posts the "file" parts of a multipart form, with the form
// fields from, thread, reply_to and caption. Images go as photos, other
// files as documents; several of a kind make an album, as when a person
// picks several photos in Telegram. The caption goes with the first item.
func (p *playground) sendFiles(w http.ResponseWriter, r *http.Request) {
	chatID, err := strconv.ParseInt(r.PathValue("chat"), 10, 64)
	if err != nil {
		writeJSONError(w, http.StatusNotFound, "no such chat")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxPlaygroundUpload)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		writeJSONError(w, http.StatusBadRequest, "The files are too large (50 MB at most) or the form is broken.")
		return
	}
	defer func() { _ = r.MultipartForm.RemoveAll() }()
	q := pgPost{From: chatID}
	if chatID < 0 {
		q.From, _ = strconv.ParseInt(r.FormValue("from"), 10, 64)
	}
	q.Thread, _ = strconv.Atoi(r.FormValue("thread"))
	q.ReplyTo, _ = strconv.Atoi(r.FormValue("reply_to"))
	photos, docs, problem := readUploads(r.MultipartForm.File["file"])
	if problem != "" {
		writeJSONError(w, http.StatusBadRequest, problem)
		return
	}
	caption := strings.TrimSpace(r.FormValue("caption"))
	var ids []int
	for _, items := range [][]telegramsim.Media{photos, docs} {
		if len(items) == 0 {
			continue
		}
		items[0].Caption, caption = caption, ""
		got, err := p.postMedia(chatID, q, items)
		if err != nil {
			writeJSONError(w, http.StatusBadRequest, userError(err))
			return
		}
		ids = append(ids, got...)
	}
	writeJSON(w, http.StatusOK, map[string][]int{"message_ids": ids})
}

// readUploads reads the uploaded files, split into photos and documents.
func readUploads(parts []*multipart.FileHeader) (photos, docs []telegramsim.Media, problem string) {
	if len(parts) == 0 || len(parts) > maxPlaygroundFiles {
		return nil, nil, "Pick 1 to 10 files."
	}
	for _, fh := range parts {
		f, err := fh.Open()
		if err != nil {
			return nil, nil, "A file could not be read."
		}
		data, err := io.ReadAll(f)
		_ = f.Close()
		if err != nil || len(data) == 0 {
			return nil, nil, "A file is empty or could not be read."
		}
		kind := kindDocument
		if ct, _, _ := mime.ParseMediaType(http.DetectContentType(data)); ct == "image/png" || ct == "image/jpeg" || ct == "image/gif" {
			kind = kindPhoto
		}
		item := telegramsim.Media{Kind: kind, Data: data, FileName: fh.Filename}
		if kind == kindPhoto {
			photos = append(photos, item)
		} else {
			docs = append(docs, item)
		}
	}
	return photos, docs, ""
}

// postMedia sends one item alone, or several as an album.
func (p *playground) postMedia(chatID int64, q pgPost, items []telegramsim.Media) ([]int, error) {
	if len(items) == 1 {
		it := items[0]
		var m *models.Message
		var err error
		if it.Kind == kindPhoto {
			m, err = p.s.SendPhoto(chatID, q.From, it.Data, it.Caption, q.opts()...)
		} else {
			m, err = p.s.SendDocument(chatID, q.From, it.FileName, it.Data, it.Caption, q.opts()...)
		}
		if err != nil {
			return nil, err
		}
		return []int{m.ID}, nil
	}
	ms, err := p.s.SendAlbum(chatID, q.From, items, q.opts()...)
	ids := make([]int, 0, len(ms))
	for _, m := range ms {
		ids = append(ids, m.ID)
	}
	return ids, err
}

// file serves a stored file by its file_id, so that the page can show
// photos without knowing the bot's token. Files are served as untrusted
// content: images inline, everything else as a download, all under a
// sandboxing policy so that an uploaded page or SVG cannot run scripts.
func (p *playground) file(w http.ResponseWriter, r *http.Request) {
	f, ok := p.s.File(r.PathValue("id"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.MIMEType)
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'; media-src 'self'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, max-age=86400, immutable")
	name := f.Name
	if name == "" {
		name = path.Base(f.Path)
	}
	disposition := "attachment"
	if strings.HasPrefix(f.MIMEType, "image/") && f.MIMEType != "image/svg+xml" {
		disposition = "inline"
	}
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": name}))
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.Data))
}
