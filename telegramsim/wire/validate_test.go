package wire

import (
	"net/http"
	"strings"
	"testing"
)

func button(data string) string {
	return `{"inline_keyboard":[[{"text":"Go","callback_data":"` + data + `"}]]}`
}

func TestValidate(t *testing.T) {
	t.Parallel()
	spec := loadSpec(t)
	long := strings.Repeat("a", MaxTextLength)
	tests := []struct {
		name   string
		method string
		values map[string]string
		files  map[string]File
		want   string // "" for accepted
	}{
		{"unknown method", "sendLove", map[string]string{"chat_id": "1"}, nil, "Not Found"},
		{"method names ignore case", "SENDmessage", map[string]string{"chat_id": "1", "text": "hi"}, nil, ""},
		{"getMe needs nothing", "getme", nil, nil, ""},

		{"text missing", "sendMessage", map[string]string{"chat_id": "1"}, nil, "Bad Request: message text is empty"},
		{"text checked before chat_id", "sendMessage", map[string]string{}, nil, "Bad Request: message text is empty"},
		{"chat_id missing", "sendMessage", map[string]string{"text": "hi"}, nil, "Bad Request: chat_id is empty"},
		{"chat_id neither integer nor @username", "sendMessage", map[string]string{"chat_id": "bob", "text": "hi"}, nil, "Bad Request: chat not found"},
		{"chat_id @username", "sendMessage", map[string]string{"chat_id": "@desk", "text": "hi"}, nil, ""},
		{"photo missing", "sendPhoto", map[string]string{"chat_id": "1"}, nil, "Bad Request: there is no photo in the request"},
		{"photo by file_id", "sendPhoto", map[string]string{"chat_id": "1", "photo": "AgAC"}, nil, ""},
		{"photo uploaded", "sendPhoto", map[string]string{"chat_id": "1"}, map[string]File{"photo": {Name: "a.jpg"}}, ""},
		{"photo attach:// without the part", "sendPhoto", map[string]string{"chat_id": "1", "photo": "attach://p"}, nil, "Bad Request: there is no photo in the request"},
		{"voice missing", "sendVoice", map[string]string{"chat_id": "1"}, nil, "Bad Request: there is no voice in the request"},
		{"document missing", "sendDocument", map[string]string{"chat_id": "1"}, nil, "Bad Request: there is no document in the request"},
		{"contact phone missing", "sendContact", map[string]string{"chat_id": "1", "first_name": "A"}, nil, `Bad Request: parameter "phone_number" is required`},
		{"callback query id missing", "answerCallbackQuery", map[string]string{}, nil, "Bad Request: query is too old and response timeout expired or query ID is invalid"},
		{"forum topic name missing", "createForumTopic", map[string]string{"chat_id": "-1001"}, nil, "Bad Request: name must be non-empty"},
		{"forum topic name blank", "createForumTopic", map[string]string{"chat_id": "-1001", "name": " \n "}, nil, "Bad Request: name must be non-empty"},
		{"forum topic name of 200 characters is cut, not refused", "createForumTopic", map[string]string{"chat_id": "-1001", "name": strings.Repeat("n", 200)}, nil, ""},
		{"edit without any message", "editMessageText", map[string]string{"text": "x"}, nil, "Bad Request: message identifier is not specified"},
		{"edit without message_id", "editMessageText", map[string]string{"text": "x", "chat_id": "1"}, nil, "Bad Request: message to edit not found"},
		{"edit by inline message", "editMessageText", map[string]string{"text": "x", "inline_message_id": "AB"}, nil, ""},
		{"delete without chat", "deleteMessage", map[string]string{"message_id": "3"}, nil, "Bad Request: chat identifier is not specified"},
		{"delete without message", "deleteMessage", map[string]string{"chat_id": "3"}, nil, "Bad Request: message identifier is not specified"},
		{"forward without source chat", "forwardMessage", map[string]string{"chat_id": "1", "message_id": "2"}, nil, `Bad Request: parameter "from_chat_id" is required`},
		{"copy without message", "copyMessage", map[string]string{"chat_id": "1", "from_chat_id": "2"}, nil, "Bad Request: message to copy not found"},
		{"getFile without file_id", "getFile", nil, nil, "Bad Request: file_id not specified"},
		{"chat action unknown", "sendChatAction", map[string]string{"chat_id": "1", "action": "dancing"}, nil, "Bad Request: wrong parameter action in request"},
		{"chat action typing", "sendChatAction", map[string]string{"chat_id": "1", "action": "typing"}, nil, ""},
		{"user_id missing", "getChatMember", map[string]string{"chat_id": "1"}, nil, "Bad Request: invalid user_id specified"},
		{"generic required parameter", "editForumTopic", map[string]string{"chat_id": "1"}, nil, `Bad Request: parameter "message_thread_id" is required`},

		{"integer of the wrong type", "sendMessage", map[string]string{"chat_id": "1", "text": "hi", "message_thread_id": "seven"}, nil, `Bad Request: parameter "message_thread_id" must be of type Integer`},
		{"boolean of the wrong type", "sendMessage", map[string]string{"chat_id": "1", "text": "hi", "disable_notification": "maybe"}, nil, `Bad Request: parameter "disable_notification" must be of type Boolean`},
		{"boolean as 1", "sendMessage", map[string]string{"chat_id": "1", "text": "hi", "disable_notification": "1"}, nil, ""},
		{"float of the wrong type", "sendLocation", map[string]string{"chat_id": "1", "latitude": "north", "longitude": "1.5"}, nil, `Bad Request: parameter "latitude" must be of type Float`},
		{"array expected", "getUpdates", map[string]string{"allowed_updates": `"message"`}, nil, "Bad Request: expected an Array of String"},
		{"array of strings", "getUpdates", map[string]string{"allowed_updates": `["message","callback_query"]`}, nil, ""},
		{"object field of the wrong type", "sendMessage", map[string]string{"chat_id": "1", "text": "hi", "link_preview_options": `{"is_disabled":"yes"}`}, nil, `Bad Request: can't parse LinkPreviewOptions: Field "is_disabled" must be of type Boolean`},
		{"unknown object fields are ignored", "sendMessage", map[string]string{"chat_id": "1", "text": "hi", "link_preview_options": `{"is_disabled":true,"sparkle":1}`}, nil, ""},
		{"unknown parameters are ignored", "sendMessage", map[string]string{"chat_id": "1", "text": "hi", "sparkle": "1"}, nil, ""},
		{"abstract type picks its subtype", "setMyCommands", map[string]string{"scope": `{"type":"chat"}`}, nil, `Bad Request: can't parse BotCommandScope: Can't find field "chat_id"`},
		{"abstract type of unknown kind", "setMyCommands", map[string]string{"scope": `{"type":"moon"}`}, nil, "Bad Request: can't parse BotCommandScope: Unsupported type specified"},
		{"abstract type accepted", "setMyCommands", map[string]string{"scope": `{"type":"chat","chat_id":-100}`}, nil, ""},
		{"reply parameters without message", "sendMessage", map[string]string{"chat_id": "1", "text": "hi", "reply_parameters": `{"chat_id":1}`}, nil, `Bad Request: can't find field "message_id"`},
		{"reply parameters malformed", "sendMessage", map[string]string{"chat_id": "1", "text": "hi", "reply_parameters": `{"message_id":`}, nil, "Bad Request: can't parse reply parameters JSON object"},
		{"reply parameters", "sendMessage", map[string]string{"chat_id": "1", "text": "hi", "reply_parameters": `{"message_id":"7"}`}, nil, ""},

		{"text of 4096", "sendMessage", map[string]string{"chat_id": "1", "text": long}, nil, ""},
		{"text of 4097", "sendMessage", map[string]string{"chat_id": "1", "text": long + "a"}, nil, "Bad Request: message is too long"},
		{"text over 4096 before parsing but not after", "sendMessage", map[string]string{"chat_id": "1", "text": "<b>" + long + "</b>", "parse_mode": "HTML"}, nil, ""},
		{"text of 4097 after parsing", "sendMessage", map[string]string{"chat_id": "1", "text": "<b>" + long + "</b>a", "parse_mode": "HTML"}, nil, "Bad Request: message is too long"},
		{"text of 4096 emoji counts characters, not UTF-16 units", "sendMessage", map[string]string{"chat_id": "1", "text": strings.Repeat("😀", MaxTextLength)}, nil, ""},
		{"text of 4097 emoji is too long", "sendMessage", map[string]string{"chat_id": "1", "text": strings.Repeat("😀", MaxTextLength+1)}, nil, "Bad Request: message is too long"},
		{"caption of 1024 emoji", "sendPhoto", map[string]string{"chat_id": "1", "photo": "x", "caption": strings.Repeat("𝄞", MaxCaptionLength)}, nil, ""},
		{"caption of 1025 emoji", "sendPhoto", map[string]string{"chat_id": "1", "photo": "x", "caption": strings.Repeat("𝄞", MaxCaptionLength+1)}, nil, "Bad Request: message caption is too long"},
		{"media group caption of 1024 emoji", "sendMediaGroup", map[string]string{"chat_id": "1", "media": `[{"type":"photo","media":"a","caption":"` + strings.Repeat("😀", 1024) + `"},{"type":"photo","media":"b"}]`}, nil, ""},
		{"media group caption of 1025 emoji", "sendMediaGroup", map[string]string{"chat_id": "1", "media": `[{"type":"photo","media":"a","caption":"` + strings.Repeat("😀", 1025) + `"},{"type":"photo","media":"b"}]`}, nil, "Bad Request: message caption is too long"},
		{"text trimmed to nothing", "sendMessage", map[string]string{"chat_id": "1", "text": " \n "}, nil, "Bad Request: text must be non-empty"},
		{"text empty after parsing", "sendMessage", map[string]string{"chat_id": "1", "text": "<b></b>", "parse_mode": "HTML"}, nil, "Bad Request: text must be non-empty"},
		{"caption of 1024", "sendPhoto", map[string]string{"chat_id": "1", "photo": "x", "caption": strings.Repeat("c", MaxCaptionLength)}, nil, ""},
		{"caption of 1025", "sendPhoto", map[string]string{"chat_id": "1", "photo": "x", "caption": strings.Repeat("c", MaxCaptionLength+1)}, nil, "Bad Request: message caption is too long"},
		{"caption of 1025 before parsing", "sendPhoto", map[string]string{"chat_id": "1", "photo": "x", "caption": "*" + strings.Repeat("c", 1023) + "*", "parse_mode": "MarkdownV2"}, nil, ""},
		{"media group of two", "sendMediaGroup", map[string]string{"chat_id": "1", "media": `[{"type":"photo","media":"a"},{"type":"photo","media":"b"}]`}, nil, ""},
		{"media group caption of 1025", "sendMediaGroup", map[string]string{"chat_id": "1", "media": `[{"type":"photo","media":"a","caption":"` + strings.Repeat("c", 1025) + `"},{"type":"photo","media":"b"}]`}, nil, "Bad Request: message caption is too long"},
		{"media group of 11", "sendMediaGroup", map[string]string{"chat_id": "1", "media": "[" + strings.Repeat(`{"type":"photo","media":"a"},`, 10) + `{"type":"photo","media":"a"}]`}, nil, "Bad Request: too many messages to send as an album"},
		{"media group empty", "sendMediaGroup", map[string]string{"chat_id": "1", "media": "[]"}, nil, "Bad Request: there are no messages to send"},
		{"media group with an animation", "sendMediaGroup", map[string]string{"chat_id": "1", "media": `[{"type":"animation","media":"a"}]`}, nil, `Bad Request: can't parse InputMedia: type "animation" can't be used in sendMediaGroup`},
		{"media group attachment missing", "sendMediaGroup", map[string]string{"chat_id": "1", "media": `[{"type":"photo","media":"attach://p1"}]`}, nil, "Bad Request: can't parse InputMedia: media not found"},
		{"media group malformed", "sendMediaGroup", map[string]string{"chat_id": "1", "media": `[{`}, nil, "Bad Request: can't parse media JSON object"},

		{"callback_data of 64 bytes", "sendMessage", map[string]string{"chat_id": "1", "text": "hi", "reply_markup": button(strings.Repeat("я", 32))}, nil, ""},
		{"callback_data of 65 bytes", "sendMessage", map[string]string{"chat_id": "1", "text": "hi", "reply_markup": button(strings.Repeat("я", 32) + "a")}, nil, "Bad Request: BUTTON_DATA_INVALID"},
		{"inline button of no kind", "sendMessage", map[string]string{"chat_id": "1", "text": "hi", "reply_markup": `{"inline_keyboard":[[{"text":"Go"}]]}`}, nil, "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"},
		{"inline button with empty callback_data", "sendMessage", map[string]string{"chat_id": "1", "text": "hi", "reply_markup": button("")}, nil, "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"},
		{"url button without a scheme", "sendMessage", map[string]string{"chat_id": "1", "text": "hi", "reply_markup": `{"inline_keyboard":[[{"text":"Shop","url":"example.com"}]]}`}, nil, "Bad Request: BUTTON_URL_INVALID"},
		{"url button with a tg link", "sendMessage", map[string]string{"chat_id": "1", "text": "hi", "reply_markup": `{"inline_keyboard":[[{"text":"Bot","url":"tg://resolve?domain=x"}]]}`}, nil, ""},
		{"inline button without text", "sendMessage", map[string]string{"chat_id": "1", "text": "hi", "reply_markup": `{"inline_keyboard":[[{"url":"https://t.me"}]]}`}, nil, `Bad Request: can't parse inline keyboard button: Can't find field "text"`},
		{"inline keyboard not of rows", "sendMessage", map[string]string{"chat_id": "1", "text": "hi", "reply_markup": `{"inline_keyboard":[{"text":"Go"}]}`}, nil, `Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays`},
		{"malformed reply_markup", "sendMessage", map[string]string{"chat_id": "1", "text": "hi", "reply_markup": `{"inline_keyboard":[[`}, nil, "Bad Request: can't parse reply keyboard markup JSON object"},
		{"reply_markup not an object", "sendMessage", map[string]string{"chat_id": "1", "text": "hi", "reply_markup": `[]`}, nil, "Bad Request: object expected as reply markup"},
		{"reply keyboard with a contact button", "sendMessage", map[string]string{"chat_id": "1", "text": "hi", "reply_markup": `{"keyboard":[[{"text":"Share","request_contact":true}],["Plain"]],"resize_keyboard":true}`}, nil, ""},
		{"reply keyboard button of the wrong type", "sendMessage", map[string]string{"chat_id": "1", "text": "hi", "reply_markup": `{"keyboard":[[1]]}`}, nil, "Bad Request: can't parse keyboard button: KeyboardButton must be a String or an Object"},
		{"keyboard removal", "sendMessage", map[string]string{"chat_id": "1", "text": "hi", "reply_markup": `{"remove_keyboard":true}`}, nil, ""},

		{"bad HTML", "sendMessage", map[string]string{"chat_id": "1", "text": "<b>hi", "parse_mode": "HTML"}, nil, `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`},
		{"bad MarkdownV2", "sendMessage", map[string]string{"chat_id": "1", "text": "Done.", "parse_mode": "MarkdownV2"}, nil, `Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\'`},
		{"parse mode unknown", "sendMessage", map[string]string{"chat_id": "1", "text": "hi", "parse_mode": "BBCode"}, nil, "Bad Request: unsupported parse_mode"},
		{"parse mode in lower case", "sendMessage", map[string]string{"chat_id": "1", "text": "<i>hi</i>", "parse_mode": "html"}, nil, ""},
		{"entities with a bad item", "sendMessage", map[string]string{"chat_id": "1", "text": "hi", "entities": `[{"type":"bold","offset":0}]`}, nil, `Bad Request: can't parse MessageEntity: Can't find field "length"`},
		{"entity past the end", "sendMessage", map[string]string{"chat_id": "1", "text": "hi", "entities": `[{"type":"bold","offset":5,"length":1}]`}, nil, "Bad Request: entity begins after the end of the text at UTF-16 offset 5"},

		{"callback answer of 200", "answerCallbackQuery", map[string]string{"callback_query_id": "9", "text": strings.Repeat("t", 200)}, nil, ""},
		{"callback answer of 201", "answerCallbackQuery", map[string]string{"callback_query_id": "9", "text": strings.Repeat("t", 201)}, nil, "Bad Request: MESSAGE_TOO_LONG"},
		{"commands", "setMyCommands", map[string]string{"commands": `[{"command":"/start","description":"Begin"},{"command":"new_ticket","description":"File one"}]`}, nil, ""},
		{"command of 33 characters", "setMyCommands", map[string]string{"commands": `[{"command":"` + strings.Repeat("c", 33) + `","description":"d"}]`}, nil, "Bad Request: command length must not exceed 32"},
		{"command with capitals", "setMyCommands", map[string]string{"commands": `[{"command":"Start","description":"d"}]`}, nil, "Bad Request: BOT_COMMAND_INVALID"},
		{"command description of 257", "setMyCommands", map[string]string{"commands": `[{"command":"a","description":"` + strings.Repeat("d", 257) + `"}]`}, nil, "Bad Request: command description length must not exceed 256"},
		{"command without description", "setMyCommands", map[string]string{"commands": `[{"command":"a"}]`}, nil, `Bad Request: can't parse BotCommand: Can't find field "description"`},
		{"commands language code", "setMyCommands", map[string]string{"commands": `[]`, "language_code": "rus"}, nil, "Bad Request: invalid language code specified"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := spec.Validate(tt.method, Params{Values: tt.values, Files: tt.files})
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want == "":
			case err == nil:
				t.Fatalf("accepted, want %q", tt.want)
			case err.Description != tt.want:
				t.Fatalf("description = %q, want %q", err.Description, tt.want)
			case tt.want == "Not Found" && err.Code != http.StatusNotFound, tt.want != "Not Found" && err.Code != http.StatusBadRequest:
				t.Fatalf("code = %d for %q", err.Code, err.Description)
			}
		})
	}
}

func TestCheckReturnsParsedTexts(t *testing.T) {
	t.Parallel()
	spec := loadSpec(t)
	c, err := spec.Check("editMessageText", Params{Values: map[string]string{
		"chat_id": "1", "message_id": "2", "text": "  *Status:* open  ", "parse_mode": "MarkdownV2",
	}})
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	if c.Method.Name != "editMessageText" || c.Text == nil || c.Text.Text != "Status: open" ||
		len(c.Text.Entities) != 1 || c.Text.Entities[0] != (Entity{Type: "bold", Length: 7}) {
		t.Fatalf("call = %+v, text = %+v", c, c.Text)
	}
	if c.Caption != nil {
		t.Errorf("caption = %+v, want none", c.Caption)
	}
}
