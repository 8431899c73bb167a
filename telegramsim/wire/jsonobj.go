package wire

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// jsonObj is a JSON object read the way Telegram reads objects inside
// parameters, with its error texts: a missing required field is
// "Can't find field \"x\"", a wrong one "Field \"x\" must be of type String".
type jsonObj map[string]json.RawMessage

// jsonObject parses raw as a JSON object; ok is false for any other value.
func jsonObject(raw []byte) (jsonObj, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil, false
	}
	var o jsonObj
	if err := json.Unmarshal(raw, &o); err != nil {
		return nil, false
	}
	return o, true
}

// jsonKind names the JSON type of raw as Telegram does.
func jsonKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "Null"
	}
	switch raw[0] {
	case '"':
		return "String"
	case '{':
		return "Object"
	case '[':
		return "Array"
	case 't', 'f':
		return "Boolean"
	case 'n':
		return "Null"
	}
	return "Number"
}

func missingField(name string) string { return "Can't find field \"" + name + "\"" }

func (o jsonObj) has(name string) bool {
	_, ok := o[name]
	return ok
}

// str reads a String field; numbers are accepted as their text.
func (o jsonObj) str(name string, required bool) (string, string) {
	raw, ok := o[name]
	if !ok {
		if required {
			return "", missingField(name)
		}
		return "", ""
	}
	switch jsonKind(raw) {
	case "String":
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return "", "Field \"" + name + "\" must be of type String"
		}
		return s, ""
	case "Number":
		return string(bytes.TrimSpace(raw)), ""
	}
	return "", "Field \"" + name + "\" must be of type String"
}

// int reads an Integer field; strings of digits are accepted.
func (o jsonObj) int(name string, required bool) (int64, string) {
	raw, ok := o[name]
	if !ok {
		if required {
			return 0, missingField(name)
		}
		return 0, ""
	}
	var text string
	switch jsonKind(raw) {
	case "String":
		_ = json.Unmarshal(raw, &text)
	case "Number":
		text = string(bytes.TrimSpace(raw))
	default:
		return 0, "Field \"" + name + "\" must be a Number"
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		return 0, "Field \"" + name + "\" must be a valid Number"
	}
	return n, ""
}

// float reads a Float field; only JSON numbers are accepted.
func (o jsonObj) float(name string, required bool) (float64, string) {
	raw, ok := o[name]
	if !ok {
		if required {
			return 0, missingField(name)
		}
		return 0, ""
	}
	if jsonKind(raw) != "Number" {
		return 0, "Field \"" + name + "\" must be of type Number"
	}
	f, _ := strconv.ParseFloat(string(bytes.TrimSpace(raw)), 64)
	return f, ""
}

// bool reads a Boolean field; only JSON true and false are accepted.
func (o jsonObj) bool(name string, required bool) (bool, string) {
	raw, ok := o[name]
	if !ok {
		if required {
			return false, missingField(name)
		}
		return false, ""
	}
	if jsonKind(raw) != "Boolean" {
		return false, "Field \"" + name + "\" must be of type Boolean"
	}
	return bytes.HasPrefix(bytes.TrimSpace(raw), []byte("true")), ""
}

// object reads an Object field.
func (o jsonObj) object(name string, required bool) (jsonObj, string) {
	raw, ok := o[name]
	if !ok {
		if required {
			return nil, missingField(name)
		}
		return nil, ""
	}
	obj, isObj := jsonObject(raw)
	if !isObj {
		return nil, "Field \"" + name + "\" must be of type Object"
	}
	return obj, ""
}

// array reads an Array field.
func (o jsonObj) array(name string, required bool) ([]json.RawMessage, string) {
	raw, ok := o[name]
	if !ok {
		if required {
			return nil, missingField(name)
		}
		return nil, ""
	}
	var items []json.RawMessage
	if jsonKind(raw) != "Array" || json.Unmarshal(raw, &items) != nil {
		return nil, "Field \"" + name + "\" must be of type Array"
	}
	return items, ""
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
