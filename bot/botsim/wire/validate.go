package wire

// Validate checks p against the method's documented parameters. An unknown
// method is ErrNotFound; a missing or malformed parameter is a 400 error with
// Telegram's text.
func (s *Spec) Validate(method string, p Params) *Error {
	m, ok := s.Method(method)
	if !ok {
		return ErrNotFound
	}
	for _, f := range m.Fields {
		if f.Required && !p.Has(f.Name) {
			return BadRequest("parameter %q is required", f.Name)
		}
	}
	return nil
}
