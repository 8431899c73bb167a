package locale

import (
	"fmt"
	"sort"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/nicksnyder/go-i18n/v2/i18n/template"
)

// Text renders the text under key in lang ("en" or "zh"; any other value is
// read through Match) with params as template data. It never returns an empty
// string: a key missing in lang falls back to English, a key missing
// everywhere (or a text that fails to render) comes back as the key itself.
// Parameter values are rendered as plain text; escaping them for Telegram's
// HTML is the caller's job.
func (c *Catalog) Text(lang, key string, params map[string]any) string {
	lang = c.lang(lang)
	if !c.keys[lang][key] {
		lang = Languages()[0]
		if !c.keys[lang][key] {
			return key
		}
	}
	out, err := c.loc[lang].Localize(&i18n.LocalizeConfig{
		MessageID:      key,
		TemplateData:   stringParams(params),
		TemplateParser: c.parser(lang),
	})
	if err != nil || out == "" {
		return key
	}
	return out
}

// Has reports whether key has a text in lang.
func (c *Catalog) Has(lang, key string) bool { return c.keys[c.lang(lang)][key] }

// Keys lists the keys that have a text in lang, sorted.
func (c *Catalog) Keys(lang string) []string {
	set := c.keys[c.lang(lang)]
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (c *Catalog) lang(lang string) string {
	if _, ok := c.keys[lang]; ok {
		return lang
	}
	return Match(lang)
}

// stringParams turns every value into text, so that a parameter the caller
// left out renders as nothing rather than "<no value>".
func stringParams(params map[string]any) map[string]string {
	out := make(map[string]string, len(params))
	for k, v := range params {
		switch v := v.(type) {
		case string:
			out[k] = v
		case nil:
		default:
			out[k] = fmt.Sprint(v)
		}
	}
	return out
}

// parser returns the template parser for lang. Its functions close over the
// language and the clock, so parsed templates are not cached between calls.
func (c *Catalog) parser(lang string) template.Parser {
	return &template.TextParser{Funcs: c.funcs(lang), Option: "missingkey=zero"}
}

func (c *Catalog) funcs(lang string) texttemplate.FuncMap {
	named := false // whether this text has named its times' zone yet
	return texttemplate.FuncMap{
		// date renders an ISO date ("2006-01-02"); other text passes through.
		"date": func(s string) string {
			t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
			if err != nil {
				return s
			}
			return FormatDate(lang, t, c.now())
		},
		// when renders an RFC 3339 time in its own offset, the first in
		// a text with its zone's name; other text passes through.
		"when": func(s string) string {
			t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
			if err != nil {
				return s
			}
			text := FormatTime(lang, t, c.now())
			if named {
				return text
			}
			named = true
			return withZoneName(lang, text, ZoneName(lang, t, c.zone))
		},
	}
}

// checkTemplates parses every text once, so a broken template fails at start.
func (c *Catalog) checkTemplates() error {
	for lang, keys := range c.keys {
		for key := range keys {
			_, err := c.loc[lang].Localize(&i18n.LocalizeConfig{
				MessageID:      key,
				TemplateData:   map[string]string{},
				TemplateParser: c.parser(lang),
			})
			if err != nil {
				return fmt.Errorf("locale: %s %s: %w", lang, key, err)
			}
		}
	}
	return nil
}
