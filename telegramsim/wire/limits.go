package wire

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// Limits of single methods, as Telegram publishes and enforces them.
const (
	MaxCallbackAnswerText = 200
	MaxTopicName          = 128
	MaxCommands           = 100
	MaxCommandLength      = 32
	MaxCommandDescription = 256
)

// chatActions are the actions sendChatAction accepts.
var chatActions = map[string]bool{
	"typing": true, "cancel": true, "record_video": true, "upload_video": true, "record_voice": true,
	"record_audio": true, "upload_voice": true, "upload_audio": true, "upload_photo": true,
	"upload_document": true, "pick_up_location": true, "find_location": true, "record_video_note": true,
	"upload_video_note": true, "choose_sticker": true,
}

// checkLimits checks the published limits and texts of single methods.
func (v *validation) checkLimits() *Error {
	switch v.method() {
	case "answerCallbackQuery":
		v.mark("callback_query_id", "text")
		if v.value("callback_query_id") == "" {
			return BadRequest("query is too old and response timeout expired or query ID is invalid")
		}
		if UTF16Len(v.value("text")) > MaxCallbackAnswerText {
			return BadRequest("MESSAGE_TOO_LONG")
		}
	case "createForumTopic":
		v.mark("name")
		if CleanName(v.value("name"), MaxTopicName) == "" {
			return BadRequest("name must be non-empty")
		}
	case "setMyCommands":
		v.mark("commands")
		return checkCommands(v.value("commands"), v.value("language_code"))
	case "getMyCommands", "deleteMyCommands":
		return checkLanguageCode(v.value("language_code"))
	case "sendChatAction":
		v.mark("action")
		if !chatActions[strings.ToLower(strings.TrimSpace(v.value("action")))] {
			return BadRequest("wrong parameter action in request")
		}
	case "getFile":
		v.mark("file_id")
		if v.value("file_id") == "" {
			return BadRequest("file_id not specified")
		}
	}
	return nil
}

// checkCommands checks the commands of setMyCommands as Telegram does.
// Telegram reads a missing list as an empty one, which clears the commands.
func checkCommands(raw, languageCode string) *Error {
	if raw == "" {
		return checkLanguageCode(languageCode)
	}
	if !json.Valid([]byte(raw)) {
		return BadRequest("can't parse commands JSON object")
	}
	var items []json.RawMessage
	if jsonKind(json.RawMessage(raw)) != "Array" || json.Unmarshal([]byte(raw), &items) != nil {
		return BadRequest("expected an Array of BotCommand")
	}
	type command struct{ name, description string }
	commands := make([]command, 0, len(items))
	for _, item := range items {
		obj, ok := jsonObject(item)
		if !ok {
			return BadRequest("can't parse BotCommand: expected an Object")
		}
		name, errText := obj.str("command", true)
		if errText == "" {
			var description string
			description, errText = obj.str("description", true)
			commands = append(commands, command{name, description})
		}
		if errText != "" {
			return BadRequest("can't parse BotCommand: %s", errText)
		}
	}
	if err := checkLanguageCode(languageCode); err != nil {
		return err
	}
	for _, c := range commands {
		name := strings.TrimPrefix(strings.TrimSpace(c.name), "/")
		description := strings.TrimSpace(c.description)
		switch {
		case name == "":
			return BadRequest("command must be non-empty")
		case utf8.RuneCountInString(name) > MaxCommandLength:
			return BadRequest("command length must not exceed %d", MaxCommandLength)
		case description == "":
			return BadRequest("command description must be non-empty")
		case utf8.RuneCountInString(description) > MaxCommandDescription:
			return BadRequest("command description length must not exceed %d", MaxCommandDescription)
		}
	}
	// The server checks the characters only after all commands passed.
	for _, c := range commands {
		if !isCommandName(strings.TrimPrefix(strings.TrimSpace(c.name), "/")) {
			return BadRequest("BOT_COMMAND_INVALID")
		}
	}
	if len(commands) > MaxCommands {
		return BadRequest("BOT_COMMANDS_TOO_MUCH")
	}
	return nil
}

// isCommandName reports whether name uses only lowercase English letters,
// digits and underscores.
func isCommandName(name string) bool {
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !('a' <= c && c <= 'z') && !isDigit(c) && c != '_' {
			return false
		}
	}
	return true
}

func checkLanguageCode(code string) *Error {
	if code == "" || (len(code) == 2 && 'a' <= code[0] && code[0] <= 'z' && 'a' <= code[1] && code[1] <= 'z') {
		return nil
	}
	return BadRequest("invalid language code specified")
}

// CleanName cleans a name (of a forum topic, for instance) as Telegram
// does before storing it: control characters and odd spaces become plain
// spaces, runs of spaces and line breaks collapse into one space, the ends
// are trimmed and the result is cut to maxLen characters. An empty result
// means Telegram refuses the name.
func CleanName(name string, maxLen int) string {
	var b strings.Builder
	space := false
	for _, r := range name {
		if r < 0x20 || r == ' ' || r == 0xa0 || r == 0x1680 || r == 0x180e || (r >= 0x2000 && r <= 0x200a) ||
			r == 0x202f || r == 0x205f || r == 0x3000 {
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		space = false
		b.WriteRune(r)
	}
	out := strings.TrimSpace(b.String())
	if utf8.RuneCountInString(out) > maxLen {
		out = strings.TrimSpace(string([]rune(out)[:maxLen]))
	}
	if isEmptyText(out) {
		return ""
	}
	return out
}
