package intake

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

// Whatever the secret header and the body, the webhook answers 401, 400 or
// 200 (a body over the limit: 413), and it answers 200 exactly when the
// secret is right and the body is an update, which is then stored once.
func FuzzWebhook(f *testing.F) {
	const secret = "s3cret"
	for _, s := range updateSeeds {
		f.Add(secret, []byte(s))
	}
	f.Add("", textUpdate(1, 42))
	f.Add("s3cres", textUpdate(1, 42))
	f.Add("s3cret ", textUpdate(1, 42))
	f.Add("S3CRET", textUpdate(1, 42))
	f.Add("s3cret\x00", textUpdate(1, 42))
	rdb, prefix := newIntakeTestRedis(f)
	run := 0
	f.Fuzz(func(t *testing.T, header string, body []byte) {
		run++
		in := New(rdb, Config{Prefix: prefix + strconv.Itoa(run) + ":", Partitions: 4})
		req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		req.Header.Set(webhookSecretHeader, header)
		rec := httptest.NewRecorder()
		in.WebhookHandler(secret).ServeHTTP(rec, req)

		_, err := parseUpdateKey(body)
		want := http.StatusOK
		switch {
		case header != secret:
			want = http.StatusUnauthorized
		case len(body) > webhookMaxBody:
			want = http.StatusRequestEntityTooLarge
		case err != nil:
			want = http.StatusBadRequest
		}
		if rec.Code != want {
			t.Fatalf("secret %q, body %q: status %d, want %d", header, body, rec.Code, want)
		}
		stored := int64(0)
		if want == http.StatusOK {
			stored = 1
		}
		if n := streamLen(t, in); n != stored {
			t.Fatalf("secret %q, body %q: status %d and %d entries stored", header, body, rec.Code, n)
		}
	})
}
