package wire

import "testing"

func TestSpec(t *testing.T) {
	t.Parallel()
	s := loadSpec(t)
	if s.Version() != "Bot API 10.1" {
		t.Errorf("Version = %q", s.Version())
	}
	for _, name := range []string{"sendMessage", "sendmessage", "SENDMESSAGE", "SendMessage"} {
		m, ok := s.Method(name)
		if !ok || m.Name != "sendMessage" {
			t.Errorf("Method(%q) = %v, %v", name, m, ok)
		}
	}
	if _, ok := s.Method("sendLove"); ok {
		t.Error("an unknown method was found")
	}
	m, _ := s.Method("sendMessage")
	if f, ok := m.Field("chat_id"); !ok || !f.Required || len(f.Types) != 2 {
		t.Errorf("sendMessage chat_id = %+v, %v", f, ok)
	}
	if len(m.Returns) != 1 || m.Returns[0] != "Message" {
		t.Errorf("sendMessage returns %v", m.Returns)
	}
	typ, ok := s.Type("InlineKeyboardButton")
	if f, found := typ.Field("callback_data"); !ok || !found || f.Required {
		t.Errorf("InlineKeyboardButton.callback_data = %+v", f)
	}
	if scope, ok := s.Type("BotCommandScope"); !ok || len(scope.Subtypes) != 7 {
		t.Errorf("BotCommandScope subtypes = %v", scope)
	}
	if r := s.ReactionEmoji(); len(r) != 73 || r[0] != "❤" || r[1] != "👍" || r[len(r)-1] != "😡" {
		t.Errorf("ReactionEmoji = %q", r)
	}
	for e, want := range map[string]bool{"👍": true, "❤‍🔥": true, "🤷‍♀": true, "❤️": false, "🚀": false, "": false, "👍👍": false} {
		if got := s.IsReactionEmoji(e); got != want {
			t.Errorf("IsReactionEmoji(%q) = %v, want %v", e, got, want)
		}
	}
}

func BenchmarkLoadSpec(b *testing.B) {
	for b.Loop() {
		if _, err := LoadSpec(); err != nil {
			b.Fatal(err)
		}
	}
}
