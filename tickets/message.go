package tickets

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// AddCustomerMessage adds a message the customer sent about their ticket to
// its relay log, with a "message" event, in one transaction. While the
// ticket is open the message is relayed to the staff group (DeskRelayArgs;
// an album's items a moment later, see AlbumMessages), and a ticket waiting
// for the customer goes back to in_progress. While it is resolved or closed
// the message is kept as held, unrelayed, until the customer reopens it
// (ReopenByCustomer).
//
// A Telegram message added before (a redelivered update) is not added again
// and is no error: its row comes back with added false. The error wraps
// ErrNotFound when there is no ticket with that id.
func (s *Store) AddCustomerMessage(ctx context.Context, ticketID int64, m NewMessage) (msg *Message, added bool, err error) {
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		t, err := s.lockTicket(ctx, tx, ticketID)
		if err != nil {
			return err
		}
		delivery := DeliveryPending
		if !t.Status.Open() {
			delivery = DeliveryHeld
		}
		author := Actor{Kind: ActorCustomer, ID: m.UserID}
		msg, added, err = s.addMessage(ctx, tx, t.ID, DirectionIn, author, m, delivery, "message")
		if err != nil || !added || delivery == DeliveryHeld {
			return err
		}
		if _, err := s.river.InsertTx(ctx, tx, DeskRelayArgs{MessageID: msg.ID}, relayOpts(m.Attachments)); err != nil {
			return fmt.Errorf("insert relay job: %w", err)
		}
		if t.Status == StatusAwaitingCustomer {
			return s.moveStatus(ctx, tx, t.ID, t.Status, StatusInProgress, author, map[string]any{"message_id": msg.ID})
		}
		return nil
	})
	if err != nil {
		return nil, false, fmt.Errorf("tickets: add message to ticket %d: %w", ticketID, err)
	}
	if added {
		s.logger.InfoContext(ctx, "customer message added", "ticket", ticketID, "chat", m.ChatID,
			"message", m.MessageID, "row", msg.ID, "delivery", msg.Delivery)
	}
	return msg, added, nil
}

// addMessage adds m to the ticket's relay log on tx with its event
// (eventKind) and touches the ticket. A Telegram message added before is
// returned as it is, with added false. The error is ErrNotFound when there
// is no such ticket.
func (s *Store) addMessage(ctx context.Context, tx pgx.Tx, ticketID int64, dir Direction, author Actor,
	m NewMessage, delivery, eventKind string) (msg *Message, added bool, err error) {
	at := m.At
	if at.IsZero() {
		at = s.now()
	}
	attachments := m.Attachments
	if attachments == nil {
		attachments = []Media{} // stored as [] rather than null
	}
	msg, err = s.scanMessage(tx.QueryRow(ctx, s.q.MessageAdd, pgx.NamedArgs{
		"ticket_id": ticketID, "direction": string(dir), "author_kind": string(author.Kind), "author_id": author.ID,
		"author_name": m.AuthorName, "text": m.Text, "attachments": attachments, "attachment_count": len(m.Attachments),
		"chat_id": m.ChatID, "message_id": m.MessageID, "thread_id": m.ThreadID, "at": at, "now": s.now(),
		"delivery": delivery, "event_kind": eventKind,
	}))
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &pgErr) && pgErr.Code == "23503": // foreign_key_violation
		return nil, false, ErrNotFound
	case isNoRows(err):
		// Added before: the Telegram message's row is there.
		msg, err = s.scanMessage(tx.QueryRow(ctx, s.q.MessageGetByTelegram, ticketID, m.ChatID, m.MessageID))
		if err != nil {
			return nil, false, fmt.Errorf("read message added before: %w", err)
		}
		return msg, false, nil
	case err != nil:
		return nil, false, fmt.Errorf("add message: %w", err)
	}
	return msg, true, nil
}
