package wire

// Call is a request that passed validation, with the formatted texts
// already parsed so the caller does not parse them again.
type Call struct {
	// Method is the called method; Method.Name is its official spelling.
	Method *Method
	// Params are the request's parameters as decoded.
	Params Params
	// Text is the message text of sendMessage and editMessageText after
	// parse_mode or entities, fixed and trimmed as Telegram stores it; nil
	// for other methods.
	Text *Formatted
	// Caption is the media caption after parsing, when the method has one
	// and it was sent; nil otherwise.
	Caption *Formatted
	// MediaCaptions are the captions of the items of sendMediaGroup, one per
	// item in order (empty Formatted for an item without a caption).
	MediaCaptions []Formatted
}

// Validate checks p against the method's parameters and answers what
// Telegram would: ErrNotFound for an unknown method, a 400 error with
// Telegram's text for a missing or malformed parameter. Method names match
// case-insensitively. Check does the same and also returns the parsed call.
func (s *Spec) Validate(method string, p Params) *Error {
	_, err := s.Check(method, p)
	return err
}

// Check validates a call like Validate and returns it with its texts
// parsed. The checks run in the order Telegram runs them, so that a request
// with several faults gets the error Telegram would give first: the
// message content (text, file, caption, media), reply parameters, reply
// markup, the chat, the method's own limits, and finally every other
// parameter against its documented type.
func (s *Spec) Check(method string, p Params) (*Call, *Error) {
	m, ok := s.Method(method)
	if !ok {
		return nil, ErrNotFound
	}
	if p.Values == nil {
		p.Values = map[string]string{}
	}
	c := &Call{Method: m, Params: p}
	v := &validation{spec: s, call: c, done: map[string]bool{}}
	for _, step := range []func() *Error{
		v.checkContent, v.checkReplyParameters, v.checkReplyMarkup, v.checkChat, v.checkLimits, v.checkFields,
	} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// validation is the state of one Check: which parameters a specific
// check already covered, so the generic type check skips them.
type validation struct {
	spec *Spec
	call *Call
	done map[string]bool
}

func (v *validation) method() string { return v.call.Method.Name }

func (v *validation) has(field string) bool {
	_, ok := v.call.Method.Field(field)
	return ok
}

func (v *validation) value(name string) string { return v.call.Params.Values[name] }

func (v *validation) mark(names ...string) {
	for _, n := range names {
		v.done[n] = true
	}
}
