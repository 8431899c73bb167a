package policy

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
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
// be 0 or more"), one problem per line.
func Load(path string) (*Policy, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("policy: read %s: %w", path, err)
	}
	return Parse(path, data)
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
// and kinds; problems found so far are returned as the error.
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
	if err := probs.err(); err != nil {
		return nil, nil, err
	}
	var raw rawPolicy
	if err := root.Decode(&raw); err != nil {
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
	return &raw, probs, nil
}

// parseNode parses exactly one YAML document; nil when there is none. The
// YAML library has panicked on malformed input in the past, so a panic is
// turned into an error rather than taking the service down.
func parseNode(data []byte) (root *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			root, err = nil, fmt.Errorf(" malformed YAML (%v)", r)
		}
	}()
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, lineError(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%d: only one YAML document is allowed", max(extra.Line, 1))
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

// lineError turns the YAML library's "yaml: line 3: ..." into "3: ...", so
// that the caller's "name:" prefix gives "name:3: ...".
func lineError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, text, ok := strings.Cut(rest, ": "); ok {
			return fmt.Errorf("%s: %s", num, text)
		}
	}
	return fmt.Errorf(" %s", msg)
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
