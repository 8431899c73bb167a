package telegramsim

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
)

func TestMalformedRequests(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	u := e.startedUser(t, "Ann")
	photo, err := e.sim.SendPhoto(u.ID, u.ID, pngImage(t, 2, 2), "")
	if err != nil {
		t.Fatal(err)
	}
	keyboard := func(data string) map[string]any {
		return map[string]any{"inline_keyboard": [][]map[string]string{{{"text": "B", "callback_data": data}}}}
	}
	tests := []struct {
		name   string
		method string
		params map[string]any
		code   int
		want   string // the description, or its beginning when it ends in "…"
	}{
		{"unknown method", "sendTelepathy", map[string]any{"chat_id": u.ID}, 404, "Not Found"},
		{"no chat", "sendMessage", map[string]any{"text": "hi"}, 400, "Bad Request: chat_id is empty"},
		{"no text", "sendMessage", map[string]any{"chat_id": u.ID}, 400, "Bad Request: message text is empty"},
		{"text too long", "sendMessage", map[string]any{"chat_id": u.ID, "text": strings.Repeat("a", 4097)}, 400, "Bad Request: message is too long"},
		{"caption too long", "sendPhoto", map[string]any{"chat_id": u.ID, "photo": photo.Photo[0].FileID, "caption": strings.Repeat("a", 1025)}, 400, "Bad Request: message caption is too long"},
		{"callback data of 65 bytes", "sendMessage", map[string]any{"chat_id": u.ID, "text": "x", "reply_markup": keyboard(strings.Repeat("я", 32) + "a")}, 400, "Bad Request: BUTTON_DATA_INVALID"},
		{"bad HTML", "sendMessage", map[string]any{"chat_id": u.ID, "text": "<foo>x</foo>", "parse_mode": "HTML"}, 400, "Bad Request: can't parse entities: …"},
		{"bad reply markup", "sendMessage", map[string]any{"chat_id": u.ID, "text": "x", "reply_markup": "{not json"}, 400, "Bad Request: can't parse reply keyboard markup JSON object"},
		{"unknown chat", "sendMessage", map[string]any{"chat_id": 777, "text": "x"}, 400, "Bad Request: chat not found"},
		{"unmodelled method", "sendDice", map[string]any{"chat_id": u.ID}, 501, "Not Implemented: sendDice is not modelled by the simulator"},
	}
	for _, tc := range tests {
		a := e.call(t, tc.method, tc.params)
		prefix, partial := strings.CutSuffix(tc.want, "…")
		if a.OK || a.Status != tc.code || a.ErrorCode != tc.code ||
			(partial && !strings.HasPrefix(a.Description, prefix)) || (!partial && a.Description != tc.want) {
			t.Errorf("%s: %d %d %q, want %d %q", tc.name, a.Status, a.ErrorCode, a.Description, tc.code, tc.want)
		}
	}
}

func TestRoutesOutsideTheAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, e.url+"/bot1:wrong/getMe", bytes.NewReader(nil))
	a, err := do(req)
	if err != nil {
		t.Fatal(err)
	}
	wantError(t, a, http.StatusUnauthorized, "Unauthorized")
	req, _ = http.NewRequestWithContext(context.Background(), http.MethodGet, e.url+"/file/bot"+testToken+"/photos/none.jpg", nil)
	a, err = do(req)
	if err != nil {
		t.Fatal(err)
	}
	wantError(t, a, http.StatusNotFound, "Not Found")
}
