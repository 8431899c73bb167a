package wire

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestWriteAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		write      func(w http.ResponseWriter)
		status     int
		body       string
		retryAfter string
	}{
		{"ok with an object", func(w http.ResponseWriter) { WriteOK(w, map[string]int{"message_id": 5}) },
			200, `{"ok":true,"result":{"message_id":5}}`, ""},
		{"ok with true", func(w http.ResponseWriter) { WriteOK(w, true) }, 200, `{"ok":true,"result":true}`, ""},
		{"ok with an empty list", func(w http.ResponseWriter) { WriteOK(w, []int{}) }, 200, `{"ok":true,"result":[]}`, ""},
		{"result that cannot be encoded", func(w http.ResponseWriter) { WriteOK(w, func() {}) },
			500, `{"ok":false,"error_code":500,"description":"Internal Server Error: result cannot be encoded"}`, ""},
		{"bad request", func(w http.ResponseWriter) { WriteError(w, BadRequest("chat not found")) },
			400, `{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}`, ""},
		{"not found", func(w http.ResponseWriter) { WriteError(w, ErrNotFound) },
			404, `{"ok":false,"error_code":404,"description":"Not Found"}`, ""},
		{"unauthorized", func(w http.ResponseWriter) { WriteError(w, ErrUnauthorized) },
			401, `{"ok":false,"error_code":401,"description":"Unauthorized"}`, ""},
		{"forbidden", func(w http.ResponseWriter) { WriteError(w, Forbidden("bot was blocked by the user")) },
			403, `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`, ""},
		{"conflict", func(w http.ResponseWriter) { WriteError(w, Conflict("terminated by other getUpdates request")) },
			409, `{"ok":false,"error_code":409,"description":"Conflict: terminated by other getUpdates request"}`, ""},
		{"too many requests", func(w http.ResponseWriter) { WriteError(w, TooManyRequests(7)) },
			429, `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}`, "7"},
		{"migrated group", func(w http.ResponseWriter) { WriteError(w, Migrated(-1001234)) },
			400, `{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1001234}}`, ""},
		{"nil error", func(w http.ResponseWriter) { WriteError(w, nil) },
			500, `{"ok":false,"error_code":500,"description":"Internal Server Error"}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			tt.write(rec)
			if rec.Code != tt.status {
				t.Errorf("status = %d, want %d", rec.Code, tt.status)
			}
			if got := rec.Body.String(); got != tt.body {
				t.Errorf("body = %s\nwant   %s", got, tt.body)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}
			if got := rec.Header().Get("Retry-After"); got != tt.retryAfter {
				t.Errorf("Retry-After = %q, want %q", got, tt.retryAfter)
			}
		})
	}
}

func TestErrorValues(t *testing.T) {
	t.Parallel()
	e := TooManyRequests(3)
	if e.Error() != "429 Too Many Requests: retry after 3" || e.RetryAfter != 3 {
		t.Errorf("TooManyRequests(3) = %q, retry after %d", e.Error(), e.RetryAfter)
	}
	var err error = BadRequest("chat %s", "not found")
	if !errors.Is(err, BadRequest("chat not found")) || errors.Is(err, ErrNotFound) {
		t.Error("errors.Is does not compare code and description")
	}
}
