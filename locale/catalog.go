// Package locale is the message catalogue: every text a customer or a member
// of staff reads, in Simplified Chinese and English, looked up by key.
//
// Texts live in embedded YAML files named <area>.<lang>.yaml (for example
// conversation.en.yaml); each area owns its files and its keys start with the
// area's name ("conversation.ask_category"). Keys are written flat, one per
// line, so that words like "other" or "description" stay ordinary keys.
//
// Texts are Go templates: parameters are read as {{.name}}, and two functions
// render times the customer's way: {{date .d}} takes an ISO date
// ("2026-11-27" → "27 Nov" / "11月27日") and {{when .t}} an RFC 3339 time
// ("11:30 today" / "今天 11:30").
package locale

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"
)

//go:embed *.yaml
var files embed.FS

// Languages returns the catalogue's languages, the fallback first: every key
// must exist in each of them.
func Languages() []string { return []string{"en", "zh"} }

// Catalog holds the loaded texts. It is safe for concurrent use.
type Catalog struct {
	bundle *i18n.Bundle
	texts  map[string]map[string]*text // lang → key → the text, parsed once
	now    func() time.Time
	zone   *time.Location // the shop's; nil: times are named by their offset
}

// Option configures a Catalog.
type Option func(*Catalog)

// WithClock sets the clock that decides whether a rendered date needs its
// year and whether a time is "today"; the default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(c *Catalog) { c.now = now }
}

// New loads every embedded *.yaml file. It fails when a file is not named
// <area>.<lang>.yaml with a known language, cannot be parsed, holds a key
// outside its area, repeats a key of another file, or has a text whose
// template does not parse.
func New(opts ...Option) (*Catalog, error) {
	return load(files, opts...)
}

func load(fsys fs.FS, opts ...Option) (*Catalog, error) {
	c := &Catalog{
		bundle: i18n.NewBundle(language.English),
		texts:  map[string]map[string]*text{},
		now:    time.Now,
	}
	for _, o := range opts {
		o(c)
	}
	c.bundle.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("locale: list files: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := c.loadFile(fsys, name); err != nil {
			return nil, err
		}
	}
	for _, lang := range Languages() {
		if c.texts[lang] == nil {
			c.texts[lang] = map[string]*text{}
		}
	}
	if err := c.checkTemplates(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Catalog) loadFile(fsys fs.FS, name string) error {
	area, lang, ok := splitName(name)
	if !ok {
		return fmt.Errorf("locale: %s: want a name like <area>.<%s>.yaml", name, strings.Join(Languages(), "|"))
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("locale: read %s: %w", name, err)
	}
	mf, err := c.bundle.ParseMessageFileBytes(data, name)
	if err != nil {
		return fmt.Errorf("locale: parse %s: %w", name, err)
	}
	if c.texts[lang] == nil {
		c.texts[lang] = map[string]*text{}
	}
	for _, m := range mf.Messages {
		if !strings.HasPrefix(m.ID, area+".") {
			return fmt.Errorf("locale: %s: key %q must start with %q", name, m.ID, area+".")
		}
		if strings.TrimSpace(m.Other) == "" {
			return fmt.Errorf("locale: %s: key %q has an empty text", name, m.ID)
		}
		if _, dup := c.texts[lang][m.ID]; dup {
			return fmt.Errorf("locale: %s: key %q is already defined in another file", name, m.ID)
		}
		t, err := c.parse(lang, m.Other)
		if err != nil {
			return fmt.Errorf("locale: %s %s: %w", lang, m.ID, err)
		}
		c.texts[lang][m.ID] = t
	}
	return nil
}

// splitName reads "conversation.zh.yaml" as area "conversation", lang "zh".
func splitName(name string) (area, lang string, ok bool) {
	base := strings.TrimSuffix(path.Base(name), ".yaml")
	i := strings.LastIndexByte(base, '.')
	if i <= 0 {
		return "", "", false
	}
	area, lang = base[:i], base[i+1:]
	for _, l := range Languages() {
		if l == lang {
			return area, lang, true
		}
	}
	return "", "", false
}
