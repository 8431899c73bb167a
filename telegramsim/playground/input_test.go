package playground

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/complaintbot/complaintbot/telegramsim"
)

// pgPNG encodes a w×h PNG.
func pgPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{G: 200, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestPlaygroundPhotosMakeAnAlbumAndAreServed(t *testing.T) {
	t.Parallel()
	w := newPGWorld(t)
	front, back := pgPNG(t, 40, 30), pgPNG(t, 20, 50)
	req := multipartPost(t, w.url+chatPath(w.customer.ID, "messages"), map[string]string{"caption": "Cracked on arrival"},
		map[string][]byte{"front.png": front, "back.png": back})
	var sent struct {
		MessageIDs []int `json:"message_ids"`
	}
	if code := pgDo(t, req, &sent); code != http.StatusOK || len(sent.MessageIDs) != 2 {
		t.Fatalf("post photos = %d %+v, want two messages", code, sent)
	}
	tr := w.sim.Transcript(w.customer.ID)
	if len(tr) != 2 {
		t.Fatalf("transcript = %v, want the two photos", tr)
	}
	a, b := tr[0].Message, tr[1].Message
	if a.MediaGroupID == "" || a.MediaGroupID != b.MediaGroupID || len(a.Photo) == 0 || len(b.Photo) == 0 {
		t.Fatalf("photos %+v / %+v are not one album", a, b)
	}
	if a.Caption != "Cracked on arrival" || b.Caption != "" {
		t.Errorf("captions = %q, %q, want the caption on the first photo only", a.Caption, b.Caption)
	}

	served := map[string]bool{}
	for _, m := range []int{0, 1} {
		p := tr[m].Message.Photo[len(tr[m].Message.Photo)-1]
		resp, err := http.Get(w.url + "/playground/api/files/" + p.FileID)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if resp.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "inline") {
			t.Errorf("photo served as %q, %q", resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
		}
		served[string(data)] = true
	}
	if !served[string(front)] || !served[string(back)] {
		t.Errorf("the file route did not give back both uploaded images")
	}

	page := []byte("<html><script>alert(1)</script></html>")
	req = multipartPost(t, w.url+chatPath(w.customer.ID, "messages"), nil, map[string][]byte{"receipt.html": page})
	if code := pgDo(t, req, nil); code != http.StatusOK {
		t.Fatalf("post file = %d", code)
	}
	tr = w.sim.Transcript(w.customer.ID)
	doc := tr[len(tr)-1].Message.Document
	if doc == nil || doc.FileName != "receipt.html" {
		t.Fatalf("last message = %+v, want the document", tr[len(tr)-1].Message)
	}
	resp, err := http.Get(w.url + "/playground/api/files/" + doc.FileID)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("an uploaded page is served as %q with policy %q, want a sandboxed download",
			resp.Header.Get("Content-Disposition"), resp.Header.Get("Content-Security-Policy"))
	}
	if resp, err := http.Get(w.url + "/playground/api/files/no-such-file"); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown file = %v %v, want 404", resp, err)
	}
}

func TestPlaygroundAddsCustomers(t *testing.T) {
	t.Parallel()
	w := newPGWorld(t)
	var u struct {
		ID           int64  `json:"id"`
		LanguageCode string `json:"language_code"`
	}
	form := map[string]string{"first_name": " 小明 ", "username": "@xiaoming_88", "language": "zh-hans"}
	if code := w.post(t, "/playground/api/users", form, &u); code != http.StatusOK || u.ID == 0 {
		t.Fatalf("add customer = %d %+v", code, u)
	}
	var found *telegramsim.User
	for _, c := range w.sim.Chats() {
		if c.ID == u.ID {
			found = c.User
		}
	}
	want := telegramsim.User{ID: u.ID, FirstName: "小明", Username: "xiaoming_88", LanguageCode: "zh-hans"}
	if found == nil || *found != want {
		t.Errorf("new user = %+v, want %+v", found, want)
	}
}

func TestPlaygroundRefusesWhatTelegramWouldNot(t *testing.T) {
	t.Parallel()
	w := newPGWorld(t)
	closed, err := w.sim.CreateTopic(w.group.ID, w.owner.ID, "Done")
	if err != nil {
		t.Fatal(err)
	}
	w.botAPI(t, "closeForumTopic", map[string]any{"chat_id": w.group.ID, "message_thread_id": closed})
	w.botAPI(t, "sendMessage", map[string]any{"chat_id": w.group.ID, "text": "Pick", "reply_markup": map[string]any{
		"inline_keyboard": [][]map[string]string{{{"text": "A", "callback_data": "a"}}}}})

	tests := []struct {
		name, path string
		body       any
		want       int
		wantError  string
	}{
		{"empty first name", "/playground/api/users", map[string]string{"first_name": " "}, 400, "first name"},
		{"bad username", "/playground/api/users", map[string]string{"first_name": "Bo", "username": "b!"}, 400, "username"},
		{"unknown language", "/playground/api/users", map[string]string{"first_name": "Bo", "language": "fr"}, 400, "English"},
		{"empty text", chatPath(w.customer.ID, "messages"), map[string]string{"text": "  "}, 400, "Write something"},
		{"unknown chat", chatPath(99, "messages"), map[string]string{"text": "hi"}, 400, "no chat 99"},
		{"outsider in the group", chatPath(w.group.ID, "messages"), map[string]any{"from": w.customer.ID, "text": "hi"}, 400, "not a member"},
		{"staff in a closed topic", chatPath(w.group.ID, "messages"), map[string]any{"from": w.staff.ID, "text": "hi", "thread": closed}, 400, "topic is closed"},
		{"reply to nothing", chatPath(w.customer.ID, "messages"), map[string]any{"text": "hi", "reply_to": 999}, 400, "is gone"},
		{"not a phone", chatPath(w.customer.ID, "contact"), map[string]string{"phone": "call me"}, 400, "phone number"},
		{"no such button", chatPath(w.group.ID, "press"), map[string]any{"from": w.staff.ID, "message_id": 1, "data": "zzz"}, 400, "no button"},
		{"not JSON", chatPath(w.customer.ID, "messages"), "just text", 400, "not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got struct {
				Error string `json:"error"`
			}
			body := tt.body
			if s, ok := body.(string); ok {
				body = json.RawMessage(`"` + s + `"`)
			}
			if code := w.post(t, tt.path, body, &got); code != tt.want || !strings.Contains(got.Error, tt.wantError) {
				t.Errorf("%s = %d %q, want %d with %q", tt.path, code, got.Error, tt.want, tt.wantError)
			}
		})
	}

	t.Run("the owner may write in a closed topic", func(t *testing.T) {
		if code := w.post(t, chatPath(w.group.ID, "messages"), map[string]any{"from": w.owner.ID, "text": "Reopening soon", "thread": closed}, nil); code != http.StatusOK {
			t.Errorf("owner in closed topic = %d, want 200", code)
		}
	})
	t.Run("changes need the playground's header", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, w.url+chatPath(w.customer.ID, "messages"), strings.NewReader(`{"text":"hi"}`))
		req.Header.Set("Content-Type", "application/json")
		if code := pgDo(t, req, nil); code != http.StatusForbidden {
			t.Errorf("post from another site = %d, want 403", code)
		}
		if n := len(w.sim.Transcript(w.customer.ID)); n != 0 {
			t.Errorf("the refused post left %d messages", n)
		}
	})
}

func TestPlaygroundFormRules(t *testing.T) {
	t.Parallel()
	phones := []struct {
		in   string
		want bool
	}{
		{"+44 7700 900123", true}, {"13800138000", true}, {"+86 (138) 0013-8000", true},
		{"", false}, {"+", false}, {"call me", false}, {"12", false}, {"+-1234", false},
	}
	for _, tt := range phones {
		if got := validPhone(tt.in); got != tt.want {
			t.Errorf("validPhone(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	names := []struct {
		in   string
		want bool
	}{
		{"anna_b", true}, {"A1234", true}, {"abcd", false}, {"1anna", false}, {"_anna", false},
		{"anna-b", false}, {"ann a", false}, {strings.Repeat("a", 32), true}, {strings.Repeat("a", 33), false},
	}
	for _, tt := range names {
		if got := validUsername(tt.in); got != tt.want {
			t.Errorf("validUsername(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// multipartPost builds a multipart request with form fields and files.
func multipartPost(t *testing.T, url string, fields map[string]string, files map[string][]byte) *http.Request {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	for name, data := range files {
		fw, _ := mw.CreateFormFile("file", name)
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, url, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-Playground", "1")
	return req
}
