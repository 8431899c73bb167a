package policy

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"reflect"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed default.yaml
var defaultYAML []byte

// maxFileSize bounds a policy file; a real one is a few kilobytes.
const maxFileSize = 1 << 20

// Default returns the built-in policy, a fresh copy on every call. The
// built-in file is checked by the package's tests; should it ever fail to
// load, Default panics, as that is a defect of the program, not of any input.
func Default() *Policy {
	p, err := Parse("default.yaml", defaultYAML)
	if err != nil {
		panic(fmt.Sprintf("policy: the built-in default is invalid: %v", err))
	}
	return p
}

// Load reads and validates the policy file at path. Every value the file
// leaves out is taken from the built-in default. The error names the file,
// the line and the problem ("shop.yaml:14: categories[2].warranty_days: must
// be 0 or more"), one problem per line; a file that cannot be read is named
// with the reason ("/etc/shop.yaml: no such file").
func Load(path string) (*Policy, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", path, openProblem(err))
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return nil, fmt.Errorf("%s: is a directory, not a file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %s", path, openProblem(err))
	}
	return Parse(path, data)
}

// openProblem says in a few words why a file could not be read.
func openProblem(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied (the service cannot read it)"
	}
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// Parse validates a policy written in YAML; name is used in error messages.
// Values the document leaves out are taken from the built-in default.
func Parse(name string, data []byte) (*Policy, error) {
	var def rawPolicy
	if err := yaml.Unmarshal(defaultYAML, &def); err != nil {
		return nil, fmt.Errorf("policy: built-in default: %w", err)
	}
	raw, probs, err := decode(name, data)
	if err != nil {
		return nil, err
	}
	merge(reflect.ValueOf(raw).Elem(), reflect.ValueOf(&def).Elem())
	return build(raw, probs)
}

// decode reads the YAML document into a rawPolicy, after checking its fields
// and kinds. The problems found so far come with it, to be reported with the
// rest; when they keep the document from being read (a value of the wrong
// kind), they are returned as the error.
func decode(name string, data []byte) (*rawPolicy, *problems, error) {
	probs := newProblems(name)
	if len(data) > maxFileSize {
		return nil, nil, fmt.Errorf("%s: the file is larger than %d bytes", name, maxFileSize)
	}
	root, err := parseNode(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s:%s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if root == nil {
		return nil, nil, fmt.Errorf("%s:1: the file is empty", name)
	}
	(&checker{probs: probs}).walk(root, reflect.TypeFor[rawPolicy](), "", root.Line, 0)
	var raw rawPolicy
	if err := root.Decode(&raw); err != nil {
		if err := probs.err(); err != nil {
			return nil, nil, err
		}
		// The checker above catches what a file can get wrong; this is a
		// last line of defence, still in "name:line: problem" form.
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil, nil, fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
		}
		errs := make([]error, 0, len(te.Errors))
		for _, e := range te.Errors {
			errs = append(errs, fmt.Errorf("%s:%s", name, lineError(errors.New(e))))
		}
		return nil, nil, errors.Join(errs...)
	}
	// Unknown fields are left out of raw, so the rest of the file can be
	// checked too; a value already found wrong is not reported again.
	probs.seal()
	return &raw, probs, nil
}

// parseNode parses exactly one YAML document; nil when there is none. A
// syntax error comes as "<line>: <problem>".
func parseNode(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	doc, err := decodeNode(dec)
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		line, problem := splitLine(err)
		line = syntaxLine(data, problem, line)
		return nil, syntaxError(line, problem, lineText(data, line))
	}
	if extra, err := decodeNode(dec); !errors.Is(err, io.EOF) {
		line := 1
		if extra != nil {
			line = max(extra.Line, 1)
		}
		return nil, fmt.Errorf("%d: only one YAML document is allowed", line)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

// decodeNode decodes dec's next document. The YAML library has panicked on
// malformed input in the past, so a panic is turned into an error rather
// than taking the service down.
func decodeNode(dec *yaml.Decoder) (doc *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("malformed YAML (%v)", r)
		}
	}()
	doc = new(yaml.Node)
	if err := dec.Decode(doc); err != nil {
		return nil, err
	}
	return doc, nil
}

// syntaxProblem is the syntax error in data without its line, "" when the
// first document in data parses.
func syntaxProblem(data []byte) string {
	_, err := decodeNode(yaml.NewDecoder(bytes.NewReader(data)))
	if err == nil || errors.Is(err, io.EOF) {
		return ""
	}
	_, problem := splitLine(err)
	return problem
}

// syntaxSearchBudget bounds how many bytes syntaxLine parses in all: a
// policy file is a few kilobytes, and for a larger one the library's own
// line stands.
const syntaxSearchBudget = 8 << 20

// syntaxLine finds the line of the syntax error problem. For a key indented
// less than the keys before it, the YAML library names the line where the
// enclosing block starts, counted from 0, not the line of the mistake; the
// mistake's line is the first at which the file, cut off after that line,
// already fails the same way. reported is the line the library named (0 for
// none); the search starts there, as the mistake is never before it.
func syntaxLine(data []byte, problem string, reported int) int {
	lines := bytes.SplitAfter(data, []byte("\n"))
	budget := syntaxSearchBudget
	size := 0
	for n := 1; n <= len(lines); n++ {
		size += len(lines[n-1])
		if n < reported {
			continue
		}
		if budget -= size; budget < 0 {
			break
		}
		if syntaxProblem(data[:size]) == problem {
			return n
		}
	}
	return max(reported, 1)
}

// splitLine takes the YAML library's "yaml: line 3: problem" apart into 3
// and "problem"; the line is 0 when the message has none.
func splitLine(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, problem, ok := strings.Cut(rest, ": "); ok {
			if line, err := strconv.Atoi(num); err == nil {
				return line, problem
			}
		}
	}
	return 0, msg
}

// syntaxError is the "<line>: <problem>" of a syntax error on the line that
// reads text, with a word on what to look at for the mistakes the library
// words least plainly.
func syntaxError(line int, problem, text string) error {
	switch {
	case strings.HasPrefix(strings.TrimLeft(text, " "), "\t"):
		problem += " (YAML is indented with spaces, not tabs)"
	case problem == "did not find expected key", problem == "did not find expected '-' indicator":
		problem += " (is this line indented like the lines above it?)"
	case problem == "mapping values are not allowed in this context":
		problem += ` (is this line indented like the lines above it? a value containing ": " needs quotes)`
	}
	return fmt.Errorf("%d: %s", line, problem)
}

// lineText is line n of data, counted from 1; "" when there is none.
func lineText(data []byte, n int) string {
	lines := bytes.Split(data, []byte("\n"))
	if n < 1 || n > len(lines) {
		return ""
	}
	return string(lines[n-1])
}

// lineError turns the YAML library's "yaml: line 3: ..." into "3: ...", so
// that the caller's "name:" prefix gives "name:3: ...".
func lineError(err error) error {
	line, problem := splitLine(err)
	if line == 0 {
		return fmt.Errorf(" %s", problem)
	}
	return fmt.Errorf("%d: %s", line, problem)
}

// merge fills every nil pointer in dst, at any depth of nested structs, with
// the value from def. Lists and maps are taken whole: a file that gives the
// categories gives all of them.
func merge(dst, def reflect.Value) {
	for i := range dst.NumField() {
		d, f := dst.Field(i), def.Field(i)
		if d.Kind() != reflect.Pointer {
			continue
		}
		switch {
		case d.IsNil():
			d.Set(f)
		case !f.IsNil() && d.Elem().Kind() == reflect.Struct:
			merge(d.Elem(), f.Elem())
		}
	}
}
