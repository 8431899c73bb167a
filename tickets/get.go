package tickets

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Get returns the ticket with reference ref (as typed: NormalizeRef is
// applied) with its attachments, events and messages, read in one round
// trip. The error wraps ErrNotFound when there is no such ticket.
func (s *Store) Get(ctx context.Context, ref string) (*Ticket, error) {
	norm, ok := NormalizeRef(ref)
	if !ok {
		return nil, fmt.Errorf("tickets: get %q: %w", ref, ErrNotFound)
	}
	t, err := s.getByRef(ctx, norm)
	if err != nil {
		return nil, fmt.Errorf("tickets: get %s: %w", norm, err)
	}
	return t, nil
}

// getByRef reads a ticket and its attachments, events and messages in one
// batch. The error is ErrNotFound when there is no such ticket.
func (s *Store) getByRef(ctx context.Context, ref string) (*Ticket, error) {
	return s.readTicket(ctx, ref, byRef(s.q))
}

// readTicket reads the ticket with key (as q reads it) and its
// attachments, events and messages in one batch. The error is ErrNotFound
// when there is no such ticket.
func (s *Store) readTicket(ctx context.Context, key any, q ticketQueries) (*Ticket, error) {
	b := &pgx.Batch{}
	t := s.queueTicket(b, key, q)
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, err
	}
	if *t == nil {
		return nil, ErrNotFound
	}
	return *t, nil
}

// ticketQueries are the queries that read a ticket and its children by
// one key: its reference or its id.
type ticketQueries struct{ ticket, attachments, events, messages string }

func byRef(q queries) ticketQueries {
	return ticketQueries{q.TicketGetByRef, q.AttachmentListByRef, q.EventListByRef, q.MessageListByRef}
}

func byID(q queries) ticketQueries {
	return ticketQueries{q.TicketGetByID, q.AttachmentListByTicket, q.EventListByTicket, q.MessageListByTicket}
}

// queueTicket queues into b the reads of the ticket with key (as q reads
// it) and of its attachments, events and messages. Once b has run, the
// result holds the ticket, or nil when there is none.
func (s *Store) queueTicket(b *pgx.Batch, key any, q ticketQueries) **Ticket {
	var t *Ticket
	b.Queue(q.ticket, key).Query(func(rows pgx.Rows) error {
		list, err := pgx.CollectRows(rows, s.scanTicketRow)
		if len(list) == 1 {
			t = &list[0]
		}
		return err
	})
	// A missing ticket is not an error inside the batch (that would drop the
	// connection's cached statements); its children are then simply empty.
	b.Queue(q.attachments, key).Query(func(rows pgx.Rows) error {
		list, err := pgx.CollectRows(rows, scanAttachment)
		if t != nil {
			t.Attachments = list
		}
		return err
	})
	b.Queue(q.events, key).Query(func(rows pgx.Rows) error {
		list, err := pgx.CollectRows(rows, s.scanEvent)
		if t != nil {
			t.Events = list
		}
		return err
	})
	b.Queue(q.messages, key).Query(func(rows pgx.Rows) error {
		list, err := pgx.CollectRows(rows, s.scanMessageRow)
		if t != nil {
			t.Messages = list
		}
		return err
	})
	return &t
}

// getBySubmission reads the ticket filed for a submission, with its
// attachments, events and messages.
func (s *Store) getBySubmission(ctx context.Context, submissionID string) (*Ticket, error) {
	var ref string
	err := s.pool.QueryRow(ctx, s.q.TicketRefBySubmission, submissionID).Scan(&ref)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return s.getByRef(ctx, ref)
}

// List returns tickets newest first, narrowed by f, without their
// attachments, events or messages. The error wraps ErrInvalid for an unknown
// status.
func (s *Store) List(ctx context.Context, f ListFilter) ([]Ticket, error) {
	if f.Status != "" && !f.Status.Valid() {
		return nil, fmt.Errorf("tickets: list: %w: unknown status %q", ErrInvalid, f.Status)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.pool.Query(ctx, s.q.TicketList, string(f.Status), f.CustomerChatID, limit)
	if err != nil {
		return nil, fmt.Errorf("tickets: list: %w", err)
	}
	list, err := pgx.CollectRows(rows, s.scanTicketRow)
	if err != nil {
		return nil, fmt.Errorf("tickets: list: %w", err)
	}
	return list, nil
}

// OpenForCustomer returns the most recent of the chat's tickets that is
// still open (see Status.Open), without its attachments, events or
// messages. The error wraps ErrNotFound when the customer has none.
func (s *Store) OpenForCustomer(ctx context.Context, chatID int64) (*Ticket, error) {
	t, err := s.scanTicket(s.pool.QueryRow(ctx, s.q.TicketOpenForCustomer, chatID, openStatuses()))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("tickets: open ticket of chat %d: %w", chatID, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("tickets: open ticket of chat %d: %w", chatID, err)
	}
	return t, nil
}
