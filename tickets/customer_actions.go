package tickets

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
)

// CloseByCustomer closes the chat's ticket with reference ref (as typed) at
// the customer's request. Any other reference, another chat's included, is
// ErrNotFound, so a customer learns nothing of tickets not theirs. The error
// wraps ErrConflict when the ticket is closed already.
func (s *Store) CloseByCustomer(ctx context.Context, chatID int64, ref string) (*Ticket, error) {
	norm, ok := NormalizeRef(ref)
	if !ok {
		return nil, fmt.Errorf("tickets: customer close %q: %w", ref, ErrNotFound)
	}
	var after *Ticket
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		t, err := s.scanTicket(tx.QueryRow(ctx, s.q.TicketLockByRefForChat, norm, chatID))
		if isNoRows(err) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if t.Status == StatusClosed {
			return fmt.Errorf("%w: closed already", ErrConflict)
		}
		by := Actor{Kind: ActorCustomer, ID: t.CustomerUserID}
		if err := s.moveStatus(ctx, tx, t.ID, t.Status, StatusClosed, by, nil); err != nil {
			return err
		}
		after, err = s.scanTicket(tx.QueryRow(ctx, s.q.TicketGetByID, t.ID))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("tickets: customer close %s: %w", norm, err)
	}
	s.logger.InfoContext(ctx, "ticket closed by customer", "ticket", after.ID, "ref", after.Ref, "chat", chatID)
	return after, nil
}

// RecentlyResolved returns the chat's ticket resolved or closed most
// recently, if that was within the last within and it has not been reopened
// since, without its children: the ticket a customer writing again may
// reopen. The error wraps ErrNotFound when there is none.
func (s *Store) RecentlyResolved(ctx context.Context, chatID int64, within time.Duration) (*Ticket, error) {
	t, err := s.scanTicket(s.pool.QueryRow(ctx, s.q.TicketRecentlyResolved, pgx.NamedArgs{
		"chat_id": chatID, "since": s.now().Add(-within),
	}))
	if isNoRows(err) {
		return nil, fmt.Errorf("tickets: recently resolved ticket of chat %d: %w", chatID, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("tickets: recently resolved ticket of chat %d: %w", chatID, err)
	}
	return t, nil
}

// ReopenByCustomer reopens the chat's ticket at the customer's request, if
// it was resolved or closed within the last within, and relays to the staff
// group what the customer wrote meanwhile (the held messages). The error
// wraps ErrNotFound when the ticket is not the chat's (or does not exist)
// and ErrConflict when it is open or was resolved too long ago.
func (s *Store) ReopenByCustomer(ctx context.Context, chatID, ticketID int64, within time.Duration) (*Ticket, error) {
	var (
		after    *Ticket
		released []int64
	)
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		t, err := s.lockTicket(ctx, tx, ticketID)
		if err != nil {
			return err
		}
		if t.CustomerChatID != chatID {
			return fmt.Errorf("ticket %d: %w", ticketID, ErrNotFound)
		}
		if t.Status.Open() {
			return fmt.Errorf("%w: the ticket is %s", ErrConflict, t.Status)
		}
		if done := lastOf(t.ResolvedAt, t.ClosedAt); done.Before(s.now().Add(-within)) {
			return fmt.Errorf("%w: resolved too long ago to reopen", ErrConflict)
		}
		by := Actor{Kind: ActorCustomer, ID: t.CustomerUserID}
		if err := s.moveStatus(ctx, tx, t.ID, t.Status, StatusReopened, by, nil); err != nil {
			return err
		}
		if released, err = s.releaseHeld(ctx, tx, t.ID); err != nil {
			return err
		}
		after, err = s.scanTicket(tx.QueryRow(ctx, s.q.TicketGetByID, t.ID))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("tickets: customer reopen ticket %d: %w", ticketID, err)
	}
	s.logger.InfoContext(ctx, "ticket reopened by customer", "ticket", ticketID, "chat", chatID, "released", len(released))
	return after, nil
}

// releaseHeld makes the ticket's held messages pending and inserts their
// relay jobs, in the order they came; it returns their ids.
func (s *Store) releaseHeld(ctx context.Context, tx pgx.Tx, ticketID int64) ([]int64, error) {
	rows, err := tx.Query(ctx, s.q.MessageReleaseHeld, ticketID)
	if err != nil {
		return nil, fmt.Errorf("release held messages: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	slices.Sort(ids)
	jobs := make([]river.InsertManyParams, len(ids))
	for i, id := range ids {
		jobs[i] = river.InsertManyParams{Args: DeskRelayArgs{MessageID: id}}
	}
	if _, err := s.river.InsertManyTx(ctx, tx, jobs); err != nil {
		return nil, fmt.Errorf("insert relay jobs: %w", err)
	}
	return ids, nil
}

// lastOf is the later of two times, either of which may be zero.
func lastOf(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
