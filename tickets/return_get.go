package tickets

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// defaultReturnLimit caps ListReturns when the filter sets no limit.
const defaultReturnLimit = 100

// GetReturn returns the return with number rma (as typed: NormalizeRMA is
// applied). The error wraps ErrNotFound when there is none.
func (s *Store) GetReturn(ctx context.Context, rma string) (*Return, error) {
	norm, ok := NormalizeRMA(rma)
	if !ok {
		return nil, fmt.Errorf("tickets: get return %q: %w", rma, ErrNotFound)
	}
	r, err := s.scanReturn(s.pool.QueryRow(ctx, s.q.ReturnGetByRMA, norm))
	if isNoRows(err) {
		return nil, fmt.Errorf("tickets: get return %s: %w", norm, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("tickets: get return %s: %w", norm, err)
	}
	return r, nil
}

// ReturnOf returns the ticket's return under way, or, when none is, its
// latest: what the card and /status show. The error wraps ErrNotFound when
// the ticket has had no return (or does not exist).
func (s *Store) ReturnOf(ctx context.Context, ticketID int64) (*Return, error) {
	r, err := s.scanReturn(s.pool.QueryRow(ctx, s.q.ReturnOfTicket, pgx.NamedArgs{
		"ticket_id": ticketID, "open": openReturnStates(),
	}))
	if isNoRows(err) {
		return nil, fmt.Errorf("tickets: return of ticket %d: %w", ticketID, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("tickets: return of ticket %d: %w", ticketID, err)
	}
	return r, nil
}

// ListReturns returns the returns f asks for, newest first, each with its
// ticket's reference, customer and category: for the warehouse, who should
// arrive and with which tracking number. The error wraps ErrInvalid for an
// unknown state.
func (s *Store) ListReturns(ctx context.Context, f ReturnFilter) ([]Return, error) {
	if f.State != "" && !f.State.Valid() {
		return nil, fmt.Errorf("tickets: list returns: %w: unknown state %q", ErrInvalid, f.State)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = defaultReturnLimit
	}
	rows, err := s.pool.Query(ctx, s.q.ReturnList, pgx.NamedArgs{
		"state": string(f.State), "open": f.Open, "open_states": openReturnStates(), "lim": limit,
	})
	if err != nil {
		return nil, fmt.Errorf("tickets: list returns: %w", err)
	}
	list, err := pgx.CollectRows(rows, s.scanReturnRow)
	if err != nil {
		return nil, fmt.Errorf("tickets: list returns: %w", err)
	}
	return list, nil
}
