package wire

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
)

// MaxRequestSize caps a request body, as Telegram caps uploads by bots at 50 MB.
const MaxRequestSize = 50 << 20

// Decode reads a request's parameters from the URL query string and from the
// body: multipart/form-data (also chunked, with no Content-Length, and also an
// entirely empty body, which is how clients that stream their form send a
// call without parameters), application/json (an object whose nested objects
// and arrays are kept as raw JSON text, numbers as their text and booleans as
// "true"/"false"), or application/x-www-form-urlencoded. A body of any other
// type is ignored, as Telegram ignores it. When a name is given twice the
// first value wins, the query string first. A body that cannot be read is a
// 400 error; one over MaxRequestSize a 413.
func Decode(r *http.Request) (Params, *Error) {
	p := Params{Values: map[string]string{}, Files: map[string]File{}}
	if e := p.addQuery(r.URL.RawQuery); e != nil {
		return p, e
	}
	if r.Body == nil || r.Body == http.NoBody {
		return p, nil
	}
	mediaType, mtParams, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		// Telegram keeps a body of unknown type as content no method reads.
		return p, nil
	}
	body := bufio.NewReader(&capReader{r: r.Body, left: MaxRequestSize})
	if _, err := body.Peek(1); errors.Is(err, io.EOF) {
		return p, nil
	} else if err != nil {
		return p, BadRequest("can't read request body")
	}
	switch mediaType {
	case "multipart/form-data":
		return p, p.addMultipart(body, mtParams["boundary"])
	case "application/json":
		return p, p.addJSON(body)
	case "application/x-www-form-urlencoded":
		data, e := readAll(body)
		if e != nil {
			return p, e
		}
		return p, p.addQuery(string(data))
	}
	return p, nil
}

func (p Params) set(name, value string) {
	if _, seen := p.Values[name]; !seen {
		p.Values[name] = value
	}
}

func (p Params) addQuery(raw string) *Error {
	if raw == "" {
		return nil
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return BadRequest("can't parse request parameters")
	}
	// url.Values loses the order of keys; keep the first value of each.
	for k, vs := range q {
		if len(vs) > 0 {
			p.set(k, vs[0])
		}
	}
	return nil
}

func (p Params) addMultipart(body io.Reader, boundary string) *Error {
	if boundary == "" {
		return BadRequest("boundary not found")
	}
	mr := multipart.NewReader(body, boundary)
	for {
		part, err := mr.NextRawPart()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if errors.Is(err, errTooLarge) {
			return errEntityTooLarge()
		}
		if err != nil {
			return BadRequest("can't parse multipart/form-data")
		}
		name := part.FormName()
		if name == "" {
			return BadRequest("field name in multipart/form-data not found")
		}
		data, e := readAll(part)
		if e != nil {
			return e
		}
		if _, hasName := partFileName(part); hasName {
			if _, seen := p.Files[name]; !seen {
				fn, _ := partFileName(part)
				ct := part.Header.Get("Content-Type")
				if ct == "" {
					ct = "application/octet-stream"
				}
				p.Files[name] = File{Name: fn, ContentType: ct, Data: data}
			}
			continue
		}
		p.set(name, string(data))
	}
}

// partFileName reports the part's filename parameter, and whether there is
// one at all: an empty filename still marks a file part.
func partFileName(part *multipart.Part) (string, bool) {
	_, params, err := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
	if err != nil {
		return "", false
	}
	fn, ok := params["filename"]
	return fn, ok
}

func (p Params) addJSON(body io.Reader) *Error {
	data, e := readAll(body)
	if e != nil {
		return e
	}
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil
	}
	if data[0] != '{' {
		return BadRequest("JSON object expected")
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return BadRequest("can't parse JSON object")
	}
	for k, raw := range obj {
		raw = bytes.TrimSpace(raw)
		if len(raw) > 0 && raw[0] == '"' {
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return BadRequest("can't parse parameter value")
			}
			p.set(k, s)
			continue
		}
		p.set(k, string(raw))
	}
	return nil
}

func readAll(r io.Reader) ([]byte, *Error) {
	data, err := io.ReadAll(r)
	if errors.Is(err, errTooLarge) {
		return nil, errEntityTooLarge()
	}
	if err != nil {
		return nil, BadRequest("can't read request body")
	}
	return data, nil
}

var errTooLarge = errors.New("wire: request body over MaxRequestSize")

func errEntityTooLarge() *Error {
	return &Error{Code: http.StatusRequestEntityTooLarge, Description: "Request Entity Too Large"}
}

// capReader reads at most left bytes and then fails with errTooLarge, so an
// oversized body is refused instead of silently cut.
type capReader struct {
	r    io.Reader
	left int64
}

// Read reads from the body until the cap is passed.
func (c *capReader) Read(b []byte) (int, error) {
	if c.left < 0 {
		return 0, errTooLarge
	}
	if int64(len(b)) > c.left+1 {
		b = b[:c.left+1]
	}
	n, err := c.r.Read(b)
	c.left -= int64(n)
	if c.left < 0 {
		return n, errTooLarge
	}
	return n, err
}
