package wire

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// Params are one request's parameters, whatever the encoding they arrived in.
type Params struct {
	// Values holds scalar values as text and JSON objects or arrays as their
	// raw JSON text.
	Values map[string]string
	// Files holds uploaded files: multipart parts that carry a filename.
	Files map[string]File
}

// File is one uploaded file.
type File struct {
	// Name is the filename the client gave the part.
	Name string
	// ContentType is the part's type, application/octet-stream if unnamed.
	ContentType string
	// Data is the whole file.
	Data []byte
}

// Has reports whether the parameter was sent, as a value or as a file.
func (p Params) Has(name string) bool {
	if _, ok := p.Values[name]; ok {
		return true
	}
	_, ok := p.Files[name]
	return ok
}

// String returns the parameter's text, or "" when it was not sent.
func (p Params) String(name string) string {
	return p.Values[name]
}

// Int64 returns the parameter as an integer; ok is false when it is absent or
// not an integer.
func (p Params) Int64(name string) (int64, bool) {
	v, present := p.Values[name]
	if !present {
		return 0, false
	}
	n, err := parseInteger(v)
	if err != nil {
		return 0, false
	}
	return n, true
}

// Int returns the parameter as an int; ok is false when it is absent or not
// an integer.
func (p Params) Int(name string) (int, bool) {
	n, ok := p.Int64(name)
	return int(n), ok
}

// Float returns the parameter as a float; ok is false when it is absent or
// not a number.
func (p Params) Float(name string) (float64, bool) {
	v, present := p.Values[name]
	if !present {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, false
	}
	return f, true
}

// Bool returns the parameter as a boolean; absent or unreadable values are
// false, as Telegram treats them.
func (p Params) Bool(name string) bool {
	b, _ := parseBoolean(p.Values[name])
	return b
}

// JSON decodes the parameter's JSON text into dst. It returns an error when
// the parameter is absent or is not valid JSON for dst.
func (p Params) JSON(name string, dst any) error {
	v, ok := p.Values[name]
	if !ok {
		return fmt.Errorf("wire: parameter %q is absent", name)
	}
	if err := json.Unmarshal([]byte(v), dst); err != nil {
		return fmt.Errorf("wire: parameter %q: %w", name, err)
	}
	return nil
}

// File returns the uploaded file sent under name, if any.
func (p Params) File(name string) (File, bool) {
	f, ok := p.Files[name]
	return f, ok
}
