package wire

import (
	"encoding/json"
	"regexp"
	"strings"
)

// maxDepth bounds how deep nested objects are checked.
const maxDepth = 8

// checkFields checks every parameter no specific check covered against its
// documented type. Telegram itself reads most scalars leniently (an
// unreadable integer becomes 0, an unreadable boolean false); the
// simulator refuses them instead, so that a bot that passes here sends
// what it means to send. Unknown parameters are ignored, as Telegram
// ignores them.
func (v *validation) checkFields() *Error {
	for _, f := range v.call.Method.Fields {
		if v.done[f.Name] {
			continue
		}
		raw, sent := v.call.Params.Values[f.Name]
		_, uploaded := v.call.Params.Files[f.Name]
		if f.Name == "user_id" && f.Required {
			// Telegram reads user_id as a positive integer and names it when
			// it is not one.
			if id, err := parseInteger(raw); err != nil || id <= 0 {
				return BadRequest("invalid user_id specified")
			}
			continue
		}
		if !sent && !uploaded || sent && raw == "" && !uploaded {
			if f.Required {
				return BadRequest("parameter %q is required", f.Name)
			}
			continue
		}
		if errText := v.checkParam(f, raw, uploaded); errText != "" {
			return BadRequest("%s", errText)
		}
	}
	return nil
}

// checkParam checks one parameter given as text (or as an uploaded file)
// against the field's accepted types, and returns Telegram-style text.
func (v *validation) checkParam(f Field, raw string, uploaded bool) string {
	var firstErr string
	for _, t := range f.Types {
		errText := v.checkParamType(f.Name, t, raw, uploaded)
		if errText == "" {
			return ""
		}
		if firstErr == "" {
			firstErr = errText
		}
	}
	return firstErr
}

func (v *validation) checkParamType(name, typ, raw string, uploaded bool) string {
	switch typ {
	case "String":
		return ""
	case "Integer":
		if _, err := parseInteger(raw); err != nil {
			return "parameter \"" + name + "\" must be of type Integer"
		}
		return ""
	case "Float":
		var f float64
		if json.Unmarshal([]byte(strings.TrimSpace(raw)), &f) != nil {
			return "parameter \"" + name + "\" must be of type Float"
		}
		return ""
	case "Boolean":
		if _, ok := parseBoolean(raw); !ok {
			return "parameter \"" + name + "\" must be of type Boolean"
		}
		return ""
	case "InputFile":
		if uploaded || v.hasFile(raw, name) {
			return ""
		}
		return "there is no " + name + " in the request"
	}
	if !json.Valid([]byte(raw)) {
		return "can't parse " + name + " JSON object"
	}
	if errText := v.spec.checkJSON(typ, json.RawMessage(raw), 0); errText != "" {
		if strings.HasPrefix(typ, "Array of ") {
			return lowerFirst(errText)
		}
		return "can't parse " + typ + ": " + errText
	}
	return ""
}

// checkJSON checks a JSON value against a spec type: scalars, "Array of X"
// and object types (their required fields present, their fields' types
// right; unknown fields ignored). It returns a Telegram-style error text.
func (s *Spec) checkJSON(typ string, raw json.RawMessage, depth int) string {
	if depth > maxDepth {
		return ""
	}
	if elem, ok := strings.CutPrefix(typ, "Array of "); ok {
		var items []json.RawMessage
		if jsonKind(raw) != "Array" || json.Unmarshal(raw, &items) != nil {
			return "Expected an Array of " + elem
		}
		_, isObjectType := s.Type(elem)
		for _, item := range items {
			errText := s.checkJSON(elem, item, depth+1)
			if errText != "" && isObjectType && !strings.HasSuffix(errText, "must be an Object") {
				errText = "Can't parse " + elem + ": " + errText
			}
			if errText != "" {
				return errText
			}
		}
		return ""
	}
	switch typ {
	case "String", "InputFile":
		if k := jsonKind(raw); k != "String" && k != "Number" {
			return "expected a String"
		}
		return ""
	case "Integer", "Float":
		if k := jsonKind(raw); k != "Number" && k != "String" {
			return "expected a Number"
		}
		return ""
	case "Boolean":
		if jsonKind(raw) != "Boolean" {
			return "expected a Boolean"
		}
		return ""
	}
	t, ok := s.Type(typ)
	if !ok {
		return ""
	}
	obj, isObj := jsonObject(raw)
	if !isObj {
		return typ + " must be an Object"
	}
	if len(t.Subtypes) > 0 {
		sub, errText := s.subtype(t, obj)
		if errText != "" {
			return errText
		}
		t = sub
	}
	return s.checkObject(t, obj, depth)
}

// checkObject checks an object's fields against type t.
func (s *Spec) checkObject(t *Type, obj jsonObj, depth int) string {
	for _, f := range t.Fields {
		raw, ok := obj[f.Name]
		if !ok {
			if f.Required {
				return missingField(f.Name)
			}
			continue
		}
		if errText := s.checkField(f, obj, raw, depth); errText != "" {
			return errText
		}
	}
	return ""
}

// checkField checks one field of an object, accepting it when any of its
// types fits.
func (s *Spec) checkField(f Field, obj jsonObj, raw json.RawMessage, depth int) string {
	var firstErr string
	for _, typ := range f.Types {
		var errText string
		switch typ {
		case "String", "InputFile":
			_, errText = obj.str(f.Name, true)
		case "Integer":
			_, errText = obj.int(f.Name, true)
		case "Float":
			_, errText = obj.float(f.Name, true)
		case "Boolean":
			_, errText = obj.bool(f.Name, true)
		default:
			errText = s.checkJSON(typ, raw, depth+1)
		}
		if errText == "" {
			return ""
		}
		if firstErr == "" {
			firstErr = errText
		}
	}
	return firstErr
}

// discriminant reads the fixed value of a subtype's first field from its
// description: 'Scope type, must be chat' or 'always "emoji"'.
var discriminant = regexp.MustCompile(`(?:must be|always) "?([a-z_]+)"?`)

// subtype picks the concrete type of an abstract one (BotCommandScope,
// InputMedia, ...) by the value of its discriminating first field.
func (s *Spec) subtype(t *Type, obj jsonObj) (*Type, string) {
	var field string
	for _, name := range t.Subtypes {
		sub, ok := s.Type(name)
		if !ok || len(sub.Fields) == 0 {
			continue
		}
		key := sub.Fields[0]
		field = key.Name
		m := discriminant.FindStringSubmatch(key.Description)
		if m == nil {
			continue
		}
		if value, errText := obj.str(key.Name, true); errText == "" && value == m[1] {
			return sub, ""
		}
	}
	if field == "" {
		return t, ""
	}
	if !obj.has(field) {
		return nil, missingField(field)
	}
	return nil, "Unsupported " + field + " specified"
}

func lowerFirst(s string) string {
	if len(s) >= 2 && (s[1] == '_' || ('A' <= s[1] && s[1] <= 'Z')) {
		return s
	}
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
