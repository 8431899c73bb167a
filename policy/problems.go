package policy

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// problems collects what is wrong with a policy file, each with the line it
// is on, so that one run shows the shop every mistake at once.
type problems struct {
	name   string
	lines  map[string]int // path → line of its key
	starts map[string]int // path → line of a text's first line, when the file shows the text line for line
	list   []problem
	sealed map[string]bool // paths whose problems are all known
}

type problem struct {
	line int
	path string
	text string
}

func newProblems(name string) *problems {
	return &problems{name: name, lines: map[string]int{}, starts: map[string]int{}}
}

// add records a problem at path. A path the file does not spell out (its
// value came from the default) is placed on the nearest enclosing path that
// it does.
func (p *problems) add(path, format string, args ...any) {
	p.addOn(p.line(path), path, format, args...)
}

// addText records a problem on line n (counted from 1) of the text at path:
// on its own line in the file when the file shows the text line for line (a
// "|" block, or a text of one line), else on the line of its key.
func (p *problems) addText(path string, n int, format string, args ...any) {
	line := p.line(path)
	if start, ok := p.starts[path]; ok {
		line = start + max(n, 1) - 1
	}
	p.addOn(line, path, format, args...)
}

func (p *problems) addOn(line int, path, format string, args ...any) {
	if p.sealed[path] {
		return
	}
	text := fmt.Sprintf(format, args...)
	if path != "" {
		text = path + ": " + text
	}
	p.list = append(p.list, problem{line: line, path: path, text: text})
}

// inFile tells whether the file itself spells out path, rather than leaving
// it to the built-in default.
func (p *problems) inFile(path string) bool {
	_, ok := p.lines[path]
	return ok
}

// seal makes the paths that have problems so far take no more: the file's
// form is checked first, and its values are not faulted again after.
func (p *problems) seal() {
	p.sealed = map[string]bool{}
	for _, pr := range p.list {
		p.sealed[pr.path] = true
	}
}

// line finds the line of path or of its nearest ancestor; 0 when unknown.
func (p *problems) line(path string) int {
	for {
		if l, ok := p.lines[path]; ok {
			return l
		}
		if path == "" {
			return 0
		}
		path = path[:max(strings.LastIndexAny(path, ".["), 0)]
	}
}

// err returns the problems as one error, one "<name>:<line>: <problem>" per
// line, in file order; nil when there are none.
func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	slices.SortStableFunc(p.list, func(a, b problem) int { return cmp.Compare(a.line, b.line) })
	errs := make([]error, 0, len(p.list))
	for _, pr := range p.list {
		if pr.line > 0 {
			errs = append(errs, fmt.Errorf("%s:%d: %s", p.name, pr.line, pr.text))
		} else {
			errs = append(errs, fmt.Errorf("%s: %s", p.name, pr.text))
		}
	}
	return errors.Join(errs...)
}
