package update

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"
)

// A command read from any text is a lower-case name without spaces or @,
// and its arguments carry no space at either end.
func FuzzCommand(f *testing.F) {
	for _, s := range []string{
		"/start", "/start@ShopDeskBot SO123", "/START@shopdeskbot  a b ", "/start@OtherBot x", "/", "/@ShopDeskBot",
		"/ shrug", "hello", "/a@", "/a@b@c d", "/новый аргумент", "/x\targ", "",
	} {
		f.Add(s, "ShopDeskBot")
	}
	f.Fuzz(func(t *testing.T, text, botUsername string) {
		cmd, args, ok := Command(text, botUsername)
		if !ok {
			if cmd != "" || args != "" {
				t.Fatalf("Command(%q) refused but returned %q, %q", text, cmd, args)
			}
			return
		}
		if cmd == "" || strings.ContainsAny(cmd, " @") || cmd != strings.ToLower(cmd) {
			t.Fatalf("Command(%q) = name %q", text, cmd)
		}
		if args != strings.TrimSpace(args) {
			t.Fatalf("Command(%q) = arguments %q, not trimmed", text, args)
		}
	})
}

// Any JSON decodes into an update (or fails to) without a panic, and the
// chat read from a decoded update is the one its object names.
func FuzzChat(f *testing.F) {
	for _, s := range []string{
		`{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":42,"type":"private"},"text":"hi"}}`,
		`{"update_id":2,"edited_message":{"message_id":1,"date":1,"chat":{"id":-100,"type":"supergroup"}}}`,
		`{"update_id":3,"callback_query":{"id":"q","from":{"id":7},"message":{"message_id":1,"date":1,"chat":{"id":42,"type":"private"}},"data":"x"}}`,
		`{"update_id":4,"callback_query":{"id":"q","from":{"id":7},"message":{"message_id":1,"date":0,"chat":{"id":43,"type":"private"}}}}`,
		`{"update_id":5,"my_chat_member":{"chat":{"id":-5,"type":"group"},"from":{"id":1},"date":1}}`,
		`{"update_id":6,"chat_member":{"chat":{"id":-6,"type":"channel"},"from":{"id":1},"date":1,"new_chat_member":{"status":"left","user":{"id":2}}}}`,
		`{"update_id":7,"poll":{"id":"p"}}`, `{}`, `[]`, `null`, `{"message":null}`, `{"callback_query":{"message":[]}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var upd models.Update
		if json.Unmarshal(raw, &upd) != nil {
			return
		}
		id, typ := Chat(&upd)
		if upd.Message != nil && (id != upd.Message.Chat.ID || typ != upd.Message.Chat.Type) {
			t.Fatalf("Chat = %d %q, want the message's chat %d", id, typ, upd.Message.Chat.ID)
		}
		_ = IsGroup(typ)
	})
}
