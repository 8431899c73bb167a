package wire

import (
	"encoding/json"
	"net/url"
	"strings"
)

// MaxCallbackData is the most bytes callback_data of a button may hold.
const MaxCallbackData = 64

// checkReplyMarkup checks reply_markup as Telegram reads it: one object
// that may carry an inline keyboard, a reply keyboard, a keyboard removal
// or a forced reply.
func (v *validation) checkReplyMarkup() *Error {
	if !v.has("reply_markup") {
		return nil
	}
	v.mark("reply_markup")
	raw := v.value("reply_markup")
	if raw == "" {
		return nil
	}
	if !json.Valid([]byte(raw)) {
		return BadRequest("can't parse reply keyboard markup JSON object")
	}
	obj, ok := jsonObject([]byte(raw))
	if !ok {
		return BadRequest("object expected as reply markup")
	}
	if errText := checkKeyboard(obj); errText != "" {
		return tdError(errText)
	}
	if errText := checkInlineKeyboard(obj); errText != "" {
		return tdError(errText)
	}
	for _, name := range []string{"hide_keyboard", "remove_keyboard", "personal_keyboard", "selective",
		"force_reply_keyboard", "force_reply", "resize_keyboard", "one_time_keyboard", "is_persistent"} {
		if _, errText := obj.bool(name, false); errText != "" {
			return tdError(errText)
		}
	}
	if _, errText := obj.str("input_field_placeholder", false); errText != "" {
		return tdError(errText)
	}
	return checkInlineButtonValues(obj)
}

// rows reads an Array of Arrays field of a keyboard.
func rows(obj jsonObj, name, rowsError string) ([][]json.RawMessage, string) {
	list, errText := obj.array(name, false)
	if errText != "" {
		return nil, errText
	}
	out := make([][]json.RawMessage, 0, len(list))
	for _, row := range list {
		var buttons []json.RawMessage
		if jsonKind(row) != "Array" || json.Unmarshal(row, &buttons) != nil {
			return nil, rowsError
		}
		out = append(out, buttons)
	}
	return out, ""
}

func checkKeyboard(obj jsonObj) string {
	keyboard, errText := rows(obj, "keyboard", "Field \"keyboard\" must be an Array of Arrays")
	if errText != "" {
		return errText
	}
	for _, row := range keyboard {
		for _, b := range row {
			if errText := checkKeyboardButton(b); errText != "" {
				return "Can't parse keyboard button: " + errText
			}
		}
	}
	return ""
}

func checkKeyboardButton(raw json.RawMessage) string {
	switch jsonKind(raw) {
	case "String":
		return ""
	case "Object":
	default:
		return "KeyboardButton must be a String or an Object"
	}
	b, _ := jsonObject(raw)
	if _, errText := b.str("text", true); errText != "" {
		return errText
	}
	if errText := checkButtonLook(b); errText != "" {
		return errText
	}
	for _, name := range []string{"request_phone_number", "request_contact", "request_location"} {
		if _, errText := b.bool(name, false); errText != "" {
			return errText
		}
	}
	for _, name := range []string{"request_poll", "web_app", "request_users", "request_user", "request_chat", "request_managed_bot"} {
		if _, errText := b.object(name, false); errText != "" {
			return errText
		}
	}
	if w, _ := b.object("web_app", false); w != nil {
		if _, errText := w.str("url", true); errText != "" {
			return errText
		}
	}
	for _, name := range []string{"request_users", "request_user", "request_chat", "request_managed_bot"} {
		if r, _ := b.object(name, false); r != nil {
			if _, errText := r.int("request_id", true); errText != "" {
				return errText
			}
		}
	}
	return ""
}

// checkButtonLook checks the fields every button kind shares.
func checkButtonLook(b jsonObj) string {
	if _, errText := b.int("icon_custom_emoji_id", false); errText != "" {
		return errText
	}
	style, errText := b.str("style", false)
	if errText != "" {
		return errText
	}
	switch strings.ToLower(style) {
	case "", "default", "primary", "danger", "success":
		return ""
	}
	return "invalid button style specified"
}

func checkInlineKeyboard(obj jsonObj) string {
	keyboard, errText := rows(obj, "inline_keyboard", "Field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays")
	if errText != "" {
		return errText
	}
	for _, row := range keyboard {
		for _, b := range row {
			if errText := checkInlineButton(b); errText != "" {
				return "Can't parse inline keyboard button: " + errText
			}
		}
	}
	return ""
}

func checkInlineButton(raw json.RawMessage) string {
	b, ok := jsonObject(raw)
	if !ok {
		return "InlineKeyboardButton must be an Object"
	}
	if _, errText := b.str("text", true); errText != "" {
		return errText
	}
	if errText := checkButtonLook(b); errText != "" {
		return errText
	}
	// The first field present decides the kind of button, in this order.
	if url, errText := b.str("url", false); errText != "" || url != "" {
		return errText
	}
	if data, errText := b.str("callback_data", false); errText != "" || data != "" {
		return errText
	}
	if b.has("callback_game") || b.has("pay") {
		return ""
	}
	for _, kind := range inlineButtonKinds {
		if !b.has(kind.field) {
			continue
		}
		if !kind.object {
			_, errText := b.str(kind.field, true)
			return errText
		}
		inner, errText := b.object(kind.field, true)
		if errText != "" || kind.inner == "" {
			return errText
		}
		_, errText = inner.str(kind.inner, true)
		return errText
	}
	return "Text buttons are unallowed in the inline keyboard"
}

// inlineButtonKinds are the remaining button kinds in the order Telegram
// tries them: a String field, or an Object field with a required String.
var inlineButtonKinds = []struct {
	field  string
	object bool
	inner  string
}{
	{"switch_inline_query", false, ""},
	{"switch_inline_query_chosen_chat", true, ""},
	{"switch_inline_query_current_chat", false, ""},
	{"login_url", true, "url"},
	{"web_app", true, "url"},
	{"copy_text", true, "text"},
}

// checkInlineButtonValues applies the server's checks on the inline
// buttons' values, which Telegram makes after the keyboard has been read,
// button by button: a URL button's link (BUTTON_URL_INVALID) and the 1-64
// byte limit on callback_data (BUTTON_DATA_INVALID).
func checkInlineButtonValues(obj jsonObj) *Error {
	keyboard, _ := rows(obj, "inline_keyboard", "")
	for _, row := range keyboard {
		for _, raw := range row {
			b, _ := jsonObject(raw)
			if b.has("url") {
				if link, _ := b.str("url", false); link != "" {
					if !ValidButtonURL(link) {
						return BadRequest("BUTTON_URL_INVALID")
					}
					continue
				}
			}
			if data, _ := b.str("callback_data", false); len(data) > MaxCallbackData {
				return BadRequest("BUTTON_DATA_INVALID")
			}
		}
	}
	return nil
}

// ValidButtonURL reports whether Telegram accepts link as the url of an
// inline keyboard button: an http or https URL with a host, or a tg:// link
// (tg://resolve?domain=..., tg://user?id=...).
func ValidButtonURL(link string) bool {
	u, err := url.Parse(link)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Hostname() != ""
	case "tg":
		return u.Host != ""
	}
	return false
}
