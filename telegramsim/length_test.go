package telegramsim

import (
	"net/http"
	"strings"
	"testing"
)

// Telegram counts the 4096 characters of a text and the 1024 of a caption
// in Unicode code points, after entity parsing: an emoji outside the Basic
// Multilingual Plane is one character, though two UTF-16 code units.
func TestLengthLimitsCountCharacters(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	u := e.startedUser(t, "Ann")
	photo, err := e.sim.SendPhoto(u.ID, u.ID, pngImage(t, 2, 2), "")
	if err != nil {
		t.Fatal(err)
	}
	const astral = "😀" // U+1F600: one character, two UTF-16 units
	text := func(n int) string { return strings.Repeat(astral, n) }
	const tooLong, captionTooLong = "Bad Request: message is too long", "Bad Request: message caption is too long"

	sent := e.call(t, "sendMessage", map[string]any{"chat_id": u.ID, "text": text(4096)})
	var m struct {
		ID       int    `json:"message_id"`
		Text     string `json:"text"`
		Entities []struct {
			Offset int `json:"offset"`
			Length int `json:"length"`
		} `json:"entities"`
	}
	if !sent.OK {
		t.Fatalf("text of 4096 emoji: %d %q, want it sent", sent.ErrorCode, sent.Description)
	}
	if err := jsonUnmarshal(sent.Result, &m); err != nil || m.Text != text(4096) {
		t.Fatalf("sent %d bytes, %v", len(m.Text), err)
	}
	wantError(t, e.call(t, "sendMessage", map[string]any{"chat_id": u.ID, "text": text(4097)}), http.StatusBadRequest, tooLong)
	wantError(t, e.call(t, "editMessageText", map[string]any{"chat_id": u.ID, "message_id": m.ID, "text": text(4097)}), http.StatusBadRequest, tooLong)
	if a := e.call(t, "editMessageText", map[string]any{"chat_id": u.ID, "message_id": m.ID, "text": text(4095) + "!"}); !a.OK {
		t.Errorf("edit to 4096 characters: %q", a.Description)
	}

	// After parsing: markup does not count, and entity offsets stay in
	// UTF-16 code units.
	bold := e.call(t, "sendMessage", map[string]any{"chat_id": u.ID, "text": "<b>" + text(4095) + "</b>!", "parse_mode": "HTML"})
	if !bold.OK {
		t.Fatalf("4096 characters after parsing: %q", bold.Description)
	}
	if err := jsonUnmarshal(bold.Result, &m); err != nil || len(m.Entities) != 1 || m.Entities[0].Offset != 0 || m.Entities[0].Length != 2*4095 {
		t.Errorf("bold entity = %+v, %v; want it to cover 8190 UTF-16 units", m.Entities, err)
	}
	wantError(t, e.call(t, "sendMessage", map[string]any{"chat_id": u.ID, "text": "<b>" + text(4096) + "</b>!", "parse_mode": "HTML"}), http.StatusBadRequest, tooLong)

	fileID := largest(photo).FileID
	if a := e.call(t, "sendPhoto", map[string]any{"chat_id": u.ID, "photo": fileID, "caption": text(1024)}); !a.OK {
		t.Errorf("caption of 1024 emoji: %q", a.Description)
	}
	wantError(t, e.call(t, "sendPhoto", map[string]any{"chat_id": u.ID, "photo": fileID, "caption": text(1025)}), http.StatusBadRequest, captionTooLong)
	wantError(t, e.call(t, "sendMediaGroup", map[string]any{"chat_id": u.ID, "media": []map[string]string{
		{"type": "photo", "media": fileID, "caption": text(1025)}, {"type": "photo", "media": fileID},
	}}), http.StatusBadRequest, captionTooLong)
	if a := e.call(t, "sendMediaGroup", map[string]any{"chat_id": u.ID, "media": []map[string]string{
		{"type": "photo", "media": fileID, "caption": text(1024)}, {"type": "photo", "media": fileID},
	}}); !a.OK {
		t.Errorf("album caption of 1024 emoji: %q", a.Description)
	}
	wantError(t, e.call(t, "copyMessage", map[string]any{"chat_id": u.ID, "from_chat_id": u.ID, "message_id": photo.ID, "caption": text(1025)}), http.StatusBadRequest, captionTooLong)

	// A user's message follows the same rule.
	if _, err := e.sim.SendText(u.ID, u.ID, text(4096)); err != nil {
		t.Errorf("a user's 4096 emoji: %v", err)
	}
	if _, err := e.sim.SendText(u.ID, u.ID, text(4097)); err == nil {
		t.Error("a user's 4097 emoji were sent")
	}
	if _, err := e.sim.SendPhoto(u.ID, u.ID, pngImage(t, 2, 2), text(1024)); err != nil {
		t.Errorf("a user's caption of 1024 emoji: %v", err)
	}
	if _, err := e.sim.SendPhoto(u.ID, u.ID, pngImage(t, 2, 2), text(1025)); err == nil {
		t.Error("a user's caption of 1025 emoji was sent")
	}
}
