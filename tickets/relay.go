package tickets

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// AddStaffReply adds by's reply to the customer to the ticket's relay log
// ('out', pending) and the job that delivers it (CustomerRelayArgs; an
// album's items a moment later, see AlbumMessages), in one transaction. The
// staff member's Telegram message is recorded as the ticket's (see
// TicketByDeskMessage). The first reply stamps first_response_at, and the
// first to reply to a ticket nobody holds takes it; a ticket that is new,
// acknowledged, reopened or waiting for the customer goes to in_progress.
//
// A Telegram message added before (a redelivered update) is returned as it
// is, with added false, and queues nothing. The error wraps ErrConflict when
// the ticket is resolved or closed (reopen it first), ErrNotFound for no
// such ticket and ErrInvalid for a Staff without a user id.
func (s *Store) AddStaffReply(ctx context.Context, ticketID int64, by Staff, m NewMessage) (msg *Message, added bool, err error) {
	if by.UserID == 0 {
		return nil, false, fmt.Errorf("tickets: reply on ticket %d: %w: staff without a user id", ticketID, ErrInvalid)
	}
	if m.AuthorName == "" {
		m.AuthorName = by.Name
	}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		t, err := s.lockTicket(ctx, tx, ticketID)
		if err != nil {
			return err
		}
		if m.MessageID != 0 {
			msg, err = s.scanMessage(tx.QueryRow(ctx, s.q.MessageGetByTelegram, t.ID, m.ChatID, m.MessageID))
			if err == nil {
				return nil // redelivered
			}
			if !isNoRows(err) {
				return fmt.Errorf("look for the message: %w", err)
			}
		}
		if !t.Status.Open() {
			return fmt.Errorf("%w: the ticket is %s; reopen it first", ErrConflict, t.Status)
		}
		msg, added, err = s.addMessage(ctx, tx, t.ID, DirectionOut, by.Actor(), m, DeliveryPending, "message")
		if err != nil || !added {
			return err
		}
		if err := s.firstResponse(ctx, tx, t, by); err != nil {
			return err
		}
		switch t.Status {
		case StatusNew, StatusAcknowledged, StatusReopened, StatusAwaitingCustomer:
			if err := s.moveStatus(ctx, tx, t.ID, t.Status, StatusInProgress, by.Actor(), map[string]any{"message_id": msg.ID}); err != nil {
				return err
			}
		}
		if _, err := s.river.InsertTx(ctx, tx, CustomerRelayArgs{MessageID: msg.ID}, relayOpts(m.Attachments)); err != nil {
			return fmt.Errorf("insert relay job: %w", err)
		}
		if m.MessageID == 0 {
			return nil
		}
		return s.noteDeskMessages(ctx, tx, t.ID, m.ChatID, []int64{m.MessageID})
	})
	if err != nil {
		return nil, false, fmt.Errorf("tickets: reply on ticket %d: %w", ticketID, err)
	}
	if added {
		s.logger.InfoContext(ctx, "staff reply added", "ticket", ticketID, "staff", by.UserID, "row", msg.ID)
	}
	return msg, added, nil
}

// firstResponse stamps the ticket's first answer and gives a ticket nobody
// holds to by, with its event and the card job, when either is still to do.
func (s *Store) firstResponse(ctx context.Context, tx pgx.Tx, t *Ticket, by Staff) error {
	if !t.FirstResponseAt.IsZero() && t.AssigneeUserID != 0 {
		return nil
	}
	now := s.now()
	_, err := tx.Exec(ctx, s.q.TicketFirstResponse, pgx.NamedArgs{
		"id": t.ID, "at": now, "user_id": by.UserID, "name": by.Name, "now": now,
	})
	if err != nil {
		return fmt.Errorf("first response: %w", err)
	}
	if t.AssigneeUserID == 0 {
		actor := by.Actor()
		_, err := tx.Exec(ctx, s.q.EventAdd, t.ID, string(actor.Kind), actor.ID, "assigned",
			map[string]any{"from": 0, "to": by.UserID, "first_reply": true}, now)
		if err != nil {
			return fmt.Errorf("log assignment: %w", err)
		}
	}
	return s.enqueueCard(ctx, tx, t.ID)
}

// AddNote adds by's internal note to the ticket's relay log ('internal';
// never sent, so delivered) with a "note" event, and records the Telegram
// message as the ticket's. A Telegram message added before is no error and
// adds nothing (added false). The error wraps ErrNotFound for no such
// ticket and ErrInvalid for a Staff without a user id.
func (s *Store) AddNote(ctx context.Context, ticketID int64, by Staff, m NewMessage) (added bool, err error) {
	if by.UserID == 0 {
		return false, fmt.Errorf("tickets: note on ticket %d: %w: staff without a user id", ticketID, ErrInvalid)
	}
	if m.AuthorName == "" {
		m.AuthorName = by.Name
	}
	var msg *Message
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		msg, added, err = s.addMessage(ctx, tx, ticketID, DirectionInternal, by.Actor(), m, DeliveryDelivered, "note")
		if err != nil || !added || m.MessageID == 0 {
			return err
		}
		return s.noteDeskMessages(ctx, tx, ticketID, m.ChatID, []int64{m.MessageID})
	})
	if err != nil {
		return false, fmt.Errorf("tickets: note on ticket %d: %w", ticketID, err)
	}
	if added {
		s.logger.InfoContext(ctx, "staff note added", "ticket", ticketID, "staff", by.UserID, "row", msg.ID)
	}
	return added, nil
}

// EditStaffReply changes the text of the staff reply or note that is the
// Telegram message messageID in chatID, stamps edited_at and logs a
// "message_edited" event. The row comes back with the copies the customer
// got (CopyChatID, CopyMessageIDs), for the edge to edit them too. The error
// wraps ErrNotFound when the message is no staff reply or note.
func (s *Store) EditStaffReply(ctx context.Context, chatID, messageID int64, text string) (*Message, error) {
	msg, err := s.scanMessage(s.pool.QueryRow(ctx, s.q.MessageEditStaff, pgx.NamedArgs{
		"chat_id": chatID, "message_id": messageID, "text": text, "now": s.now(),
	}))
	if isNoRows(err) {
		return nil, fmt.Errorf("tickets: edit message %d in chat %d: %w", messageID, chatID, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("tickets: edit message %d in chat %d: %w", messageID, chatID, err)
	}
	s.logger.InfoContext(ctx, "staff message edited", "ticket", msg.TicketID, "row", msg.ID)
	return msg, nil
}

// Message returns the relay-log row with id. The error wraps ErrNotFound
// when there is none.
func (s *Store) Message(ctx context.Context, id int64) (*Message, error) {
	msg, err := s.scanMessage(s.pool.QueryRow(ctx, s.q.MessageGet, id))
	if isNoRows(err) {
		return nil, fmt.Errorf("tickets: message %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("tickets: message %d: %w", id, err)
	}
	return msg, nil
}

// MarkDelivered records that the row reached the other side as the messages
// copyIDs in copyChatID. The error wraps ErrNotFound when there is no such
// row.
func (s *Store) MarkDelivered(ctx context.Context, messageID, copyChatID int64, copyIDs []int64) error {
	if copyIDs == nil {
		copyIDs = []int64{}
	}
	var id int64
	err := s.pool.QueryRow(ctx, s.q.MessageMarkDelivered, messageID, copyChatID, copyIDs).Scan(&id)
	if isNoRows(err) {
		return fmt.Errorf("tickets: mark message %d delivered: %w", messageID, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("tickets: mark message %d delivered: %w", messageID, err)
	}
	return nil
}

// MarkUndeliverable records that the row can never reach the customer (they
// blocked the bot or are gone), with a "message_undeliverable" event. The
// error wraps ErrNotFound when there is no such row.
func (s *Store) MarkUndeliverable(ctx context.Context, messageID int64) error {
	var ticketID int64
	err := s.pool.QueryRow(ctx, s.q.MessageMarkUndeliverable, pgx.NamedArgs{"id": messageID, "now": s.now()}).Scan(&ticketID)
	if isNoRows(err) {
		return fmt.Errorf("tickets: mark message %d undeliverable: %w", messageID, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("tickets: mark message %d undeliverable: %w", messageID, err)
	}
	s.logger.WarnContext(ctx, "message undeliverable", "ticket", ticketID, "row", messageID)
	return nil
}

// AlbumMessages returns the rows of the ticket's album mediaGroupID (the
// MediaGroupID of their first attachment) in direction dir that are still
// pending delivery, in the order they came. An album arrives as one message
// per item; the relay job of its first item sends them all as one album and
// marks each delivered, and the later items' jobs find theirs delivered. The
// error wraps ErrInvalid for an empty mediaGroupID.
func (s *Store) AlbumMessages(ctx context.Context, ticketID int64, dir Direction, mediaGroupID string) ([]Message, error) {
	if mediaGroupID == "" {
		return nil, fmt.Errorf("tickets: album of ticket %d: %w: no media group", ticketID, ErrInvalid)
	}
	rows, err := s.pool.Query(ctx, s.q.MessageAlbum, ticketID, string(dir), mediaGroupID)
	if err != nil {
		return nil, fmt.Errorf("tickets: album of ticket %d: %w", ticketID, err)
	}
	list, err := pgx.CollectRows(rows, s.scanMessageRow)
	if err != nil {
		return nil, fmt.Errorf("tickets: album of ticket %d: %w", ticketID, err)
	}
	return list, nil
}
