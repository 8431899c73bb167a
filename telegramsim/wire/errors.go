package wire

import (
	"fmt"
	"net/http"
	"strconv"
)

// Error is a Bot API error answer: the HTTP status and error_code, the
// description Telegram shows, and the optional response parameters.
type Error struct {
	// Code is both the HTTP status and the error_code field.
	Code int
	// Description is Telegram's text, e.g. "Bad Request: chat not found".
	Description string
	// RetryAfter, when positive, is sent as parameters.retry_after.
	RetryAfter int
	// MigrateToChatID, when non-zero, is sent as parameters.migrate_to_chat_id.
	MigrateToChatID int64
}

// Error returns the code and description, e.g. "400 Bad Request: chat not found".
func (e *Error) Error() string {
	return strconv.Itoa(e.Code) + " " + e.Description
}

// Is reports whether target is an *Error with the same code and description,
// so errors.Is works with the package's error values.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code && t.Description == e.Description
}

// Errors whose text never varies.
var (
	// ErrNotFound is the answer to an unknown method.
	ErrNotFound = &Error{Code: http.StatusNotFound, Description: "Not Found"}
	// ErrUnauthorized is the answer to an unknown or malformed bot token.
	ErrUnauthorized = &Error{Code: http.StatusUnauthorized, Description: "Unauthorized"}
)

// BadRequest builds a 400 error whose description is "Bad Request: " followed
// by the formatted text.
func BadRequest(format string, args ...any) *Error {
	return &Error{Code: http.StatusBadRequest, Description: "Bad Request: " + fmt.Sprintf(format, args...)}
}

// Forbidden builds a 403 error, e.g. Forbidden("bot was blocked by the user").
func Forbidden(format string, args ...any) *Error {
	return &Error{Code: http.StatusForbidden, Description: "Forbidden: " + fmt.Sprintf(format, args...)}
}

// Conflict builds a 409 error, e.g. Conflict("terminated by other getUpdates request; ...").
func Conflict(format string, args ...any) *Error {
	return &Error{Code: http.StatusConflict, Description: "Conflict: " + fmt.Sprintf(format, args...)}
}

// TooManyRequests builds the 429 flood-wait error telling the client to retry
// after the given number of seconds.
func TooManyRequests(retryAfter int) *Error {
	return &Error{
		Code:        http.StatusTooManyRequests,
		Description: "Too Many Requests: retry after " + strconv.Itoa(retryAfter),
		RetryAfter:  retryAfter,
	}
}

// Migrated builds the 400 error a group that became a supergroup answers with,
// carrying the new chat id.
func Migrated(newChatID int64) *Error {
	return &Error{
		Code:            http.StatusBadRequest,
		Description:     "Bad Request: group chat was upgraded to a supergroup chat",
		MigrateToChatID: newChatID,
	}
}
