package policy

import (
	"regexp"
	"slices"
	"strings"
)

// CannedFields are the ticket fields a canned reply may name, as {name}:
// the customer's first name, the ticket's reference, order number,
// product category and the outcome asked for, all in the customer's
// language where that applies.
var CannedFields = []string{"name", "ref", "order", "category", "outcome"}

var (
	cannedNameRE  = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)
	cannedFieldRE = regexp.MustCompile(`\{([A-Za-z_]+)\}`)
)

// Canned returns the canned reply with the given name.
func (p *Policy) Canned(name string) (Canned, bool) {
	for _, c := range p.CannedReplies {
		if c.Name == name {
			return c, true
		}
	}
	return Canned{}, false
}

// Fill is the reply in lang with its {fields} replaced by values; a field
// without a value is left out. Values are used as they are: the caller
// escapes them for where the text goes.
func (c Canned) Fill(lang string, values map[string]string) string {
	return cannedFieldRE.ReplaceAllStringFunc(c.Text[lang], func(m string) string {
		return values[m[1:len(m)-1]]
	})
}

// unknownFields lists the {fields} of text that CannedFields lacks.
func unknownFields(text string) []string {
	var out []string
	for _, m := range cannedFieldRE.FindAllStringSubmatch(text, -1) {
		if !slices.Contains(CannedFields, m[1]) {
			out = append(out, "{"+m[1]+"}")
		}
	}
	return out
}

// knownFieldList is CannedFields as a problem message shows them.
func knownFieldList() string {
	return "{" + strings.Join(CannedFields, "}, {") + "}"
}
