package tickets

// SetRefs replaces the store's reference generator, so a test can make
// references collide.
func SetRefs(s *Store, refs func() (string, error)) { s.refs = refs }

// NewRef exposes the reference generator on a chosen source of randomness.
var NewRef = newRef
