package wire

import (
	"encoding/json"
	"net/http"
	"strconv"
)

type okAnswer struct {
	OK     bool `json:"ok"`
	Result any  `json:"result"`
}

type errorAnswer struct {
	OK          bool              `json:"ok"`
	ErrorCode   int               `json:"error_code"`
	Description string            `json:"description"`
	Parameters  *errorAnswerExtra `json:"parameters,omitempty"`
}

type errorAnswerExtra struct {
	MigrateToChatID int64 `json:"migrate_to_chat_id,omitempty"`
	RetryAfter      int   `json:"retry_after,omitempty"`
}

// WriteOK answers 200 with {"ok":true,"result":...}. A result that cannot be
// encoded is answered as a 500 error instead.
func WriteOK(w http.ResponseWriter, result any) {
	body, err := json.Marshal(okAnswer{OK: true, Result: result})
	if err != nil {
		WriteError(w, &Error{Code: http.StatusInternalServerError, Description: "Internal Server Error: result cannot be encoded"})
		return
	}
	write(w, http.StatusOK, body)
}

// WriteError answers with e.Code as the HTTP status and
// {"ok":false,"error_code":N,"description":"..."}, plus "parameters" when
// e carries retry_after or migrate_to_chat_id. A nil e is answered as a 500.
func WriteError(w http.ResponseWriter, e *Error) {
	if e == nil {
		e = &Error{Code: http.StatusInternalServerError, Description: "Internal Server Error"}
	}
	a := errorAnswer{ErrorCode: e.Code, Description: e.Description}
	if e.RetryAfter > 0 || e.MigrateToChatID != 0 {
		a.Parameters = &errorAnswerExtra{RetryAfter: e.RetryAfter, MigrateToChatID: e.MigrateToChatID}
	}
	// An answer of plain fields always encodes.
	body, _ := json.Marshal(a)
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	write(w, e.Code, body)
}

func write(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
