package telegramsim

// LastUpdateID returns the id of the newest update the simulator created, or
// 0 before the first one; tests use it with InjectDuplicate.
func (s *Server) LastUpdateID() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.upd.nextID - 1
}
