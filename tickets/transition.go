package tickets

import (
	"context"
	"errors"
	"fmt"
	"maps"

	"github.com/jackc/pgx/v5"
)

// querier is what a pool and a transaction have in common.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// SetStatus moves the ticket with id to status to, checked against the
// transition table (CanTransition), and logs a "status" event by actor with
// data (who or why; never message texts) added to the from/to it records.
// The card in the staff group follows (DeskCardArgs). The error wraps
// ErrInvalid for an unknown status, ErrNotFound for no such ticket and
// ErrConflict when the move is not allowed from the ticket's status —
// including when another change got there first.
func (s *Store) SetStatus(ctx context.Context, id int64, to Status, actor Actor, data map[string]any) error {
	if !to.Valid() {
		return fmt.Errorf("tickets: ticket %d to %q: %w: unknown status", id, to, ErrInvalid)
	}
	var from Status
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		t, err := s.lockTicket(ctx, tx, id)
		if err != nil {
			return err
		}
		from = t.Status
		return s.moveStatus(ctx, tx, id, from, to, actor, data)
	})
	if err != nil {
		return fmt.Errorf("tickets: ticket %d to %s: %w", id, to, err)
	}
	s.logger.InfoContext(ctx, "ticket status changed", "ticket", id, "from", string(from), "to", string(to), "actor", string(actor.Kind))
	return nil
}

// moveStatus changes the status from → to if the table allows it and the
// ticket is still in from, with its event and the card job, on tx. A move
// to awaiting_customer schedules the customer's nudge and the auto-close
// (scheduleAwaitingJobs); a move out of it cancels them and moves the
// service-level deadlines on by the wait (slaOnMove). A move to resolved
// schedules the callback survey, a reopening cancels it (surveyOnMove) and
// starts the deadlines again (slaOnMove).
func (s *Store) moveStatus(ctx context.Context, tx pgx.Tx, id int64, from, to Status, actor Actor, data map[string]any) error {
	if !CanTransition(from, to) {
		return fmt.Errorf("%w: a ticket cannot go from %s to %s", ErrConflict, from, to)
	}
	eventData := map[string]any{}
	maps.Copy(eventData, data)
	eventData["from"], eventData["to"] = string(from), string(to)
	var got int64
	now := s.now()
	err := tx.QueryRow(ctx, s.q.TicketStatusSet, pgx.NamedArgs{
		"id": id, "from": string(from), "to": string(to), "now": now,
		"actor_kind": string(actor.Kind), "actor_id": actor.ID, "data": eventData,
	}).Scan(&got)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%w: the ticket is no longer %s", ErrConflict, from)
	}
	if err != nil {
		return err
	}
	switch {
	case to == StatusAwaitingCustomer:
		if err := s.scheduleAwaitingJobs(ctx, tx, id, now); err != nil {
			return err
		}
	case from == StatusAwaitingCustomer:
		if err := s.cancelAwaitingJobs(ctx, tx, id); err != nil {
			return err
		}
	}
	if err := s.slaOnMove(ctx, tx, id, from, to, now); err != nil {
		return err
	}
	if err := s.surveyOnMove(ctx, tx, id, to, now); err != nil {
		return err
	}
	return s.enqueueCard(ctx, tx, id)
}

// inTx runs do in a transaction and commits when it returns nil.
func (s *Store) inTx(ctx context.Context, do func(tx pgx.Tx) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	if err := do(tx); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// lockTicket reads the ticket (without its children) and locks it until tx
// ends. The error wraps ErrNotFound when there is no such ticket.
func (s *Store) lockTicket(ctx context.Context, tx pgx.Tx, id int64) (*Ticket, error) {
	t, err := s.scanTicket(tx.QueryRow(ctx, s.q.TicketLockByID, id))
	if isNoRows(err) {
		return nil, fmt.Errorf("ticket %d: %w", id, ErrNotFound)
	}
	return t, err
}

// isNoRows reports whether a query found no row.
func isNoRows(err error) bool { return errors.Is(err, pgx.ErrNoRows) }
