package wire

import "unicode/utf16"

// Entity is a MessageEntity: a span of formatted text. Offset and Length
// count UTF-16 code units, as Telegram counts them.
type Entity struct {
	Type          string `json:"type"`
	Offset        int    `json:"offset"`
	Length        int    `json:"length"`
	URL           string `json:"url,omitempty"`
	Language      string `json:"language,omitempty"`
	CustomEmojiID string `json:"custom_emoji_id,omitempty"`
}

// UTF16Len returns the length of s in UTF-16 code units, the unit of every
// Telegram offset and length limit.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
