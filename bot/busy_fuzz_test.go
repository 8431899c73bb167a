package bot

import (
	"fmt"
	"testing"
)

// Whatever arrives when Redis cannot store it, reading whom to tell never
// panics, and names only a chat and one of the catalogue's languages.
func FuzzBusyRecipient(f *testing.F) {
	private := `{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":%d,"type":"private"},"from":{"id":%d,"is_bot":%v,"first_name":"A","language_code":%q},"text":"hi"}}`
	f.Add(fmt.Appendf(nil, private, 42, 42, false, "zh-hans"))
	f.Add(fmt.Appendf(nil, private, 42, 42, false, "en-GB"))
	f.Add(fmt.Appendf(nil, private, 42, 42, true, "en"))
	f.Add(fmt.Appendf(nil, private, -100, 7, false, ""))
	f.Add([]byte(`{"update_id":2,"callback_query":{"id":"q","chat_instance":"c","data":"x","from":{"id":5,"is_bot":false,"first_name":"B"},"message":{"message_id":9,"date":1,"chat":{"id":5,"type":"private"}}}}`))
	f.Add([]byte(`{"update_id":3,"callback_query":{"id":"q","chat_instance":"c","from":{"id":5,"is_bot":false,"first_name":"B"},"message":{"message_id":9,"date":0,"chat":{"id":5,"type":"private"}}}}`))
	f.Add([]byte(`{"update_id":4,"message":{"message_id":1,"date":1,"chat":{"id":-1001,"type":"supergroup"},"from":{"id":5,"is_bot":false,"first_name":"B"},"text":"x"}}`))
	f.Add([]byte(`{"update_id":5,"my_chat_member":{"chat":{"id":5,"type":"private"},"from":{"id":5,"is_bot":false,"first_name":"B"},"date":1}}`))
	f.Add([]byte(`{"update_id":6,"edited_message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"},"text":"x"}}`))
	f.Add([]byte(`{"update_id":`))
	f.Add([]byte(`null`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		chat, lang, ok := busyRecipient(raw)
		if !ok {
			if chat != 0 || lang != "" {
				t.Fatalf("busyRecipient(%q) = %d, %q, false", raw, chat, lang)
			}
			return
		}
		if chat == 0 || (lang != "en" && lang != "zh") {
			t.Fatalf("busyRecipient(%q) = %d, %q, true", raw, chat, lang)
		}
	})
}
