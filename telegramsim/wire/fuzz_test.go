package wire

import (
	"testing"
	"unicode/utf8"
)

// FuzzParseText checks that no input makes the parsers panic and that
// every entity they return lies inside the text.
func FuzzParseText(f *testing.F) {
	for _, seed := range []string{
		"<b>x</b>", "<a href='http://x.y'>l</a>", "&#128512;&lt;", "*b* _i_ __u__ ||s|| `c` ```go\nx```",
		"**>q\n>r||", "[l](http://x.y) ![e](tg://emoji?id=1)", "/start @user #tag $USD a@b.cd x.com", "\r\n\t😀",
	} {
		for _, mode := range []string{"HTML", "MarkdownV2", "Markdown", ""} {
			f.Add(seed, mode)
		}
	}
	f.Fuzz(func(t *testing.T, text, mode string) {
		plain, entities, err := ParseText(text, mode)
		if err != nil {
			return
		}
		if !utf8.ValidString(plain) {
			t.Fatalf("invalid UTF-8 in %q", plain)
		}
		n := UTF16Len(plain)
		for _, e := range entities {
			if e.Offset < 0 || e.Length <= 0 || e.Offset+e.Length > n {
				t.Fatalf("entity %+v outside %q (%d units)", e, plain, n)
			}
		}
	})
}

// FuzzCheck checks that no parameter value makes validation panic.
func FuzzCheck(f *testing.F) {
	spec, err := LoadSpec()
	if err != nil {
		f.Fatal(err)
	}
	f.Add("sendMessage", "hi", `{"inline_keyboard":[[{"text":"a","callback_data":"b"}]]}`, `[{"type":"bold","offset":0,"length":1}]`)
	f.Add("setMyCommands", "x", `{"type":"chat","chat_id":1}`, `[{"command":"a","description":"b"}]`)
	f.Add("sendMediaGroup", "x", `{"message_id":1}`, `[{"type":"photo","media":"a","caption":"<b>c</b>","parse_mode":"HTML"}]`)
	f.Fuzz(func(t *testing.T, method, text, object, array string) {
		p := Params{Values: map[string]string{
			"chat_id": "1", "text": text, "reply_markup": object, "reply_parameters": object, "scope": object,
			"entities": array, "commands": array, "media": array, "link_preview_options": object,
		}}
		_, _ = spec.Check(method, p)
	})
}
