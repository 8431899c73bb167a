package wire

import (
	"strconv"
	"strings"
)

// parseInteger reads an Integer parameter: decimal digits with an optional
// sign, surrounding spaces ignored.
func parseInteger(s string) (int64, error) {
	return strconv.ParseInt(strings.TrimSpace(s), 10, 64)
}

// parseBoolean reads a Boolean parameter the way Telegram does: "true",
// "yes" and "1" in any case are true; "false", "no", "0" and "" are false.
// ok is false for any other text, which Telegram also reads as false.
func parseBoolean(s string) (value, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "1":
		return true, true
	case "false", "no", "0", "":
		return false, true
	}
	return false, false
}
