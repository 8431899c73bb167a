package telegramsim

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"image"
	_ "image/gif" // image.DecodeConfig learns GIF
	_ "image/jpeg"
	_ "image/png"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/complaintbot/complaintbot/telegramsim/wire"
)

// File kinds: what a file was sent as. A file_id only works with the send
// method of its own kind, as in Telegram.
const (
	kindPhoto     = "photo"
	kindDocument  = "document"
	kindVideo     = "video"
	kindVoice     = "voice"
	kindAudio     = "audio"
	kindAnimation = "animation"
	kindSticker   = "sticker"
)

// kindInfo is how Telegram's file ids begin for each kind, and the folder
// of its file_path.
func kindInfo(kind string) (idPrefix, folder string) {
	switch kind {
	case kindPhoto:
		return "AgACAgIAAxkBAA", "photos"
	case kindVideo:
		return "BAACAgIAAxkBAA", "videos"
	case kindVoice:
		return "AwACAgIAAxkBAA", "voice"
	case kindAudio:
		return "CQACAgIAAxkBAA", "music"
	case kindAnimation:
		return "CgACAgIAAxkBAA", "animations"
	case kindSticker:
		return "CAACAgIAAxkBAA", "stickers"
	}
	return "BQACAgIAAxkBAA", "documents"
}

// maxDownload is the largest file getFile hands out, as on Telegram.
const maxDownload = 20 << 20

// fileRec is a stored file.
type fileRec struct {
	id, uniqueID string
	path         string
	kind         string
	name, mime   string
	data         []byte
	width        int
	height       int
	// sizes are a photo's smaller sizes, smallest first (see
	// addPhotoSizes); the photo itself is its largest size.
	sizes []*fileRec
	// photo is the photo a smaller size belongs to; nil for every other
	// file.
	photo *fileRec
}

type fileStore struct {
	byID   map[string]*fileRec
	byPath map[string]*fileRec
	seq    int
}

func newFileStore() fileStore {
	return fileStore{byID: map[string]*fileRec{}, byPath: map[string]*fileRec{}}
}

// newFileIDs returns a new file_id of the kind and a new file_unique_id.
func newFileIDs(kind string) (id, uniqueID string) {
	prefix, _ := kindInfo(kind)
	return prefix + rand.Text() + rand.Text(), "AQAD" + rand.Text()[:12]
}

// newFile makes a file record; addLocked stores it once its message exists.
// A photo gets its smaller sizes here, which takes decoding the image: call
// it without holding s.mu.
func newFile(kind, name, contentType string, data []byte) *fileRec {
	f := &fileRec{kind: kind, name: name, data: data, mime: contentType}
	f.id, f.uniqueID = newFileIDs(kind)
	if ext := path.Ext(name); ext != "" {
		if t := mime.TypeByExtension(ext); t != "" {
			f.mime = t
		}
	}
	var img image.Image
	switch kind {
	case kindPhoto:
		f.width, f.height = 1, 1
		if decoded, format, err := image.Decode(bytes.NewReader(data)); err == nil && decoded.Bounds().Dx() > 0 && decoded.Bounds().Dy() > 0 {
			img = decoded
			f.width, f.height, f.mime = decoded.Bounds().Dx(), decoded.Bounds().Dy(), "image/"+format
		}
	case kindSticker:
		f.width, f.height = 512, 512
		if cfg, format, err := image.DecodeConfig(bytes.NewReader(data)); err == nil && cfg.Width > 0 && cfg.Height > 0 {
			f.width, f.height, f.mime = cfg.Width, cfg.Height, "image/"+format
		}
	}
	if f.mime == "" || (f.mime == "application/octet-stream" && kind != kindDocument) {
		f.mime = defaultMIME(kind)
	}
	if kind == kindPhoto {
		addPhotoSizes(f, img)
	}
	return f
}

func defaultMIME(kind string) string {
	switch kind {
	case kindPhoto:
		return "image/jpeg"
	case kindVoice:
		return "audio/ogg"
	case kindAudio:
		return "audio/mpeg"
	case kindVideo, kindAnimation:
		return "video/mp4"
	case kindSticker:
		return "image/webp"
	}
	return "application/octet-stream"
}

// addLocked stores f (once), with a photo's smaller sizes, and gives each a
// file_path.
func (fs *fileStore) addLocked(f *fileRec) {
	if _, ok := fs.byID[f.id]; ok {
		return
	}
	for _, s := range append(f.sizes[:len(f.sizes):len(f.sizes)], f) {
		fs.seq++
		_, folder := kindInfo(s.kind)
		ext := path.Ext(s.name)
		if exts, _ := mime.ExtensionsByType(s.mime); ext == "" && len(exts) > 0 {
			ext = exts[0]
			if s.mime == "image/jpeg" {
				ext = ".jpg" // as Telegram names its photos, whatever mime.types lists first
			}
		}
		s.path = fmt.Sprintf("%s/file_%d%s", folder, fs.seq, ext)
		fs.byID[s.id] = s
		fs.byPath[s.path] = s
	}
}

// getFile is the getFile method. Each size of a photo is a file of its own
// (see addPhotoSizes for what the smaller ones hold).
func (s *Server) getFile(_ context.Context, p wire.Params) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files.byID[p.String("file_id")]
	if !ok {
		return nil, wire.BadRequest("wrong file identifier/HTTP URL specified")
	}
	if len(f.data) > maxDownload {
		return nil, wire.BadRequest("file is too big")
	}
	return map[string]any{"file_id": f.id, "file_unique_id": f.uniqueID, "file_size": len(f.data), "file_path": f.path}, nil
}

// serveFile serves /file/bot<token>/<file_path>.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, rest string) {
	token, filePath, _ := strings.Cut(rest, "/")
	if token != s.token {
		wire.WriteError(w, wire.ErrUnauthorized)
		return
	}
	s.mu.Lock()
	f, ok := s.files.byPath[filePath]
	s.mu.Unlock()
	if !ok {
		wire.WriteError(w, wire.ErrNotFound)
		return
	}
	w.Header().Set("Content-Type", f.mime)
	http.ServeContent(w, r, path.Base(f.path), time.Time{}, bytes.NewReader(f.data))
}
