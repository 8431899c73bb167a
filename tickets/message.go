package tickets

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// AddCustomerMessage adds a message the customer sent about their ticket to
// its relay log, with a "message" event, in one statement. A Telegram message
// added before (a redelivered update) is not added again and is no error.
// The error wraps ErrNotFound when there is no ticket with that id.
func (s *Store) AddCustomerMessage(ctx context.Context, ticketID int64, m NewMessage) error {
	at := m.At
	if at.IsZero() {
		at = s.now()
	}
	attachments := m.Attachments
	if attachments == nil {
		attachments = []Media{} // stored as [] rather than null
	}
	var added int
	err := s.pool.QueryRow(ctx, s.q.MessageAddFromCustomer, pgx.NamedArgs{
		"ticket_id": ticketID, "user_id": m.UserID, "author_name": m.AuthorName,
		"text": m.Text, "attachments": attachments, "attachment_count": len(m.Attachments),
		"chat_id": m.ChatID, "message_id": m.MessageID, "thread_id": m.ThreadID, "at": at,
	}).Scan(&added)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23503" { // foreign_key_violation
		return fmt.Errorf("tickets: add message to ticket %d: %w", ticketID, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("tickets: add message to ticket %d: %w", ticketID, err)
	}
	if added > 0 {
		s.logger.InfoContext(ctx, "customer message added", "ticket", ticketID, "chat", m.ChatID, "message", m.MessageID)
	}
	return nil
}
