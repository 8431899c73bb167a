package wire

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

//go:embed spec/api.min.json
var specJSON []byte

// Spec is the Bot API description: every method with its parameters and
// every type with its fields. It is read-only once loaded and safe for
// concurrent use.
type Spec struct {
	version   string
	methods   map[string]*Method // by lower-cased name
	types     map[string]*Type
	reactions []string // the emoji ReactionTypeEmoji allows, in the spec's order
}

// Method is one Bot API method.
type Method struct {
	// Name is the official spelling, e.g. "sendMessage".
	Name string
	// Fields are the method's parameters in the documented order.
	Fields []Field
	// Returns lists the documented result types.
	Returns []string
}

// Type is one Bot API object type.
type Type struct {
	// Name is the type's name, e.g. "InlineKeyboardButton".
	Name string
	// Fields are the object's fields; empty for abstract types.
	Fields []Field
	// Subtypes lists the concrete types of an abstract type such as
	// InputMedia; empty otherwise.
	Subtypes []string
}

// Field is one parameter of a method or field of a type.
type Field struct {
	Name string
	// Types are the accepted types, e.g. ["Integer", "String"] or
	// ["Array of MessageEntity"].
	Types    []string
	Required bool
	// Description is the documentation text of the field.
	Description string
}

type specFile struct {
	Version string                  `json:"version"`
	Methods map[string]specFileItem `json:"methods"`
	Types   map[string]specFileItem `json:"types"`
}

type specFileItem struct {
	Name     string   `json:"name"`
	Returns  []string `json:"returns"`
	Subtypes []string `json:"subtypes"`
	Fields   []struct {
		Name        string   `json:"name"`
		Types       []string `json:"types"`
		Required    bool     `json:"required"`
		Description string   `json:"description"`
	} `json:"fields"`
}

// LoadSpec parses the embedded Bot API description. It fails only when the
// embedded file is damaged.
func LoadSpec() (*Spec, error) {
	var f specFile
	if err := json.Unmarshal(specJSON, &f); err != nil {
		return nil, fmt.Errorf("wire: parse embedded Bot API description: %w", err)
	}
	if len(f.Methods) == 0 || len(f.Types) == 0 {
		return nil, fmt.Errorf("wire: embedded Bot API description has no methods or types")
	}
	s := &Spec{
		version: f.Version,
		methods: make(map[string]*Method, len(f.Methods)),
		types:   make(map[string]*Type, len(f.Types)),
	}
	for name, m := range f.Methods {
		s.methods[strings.ToLower(name)] = &Method{Name: name, Fields: fields(m), Returns: m.Returns}
	}
	for name, t := range f.Types {
		s.types[name] = &Type{Name: name, Fields: fields(t), Subtypes: t.Subtypes}
	}
	s.reactions = reactionEmoji(s)
	if len(s.reactions) == 0 {
		return nil, fmt.Errorf("wire: embedded Bot API description lists no reaction emoji")
	}
	return s, nil
}

// quoted finds the quoted strings of a description.
var quoted = regexp.MustCompile(`"([^"]+)"`)

// reactionEmoji reads the emoji a ReactionTypeEmoji may carry from the
// description of its emoji field: 'Currently, it can be one of "❤", "👍", ...'.
func reactionEmoji(s *Spec) []string {
	t, ok := s.Type("ReactionTypeEmoji")
	if !ok {
		return nil
	}
	f, ok := t.Field("emoji")
	if !ok {
		return nil
	}
	_, list, ok := strings.Cut(f.Description, "one of ")
	if !ok {
		return nil
	}
	var out []string
	for _, m := range quoted.FindAllStringSubmatch(list, -1) {
		out = append(out, m[1])
	}
	return out
}

func fields(it specFileItem) []Field {
	out := make([]Field, 0, len(it.Fields))
	for _, f := range it.Fields {
		out = append(out, Field{Name: f.Name, Types: f.Types, Required: f.Required, Description: f.Description})
	}
	return out
}

// Version returns the described API version, e.g. "Bot API 10.1".
func (s *Spec) Version() string {
	return s.version
}

// ReactionEmoji lists the emoji a ReactionTypeEmoji may carry, exactly as
// the API description spells them (without variation selectors: "❤", not
// "❤️"). Telegram refuses any other emoji as a reaction.
func (s *Spec) ReactionEmoji() []string {
	return slices.Clone(s.reactions)
}

// IsReactionEmoji reports whether emoji is one of ReactionEmoji.
func (s *Spec) IsReactionEmoji(emoji string) bool {
	return slices.Contains(s.reactions, emoji)
}

// Method returns the method called name. Telegram matches method names
// case-insensitively, so "sendmessage" finds sendMessage.
func (s *Spec) Method(name string) (*Method, bool) {
	m, ok := s.methods[strings.ToLower(name)]
	return m, ok
}

// Type returns the object type called name, e.g. "InlineKeyboardMarkup".
func (s *Spec) Type(name string) (*Type, bool) {
	t, ok := s.types[name]
	return t, ok
}

// Field returns the parameter or field called name.
func (m *Method) Field(name string) (Field, bool) {
	return findField(m.Fields, name)
}

// Field returns the field called name.
func (t *Type) Field(name string) (Field, bool) {
	return findField(t.Fields, name)
}

func findField(fs []Field, name string) (Field, bool) {
	for _, f := range fs {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}
