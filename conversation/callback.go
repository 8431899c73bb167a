package conversation

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Callback data is the text Telegram hands back when a button is pressed. It
// is at most 64 bytes, so it is kept compact:
//
//	c1|k3f9q2m7xa|c|cat|apparel
//	^  ^          ^ ^   ^ value (a category id, an outcome, ...)
//	|  |          | action
//	|  |          turn of the dialogue the button was made for (base 36)
//	|  dialogue id
//	format version
//
// The dialogue id refuses a button from another dialogue (or another chat);
// the turn refuses a button from a step the dialogue has left.

const (
	callbackPrefix = "c1"
	callbackMax    = 64 // Telegram's limit on callback_data, in bytes
	callbackSep    = "|"
)

// errCallback is the error every undecodable callback data wraps.
var errCallback = errors.New("conversation: bad callback data")

// callback is the decoded content of a button's data.
type callback struct {
	ID     string // dialogue id
	Turn   int    // dialogue turn the button was made for
	Action string // one of the act* names
	Value  string
}

// encode renders c, failing when a field cannot be carried or the result
// would exceed 64 bytes.
func (c callback) encode() (string, error) {
	if !validID(c.ID) || !validAction(c.Action) || c.Turn < 0 ||
		strings.Contains(c.Value, callbackSep) || !utf8.ValidString(c.Value) {
		return "", fmt.Errorf("%w: cannot encode %q/%q", errCallback, c.Action, c.Value)
	}
	s := callbackPrefix + callbackSep + c.ID + callbackSep + strconv.FormatInt(int64(c.Turn), 36) +
		callbackSep + c.Action + callbackSep + c.Value
	if len(s) > callbackMax {
		return "", fmt.Errorf("%w: %d bytes, over %d", errCallback, len(s), callbackMax)
	}
	return s, nil
}

// decodeCallback reads data made by encode and refuses anything else.
func decodeCallback(data string) (callback, error) {
	if len(data) > callbackMax || !utf8.ValidString(data) {
		return callback{}, fmt.Errorf("%w: too long or not UTF-8", errCallback)
	}
	parts := strings.Split(data, callbackSep)
	if len(parts) != 5 || parts[0] != callbackPrefix {
		return callback{}, fmt.Errorf("%w: not a c1 button", errCallback)
	}
	turn, err := strconv.ParseInt(parts[2], 36, 32)
	// Only the canonical form is accepted, so data decodes to one meaning.
	if err != nil || turn < 0 || strconv.FormatInt(turn, 36) != parts[2] {
		return callback{}, fmt.Errorf("%w: bad turn", errCallback)
	}
	c := callback{ID: parts[1], Turn: int(turn), Action: parts[3], Value: parts[4]}
	if !validID(c.ID) || !validAction(c.Action) {
		return callback{}, fmt.Errorf("%w: bad id or action", errCallback)
	}
	return c, nil
}

// validID accepts dialogue ids: 1-16 lower-case letters and digits.
func validID(id string) bool {
	if id == "" || len(id) > 16 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// validAction accepts 1-8 lower-case letters.
func validAction(a string) bool {
	if a == "" || len(a) > 8 {
		return false
	}
	for _, r := range a {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}
