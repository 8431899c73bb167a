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
// The error wraps ErrInvalid for an unknown status, ErrNotFound for no such
// ticket and ErrConflict when the move is not allowed from the ticket's
// status — including when another change got there first.
func (s *Store) SetStatus(ctx context.Context, id int64, to Status, actor Actor, data map[string]any) error {
	if !to.Valid() {
		return fmt.Errorf("tickets: ticket %d to %q: %w: unknown status", id, to, ErrInvalid)
	}
	var from string
	err := s.pool.QueryRow(ctx, s.q.TicketStatusGet, id).Scan(&from)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("tickets: ticket %d to %s: %w", id, to, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("tickets: ticket %d to %s: %w", id, to, err)
	}
	if err := s.moveStatus(ctx, s.pool, id, Status(from), to, actor, data); err != nil {
		return fmt.Errorf("tickets: ticket %d to %s: %w", id, to, err)
	}
	s.logger.InfoContext(ctx, "ticket status changed", "ticket", id, "from", from, "to", string(to), "actor", string(actor.Kind))
	return nil
}

// moveStatus changes the status from → to if the table allows it and the
// ticket is still in from, with its event, in one statement on q.
func (s *Store) moveStatus(ctx context.Context, q querier, id int64, from, to Status, actor Actor, data map[string]any) error {
	if !CanTransition(from, to) {
		return fmt.Errorf("%w: a ticket cannot go from %s to %s", ErrConflict, from, to)
	}
	eventData := map[string]any{}
	maps.Copy(eventData, data)
	eventData["from"], eventData["to"] = string(from), string(to)
	var got int64
	err := q.QueryRow(ctx, s.q.TicketStatusSet, pgx.NamedArgs{
		"id": id, "from": string(from), "to": string(to), "now": s.now(),
		"actor_kind": string(actor.Kind), "actor_id": actor.ID, "data": eventData,
	}).Scan(&got)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%w: the ticket is no longer %s", ErrConflict, from)
	}
	return err
}
