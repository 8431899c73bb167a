package conversation

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCallbackRoundTrip(t *testing.T) {
	t.Parallel()
	cases := []callback{
		{ID: "k3f9q2m7xa", Turn: 12, Action: "cat", Value: "apparel"},
		{ID: "k3f9q2m7xa", Turn: 0, Action: "new"},
		{ID: "a", Turn: 1<<31 - 1, Action: "lang", Value: "zh"},
		{ID: "k3f9q2m7xa", Turn: 3, Action: "cat", Value: "服装"},
	}
	for _, c := range cases {
		data, err := c.encode()
		if err != nil {
			t.Fatalf("encode(%+v): %v", c, err)
		}
		if len(data) > 64 {
			t.Errorf("encode(%+v) = %d bytes", c, len(data))
		}
		got, err := decodeCallback(data)
		if err != nil || got != c {
			t.Errorf("decode(%q) = %+v, %v; want %+v", data, got, err, c)
		}
	}
	if data, _ := (callback{ID: "k3f9q2m7xa", Turn: 12, Action: "cat", Value: "apparel"}).encode(); data != "c1|k3f9q2m7xa|c|cat|apparel" {
		t.Errorf("encode = %q", data)
	}
}

func TestCallbackEncodeRefuses(t *testing.T) {
	t.Parallel()
	cases := map[string]callback{
		"too long":        {ID: "k3f9q2m7xa", Turn: 1, Action: "cat", Value: strings.Repeat("x", 60)},
		"separator":       {ID: "k3f9q2m7xa", Turn: 1, Action: "cat", Value: "a|b"},
		"no id":           {Turn: 1, Action: "cat"},
		"id in capitals":  {ID: "K3F9", Turn: 1, Action: "cat"},
		"no action":       {ID: "k3f9", Turn: 1},
		"negative turn":   {ID: "k3f9", Turn: -1, Action: "cat"},
		"invalid UTF-8":   {ID: "k3f9", Turn: 1, Action: "cat", Value: "\xff"},
		"long multi-byte": {ID: "k3f9q2m7xa", Turn: 1, Action: "cat", Value: strings.Repeat("服", 15)},
	}
	for name, c := range cases {
		if data, err := c.encode(); !errors.Is(err, errCallback) {
			t.Errorf("%s: encode = %q, %v; want errCallback", name, data, err)
		}
	}
}

func TestCallbackDecodeRefusesGarbage(t *testing.T) {
	t.Parallel()
	for _, data := range []string{
		"", "hello", "c1", "c1|||", "c2|k3f9|1|cat|x", "c1|k3f9|1|cat", "c1|k3f9|1|cat|x|y",
		"c1|K3F9|1|cat|x", "c1|k3f9|-1|cat|x", "c1|k3f9|01|cat|x", "c1|k3f9|zzzzzzzzz|cat|x",
		"c1|k3f9|1|CAT|x", "c1|k3f9|1||x", "c1|k3f9|1|cat|\xff", "c1|k3f9|1|cat|" + strings.Repeat("x", 60),
	} {
		if c, err := decodeCallback(data); !errors.Is(err, errCallback) {
			t.Errorf("decode(%q) = %+v, %v; want errCallback", data, c, err)
		}
	}
}

// Whatever the fields, encoding never gives more than 64 bytes, and what
// encodes decodes back to the same fields.
func FuzzCallbackEncode(f *testing.F) {
	f.Add("k3f9q2m7xa", 12, "cat", "apparel")
	f.Add("a", 0, "ok", "")
	f.Add("zzzzzzzzzzzzzzzz", 1<<30, "zzzzzzzz", strings.Repeat("é", 30))
	f.Fuzz(func(t *testing.T, id string, turn int, action, value string) {
		c := callback{ID: id, Turn: turn, Action: action, Value: value}
		data, err := c.encode()
		if err != nil {
			return
		}
		if len(data) > callbackMax || !utf8.ValidString(data) {
			t.Fatalf("encode(%+v) = %q: %d bytes", c, data, len(data))
		}
		got, err := decodeCallback(data)
		if err != nil || got != c {
			t.Fatalf("decode(encode(%+v)) = %+v, %v", c, got, err)
		}
	})
}

// Decoding arbitrary data never panics, and what decodes re-encodes to the
// same data (one meaning per data).
func FuzzCallbackDecode(f *testing.F) {
	f.Add("c1|k3f9q2m7xa|c|cat|apparel")
	f.Add("c1|a|0|ok|")
	f.Add("garbage")
	f.Fuzz(func(t *testing.T, data string) {
		c, err := decodeCallback(data)
		if err != nil {
			return
		}
		again, err := c.encode()
		if err != nil || again != data {
			t.Fatalf("decode(%q) = %+v, re-encoded %q, %v", data, c, again, err)
		}
	})
}
