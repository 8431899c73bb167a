package wire

import (
	"strings"
	"testing"
)

func BenchmarkCheckSendMessage(b *testing.B) {
	spec := loadSpec(b)
	p := Params{Values: map[string]string{
		"chat_id":      "-1001234567890",
		"text":         strings.Repeat("<b>Ticket</b> #42: the kettle <i>leaks</i> 😀\n", 80),
		"parse_mode":   "HTML",
		"reply_markup": `{"inline_keyboard":[[{"text":"Close","callback_data":"close:42"},{"text":"Reply","callback_data":"reply:42"}]]}`,
	}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := spec.Check("sendMessage", p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseTextMarkdownV2(b *testing.B) {
	text := strings.Repeat("*Ticket* _42_: see [the form](https://example.com/f) \\- thanks\\!\n", 60)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ParseText(text, "MarkdownV2"); err != nil {
			b.Fatal(err)
		}
	}
}
