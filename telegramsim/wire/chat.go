package wire

import "strings"

// editMethods address a message by chat_id and message_id or by
// inline_message_id.
var editMethods = map[string]bool{
	"editMessageText": true, "editMessageCaption": true, "editMessageMedia": true,
	"editMessageReplyMarkup": true, "editMessageLiveLocation": true, "stopMessageLiveLocation": true,
	"editMessageChecklist": true,
}

// messageNouns name the message a method needs in Telegram's
// "... not found" texts.
var messageNouns = map[string]string{
	"forwardMessage": "message to forward", "copyMessage": "message to copy",
}

// checkChat checks the chat and message a call addresses, as far as that
// is possible without knowing the chats: whether the chat is given and
// looks like a chat identifier or @username. Whether the chat exists is for
// the caller to answer.
func (v *validation) checkChat() *Error {
	m := v.method()
	if m == "deleteMessage" {
		v.mark("chat_id", "message_id")
		if v.value("chat_id") == "" {
			return BadRequest("chat identifier is not specified")
		}
		if id, ok := v.call.Params.Int64("message_id"); !ok || id <= 0 {
			return BadRequest("message identifier is not specified")
		}
		return checkChatID(v.value("chat_id"))
	}
	if editMethods[m] {
		v.mark("chat_id", "message_id", "inline_message_id")
		chatID := v.value("chat_id")
		id, _ := v.call.Params.Int64("message_id")
		if chatID == "" && id <= 0 {
			if v.value("inline_message_id") == "" {
				return BadRequest("message identifier is not specified")
			}
			return nil
		}
		if err := checkChatID(chatID); err != nil {
			return err
		}
		if id <= 0 {
			return BadRequest("message to edit not found")
		}
		return nil
	}
	if noun, ok := messageNouns[m]; ok {
		v.mark("from_chat_id", "message_id")
		from := v.value("from_chat_id")
		if from == "" {
			return BadRequest("parameter \"from_chat_id\" is required")
		}
		if err := checkChatID(from); err != nil {
			return err
		}
		if id, ok := v.call.Params.Int64("message_id"); !ok || id <= 0 {
			return BadRequest("%s not found", noun)
		}
	}
	f, ok := v.call.Method.Field("chat_id")
	if !ok || !f.Required {
		return nil
	}
	v.mark("chat_id")
	if v.value("chat_id") == "" {
		return BadRequest("chat_id is empty")
	}
	return checkChatID(v.value("chat_id"))
}

// checkChatID accepts an integer chat identifier or an @username; Telegram
// reads anything else as chat 0, which is never found.
func checkChatID(s string) *Error {
	if strings.HasPrefix(s, "@") {
		return nil
	}
	if _, err := parseInteger(s); err != nil {
		return BadRequest("chat not found")
	}
	return nil
}
