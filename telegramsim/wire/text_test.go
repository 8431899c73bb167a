package wire

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseText(t *testing.T) {
	t.Parallel()
	type E = Entity
	tests := []struct {
		name     string
		text     string
		mode     string
		plain    string
		entities []Entity
		err      string
	}{
		{name: "plain text is kept", text: "Order 12 arrived broken", mode: "", plain: "Order 12 arrived broken"},
		{name: "none is plain", text: "<b>x</b>", mode: "none", plain: "<b>x</b>"},
		{name: "spaces and line breaks trimmed", text: "\n  hello \n", mode: "", plain: "hello"},
		{name: "carriage returns dropped, tabs become spaces", text: "a\r\nb\tc", mode: "", plain: "a\nb c"},

		{name: "HTML bold", text: "<b>bold</b> text", mode: "HTML", plain: "bold text", entities: []E{{Type: "bold", Length: 4}}},
		{name: "HTML tag names ignore case", text: "<B>x</B><STRONG>y</STRONG>", mode: "html", plain: "xy", entities: []E{{Type: "bold", Length: 2}}},
		{name: "HTML all styles", text: "<i>i</i> <em>e</em> <u>u</u> <ins>n</ins> <s>s</s> <strike>k</strike> <del>d</del>", mode: "HTML",
			plain: "i e u n s k d", entities: []E{{Type: "italic", Length: 1}, {Type: "italic", Offset: 2, Length: 1},
				{Type: "underline", Offset: 4, Length: 1}, {Type: "underline", Offset: 6, Length: 1},
				{Type: "strikethrough", Offset: 8, Length: 1}, {Type: "strikethrough", Offset: 10, Length: 1},
				{Type: "strikethrough", Offset: 12, Length: 1}}},
		{name: "HTML nested tags split as Telegram splits them", text: "<b>bold <i>both</i></b>", mode: "HTML", plain: "bold both",
			entities: []E{{Type: "bold", Length: 5}, {Type: "bold", Offset: 5, Length: 4}, {Type: "italic", Offset: 5, Length: 4}}},
		{name: "HTML emoji count two UTF-16 units", text: "😀 <b>ok 👍</b>!", mode: "HTML", plain: "😀 ok 👍!",
			entities: []E{{Type: "bold", Offset: 3, Length: 5}}},
		{name: "HTML entities decoded", text: "&lt;tag&gt; &amp; &quot;q&quot; &#65;&#x42; &copy;", mode: "HTML", plain: `<tag> & "q" AB &copy;`},
		{name: "HTML numeric emoji entity", text: "<b>&#128512;</b>", mode: "HTML", plain: "😀", entities: []E{{Type: "bold", Length: 2}}},
		{name: "HTML link normalised", text: `<a href="Example.COM/path">site</a>`, mode: "HTML", plain: "site",
			entities: []E{{Type: "text_link", Length: 4, URL: "http://example.com/path"}}},
		{name: "HTML link with a bad URL is dropped", text: `<a href="nowhere">x</a>`, mode: "HTML", plain: "x"},
		{name: "HTML mention of a user by id", text: `<a href="tg://user?id=42">Ann</a>`, mode: "HTML", plain: "Ann",
			entities: []E{{Type: "text_mention", Length: 3, UserID: 42}}},
		{name: "HTML code and pre with language", text: "<code>x</code>\n<pre><code class=\"language-go\">a := 1</code></pre>", mode: "HTML",
			plain: "x\na := 1", entities: []E{{Type: "code", Length: 1}, {Type: "pre", Offset: 2, Length: 6, Language: "go"}}},
		{name: "HTML spoilers", text: `<tg-spoiler>a</tg-spoiler> <span class="tg-spoiler">b</span>`, mode: "HTML", plain: "a b",
			entities: []E{{Type: "spoiler", Length: 1}, {Type: "spoiler", Offset: 2, Length: 1}}},
		{name: "HTML blockquotes", text: "<blockquote>q</blockquote><blockquote expandable>e</blockquote>", mode: "HTML", plain: "qe",
			entities: []E{{Type: "blockquote", Length: 1}, {Type: "expandable_blockquote", Offset: 1, Length: 1}}},
		{name: "HTML custom emoji", text: `<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>`, mode: "HTML", plain: "👍",
			entities: []E{{Type: "custom_emoji", Length: 2, CustomEmojiID: "5368324170671202286"}}},
		{name: "HTML date", text: `<tg-time unix="1700000000" format="wDT">Tue</tg-time>`, mode: "HTML", plain: "Tue",
			entities: []E{{Type: "date_time", Length: 3, UnixTime: 1700000000, DateTimeFormat: "wDT"}}},
		{name: "HTML empty tag adds nothing", text: "a<b></b>b", mode: "HTML", plain: "ab"},
		{name: "HTML unsupported tag", text: "Hi <br> there", mode: "HTML", err: `Bad Request: can't parse entities: Unsupported start tag "br" at byte offset 3`},
		{name: "HTML bare less-than", text: "1 < 2", mode: "HTML", err: `Bad Request: can't parse entities: Unsupported start tag "" at byte offset 2`},
		{name: "HTML byte offsets count bytes", text: "Привет <x>", mode: "HTML", err: `Bad Request: can't parse entities: Unsupported start tag "x" at byte offset 13`},
		{name: "HTML unclosed tag", text: "<b>bold", mode: "HTML", err: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`},
		{name: "HTML mismatched tags", text: "<b><i>x</b></i>", mode: "HTML", err: `Bad Request: can't parse entities: Unmatched end tag at byte offset 7, expected "</i>", found "</b>"`},
		{name: "HTML end tag without start", text: "x</b>", mode: "HTML", err: "Bad Request: can't parse entities: Unexpected end tag at byte offset 1"},
		{name: "HTML start tag not closed", text: "a <b", mode: "HTML", err: "Bad Request: can't parse entities: Unclosed start tag at byte offset 2"},
		{name: "HTML bad attribute value", text: "<a href=x!y>l</a>", mode: "HTML", err: "Bad Request: can't parse entities: Unexpected end of name token at byte offset 8"},
		{name: "HTML span without spoiler class", text: "<span>x</span>", mode: "HTML", err: `Bad Request: can't parse entities: Tag "span" must have class "tg-spoiler" at byte offset 0`},

		{name: "MarkdownV2 styles", text: "*b* _i_ __u__ ~s~ ||p|| `c`", mode: "MarkdownV2", plain: "b i u s p c",
			entities: []E{{Type: "bold", Length: 1}, {Type: "italic", Offset: 2, Length: 1}, {Type: "underline", Offset: 4, Length: 1},
				{Type: "strikethrough", Offset: 6, Length: 1}, {Type: "spoiler", Offset: 8, Length: 1}, {Type: "code", Offset: 10, Length: 1}}},
		{name: "MarkdownV2 escapes", text: `Total: 5\.00 \(incl\. VAT\)\!`, mode: "MarkdownV2", plain: "Total: 5.00 (incl. VAT)!"},
		{name: "MarkdownV2 link with escaped parenthesis", text: `[docs](https://example.com/a\)b)`, mode: "MarkdownV2", plain: "docs",
			entities: []E{{Type: "text_link", Length: 4, URL: "https://example.com/a)b"}}},
		{name: "MarkdownV2 nested", text: "*bold _italic_*", mode: "MarkdownV2", plain: "bold italic",
			entities: []E{{Type: "bold", Length: 5}, {Type: "bold", Offset: 5, Length: 6}, {Type: "italic", Offset: 5, Length: 6}}},
		{name: "MarkdownV2 pre with language", text: "```python\nprint(1)\n```", mode: "MarkdownV2", plain: "print(1)",
			entities: []E{{Type: "pre", Length: 8, Language: "python"}}},
		{name: "MarkdownV2 blockquote", text: ">first\n>second\nafter", mode: "MarkdownV2", plain: "first\nsecond\nafter",
			entities: []E{{Type: "blockquote", Length: 13}}},
		{name: "MarkdownV2 expandable blockquote", text: "**>abc\n>def||", mode: "MarkdownV2", plain: "abc\ndef",
			entities: []E{{Type: "expandable_blockquote", Length: 7}}},
		{name: "MarkdownV2 only backquotes are special in code", text: "`a*b\\`c`", mode: "MarkdownV2", plain: "a*b`c",
			entities: []E{{Type: "code", Length: 5}}},
		{name: "MarkdownV2 user mention and custom emoji", text: "[Ann](tg://user?id=42) ![👍](tg://emoji?id=5368324170671202286)", mode: "MarkdownV2",
			plain: "Ann 👍", entities: []E{{Type: "text_mention", Length: 3, UserID: 42}, {Type: "custom_emoji", Offset: 4, Length: 2, CustomEmojiID: "5368324170671202286"}}},
		{name: "MarkdownV2 emoji offsets", text: "👍 *ok*", mode: "MarkdownV2", plain: "👍 ok", entities: []E{{Type: "bold", Offset: 3, Length: 2}}},
		{name: "MarkdownV2 reserved dot", text: "Ticket 7 opened.", mode: "MarkdownV2",
			err: `Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\'`},
		{name: "MarkdownV2 reserved minus", text: "a - b", mode: "MarkdownV2",
			err: `Bad Request: can't parse entities: Character '-' is reserved and must be escaped with the preceding '\'`},
		{name: "MarkdownV2 unclosed bold", text: "x *bold", mode: "MarkdownV2", err: "Bad Request: can't parse entities: Can't find end of Bold entity at byte offset 2"},
		{name: "MarkdownV2 unclosed URL", text: "[a](http://x", mode: "MarkdownV2", err: "Bad Request: can't parse entities: Can't find end of a URL at byte offset 4"},

		{name: "Markdown styles", text: "*b* _i_ `c` [l](http://t.me) ```go\nx```", mode: "Markdown", plain: "b i c l x",
			entities: []E{{Type: "bold", Length: 1}, {Type: "italic", Offset: 2, Length: 1}, {Type: "code", Offset: 4, Length: 1},
				{Type: "text_link", Offset: 6, Length: 1, URL: "http://t.me/"}, {Type: "pre", Offset: 8, Length: 1, Language: "go"}}},
		{name: "Markdown escapes and free punctuation", text: `2\*3 = 6. Done!`, mode: "Markdown", plain: "2*3 = 6. Done!"},
		{name: "Markdown unclosed", text: "a *b", mode: "Markdown", err: "Bad Request: can't parse entities: Can't find end of the entity starting at byte offset 2"},

		{name: "found entities are added", text: "Use /start or write to support@example.com", mode: "", plain: "Use /start or write to support@example.com",
			entities: []E{{Type: "bot_command", Offset: 4, Length: 6}, {Type: "email", Offset: 23, Length: 19}}},
		{name: "unknown parse mode", text: "x", mode: "BBCode", err: "Bad Request: unsupported parse_mode"},
		{name: "parse mode of an empty text is not read", text: "", mode: "BBCode", plain: ""},
		{name: "text over 32768 bytes", text: strings.Repeat("a", maxRawText+1), mode: "HTML", err: "Bad Request: text is too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			plain, entities, err := ParseText(tt.text, tt.mode)
			if tt.err != "" {
				if err == nil || err.Description != tt.err || err.Code != 400 {
					t.Fatalf("error = %v, want 400 %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if plain != tt.plain {
				t.Errorf("plain = %q, want %q", plain, tt.plain)
			}
			if !reflect.DeepEqual(entities, tt.entities) {
				t.Errorf("entities =\n%+v\nwant\n%+v", entities, tt.entities)
			}
		})
	}
}

func TestFormatTextEntitiesParameter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		text     string
		entities string
		want     []Entity
		err      string
	}{
		{name: "entities applied", text: "pay 😀 now", entities: `[{"type":"bold","offset":4,"length":2},{"type":"text_link","offset":7,"length":3,"url":"https://pay.example"}]`,
			want: []Entity{{Type: "bold", Offset: 4, Length: 2}, {Type: "text_link", Offset: 7, Length: 3, URL: "https://pay.example"}}},
		{name: "found kinds are recomputed, not taken", text: "hello", entities: `[{"type":"url","offset":0,"length":5}]`},
		{name: "entities that are not an array are ignored", text: "hello", entities: `{"type":"bold"}`},
		{name: "overlapping bold merged", text: "abcdef", entities: `[{"type":"bold","offset":0,"length":3},{"type":"bold","offset":2,"length":3}]`,
			want: []Entity{{Type: "bold", Length: 5}}},
		{name: "entity moved by the left trim", text: "  hi", entities: `[{"type":"italic","offset":2,"length":2}]`,
			want: []Entity{{Type: "italic", Length: 2}}},
		{name: "unknown type", text: "hi", entities: `[{"type":"sparkle","offset":0,"length":1}]`, err: "Bad Request: can't parse MessageEntity: Unsupported type specified"},
		{name: "not an object", text: "hi", entities: `[1]`, err: "Bad Request: can't parse MessageEntity: expected an Object"},
		{name: "negative offset", text: "hi", entities: `[{"type":"bold","offset":-1,"length":1}]`, err: "Bad Request: receive an entity with incorrect offset -1"},
		{name: "inside a surrogate pair", text: "😀", entities: `[{"type":"bold","offset":1,"length":1}]`, err: "Bad Request: entity begins in a middle of a UTF-16 symbol at byte offset 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, err := FormatText(tt.text, "", tt.entities)
			if tt.err != "" {
				if err == nil || err.Description != tt.err {
					t.Fatalf("error = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if !reflect.DeepEqual(f.Entities, tt.want) {
				t.Errorf("entities = %+v, want %+v", f.Entities, tt.want)
			}
		})
	}
}

func TestUTF16Len(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]int{"": 0, "abc": 3, "жук": 3, "😀": 2, "a😀b": 4, "🇷🇺": 4} {
		if got := UTF16Len(s); got != want {
			t.Errorf("UTF16Len(%q) = %d, want %d", s, got, want)
		}
	}
}
