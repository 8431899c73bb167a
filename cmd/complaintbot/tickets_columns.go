package main

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// columnGap is the space between two columns.
const columnGap = 2

// columns lays out rows of cells in columns for a terminal. Unlike
// text/tabwriter, which counts characters, it measures what a terminal
// shows, where a Chinese character takes two cells, so that a table in
// Chinese lines up too. A line break in a row's last cell continues under
// that cell.
type columns struct {
	rows [][]string
}

func (c *columns) row(cells ...string) {
	c.rows = append(c.rows, cells)
}

// String is the rows laid out, each ending in a line break.
func (c *columns) String() string {
	var widths []int
	for _, r := range c.rows {
		for i, cell := range r[:len(r)-1] {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(cell))
		}
	}
	var b strings.Builder
	for _, r := range c.rows {
		indent := 0
		for i, cell := range r[:len(r)-1] {
			b.WriteString(cell)
			b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(cell)+columnGap))
			indent += widths[i] + columnGap
		}
		b.WriteString(strings.ReplaceAll(r[len(r)-1], "\n", "\n"+strings.Repeat(" ", indent)))
		b.WriteByte('\n')
	}
	return b.String()
}

// displayWidth is how many cells s takes on a terminal: two for a wide
// (Chinese, Japanese, Korean) character, none for a combining mark.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch k := width.LookupRune(r).Kind(); {
		case unicode.Is(unicode.Mn, r):
		case k == width.EastAsianWide, k == width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// clip shortens s to at most n cells for a table column, ending it with
// "…"; line breaks become spaces.
func clip(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if displayWidth(s) <= n {
		return s
	}
	var b strings.Builder
	used := 0
	for _, r := range s {
		w := displayWidth(string(r))
		if used+w > n-1 {
			break
		}
		b.WriteRune(r)
		used += w
	}
	return b.String() + "…"
}

// clean makes customer text safe to print on a terminal: control characters
// (an escape sequence could restyle or rewrite the screen) and bidirectional
// overrides (which reorder what is shown) become U+FFFD; line breaks stay.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case unicode.IsControl(r), r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
			return '\uFFFD'
		}
		return r
	}, s)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return clean(s)
}
