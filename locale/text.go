package locale

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	texttemplate "text/template"
	"time"
)

// Text renders the text under key in lang ("en" or "zh"; any other value is
// read through Match) with params as template data. It never returns an empty
// string: a key missing in lang falls back to English, a key missing
// everywhere (or a text that fails to render) comes back as the key itself.
// Parameter values are rendered as plain text; escaping them for Telegram's
// HTML is the caller's job.
func (c *Catalog) Text(lang, key string, params map[string]any) string {
	lang = c.lang(lang)
	t, ok := c.texts[lang][key]
	if !ok {
		lang = Languages()[0]
		if t, ok = c.texts[lang][key]; !ok {
			return key
		}
	}
	out, err := c.render(t, params)
	if err != nil || out == "" {
		return key
	}
	return out
}

// text is one text of the catalogue, parsed when the catalogue is loaded:
// a text without template actions is kept as it is.
//
// go-i18n's Localizer would parse the template again at every call, since
// a parser with functions is not cacheable to it, and the functions here
// close over what one rendering has said so far. Parsing took most of the
// time of a text with a parameter. Instead each text keeps a pool of
// renderings: copies of the parsed template (sharing its parse tree), each
// with functions of its own.
type text struct {
	plain string
	pool  *sync.Pool // of *rendering; nil for a plain text
}

// rendering is one copy of a text's template with the state of one
// rendering at a time.
type rendering struct {
	tmpl  *texttemplate.Template
	named bool // whether this rendering has named its times' zone yet
}

// parse reads src, a text of lang, as go-i18n's text parser would: with
// the catalogue's functions, a missing parameter rendering as its type's
// zero value.
func (c *Catalog) parse(lang, src string) (*text, error) {
	if !strings.Contains(src, "{{") {
		return &text{plain: src}, nil
	}
	base, err := texttemplate.New("").Option("missingkey=zero").Funcs(c.funcs(lang, &rendering{})).Parse(src)
	if err != nil {
		return nil, err
	}
	return &text{pool: &sync.Pool{New: func() any {
		r := &rendering{}
		// Clone fails only for a template already executed; base never is.
		r.tmpl = texttemplate.Must(base.Clone()).Funcs(c.funcs(lang, r))
		return r
	}}}, nil
}

// render executes t with params, read as text (a plain text has no use
// for them).
func (c *Catalog) render(t *text, params map[string]any) (string, error) {
	if t.pool == nil {
		return t.plain, nil
	}
	r := t.pool.Get().(*rendering)
	defer t.pool.Put(r)
	r.named = false
	var b strings.Builder
	if err := r.tmpl.Execute(&b, stringParams(params)); err != nil {
		return "", err
	}
	return b.String(), nil
}

// Has reports whether key has a text in lang.
func (c *Catalog) Has(lang, key string) bool {
	_, ok := c.texts[c.lang(lang)][key]
	return ok
}

// Keys lists the keys that have a text in lang, sorted.
func (c *Catalog) Keys(lang string) []string {
	return slices.Sorted(maps.Keys(c.texts[c.lang(lang)]))
}

func (c *Catalog) lang(lang string) string {
	if _, ok := c.texts[lang]; ok {
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

// funcs returns the functions of r, a rendering in lang.
func (c *Catalog) funcs(lang string, r *rendering) texttemplate.FuncMap {
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
			if r.named {
				return text
			}
			r.named = true
			return withZoneName(lang, text, ZoneName(lang, t, c.zone))
		},
	}
}

// checkTemplates renders every text once without parameters, so that a
// text that cannot render fails at start.
func (c *Catalog) checkTemplates() error {
	for lang, texts := range c.texts {
		for key, t := range texts {
			if _, err := c.render(t, nil); err != nil {
				return fmt.Errorf("locale: %s %s: %w", lang, key, err)
			}
		}
	}
	return nil
}
