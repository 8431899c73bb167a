package policy

import (
	"reflect"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxDepth bounds how deep the checker follows nested YAML; the policy file
// is never deeper than a handful of levels.
const maxDepth = 16

// checker walks the YAML tree against the raw* types before decoding. It
// reports unknown fields and values of the wrong kind with the line they are
// on, and records the line of every path so that later validation can name it.
type checker struct {
	probs *problems
}

// walk checks n against the Go type t; path names n in messages, e.g.
// "categories[2].warranty_days"; line is where n's key stands.
func (c *checker) walk(n *yaml.Node, t reflect.Type, path string, line, depth int) {
	c.probs.lines[path] = line
	if depth > maxDepth {
		c.probs.add(path, "nested too deeply")
		return
	}
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		c.probs.add(path, "anchors and aliases are not supported")
		return
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // left out: the default applies
	}
	switch t.Kind() {
	case reflect.Struct:
		c.mapping(n, path, depth, fieldNames(t), func(key string) (reflect.Type, bool) {
			return fieldByTag(t, key)
		})
	case reflect.Map:
		c.mapping(n, path, depth, nil, func(string) (reflect.Type, bool) { return t.Elem(), true })
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			c.probs.add(path, "must be a list")
			return
		}
		for i, item := range n.Content {
			c.walk(item, t.Elem(), path+"["+strconv.Itoa(i)+"]", item.Line, depth+1)
		}
	case reflect.Int:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			c.probs.add(path, "must be a whole number, not %s", describe(n))
			return
		}
		if _, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 32); err != nil {
			c.probs.add(path, "%s is out of range", n.Value)
		}
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			c.probs.add(path, "must be true or false, not %s", describe(n))
		}
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			c.probs.add(path, "must be text, not %s", describe(n))
			return
		}
		// A problem inside a text (a template's) can then be placed on
		// the line it is on.
		switch {
		case n.Style&yaml.LiteralStyle != 0:
			c.probs.starts[path] = n.Line + 1
		case !strings.Contains(n.Value, "\n"):
			c.probs.starts[path] = n.Line
		}
	}
}

// mapping checks a YAML mapping whose value types come from typeOf; known
// are the keys it may have, for suggestions, when they are a fixed set.
func (c *checker) mapping(n *yaml.Node, path string, depth int, known []string, typeOf func(string) (reflect.Type, bool)) {
	if n.Kind != yaml.MappingNode {
		c.probs.add(path, "must be a mapping of names to values, not %s", describe(n))
		return
	}
	first := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			c.probs.lines[path] = k.Line
			c.probs.add(path, "a key must be plain text")
			continue
		}
		sub := k.Value
		if path != "" {
			sub = path + "." + k.Value
		}
		if line, ok := first[k.Value]; ok {
			c.probs.lines[sub] = k.Line
			c.probs.add(sub, "given twice (first on line %d)", line)
			continue
		}
		first[k.Value] = k.Line
		t, ok := typeOf(k.Value)
		if !ok {
			c.probs.lines[sub] = k.Line
			if near := nearest(k.Value, known); near != "" {
				c.probs.add(sub, "unknown field — did you mean %q?", near)
			} else {
				c.probs.add(sub, "unknown field; the fields here are %s", strings.Join(known, ", "))
			}
			continue
		}
		c.walk(v, t, sub, k.Line, depth+1)
	}
}

// fieldByTag finds the type of the struct field tagged yaml:"key".
func fieldByTag(t reflect.Type, key string) (reflect.Type, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if name, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); name == key {
			return f.Type, true
		}
	}
	return nil, false
}

// fieldNames lists the yaml names of a struct's fields, in their order.
func fieldNames(t reflect.Type) []string {
	names := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		names = append(names, name)
	}
	return names
}

// describe names a node's kind for a message.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		v := n.Value
		if len([]rune(v)) > 40 {
			v = string([]rune(v)[:40]) + "…"
		}
		return strconv.Quote(v)
	}
	return "this value"
}
