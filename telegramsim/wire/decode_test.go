package wire

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// multipartBody builds a multipart form with the given fields and one file
// part per entry of files (name -> content), as clients upload files.
func multipartBody(t *testing.T, fields map[string]string, files map[string]string) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	for name, content := range files {
		fw, err := w.CreateFormFile(name, name+".jpg")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(fw, content); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf, w.FormDataContentType()
}

// pipeForm streams a multipart form through an io.Pipe, so the request has
// no Content-Length, the way go-telegram/bot sends every call. A nil fill
// writes nothing at all, not even the closing boundary, as the library does
// for a call without parameters.
func pipeForm(t *testing.T, path string, fill func(w *multipart.Writer)) *http.Request {
	t.Helper()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		if fill != nil {
			fill(mw)
			_ = mw.Close()
		}
		_ = pw.Close()
	}()
	r := httptest.NewRequest(http.MethodPost, path, pr)
	r.ContentLength = -1
	r.Header.Set("Content-Type", mw.FormDataContentType())
	return r
}

func TestDecode(t *testing.T) {
	t.Parallel()
	form, formType := multipartBody(t, map[string]string{"chat_id": "42", "text": "héllo"}, map[string]string{"photo": "\x89PNG"})
	tests := []struct {
		name      string
		request   func(t *testing.T) *http.Request
		values    map[string]string
		files     map[string]string // name -> content
		errorCode int
	}{
		{
			name: "multipart with Content-Length",
			request: func(t *testing.T) *http.Request {
				r := httptest.NewRequest(http.MethodPost, "/bot1:x/sendPhoto", bytes.NewReader(form.Bytes()))
				r.Header.Set("Content-Type", formType)
				return r
			},
			values: map[string]string{"chat_id": "42", "text": "héllo"},
			files:  map[string]string{"photo": "\x89PNG"},
		},
		{
			name: "multipart chunked through a pipe",
			request: func(t *testing.T) *http.Request {
				return pipeForm(t, "/bot1:x/sendDocument", func(w *multipart.Writer) {
					_ = w.WriteField("chat_id", "-1001234567890")
					fw, _ := w.CreateFormFile("document", "report.pdf")
					_, _ = io.WriteString(fw, strings.Repeat("x", 100000))
				})
			},
			values: map[string]string{"chat_id": "-1001234567890"},
			files:  map[string]string{"document": strings.Repeat("x", 100000)},
		},
		{
			name: "empty body with a multipart Content-Type",
			request: func(t *testing.T) *http.Request {
				return pipeForm(t, "/bot1:x/getMe", nil)
			},
			values: map[string]string{},
		},
		{
			name: "JSON object with nested values, numbers and booleans",
			request: func(t *testing.T) *http.Request {
				body := `{"chat_id": -100123, "text": "a\nb", "disable_notification": true, "reply_markup": {"inline_keyboard": [[{"text":"A","callback_data":"a"}]]}, "entities": [], "x": null}`
				r := httptest.NewRequest(http.MethodPost, "/bot1:x/sendMessage", strings.NewReader(body))
				r.Header.Set("Content-Type", "application/json; charset=utf-8")
				return r
			},
			values: map[string]string{
				"chat_id": "-100123", "text": "a\nb", "disable_notification": "true",
				"reply_markup": `{"inline_keyboard": [[{"text":"A","callback_data":"a"}]]}`, "entities": "[]", "x": "null",
			},
		},
		{
			name: "urlencoded form",
			request: func(t *testing.T) *http.Request {
				body := url.Values{"chat_id": {"7"}, "text": {"a & b = c"}}.Encode()
				r := httptest.NewRequest(http.MethodPost, "/bot1:x/sendMessage", strings.NewReader(body))
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				return r
			},
			values: map[string]string{"chat_id": "7", "text": "a & b = c"},
		},
		{
			name: "query string of a GET, first value wins over the body",
			request: func(t *testing.T) *http.Request {
				return httptest.NewRequest(http.MethodGet, "/bot1:x/getUpdates?offset=5&timeout=30&offset=9", nil)
			},
			values: map[string]string{"offset": "5", "timeout": "30"},
		},
		{
			name: "body of an unknown type is ignored",
			request: func(t *testing.T) *http.Request {
				r := httptest.NewRequest(http.MethodPost, "/bot1:x/getMe?a=1", strings.NewReader("whatever"))
				r.Header.Set("Content-Type", "text/plain")
				return r
			},
			values: map[string]string{"a": "1"},
		},
		{
			name: "garbage JSON",
			request: func(t *testing.T) *http.Request {
				r := httptest.NewRequest(http.MethodPost, "/bot1:x/sendMessage", strings.NewReader(`{"chat_id": 1,`))
				r.Header.Set("Content-Type", "application/json")
				return r
			},
			errorCode: http.StatusBadRequest,
		},
		{
			name: "JSON that is not an object",
			request: func(t *testing.T) *http.Request {
				r := httptest.NewRequest(http.MethodPost, "/bot1:x/sendMessage", strings.NewReader(`[1,2]`))
				r.Header.Set("Content-Type", "application/json")
				return r
			},
			errorCode: http.StatusBadRequest,
		},
		{
			name: "garbage multipart",
			request: func(t *testing.T) *http.Request {
				r := httptest.NewRequest(http.MethodPost, "/bot1:x/sendMessage", strings.NewReader("--abc\r\nno headers here"))
				r.Header.Set("Content-Type", "multipart/form-data; boundary=abc")
				return r
			},
			errorCode: http.StatusBadRequest,
		},
		{
			name: "multipart without a boundary",
			request: func(t *testing.T) *http.Request {
				r := httptest.NewRequest(http.MethodPost, "/bot1:x/sendMessage", strings.NewReader("x"))
				r.Header.Set("Content-Type", "multipart/form-data")
				return r
			},
			errorCode: http.StatusBadRequest,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := Decode(tt.request(t))
			if tt.errorCode != 0 {
				if err == nil || err.Code != tt.errorCode || !strings.HasPrefix(err.Description, "Bad Request: ") {
					t.Fatalf("Decode error = %v, want a %d Bad Request", err, tt.errorCode)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			assertParams(t, p, tt.values, tt.files)
		})
	}
}

func assertParams(t *testing.T, p Params, values map[string]string, files map[string]string) {
	t.Helper()
	if len(p.Values) != len(values) {
		t.Errorf("values = %q, want %q", p.Values, values)
	}
	for k, want := range values {
		if got, ok := p.Values[k]; !ok || got != want {
			t.Errorf("value %q = %q (sent: %v), want %q", k, got, ok, want)
		}
	}
	if len(p.Files) != len(files) {
		t.Errorf("got %d files, want %d", len(p.Files), len(files))
	}
	for k, want := range files {
		f, ok := p.Files[k]
		if !ok || string(f.Data) != want || f.Name == "" {
			t.Errorf("file %q = %q named %q (sent: %v), want %d bytes", k, truncate(f.Data), f.Name, ok, len(want))
		}
	}
}

func truncate(b []byte) string {
	if len(b) > 20 {
		return string(b[:20]) + "..."
	}
	return string(b)
}

func TestDecodeRefusesOversizedBody(t *testing.T) {
	t.Parallel()
	c := &capReader{r: strings.NewReader(strings.Repeat("x", 11)), left: 10}
	if _, err := io.ReadAll(c); err != errTooLarge {
		t.Fatalf("reading 11 bytes with a cap of 10: err = %v, want errTooLarge", err)
	}
	c = &capReader{r: strings.NewReader(strings.Repeat("x", 10)), left: 10}
	if data, err := io.ReadAll(c); err != nil || len(data) != 10 {
		t.Fatalf("reading 10 bytes with a cap of 10: %d bytes, err = %v", len(data), err)
	}
}

func TestParamsAccessors(t *testing.T) {
	t.Parallel()
	p := Params{
		Values: map[string]string{"n": " -12 ", "f": "1.5", "b": "True", "j": `{"a":[1]}`, "s": "x"},
		Files:  map[string]File{"photo": {Name: "a.jpg", Data: []byte("1")}},
	}
	if n, ok := p.Int64("n"); !ok || n != -12 {
		t.Errorf("Int64 = %d, %v", n, ok)
	}
	if _, ok := p.Int64("s"); ok {
		t.Error("Int64 of a word reported ok")
	}
	if _, ok := p.Int("missing"); ok {
		t.Error("Int of a missing parameter reported ok")
	}
	if f, ok := p.Float("f"); !ok || f != 1.5 {
		t.Errorf("Float = %v, %v", f, ok)
	}
	if !p.Bool("b") || p.Bool("s") || p.Bool("missing") {
		t.Error("Bool misread")
	}
	var j struct{ A []int }
	if err := p.JSON("j", &j); err != nil || len(j.A) != 1 {
		t.Errorf("JSON = %+v, %v", j, err)
	}
	if err := p.JSON("s", &j); err == nil {
		t.Error("JSON of a word gave no error")
	}
	if !p.Has("photo") || !p.Has("s") || p.Has("missing") || p.String("s") != "x" {
		t.Error("Has/String misread")
	}
	if f, ok := p.File("photo"); !ok || f.Name != "a.jpg" {
		t.Errorf("File = %+v, %v", f, ok)
	}
}
