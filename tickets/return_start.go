package tickets

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// rmaPrefix starts every return authorisation number, so that it cannot be
// taken for a ticket's reference.
const rmaPrefix = "RMA-"

// NormalizeRMA turns what a person typed ("rma k7m4qx", "RMA-K7M-4QX",
// "k7m-4qx") into the stored form "RMA-K7M-4QX". It reports false when the
// text is not a well-formed number (see NormalizeRef).
func NormalizeRMA(s string) (string, bool) {
	raw := strings.ToUpper(strings.NewReplacer("-", "", " ", "", "\t", "").Replace(s))
	if len(raw) == refLen+len("RMA") {
		var ok bool
		if raw, ok = strings.CutPrefix(raw, "RMA"); !ok {
			return "", false
		}
	}
	ref, ok := NormalizeRef(raw)
	if !ok {
		return "", false
	}
	return rmaPrefix + ref, true
}

// StartReturn starts a return of kind for cause on the ticket with reference
// ticketRef (as typed), by an owner: the return is requested, with a fresh
// return authorisation number, a "return_started" event and the card job.
// The customer hears nothing until it is approved.
//
// The error wraps ErrInvalid for an unknown kind or cause or an actor
// without an id, ErrReturnNotAllowed when by is not an owner, ErrNotFound
// for no such ticket, and ErrConflict when the ticket is resolved or closed
// (reopen it first) or has a return under way already.
func (s *Store) StartReturn(ctx context.Context, ticketRef string, kind ReturnKind, cause ReturnCause, by Actor) (*Return, error) {
	if !kind.Valid() || !cause.Valid() {
		return nil, fmt.Errorf("tickets: start return on %s: %w: kind %q, cause %q", ticketRef, ErrInvalid, kind, cause)
	}
	if err := checkActor(by); err != nil {
		return nil, fmt.Errorf("tickets: start return on %s: %w", ticketRef, err)
	}
	move, err := NextReturn(nil, StepStart, by.Kind)
	if err != nil {
		return nil, fmt.Errorf("tickets: start return on %s: %w", ticketRef, err)
	}
	ref, ok := NormalizeRef(ticketRef)
	if !ok {
		return nil, fmt.Errorf("tickets: start return on %q: %w", ticketRef, ErrNotFound)
	}
	for range refAttempts {
		draw, err := s.refs()
		if err != nil {
			return nil, err
		}
		r, err := s.startReturnOnce(ctx, ref, rmaPrefix+draw, kind, cause, by, move)
		if isUniqueViolation(err, "returns_rma_key") {
			continue // the number is taken: draw another
		}
		if err != nil {
			return nil, fmt.Errorf("tickets: start return on %s: %w", ref, err)
		}
		s.logger.InfoContext(ctx, "return started", "ticket", r.TicketID, "rma", r.RMA, "kind", string(kind), "actor_id", by.ID)
		return r, nil
	}
	return nil, fmt.Errorf("tickets: start return on %s: no free return number after %d draws", ref, refAttempts)
}

// startReturnOnce runs the starting transaction with one return number.
func (s *Store) startReturnOnce(ctx context.Context, ref, rma string, kind ReturnKind, cause ReturnCause, by Actor, move ReturnMove) (*Return, error) {
	var r *Return
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		t, err := s.scanTicket(tx.QueryRow(ctx, s.q.TicketGetByRef, ref))
		if isNoRows(err) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		// Locked, so two owners starting at once take turns: the second
		// finds the first's return.
		if t, err = s.lockTicket(ctx, tx, t.ID); err != nil {
			return err
		}
		if !t.Status.Open() {
			return fmt.Errorf("%w: the ticket is %s; reopen it first", ErrConflict, t.Status)
		}
		open, err := s.scanReturn(tx.QueryRow(ctx, s.q.ReturnOfTicket, pgx.NamedArgs{
			"ticket_id": t.ID, "open": openReturnStates(),
		}))
		switch {
		case err == nil && open.State.Open():
			return fmt.Errorf("%w: the ticket has a return under way, %s (%s)", ErrConflict, open.RMA, open.State)
		case err != nil && !isNoRows(err):
			return fmt.Errorf("look for an open return: %w", err)
		}
		now := s.now()
		var id int64
		err = tx.QueryRow(ctx, s.q.ReturnInsert, pgx.NamedArgs{
			"ticket_id": t.ID, "rma": rma, "kind": string(kind), "cause": string(cause),
			"by_kind": string(by.Kind), "by": by.ID, "now": now,
		}).Scan(&id)
		if isUniqueViolation(err, "returns_one_open_idx") {
			return fmt.Errorf("%w: the ticket has a return under way", ErrConflict)
		}
		if err != nil {
			return err // returns_rma_key is retried by the caller
		}
		if r, _, err = s.lockReturn(ctx, tx, s.q.ReturnLockByID, id); err != nil {
			return err
		}
		return s.recordStep(ctx, tx, r, "", move, by, now, stepChange{data: map[string]any{
			"kind": string(kind), "cause": string(cause),
		}})
	})
	return r, err
}

// checkActor fails with ErrInvalid for an actor of no known kind, or a
// person without a user id.
func checkActor(by Actor) error {
	switch by.Kind {
	case ActorSystem:
		return nil
	case ActorOwner, ActorStaff, ActorCustomer:
		if by.ID != 0 {
			return nil
		}
	}
	return fmt.Errorf("%w: actor %q %d is no owner, staff member or customer with a user id", ErrInvalid, by.Kind, by.ID)
}
