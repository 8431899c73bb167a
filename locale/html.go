package locale

import (
	"html"
	"regexp"
	"strings"
)

// HTMLParam starts the name of a parameter whose value the caller built as
// Telegram HTML from escaped parts (a list of tickets, a link); HTML passes
// it through as it is. Parameters carrying anything a person typed never
// use it.
const HTMLParam = "html_"

// HTML renders the text under key in lang, as Text does, with every
// parameter HTML-escaped for Telegram except those named with HTMLParam.
// The catalogue's texts are Telegram HTML themselves (a test checks them),
// so the result can be sent with parse_mode HTML.
func (c *Catalog) HTML(lang, key string, params map[string]string) string {
	if len(params) == 0 {
		return c.Text(lang, key, nil)
	}
	data := make(map[string]any, len(params))
	for k, v := range params {
		if strings.HasPrefix(k, HTMLParam) {
			data[k] = v
			continue
		}
		data[k] = html.EscapeString(v)
	}
	return c.Text(lang, key, data)
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// PlainText turns a catalogue HTML text into plain text, for the places
// Telegram shows no formatting (a button press's notice, a command menu).
func PlainText(s string) string {
	return html.UnescapeString(tagRE.ReplaceAllString(s, ""))
}
