package policy

import (
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"text/template/parse"
	"unicode/utf8"
)

// Template is a text a customer reads, per language code, with named fields
// written as in Go's text/template: {{.Ref}}, {{if .Fee}}…{{end}}. Each
// template takes the fields of one struct (InstructionFields,
// RepairFeeFields, RefusalFields, PromiseFields) and no others; a policy
// whose template names another field, calls a function not offered or does
// not parse is refused at load, with the line of the mistake.
//
// A template is plain text and so is what it renders: values are put in as
// they are and nothing is escaped. Whoever sends the text as Telegram HTML
// escapes the whole rendered text (html.EscapeString), never only the
// fields; a '<' or '&' the policy's text itself holds then shows as written.
type Template struct {
	// Source is the template per language code, as the policy file gives it.
	Source map[string]string
	parsed map[string]*template.Template
}

// ReturnTemplates are the texts of an owner-driven return.
type ReturnTemplates struct {
	// Instructions tell the customer how to send the item back (InstructionFields).
	Instructions Template
	// RepairFee is the fee estimate of a paid repair, which the customer
	// must accept before work starts (RepairFeeFields).
	RepairFee Template
	// Refusal tells the customer a return is refused and what they can still
	// do (RefusalFields).
	Refusal Template
}

// InstructionFields are the fields of the return instructions, all plain
// text. InstructionsFor fills those the policy decides.
type InstructionFields struct {
	// Ref is the ticket's reference.
	Ref string
	// RMA is the return authorisation number the customer writes on the parcel.
	RMA string
	// Name is the customer's name.
	Name string
	// Kind is the kind of return, named in the customer's language.
	Kind string
	// Product is the product as the ticket names it.
	Product string
	// Address, Recipient and Phone are where the parcel goes.
	Address   string
	Recipient string
	Phone     string
	// Deadline is the last day to send the item.
	Deadline string
	// FreightPayer names who pays the postage; FreightReason says why.
	FreightPayer  string
	FreightReason string
	// Packing and DoNotSend are lists, one "• item" a line.
	Packing   string
	DoNotSend string
	// AfterArrival is what happens once the item arrives.
	AfterArrival string
	// Fee is the rendered fee estimate of a paid repair; "" for none.
	Fee string
}

// RepairFeeFields are the fields of a paid repair's fee estimate.
type RepairFeeFields struct {
	// Ref is the ticket's reference.
	Ref string
	// Product is the product as the ticket names it.
	Product string
	// Amount is the estimated fee as the owner writes it, e.g. "¥120".
	Amount string
	// Note says what the fee covers (parts, labour); may be "".
	Note string
}

// RefusalFields are the fields of a refused return. Reason and Alternative
// come from the Exclusion the owner cites, in the customer's language.
type RefusalFields struct {
	// Ref is the ticket's reference.
	Ref string
	// Product is the product as the ticket names it.
	Product string
	// Reason says why the return is refused.
	Reason string
	// Alternative says what the customer can still do.
	Alternative string
}

// PromiseFields are the fields of an after-arrival promise.
type PromiseFields struct {
	// Days is the number of days (working days for a repair) promised.
	Days int
}

// RenderInstructions renders the return instructions in lang (the shop's
// first language when lang is not offered). The result is plain text; see
// Template for how to send it as HTML.
func (p *Policy) RenderInstructions(lang string, f InstructionFields) (string, error) {
	return p.Returns.Templates.Instructions.render(p.language(lang), f)
}

// RenderRepairFee renders a paid repair's fee estimate in lang, for the
// instructions' Fee field or a message of its own. Plain text, as Template says.
func (p *Policy) RenderRepairFee(lang string, f RepairFeeFields) (string, error) {
	return p.Returns.Templates.RepairFee.render(p.language(lang), f)
}

// RenderRefusal renders the refusal of a return in lang. Plain text, as
// Template says.
func (p *Policy) RenderRefusal(lang string, f RefusalFields) (string, error) {
	return p.Returns.Templates.Refusal.render(p.language(lang), f)
}

// RefusalFor fills a refusal's fields from the exclusion with the given id,
// in lang; false when the policy has no such exclusion.
func (p *Policy) RefusalFor(exclusionID, lang, ref, product string) (RefusalFields, bool) {
	e, ok := p.Exclusion(exclusionID)
	if !ok {
		return RefusalFields{}, false
	}
	return RefusalFields{Ref: ref, Product: product, Reason: p.inLang(e.Reason, lang), Alternative: p.inLang(e.Alternative, lang)}, true
}

// AfterArrivalText tells what happens once a return of kind arrives, in
// lang, with the number of days the policy promises. Plain text.
func (p *Policy) AfterArrivalText(kind ReturnKind, lang string) (string, error) {
	a := p.Returns.AfterArrival
	return a.Texts[kind].render(p.language(lang), PromiseFields{Days: a.Days(kind)})
}

// render fills the template in lang with data and trims the space around it.
func (t Template) render(lang string, data any) (string, error) {
	tm := t.parsed[lang]
	if tm == nil {
		return "", fmt.Errorf("policy: no template in %q", lang)
	}
	var b strings.Builder
	if err := tm.Execute(&b, data); err != nil {
		return "", fmt.Errorf("policy: %w", err)
	}
	return strings.TrimSpace(b.String()), nil
}

// Bounds on templates; a rendered text must fit one Telegram message (4096
// characters) with its fields filled in.
const maxTemplateLen = 3000

// templateFuncs are the functions a template may call: tests and plain
// printing. The escaping functions are left out, as the text is plain and
// escaped whole by whoever sends it; index, slice and call, as no field
// needs them; printf, as a width in its format could make a text of any size.
var templateFuncs = []string{"and", "or", "not", "eq", "ne", "lt", "le", "gt", "ge", "len", "print", "println"}

// templateErrRE takes text/template's "template: en:3: problem" or
// "template: en:3:14: executing ..." apart.
var templateErrRE = regexp.MustCompile(`^template: [^:]*:(\d+):(?:\d+:)? ?(.*)$`)

// parseTemplate checks and parses a template given per language; fields is
// the struct the template is filled from. Every problem is recorded, each on
// the line of the text where it is when the file shows the text line for line.
func parseTemplate(probs *problems, path string, src map[string]string, langs []string, fields any) Template {
	t := Template{Source: src, parsed: map[string]*template.Template{}}
	if len(langs) > 0 {
		for _, l := range langs {
			if strings.TrimSpace(src[l]) == "" {
				probs.add(path, "missing the %q text", l)
			}
		}
	}
	for _, l := range sortedKeys(src) {
		lpath := path + "." + l
		if len(langs) > 0 && !contains(langs, l) {
			probs.add(lpath, "%q is not one of shop.languages", l)
			continue
		}
		if utf8.RuneCountInString(src[l]) > maxTemplateLen {
			probs.add(lpath, "longer than %d characters", maxTemplateLen)
			continue
		}
		if tm := checkTemplate(probs, lpath, l, src[l], reflect.TypeOf(fields)); tm != nil {
			t.parsed[l] = tm
		}
	}
	return t
}

// checkTemplate parses one template and checks what it names against the
// struct type data; nil when it has problems.
func checkTemplate(probs *problems, path, name, src string, data reflect.Type) *template.Template {
	tm, err := template.New(name).Parse(src)
	if err != nil {
		line, msg := templateError(err)
		if msg == "unexpected EOF" {
			msg = "the text ends before the {{end}} of an {{if}}, {{range}} or {{with}}"
		}
		// The end of the text is on its last line, not after it.
		line = min(line, 1+strings.Count(strings.TrimRight(src, "\n"), "\n"))
		probs.addText(path, line, "does not parse: %s", msg)
		return nil
	}
	v := &templateCheck{probs: probs, path: path, src: src, data: data}
	if len(tm.Templates()) > 1 {
		v.add(0, "{{define}} and {{block}} are not supported")
	}
	v.node(tm.Tree.Root)
	if v.bad {
		return nil
	}
	// What the parse tree cannot show (comparing text with a number) shows
	// when the template is filled: once with every field set, once with none.
	for _, sample := range []reflect.Value{sampleOf(data, true), sampleOf(data, false)} {
		if err := tm.Execute(io.Discard, sample.Interface()); err != nil {
			line, msg := templateError(err)
			msg = strings.TrimPrefix(msg, "executing \""+name+"\" at ")
			probs.addText(path, line, "cannot be filled in: %s", msg)
			return nil
		}
	}
	return tm
}

// templateError is the line and the message of a text/template error.
func templateError(err error) (int, string) {
	m := templateErrRE.FindStringSubmatch(err.Error())
	if m == nil {
		return 1, err.Error()
	}
	line, _ := strconv.Atoi(m[1])
	return line, m[2]
}

// sampleOf is a value of the struct type t with every field set (text
// "sample", number 7) or none.
func sampleOf(t reflect.Type, set bool) reflect.Value {
	v := reflect.New(t).Elem()
	if !set {
		return v
	}
	for i := range t.NumField() {
		switch f := v.Field(i); f.Kind() {
		case reflect.String:
			f.SetString("sample")
		case reflect.Int:
			f.SetInt(7)
		}
	}
	return v
}

// templateCheck walks a template's parse tree for fields and functions it
// may not name.
type templateCheck struct {
	probs *problems
	path  string
	src   string
	data  reflect.Type
	bad   bool
}

func (v *templateCheck) add(pos parse.Pos, format string, args ...any) {
	v.bad = true
	line := 1 + strings.Count(v.src[:min(int(pos), len(v.src))], "\n")
	v.probs.addText(v.path, line, format, args...)
}

func (v *templateCheck) node(n parse.Node) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			v.node(c)
		}
	case *parse.ActionNode:
		v.node(n.Pipe)
	case *parse.IfNode:
		v.branch(&n.BranchNode)
	case *parse.RangeNode:
		// Every field is a single text; a range over a number could only
		// repeat text, as often as the number says.
		v.add(n.Position(), "{{range}} is not supported: every field is a single text")
	case *parse.WithNode:
		v.branch(&n.BranchNode)
	case *parse.TemplateNode:
		v.add(n.Position(), "{{template}} is not supported")
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			v.node(c)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			v.node(a)
		}
	case *parse.FieldNode:
		v.field(n.Position(), n.Ident)
	case *parse.VariableNode:
		if len(n.Ident) > 1 {
			v.field(n.Position(), n.Ident[1:])
		}
	case *parse.ChainNode:
		v.node(n.Node)
		if len(n.Field) > 0 {
			v.add(n.Position(), "unknown field .%s (the fields are text and have no fields)", strings.Join(n.Field, "."))
		}
	case *parse.IdentifierNode:
		if !slices.Contains(templateFuncs, n.Ident) {
			hint := ""
			if n.Ident == "html" || n.Ident == "js" || n.Ident == "urlquery" {
				hint = "; the text is plain and the bot escapes it"
			}
			v.add(n.Position(), "function %q is not available (use %s)%s", n.Ident, strings.Join(templateFuncs, ", "), hint)
		}
	}
}

func (v *templateCheck) branch(b *parse.BranchNode) {
	v.node(b.Pipe)
	v.node(b.List)
	v.node(b.ElseList)
}

// field checks a field path such as .Ref against the data's fields.
func (v *templateCheck) field(pos parse.Pos, ident []string) {
	known := fieldList(v.data)
	switch {
	case !slices.Contains(known, ident[0]):
		if near := nearestField(ident[0], known); near != "" {
			v.add(pos, "unknown field .%s — did you mean .%s?", ident[0], near)
		} else {
			v.add(pos, "unknown field .%s; the fields here are .%s", ident[0], strings.Join(known, ", ."))
		}
	case len(ident) > 1:
		v.add(pos, "unknown field .%s (.%s is text and has no fields)", strings.Join(ident, "."), ident[0])
	}
}

// fieldList lists the names of a struct's fields, in their order.
func fieldList(t reflect.Type) []string {
	out := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		out = append(out, t.Field(i).Name)
	}
	return out
}

// nearestField is the field name a misspelt one most likely meant, letter
// case aside; "" when none is close.
func nearestField(name string, known []string) string {
	lower := make([]string, len(known))
	for i, k := range known {
		lower[i] = strings.ToLower(k)
	}
	near := nearest(name, lower)
	if i := slices.Index(lower, near); near != "" && i >= 0 {
		return known[i]
	}
	return ""
}
