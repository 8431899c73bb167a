package tickets

import (
	"context"
	"fmt"
	"maps"
	"time"

	"github.com/jackc/pgx/v5"
)

// stepChange is what a step adds to its event's data and to its customer
// notice's params, besides what every step records.
type stepChange struct {
	data   map[string]any
	params map[string]string
}

// stepFunc changes r for a step at now, after NextReturn allowed it, or
// fails (ErrInvalid for a malformed request). It does not set the state or
// the step's mark.
type stepFunc func(r *Return, now time.Time) (stepChange, error)

// returnStep takes step on the return with number rma (as typed) for by, in
// one transaction: the return is read and locked, NextReturn decides, do
// (which may be nil) changes it, and takeStep saves it with all that
// follows. The return comes back as it is afterwards. The error wraps
// ErrNotFound for no such return (or a customer's step on a return not
// theirs), ErrInvalid for an actor without an id, and what NextReturn and
// do return.
func (s *Store) returnStep(ctx context.Context, rma string, step ReturnStep, by Actor, do stepFunc) (*Return, error) {
	norm, ok := NormalizeRMA(rma)
	if !ok {
		return nil, fmt.Errorf("tickets: return %q %s: %w", rma, step, ErrNotFound)
	}
	if err := checkActor(by); err != nil {
		return nil, fmt.Errorf("tickets: return %s %s: %w", norm, step, err)
	}
	var (
		r    *Return
		from ReturnState
	)
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var (
			customer int64
			err      error
		)
		if r, customer, err = s.lockReturn(ctx, tx, s.q.ReturnLockByRMA, norm); err != nil {
			return err
		}
		if by.Kind == ActorCustomer && by.ID != customer {
			return ErrNotFound // a customer learns nothing of returns not theirs
		}
		from = r.State
		return s.takeStep(ctx, tx, r, step, by, do)
	})
	if err != nil {
		return nil, fmt.Errorf("tickets: return %s %s: %w", norm, step, err)
	}
	s.logger.InfoContext(ctx, "return step taken", "ticket", r.TicketID, "rma", r.RMA, "step", string(step),
		"from", string(from), "to", string(r.State), "actor", string(by.Kind), "actor_id", by.ID)
	return r, nil
}

// lockReturn reads a return with query (ReturnLockByRMA or ReturnLockByID)
// and locks it until tx ends; it returns the ticket's customer too. The
// error wraps ErrNotFound when there is none.
func (s *Store) lockReturn(ctx context.Context, tx pgx.Tx, query string, key any) (*Return, int64, error) {
	var customer int64
	r, err := s.scanReturn(tx.QueryRow(ctx, query, key), &customer)
	if isNoRows(err) {
		return nil, 0, fmt.Errorf("return %v: %w", key, ErrNotFound)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("read return %v: %w", key, err)
	}
	return r, customer, nil
}

// takeStep takes step on r, read and locked in tx, for by: NextReturn
// decides, do changes r, the state and the step's mark are set, and the
// return is saved with the event, the card job, the customer notice and the
// owner alert the step calls for; reminders are scheduled or cancelled as
// the deadline comes or goes.
func (s *Store) takeStep(ctx context.Context, tx pgx.Tx, r *Return, step ReturnStep, by Actor, do stepFunc) error {
	move, err := NextReturn(r, step, by.Kind)
	if err != nil {
		return err
	}
	from, now := r.State, s.now()
	var change stepChange
	if do != nil {
		if change, err = do(r, now); err != nil {
			return err
		}
	}
	r.State, r.UpdatedAt = move.To, now
	setMark(r, step, from, ReturnMark{At: now, By: by})

	var id int64
	if err := tx.QueryRow(ctx, s.q.ReturnSave, returnSaveArgs(r, from, now)).Scan(&id); err != nil {
		if isNoRows(err) {
			return fmt.Errorf("%w: the return is no longer %s", ErrConflict, from)
		}
		return fmt.Errorf("save return: %w", err)
	}
	// The deadline's reminders and expiry stop when the return leaves the
	// wait for the parcel, and start again for a new deadline.
	waiting := from == ReturnApproved || from == ReturnExpired
	if waiting && (move.To != ReturnApproved || step == StepExtend) {
		if err := s.cancelReturnJobs(ctx, tx, r.ID); err != nil {
			return err
		}
	}
	if step == StepApprove || step == StepExtend {
		if err := s.scheduleReturnJobs(ctx, tx, r, now); err != nil {
			return err
		}
	}
	return s.recordStep(ctx, tx, r, from, move, by, now, change)
}

// setMark records who took step when on r.
func setMark(r *Return, step ReturnStep, from ReturnState, m ReturnMark) {
	switch step {
	case StepApprove:
		r.Approved = m
	case StepAcceptFee:
		r.FeeDecided = m
	case StepDeclineFee:
		r.FeeDecided, r.Ended = m, m
	case StepShip:
		r.Shipped = m
	case StepReceive:
		r.Received = m
	case StepRefund, StepExchange, StepRepair:
		r.Completed = m
	case StepClose:
		r.Closed = m
	case StepRefuse, StepCancel, StepExpire:
		r.Ended = m
	case StepExtend:
		r.Extended = m
		if from == ReturnExpired {
			r.Ended = ReturnMark{} // under way again
		}
	}
}

// recordStep logs a step of r (from → move.To) in the ticket's events and
// inserts, in tx, the jobs that follow it: the card, the customer notice
// and the owner alert the move names.
func (s *Store) recordStep(ctx context.Context, tx pgx.Tx, r *Return, from ReturnState, move ReturnMove, by Actor, now time.Time, change stepChange) error {
	data := map[string]any{"rma": r.RMA, "from": string(from), "to": string(move.To)}
	maps.Copy(data, change.data)
	if _, err := tx.Exec(ctx, s.q.EventAdd, r.TicketID, string(by.Kind), by.ID, move.Event, data, now); err != nil {
		return fmt.Errorf("log %s: %w", move.Event, err)
	}
	if err := s.enqueueCard(ctx, tx, r.TicketID); err != nil {
		return err
	}
	if key := move.Notice; key != "" {
		if key == NoticeReturnApproved && r.Fee.Cents > 0 {
			key = NoticeReturnApprovedPaid // the customer must accept the fee first
		}
		params := s.returnParams(r, key)
		maps.Copy(params, change.params)
		if _, err := s.river.InsertTx(ctx, tx, CustomerNoticeArgs{TicketID: r.TicketID, Key: key, Params: params}, nil); err != nil {
			return fmt.Errorf("insert customer notice: %w", err)
		}
	}
	if move.Alert != "" {
		alert := OwnerAlertArgs{TicketID: r.TicketID, Reason: move.Alert,
			Params: map[string]string{"rma": r.RMA, "deadline": s.clockText(r.Deadline)}}
		if _, err := s.river.InsertTx(ctx, tx, alert, nil); err != nil {
			return fmt.Errorf("insert owner alert: %w", err)
		}
	}
	return nil
}
