package tickets

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
)

// Priorities run from minPriority (lowest) to maxPriority (highest); a new
// ticket is 0.
const (
	minPriority = -2
	maxPriority = 2
)

// maxResolution is the longest resolution summary, in characters: it goes to
// the customer in one message with the rest of the notice.
const maxResolution = 1000

// Claim gives the ticket to by when nobody holds it. A ticket by holds
// already is no change and no error. The error wraps ErrConflict when
// someone else holds it (the ticket's AssigneeName says who), ErrNotFound
// for no such ticket and ErrInvalid for a Staff without a user id.
func (s *Store) Claim(ctx context.Context, ticketID int64, by Staff) (*Ticket, error) {
	return s.act(ctx, ticketID, "claim", by, func(tx pgx.Tx, t *Ticket) (bool, error) {
		switch t.AssigneeUserID {
		case by.UserID:
			return false, nil
		case 0:
			return true, s.setAssignee(ctx, tx, t, by.Actor(), by, "claimed")
		}
		return false, fmt.Errorf("%w: taken by %d", ErrConflict, t.AssigneeUserID)
	})
}

// Assign gives the ticket to to. by may assign a ticket nobody holds, hand
// over one they hold, and, as an owner, reassign any. Assigning to whoever
// holds it already is no change. The error wraps ErrForbidden when by may
// not, ErrNotFound for no such ticket and ErrInvalid for a Staff without a
// user id.
func (s *Store) Assign(ctx context.Context, ticketID int64, by Staff, to Staff) (*Ticket, error) {
	if to.UserID == 0 {
		return nil, fmt.Errorf("tickets: assign ticket %d: %w: nobody to assign to", ticketID, ErrInvalid)
	}
	return s.act(ctx, ticketID, "assign", by, func(tx pgx.Tx, t *Ticket) (bool, error) {
		if t.AssigneeUserID != 0 && t.AssigneeUserID != by.UserID && !by.Owner {
			return false, fmt.Errorf("%w: held by %d; only they or an owner may hand it over", ErrForbidden, t.AssigneeUserID)
		}
		if t.AssigneeUserID == to.UserID {
			return false, nil
		}
		return true, s.setAssignee(ctx, tx, t, by.Actor(), to, "assigned")
	})
}

// Release leaves the ticket to nobody. Only whoever holds it or an owner may;
// a ticket nobody holds is no change. The error wraps ErrForbidden when by
// may not, ErrNotFound for no such ticket and ErrInvalid for a Staff without
// a user id.
func (s *Store) Release(ctx context.Context, ticketID int64, by Staff) (*Ticket, error) {
	return s.act(ctx, ticketID, "release", by, func(tx pgx.Tx, t *Ticket) (bool, error) {
		if t.AssigneeUserID == 0 {
			return false, nil
		}
		if t.AssigneeUserID != by.UserID && !by.Owner {
			return false, fmt.Errorf("%w: held by %d; only they or an owner may release it", ErrForbidden, t.AssigneeUserID)
		}
		return true, s.setAssignee(ctx, tx, t, by.Actor(), Staff{}, "released")
	})
}

// NeedInfo makes the ticket wait for the customer (awaiting_customer). The
// error wraps ErrConflict when the ticket's status does not allow it (see
// CanTransition), ErrNotFound for no such ticket.
func (s *Store) NeedInfo(ctx context.Context, ticketID int64, by Staff) (*Ticket, error) {
	return s.act(ctx, ticketID, "need info", by, func(tx pgx.Tx, t *Ticket) (bool, error) {
		return true, s.moveStatus(ctx, tx, t.ID, t.Status, StatusAwaitingCustomer, by.Actor(), nil)
	})
}

// Resolve resolves the ticket with summary, what was done, which the
// customer is sent ("tickets.resolved" with ref and summary). The error
// wraps ErrInvalid for an empty summary or one over 1000 characters,
// ErrConflict when the ticket's status does not allow it, ErrNotFound for
// no such ticket.
func (s *Store) Resolve(ctx context.Context, ticketID int64, by Staff, summary string) (*Ticket, error) {
	summary = strings.TrimSpace(summary)
	if summary == "" || utf8.RuneCountInString(summary) > maxResolution {
		return nil, fmt.Errorf("tickets: resolve ticket %d: %w: the summary must have 1 to %d characters", ticketID, ErrInvalid, maxResolution)
	}
	return s.act(ctx, ticketID, "resolve", by, func(tx pgx.Tx, t *Ticket) (bool, error) {
		if err := s.moveStatus(ctx, tx, t.ID, t.Status, StatusResolved, by.Actor(), nil); err != nil {
			return false, err
		}
		if _, err := tx.Exec(ctx, s.q.TicketResolutionSet, t.ID, summary); err != nil {
			return false, fmt.Errorf("set resolution: %w", err)
		}
		return true, s.notifyCustomer(ctx, tx, t, "tickets.resolved", map[string]string{"ref": t.Ref, "summary": summary})
	})
}

// CloseTicket closes the ticket. When staff or an owner close it the
// customer is told ("tickets.closed" with ref). The error wraps ErrConflict
// when it is closed already, ErrNotFound for no such ticket.
func (s *Store) CloseTicket(ctx context.Context, ticketID int64, by Actor) (*Ticket, error) {
	return s.actAs(ctx, ticketID, "close", by, func(tx pgx.Tx, t *Ticket) (bool, error) {
		if err := s.moveStatus(ctx, tx, t.ID, t.Status, StatusClosed, by, nil); err != nil {
			return false, err
		}
		if by.Kind != ActorStaff && by.Kind != ActorOwner {
			return true, nil
		}
		return true, s.notifyCustomer(ctx, tx, t, "tickets.closed", map[string]string{"ref": t.Ref})
	})
}

// Reopen reopens a resolved or closed ticket. When staff or an owner reopen
// it the customer is told ("tickets.reopened" with ref). The error wraps
// ErrConflict when the ticket is still open, ErrNotFound for no such ticket.
func (s *Store) Reopen(ctx context.Context, ticketID int64, by Actor) (*Ticket, error) {
	return s.actAs(ctx, ticketID, "reopen", by, func(tx pgx.Tx, t *Ticket) (bool, error) {
		if err := s.moveStatus(ctx, tx, t.ID, t.Status, StatusReopened, by, nil); err != nil {
			return false, err
		}
		if by.Kind != ActorStaff && by.Kind != ActorOwner {
			return true, nil
		}
		return true, s.notifyCustomer(ctx, tx, t, "tickets.reopened", map[string]string{"ref": t.Ref})
	})
}

// ShiftPriority raises (delta > 0) or lowers the ticket's priority, kept
// within -2..2; a shift that changes nothing is no change and no error. A
// priority raised above 0 tightens the arrange and check deadlines still
// ahead (hurryDeadlines); urgency leaves them, as it alerts the owners at
// once. The error wraps ErrNotFound for no such ticket.
func (s *Store) ShiftPriority(ctx context.Context, ticketID int64, by Staff, delta int) (*Ticket, error) {
	return s.act(ctx, ticketID, "shift priority", by, func(tx pgx.Tx, t *Ticket) (bool, error) {
		to := min(maxPriority, max(minPriority, t.Priority+delta))
		if to == t.Priority {
			return false, nil
		}
		actor := by.Actor()
		_, err := tx.Exec(ctx, s.q.TicketPrioritySet, pgx.NamedArgs{
			"id": t.ID, "priority": to, "now": s.now(), "actor_kind": string(actor.Kind), "actor_id": actor.ID,
			"data": map[string]any{"from": t.Priority, "to": to},
		})
		if err != nil {
			return false, err
		}
		return true, s.hurryDeadlines(ctx, tx, t, actor, t.Priority, to)
	})
}

// SetUrgent marks the ticket urgent, which alerts the owners (OwnerAlertArgs
// "urgent"), or, for an owner only, not urgent. Setting what is set already
// is no change. The error wraps ErrForbidden when by is not an owner and
// turns urgency off, ErrNotFound for no such ticket.
func (s *Store) SetUrgent(ctx context.Context, ticketID int64, by Staff, on bool) (*Ticket, error) {
	return s.act(ctx, ticketID, "set urgent", by, func(tx pgx.Tx, t *Ticket) (bool, error) {
		if !on && !by.Owner {
			return false, fmt.Errorf("%w: only an owner may turn urgency off", ErrForbidden)
		}
		if t.Urgent == on {
			return false, nil
		}
		actor := by.Actor()
		_, err := tx.Exec(ctx, s.q.TicketUrgentSet, pgx.NamedArgs{
			"id": t.ID, "urgent": on, "now": s.now(), "actor_kind": string(actor.Kind), "actor_id": actor.ID,
			"data": map[string]any{"urgent": on},
		})
		if err != nil || !on {
			return true, err
		}
		if _, err := s.river.InsertTx(ctx, tx, OwnerAlertArgs{TicketID: t.ID, Reason: "urgent"}, nil); err != nil {
			return false, fmt.Errorf("insert owner alert: %w", err)
		}
		return true, nil
	})
}

// act is actAs for a staff member, who must have a user id.
func (s *Store) act(ctx context.Context, id int64, what string, by Staff,
	do func(tx pgx.Tx, t *Ticket) (changed bool, err error)) (*Ticket, error) {
	if by.UserID == 0 {
		return nil, fmt.Errorf("tickets: %s ticket %d: %w: staff without a user id", what, id, ErrInvalid)
	}
	return s.actAs(ctx, id, what, by.Actor(), do)
}

// actAs runs one action on a ticket in one transaction: the ticket is read
// and locked, do changes it and says whether it changed anything, the card
// job follows a change, and the ticket is returned as it is afterwards.
func (s *Store) actAs(ctx context.Context, id int64, what string, by Actor,
	do func(tx pgx.Tx, t *Ticket) (changed bool, err error)) (*Ticket, error) {
	var (
		after   *Ticket
		changed bool
	)
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		t, err := s.lockTicket(ctx, tx, id)
		if err != nil {
			return err
		}
		if changed, err = do(tx, t); err != nil {
			return err
		}
		if !changed {
			after = t
			return nil
		}
		if err := s.enqueueCard(ctx, tx, id); err != nil {
			return err
		}
		after, err = s.scanTicket(tx.QueryRow(ctx, s.q.TicketGetByID, id))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("tickets: %s ticket %d: %w", what, id, err)
	}
	if changed {
		s.logger.InfoContext(ctx, "ticket changed", "ticket", id, "action", what,
			"actor", string(by.Kind), "actor_id", by.ID, "status", string(after.Status))
	}
	return after, nil
}

// setAssignee gives t to to (nobody for a zero user id) and logs kind.
func (s *Store) setAssignee(ctx context.Context, tx pgx.Tx, t *Ticket, by Actor, to Staff, kind string) error {
	_, err := tx.Exec(ctx, s.q.TicketAssigneeSet, pgx.NamedArgs{
		"id": t.ID, "to_id": to.UserID, "to_name": to.Name, "now": s.now(),
		"actor_kind": string(by.Kind), "actor_id": by.ID, "kind": kind,
		"data": map[string]any{"from": t.AssigneeUserID, "to": to.UserID},
	})
	if err != nil {
		return fmt.Errorf("set assignee: %w", err)
	}
	return nil
}

// notifyCustomer inserts, in tx, the job that sends t's customer the
// catalogue text key.
func (s *Store) notifyCustomer(ctx context.Context, tx pgx.Tx, t *Ticket, key string, params map[string]string) error {
	if _, err := s.river.InsertTx(ctx, tx, CustomerNoticeArgs{TicketID: t.ID, Key: key, Params: params}, nil); err != nil {
		return fmt.Errorf("insert customer notice: %w", err)
	}
	return nil
}
