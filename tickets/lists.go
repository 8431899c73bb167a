package tickets

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// DeskFilter narrows DeskList. Zero fields do not filter.
type DeskFilter struct {
	// Open keeps the tickets that still need work (Status.Open).
	Open bool
	// AssigneeID keeps the tickets this staff member holds.
	AssigneeID int64
	// Overdue keeps the open tickets past the deadline the timers go by
	// (arranged-by while nobody has claimed or answered them, else
	// answered-by), the most overdue first; one waiting for its customer
	// is not overdue, its clock standing still.
	Overdue bool
	// Waiting keeps the tickets waiting for the customer.
	Waiting bool
	// Limit caps the number of tickets; 0 means 50.
	Limit int
}

// defaultDeskLimit caps DeskList when the filter sets no limit.
const defaultDeskLimit = 50

// DeskList returns the tickets f asks for, newest first (most overdue first
// with Overdue), without their attachments, events or messages.
func (s *Store) DeskList(ctx context.Context, f DeskFilter) ([]Ticket, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = defaultDeskLimit
	}
	rows, err := s.pool.Query(ctx, s.q.TicketDeskList, pgx.NamedArgs{
		"open": f.Open, "open_statuses": openStatuses(), "assignee_id": f.AssigneeID,
		"waiting": f.Waiting, "overdue": f.Overdue, "now": s.now(), "lim": limit,
	})
	if err != nil {
		return nil, fmt.Errorf("tickets: desk list: %w", err)
	}
	list, err := pgx.CollectRows(rows, s.scanTicketRow)
	if err != nil {
		return nil, fmt.Errorf("tickets: desk list: %w", err)
	}
	return list, nil
}

// GetByID returns the ticket with id with its attachments, events and
// messages, read in one round trip as Get does. The error wraps
// ErrNotFound when there is none.
func (s *Store) GetByID(ctx context.Context, id int64) (*Ticket, error) {
	t, err := s.readTicket(ctx, id, byID(s.q))
	if err != nil {
		return nil, fmt.Errorf("tickets: get ticket %d: %w", id, err)
	}
	return t, nil
}
