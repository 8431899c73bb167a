package tickets

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Lengths of what people write into a return, in characters.
const (
	maxInstructions = 4000 // one Telegram message, with room for the notice around it
	maxReturnText   = 1000 // a refusal's reason, an inspection note
	maxReturnField  = 100  // a carrier, a tracking number, an id
)

// ApproveReturn approves a requested return, by an owner, with the
// instructions the customer is sent (NoticeReturnApproved, or
// NoticeReturnApprovedPaid for a fee). In the same transaction it schedules
// the reminders (DefaultReturnReminderDays before the deadline and on the
// day, see WithReturnReminderDays) and the expiry at the deadline.
//
// The error wraps ErrInvalid for empty instructions or language, a freight
// payer other than the shop or the customer, postage refunded when the shop
// is not the payer, a fee for anything but a repair, or a deadline not
// in the future; ErrReturnNotAllowed when by is not an owner;
// ErrReturnState when the return is not requested; ErrNotFound for no such
// return.
func (s *Store) ApproveReturn(ctx context.Context, rma string, a ReturnApproval, by Actor) (*Return, error) {
	a.Instructions = strings.TrimSpace(a.Instructions)
	return s.returnStep(ctx, rma, StepApprove, by, func(r *Return, now time.Time) (stepChange, error) {
		switch {
		case a.Instructions == "" || utf8.RuneCountInString(a.Instructions) > maxInstructions:
			return invalid("the instructions must have 1 to %d characters", maxInstructions)
		case a.Lang == "":
			return invalid("the instructions' language is missing")
		case a.Freight.Payer != PayerShop && a.Freight.Payer != PayerCustomer:
			return invalid("freight payer %q", a.Freight.Payer)
		case a.Freight.PostageRefunded && a.Freight.Payer != PayerShop:
			return invalid("postage is refunded only when the shop pays it")
		case a.Fee.Cents < 0 || (a.Fee.Cents > 0 && a.Fee.Currency == ""):
			return invalid("a fee needs a positive amount and a currency")
		case a.Fee.Cents > 0 && r.Kind != ReturnKindRepair:
			return invalid("only a repair has a fee, not a %s", r.Kind)
		case tooLong(a.WarehouseID, a.Fee.Currency, a.Lang) || utf8.RuneCountInString(a.Freight.Reason) > maxReturnText:
			return invalid("an id over %d characters or a freight reason over %d", maxReturnField, maxReturnText)
		}
		deadline := a.Deadline
		if deadline.IsZero() {
			y, m, d := now.In(s.loc).Date()
			deadline = time.Date(y, m, d+DefaultReturnDays, 23, 59, 59, 0, s.loc)
		}
		deadline = deadline.Truncate(time.Microsecond).In(s.loc)
		if !deadline.After(now) {
			return invalid("the deadline %s has passed", s.clockText(deadline))
		}
		r.Instructions, r.InstructionsLang = a.Instructions, a.Lang
		r.Deadline, r.Freight, r.WarehouseID, r.Fee = deadline, a.Freight, a.WarehouseID, a.Fee
		return stepChange{data: map[string]any{
			"deadline": s.clockText(deadline), "freight_payer": string(a.Freight.Payer),
			"postage_refunded": a.Freight.PostageRefunded, "warehouse": a.WarehouseID, "fee_cents": a.Fee.Cents, "lang": a.Lang,
		}}, nil
	})
}

// RefuseReturn refuses a requested or approved return, by an owner, for the
// policy's exclusion; the customer is told why and what is still open to
// them (NoticeReturnRefused). The error wraps ErrInvalid without an
// exclusion or with a reason over 1000 characters, ErrReturnNotAllowed when
// by is not an owner, ErrReturnState from any other state, ErrNotFound for
// no such return.
func (s *Store) RefuseReturn(ctx context.Context, rma string, f ReturnRefusal, by Actor) (*Return, error) {
	f.Exclusion, f.Reason = strings.TrimSpace(f.Exclusion), strings.TrimSpace(f.Reason)
	return s.returnStep(ctx, rma, StepRefuse, by, func(r *Return, _ time.Time) (stepChange, error) {
		if f.Exclusion == "" || tooLong(f.Exclusion) || utf8.RuneCountInString(f.Reason) > maxReturnText {
			return invalid("an exclusion is needed, and a reason of at most %d characters", maxReturnText)
		}
		r.RefusalExclusion, r.RefusalReason = f.Exclusion, f.Reason
		return stepChange{
			data:   map[string]any{"exclusion": f.Exclusion, "alternatives": f.Alternatives},
			params: map[string]string{"alternatives": strings.Join(f.Alternatives, ",")},
		}, nil
	})
}

// AcceptFee records that the customer accepts a paid repair's fee; they may
// then send the item (NoticeReturnFeeAccepted). DeclineFee records that
// they decline it, which cancels the return (NoticeReturnFeeDeclined). The
// error wraps ErrReturnNotAllowed when by is not the customer, ErrNotFound
// when the return is not theirs, and ErrReturnState when no fee waits for
// their answer.
func (s *Store) AcceptFee(ctx context.Context, rma string, by Actor) (*Return, error) {
	return s.returnStep(ctx, rma, StepAcceptFee, by, func(r *Return, _ time.Time) (stepChange, error) {
		r.FeeAccepted = true
		return stepChange{data: map[string]any{"fee_cents": r.Fee.Cents}}, nil
	})
}

// DeclineFee: see AcceptFee.
func (s *Store) DeclineFee(ctx context.Context, rma string, by Actor) (*Return, error) {
	return s.returnStep(ctx, rma, StepDeclineFee, by, func(r *Return, _ time.Time) (stepChange, error) {
		r.FeeAccepted = false
		return stepChange{data: map[string]any{"fee_cents": r.Fee.Cents}}, nil
	})
}

// RecordShipped records that the item was sent, with the carrier and
// tracking number or a photo of the receipt, by the customer, staff or an
// owner (NoticeReturnShipped). The error wraps ErrInvalid without a
// tracking number or receipt, or with a file that is no photo or document;
// ErrReturnState unless the return is approved with no fee waiting;
// ErrNotFound for no such return or a customer's not theirs.
func (s *Store) RecordShipped(ctx context.Context, rma string, sh Shipment, by Actor) (*Return, error) {
	sh.Carrier, sh.Tracking = strings.TrimSpace(sh.Carrier), strings.TrimSpace(sh.Tracking)
	return s.returnStep(ctx, rma, StepShip, by, func(r *Return, _ time.Time) (stepChange, error) {
		switch {
		case sh.Tracking == "" && len(sh.Receipt) == 0:
			return invalid("a tracking number or a photo of the receipt is needed")
		case tooLong(sh.Carrier, sh.Tracking):
			return invalid("a carrier or tracking number over %d characters", maxReturnField)
		case !validMedia(sh.Receipt):
			return invalid("the receipt must be photos or documents with file ids")
		}
		r.Carrier, r.Tracking, r.ShippingMedia = sh.Carrier, sh.Tracking, sh.Receipt
		return stepChange{data: map[string]any{"carrier": sh.Carrier, "tracking": sh.Tracking, "receipt": len(sh.Receipt)}}, nil
	})
}

// RecordReceived records that the item arrived and what the inspection
// found, by staff or an owner (NoticeReturnReceived). The error wraps
// ErrInvalid for an unknown result, a note over 1000 characters or a file
// that is no photo or document; ErrReturnNotAllowed for the customer;
// ErrReturnState unless the return is shipped; ErrNotFound for no such
// return.
func (s *Store) RecordReceived(ctx context.Context, rma string, in Inspection, by Actor) (*Return, error) {
	in.Note = strings.TrimSpace(in.Note)
	return s.returnStep(ctx, rma, StepReceive, by, func(r *Return, _ time.Time) (stepChange, error) {
		switch {
		case in.Result != InspectionAsDescribed && in.Result != InspectionCustomerDamage:
			return invalid("inspection result %q", in.Result)
		case utf8.RuneCountInString(in.Note) > maxReturnText:
			return invalid("a note over %d characters", maxReturnText)
		case !validMedia(in.Media):
			return invalid("the photos must be photos or documents with file ids")
		}
		r.InspectionResult, r.InspectionNote, r.InspectionMedia = in.Result, in.Note, in.Media
		return stepChange{data: map[string]any{"result": string(in.Result), "media": len(in.Media)}}, nil
	})
}

// CompleteReturn confirms, by an owner, that a received return was
// refunded, exchanged or repaired (outcome, which must match its kind), and
// tells the customer (NoticeReturnRefunded, ...). The error wraps
// ErrInvalid for another outcome, ErrReturnNotAllowed when by is not an
// owner, ErrReturnState unless the return is received and of the outcome's
// kind, ErrNotFound for no such return.
func (s *Store) CompleteReturn(ctx context.Context, rma string, outcome ReturnState, by Actor) (*Return, error) {
	step, ok := map[ReturnState]ReturnStep{
		ReturnRefunded: StepRefund, ReturnExchanged: StepExchange, ReturnRepaired: StepRepair,
	}[outcome]
	if !ok {
		return nil, fmt.Errorf("tickets: return %s complete: %w: outcome %q is not refunded, exchanged or repaired", rma, ErrInvalid, outcome)
	}
	return s.returnStep(ctx, rma, step, by, nil)
}

// CloseReturn closes a refunded, exchanged or repaired return, by an owner
// (NoticeReturnClosed). The error wraps ErrReturnNotAllowed when by is not
// an owner, ErrReturnState from any other state, ErrNotFound for no such
// return.
func (s *Store) CloseReturn(ctx context.Context, rma string, by Actor) (*Return, error) {
	return s.returnStep(ctx, rma, StepClose, by, nil)
}

// CancelReturn cancels a requested, approved or expired return, by an
// owner; its reminders stop, and a customer who had the instructions is
// told (NoticeReturnCancelled). The error wraps ErrReturnNotAllowed when by
// is not an owner, ErrReturnState from any other state, ErrNotFound for no
// such return.
func (s *Store) CancelReturn(ctx context.Context, rma string, by Actor) (*Return, error) {
	return s.returnStep(ctx, rma, StepCancel, by, nil)
}

// ExtendReturn gives the customer until deadline to send the item, by an
// owner, for an approved return or one that expired (which is approved
// again). The reminders and the expiry of the old deadline are cancelled
// and new ones scheduled in the same transaction; the customer is told
// (NoticeReturnExtended). The error wraps ErrInvalid for a deadline not
// after both now and the current one, ErrReturnNotAllowed when by is not an
// owner, ErrReturnState from any other state, ErrNotFound for no such
// return.
func (s *Store) ExtendReturn(ctx context.Context, rma string, deadline time.Time, by Actor) (*Return, error) {
	deadline = deadline.Truncate(time.Microsecond).In(s.loc)
	return s.returnStep(ctx, rma, StepExtend, by, func(r *Return, now time.Time) (stepChange, error) {
		if !deadline.After(now) || !deadline.After(r.Deadline) {
			return invalid("the new deadline %s is not after now and the current %s", s.clockText(deadline), s.clockText(r.Deadline))
		}
		old := r.Deadline
		r.Deadline = deadline
		return stepChange{data: map[string]any{"deadline_from": s.clockText(old), "deadline": s.clockText(deadline)}}, nil
	})
}

// invalid is a step's answer to a malformed request: an error wrapping
// ErrInvalid that says why. A step checks its request after NextReturn, so
// that a role or state that may not take it hears that first.
func invalid(format string, args ...any) (stepChange, error) {
	return stepChange{}, fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// tooLong reports whether any of fields is over maxReturnField characters.
func tooLong(fields ...string) bool {
	return slices.ContainsFunc(fields, func(f string) bool { return utf8.RuneCountInString(f) > maxReturnField })
}

// validMedia reports whether every file is a photo or document with a file
// id: what a receipt or an inspection may hold.
func validMedia(list []Media) bool {
	return !slices.ContainsFunc(list, func(m Media) bool {
		return (m.Kind != "photo" && m.Kind != "document") || m.FileID == ""
	})
}
