package telegramsim

import (
	"net/http"
	"testing"
)

func TestInlineURLButtonsNeedAValidLink(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	u := e.startedUser(t, "Ann")
	urlButton := func(link string) map[string]any {
		return map[string]any{"inline_keyboard": [][]map[string]string{
			{{"text": "Pay", "callback_data": "pay"}},
			{{"text": "Open", "url": link}},
		}}
	}
	for _, link := range []string{
		"https://example.com/orders/1", "http://example.com", "HTTPS://t.me/ShopDeskBot?start=x",
		"https://[2001:db8::1]:8443/x", "tg://resolve?domain=ShopDeskBot", "tg://user?id=123",
	} {
		if a := e.call(t, "sendMessage", map[string]any{"chat_id": u.ID, "text": "Your order", "reply_markup": urlButton(link)}); !a.OK {
			t.Errorf("button url %q: %d %q, want it accepted", link, a.ErrorCode, a.Description)
		}
	}
	before := len(e.sim.Transcript(u.ID))
	for _, link := range []string{
		"example.com", "www.example.com/orders", "ftp://example.com/file", "javascript:alert(1)", "mailto:desk@example.com",
		"https://", "https:///path", "http://exa mple.com", "https://example.com:port/", "tg:resolve?domain=x", "tg://", "//example.com",
	} {
		a := e.call(t, "sendMessage", map[string]any{"chat_id": u.ID, "text": "Your order", "reply_markup": urlButton(link)})
		if a.OK || a.ErrorCode != http.StatusBadRequest || a.Description != "Bad Request: BUTTON_URL_INVALID" {
			t.Errorf("button url %q: ok=%v %d %q, want 400 BUTTON_URL_INVALID", link, a.OK, a.ErrorCode, a.Description)
		}
	}
	if n := len(e.sim.Transcript(u.ID)); n != before {
		t.Errorf("refused messages left %d messages", n-before)
	}
	// Edits check the keyboard too.
	sent := e.call(t, "sendMessage", map[string]any{"chat_id": u.ID, "text": "Edit me"})
	var m struct {
		ID int `json:"message_id"`
	}
	if err := jsonUnmarshal(sent.Result, &m); err != nil {
		t.Fatal(err)
	}
	wantError(t, e.call(t, "editMessageReplyMarkup", map[string]any{"chat_id": u.ID, "message_id": m.ID, "reply_markup": urlButton("shop.example")}),
		http.StatusBadRequest, "Bad Request: BUTTON_URL_INVALID")
}
