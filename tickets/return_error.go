package tickets

import (
	"fmt"
)

// Errors of a return's steps. Each wraps one of the package's kinds, so the
// edge that maps ErrForbidden and ErrConflict maps them too; a *ReturnError
// says more.
var (
	// ErrReturnNotAllowed: the actor's role may never take the step (staff
	// confirming a refund, a customer approving).
	ErrReturnNotAllowed = fmt.Errorf("%w: not for this role", ErrForbidden)
	// ErrReturnState: the step does not fit the return as it is now (a
	// return shipped before it was approved, a fee not yet accepted, a
	// refund of an exchange).
	ErrReturnState = fmt.Errorf("%w: not in the return's state", ErrConflict)
)

// ReturnError is why a step of a return was refused: the step, the state
// the return was in, the role that tried and the roles that may, so the
// edge can answer "only owners may …". It wraps ErrReturnNotAllowed or
// ErrReturnState.
type ReturnError struct {
	Step  ReturnStep
	State ReturnState // "" for a return not yet started
	Role  ActorKind
	Roles []ActorKind
	Why   string
	kind  error
}

// Error says what was refused and why.
func (e *ReturnError) Error() string {
	state := string(e.State)
	if state == "" {
		state = "none"
	}
	return fmt.Sprintf("%v: %s by %s from %s: %s", e.kind, e.Step, e.Role, state, e.Why)
}

// Unwrap is ErrReturnNotAllowed or ErrReturnState.
func (e *ReturnError) Unwrap() error { return e.kind }
