package intake

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestWebhookHandler(t *testing.T) {
	t.Parallel()
	rdb, prefix := newIntakeTestRedis(t)
	in := New(rdb, Config{Prefix: prefix, Partitions: 4})
	srv := httptest.NewServer(in.WebhookHandler("s3cret"))
	defer srv.Close()

	post := func(secret string, body []byte) int {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		if secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}

	steps := []struct {
		name    string
		secret  string
		body    []byte
		status  int
		entries int64
	}{
		{"missing secret", "", textUpdate(1, 42), http.StatusUnauthorized, 0},
		{"wrong secret", "s3cres", textUpdate(1, 42), http.StatusUnauthorized, 0},
		{"not JSON", "s3cret", []byte("hello"), http.StatusBadRequest, 0},
		{"JSON without update_id", "s3cret", []byte(`{"message":{"chat":{"id":1}}}`), http.StatusBadRequest, 0},
		{"too large", "s3cret", append([]byte(`{"update_id":2,"x":"`), bytes.Repeat([]byte("a"), webhookMaxBody)...), http.StatusRequestEntityTooLarge, 0},
		{"10 MB", "s3cret", tenMB(), http.StatusRequestEntityTooLarge, 0},
		{"wrong secret with a 10 MB body", "s3cres", tenMB(), http.StatusUnauthorized, 0},
		{"empty body", "s3cret", nil, http.StatusBadRequest, 0},
		{"JSON array", "s3cret", []byte(`[` + string(textUpdate(1, 42)) + `]`), http.StatusBadRequest, 0},
		{"JSON string", "s3cret", []byte(`"update"`), http.StatusBadRequest, 0},
		{"update_id a string", "s3cret", []byte(`{"update_id":"1","message":{"chat":{"id":42}}}`), http.StatusBadRequest, 0},
		{"update_id negative", "s3cret", []byte(`{"update_id":-1,"message":{"chat":{"id":42}}}`), http.StatusBadRequest, 0},
		{"update_id too big", "s3cret", []byte(`{"update_id":99999999999999999999}`), http.StatusBadRequest, 0},
		{"truncated JSON", "s3cret", textUpdate(1, 42)[:40], http.StatusBadRequest, 0},
		{"update stored", "s3cret", textUpdate(1, 42), http.StatusOK, 1},
		{"redelivery confirmed without a second entry", "s3cret", textUpdate(1, 42), http.StatusOK, 1},
		{"next update stored", "s3cret", textUpdate(2, 42), http.StatusOK, 2},
	}
	for _, s := range steps {
		if got := post(s.secret, s.body); got != s.status {
			t.Errorf("%s: status %d, want %d", s.name, got, s.status)
		}
		if n := streamLen(t, in); n != s.entries {
			t.Errorf("%s: %d entries stored, want %d", s.name, n, s.entries)
		}
	}

	resp, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET without secret: status %d, want 401", resp.StatusCode)
	}
}

func TestWebhookWithoutSecretAndStoreFailure(t *testing.T) {
	t.Parallel()
	rdb, prefix := newIntakeTestRedis(t)
	open := New(rdb, Config{Prefix: prefix})
	rec := httptest.NewRecorder()
	open.WebhookHandler("").ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(textUpdate(5, 6))))
	if rec.Code != http.StatusOK {
		t.Fatalf("no secret configured: status %d, want 200", rec.Code)
	}
	rec = httptest.NewRecorder()
	open.WebhookHandler("").ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Fatalf("GET: status %d, want 405", rec.Code)
	}

	down := unreachableRedis(t)
	broken := New(down, Config{Prefix: prefix})
	rec = httptest.NewRecorder()
	broken.WebhookHandler("").ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(textUpdate(7, 6))))
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("Redis down: status %d, want 500 so that Telegram delivers again", rec.Code)
	}
	if strings.Contains(rec.Body.String(), "127.0.0.1") {
		t.Fatalf("500 body leaks the error: %q", rec.Body.String())
	}
}

// tenMB is a 10 MB body that starts as an update would.
func tenMB() []byte {
	return append([]byte(`{"update_id":3,"message":{"text":"`), bytes.Repeat([]byte("a"), 10<<20)...)
}

// countingReader counts the bytes read from it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// A huge body is refused after reading a little over the limit, and a body
// without the secret is not read at all: a sender cannot make the service
// hold 10 MB, or any body, in memory.
func TestWebhookReadsNoMoreThanTheLimit(t *testing.T) {
	t.Parallel()
	rdb, prefix := newIntakeTestRedis(t)
	in := New(rdb, Config{Prefix: prefix})
	h := in.WebhookHandler("s3cret")
	for _, tc := range []struct {
		name    string
		secret  string
		status  int
		maxRead int64
	}{
		{"with the secret", "s3cret", http.StatusRequestEntityTooLarge, webhookMaxBody + 64<<10},
		{"without it", "", http.StatusUnauthorized, 0},
	} {
		body := &countingReader{r: bytes.NewReader(tenMB())}
		req := httptest.NewRequest(http.MethodPost, "/", body)
		if tc.secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", tc.secret)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, rec.Code, tc.status)
		}
		if body.n > tc.maxRead {
			t.Errorf("%s: read %d bytes of 10 MB, want at most %d", tc.name, body.n, tc.maxRead)
		}
	}
	if n := streamLen(t, in); n != 0 {
		t.Fatalf("%d entries stored", n)
	}
}
