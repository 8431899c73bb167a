package tickets

import (
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// returnColumns are the columns every return query selects, in the order
// scanReturn reads them, line for line; the ticket's ref, customer_name and
// category follow them. A query in queries/*.sql writes {{return_columns r}}
// in their place.
const returnColumns = `id, ticket_id, rma, kind, state, cause,
	freight_payer, postage_refunded, freight_reason, warehouse_id, deadline, instructions, instructions_lang,
	fee_cents, fee_currency, fee_accepted,
	carrier, tracking, shipping_media,
	inspection_result, inspection_note, inspection_media,
	refusal_exclusion, refusal_reason,
	requested_by_kind, requested_by,
	approved_at, approved_by_kind, approved_by,
	fee_decided_at, fee_decided_by_kind, fee_decided_by,
	shipped_at, shipped_by_kind, shipped_by,
	received_at, received_by_kind, received_by,
	completed_at, completed_by_kind, completed_by,
	closed_at, closed_by_kind, closed_by,
	ended_at, ended_by_kind, ended_by,
	extended_at, extended_by_kind, extended_by,
	created_at, updated_at`

// markColumns are one step's columns as read: when, by what kind of actor,
// by whom.
type markColumns struct {
	at   pgtype.Timestamptz
	kind pgtype.Text
	by   pgtype.Int8
}

// dest are the scan destinations of the step's columns.
func (m *markColumns) dest() []any { return []any{&m.at, &m.kind, &m.by} }

// scanReturn reads one row of returnColumns and the ticket's ref,
// customer_name and category, then extra columns into extra.
func (s *Store) scanReturn(row pgx.Row, extra ...any) (*Return, error) {
	var (
		r                              Return
		kind, state, cause, reqKind    string
		payer, inspection              pgtype.Text
		deadline                       pgtype.Timestamptz
		feeAccepted                    pgtype.Bool
		approved, feeDecided, shipped  markColumns
		received, completed, closed    markColumns
		ended, extended                markColumns
		shippingMedia, inspectionMedia []Media
	)
	dest := []any{&r.ID, &r.TicketID, &r.RMA, &kind, &state, &cause,
		&payer, &r.Freight.PostageRefunded, &r.Freight.Reason, &r.WarehouseID, &deadline, &r.Instructions, &r.InstructionsLang,
		&r.Fee.Cents, &r.Fee.Currency, &feeAccepted,
		&r.Carrier, &r.Tracking, &shippingMedia,
		&inspection, &r.InspectionNote, &inspectionMedia,
		&r.RefusalExclusion, &r.RefusalReason,
		&reqKind, &r.Requested.By.ID}
	for _, m := range []*markColumns{&approved, &feeDecided, &shipped, &received, &completed, &closed, &ended, &extended} {
		dest = append(dest, m.dest()...)
	}
	dest = append(dest, &r.CreatedAt, &r.UpdatedAt, &r.TicketRef, &r.CustomerName, &r.Category)
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	r.Kind, r.State, r.Cause = ReturnKind(kind), ReturnState(state), ReturnCause(cause)
	r.Freight.Payer, r.InspectionResult = FreightPayer(payer.String), InspectionResult(inspection.String)
	r.Deadline, r.FeeAccepted = s.optTime(deadline), feeAccepted.Bool
	if len(shippingMedia) > 0 {
		r.ShippingMedia = shippingMedia
	}
	if len(inspectionMedia) > 0 {
		r.InspectionMedia = inspectionMedia
	}
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.In(s.loc), r.UpdatedAt.In(s.loc)
	r.Requested.At, r.Requested.By.Kind = r.CreatedAt, ActorKind(reqKind)
	r.Approved, r.FeeDecided, r.Shipped = s.mark(approved), s.mark(feeDecided), s.mark(shipped)
	r.Received, r.Completed, r.Closed = s.mark(received), s.mark(completed), s.mark(closed)
	r.Ended, r.Extended = s.mark(ended), s.mark(extended)
	return &r, nil
}

// scanReturnRow is scanReturn for pgx.CollectRows.
func (s *Store) scanReturnRow(row pgx.CollectableRow) (Return, error) {
	r, err := s.scanReturn(row)
	if err != nil {
		return Return{}, err
	}
	return *r, nil
}

// mark is a step as read: zero when it was not taken.
func (s *Store) mark(m markColumns) ReturnMark {
	if !m.at.Valid {
		return ReturnMark{}
	}
	return ReturnMark{At: s.optTime(m.at), By: Actor{Kind: ActorKind(m.kind.String), ID: m.by.Int64}}
}

// returnSaveArgs are the ReturnSave statement's parameters: r as a step
// left it, which must still be in from.
func returnSaveArgs(r *Return, from ReturnState, now time.Time) pgx.NamedArgs {
	var feeAccepted any // NULL until the customer answers
	if !r.FeeDecided.At.IsZero() {
		feeAccepted = r.FeeAccepted
	}
	args := pgx.NamedArgs{
		"id": r.ID, "from": string(from), "state": string(r.State), "now": now,
		"freight_payer": string(r.Freight.Payer), "postage_refunded": r.Freight.PostageRefunded,
		"freight_reason": r.Freight.Reason, "warehouse_id": r.WarehouseID, "deadline": optTimeArg(r.Deadline),
		"instructions": r.Instructions, "instructions_lang": r.InstructionsLang,
		"fee_cents": r.Fee.Cents, "fee_currency": r.Fee.Currency, "fee_accepted": feeAccepted,
		"carrier": r.Carrier, "tracking": r.Tracking, "shipping_media": mediaArg(r.ShippingMedia),
		"inspection_result": string(r.InspectionResult), "inspection_note": r.InspectionNote,
		"inspection_media":  mediaArg(r.InspectionMedia),
		"refusal_exclusion": r.RefusalExclusion, "refusal_reason": r.RefusalReason,
	}
	for name, m := range map[string]ReturnMark{
		"approved": r.Approved, "fee_decided": r.FeeDecided, "shipped": r.Shipped, "received": r.Received,
		"completed": r.Completed, "closed": r.Closed, "ended": r.Ended, "extended": r.Extended,
	} {
		args[name+"_at"], args[name+"_by_kind"], args[name+"_by"] = nil, nil, nil
		if !m.At.IsZero() {
			args[name+"_at"], args[name+"_by_kind"], args[name+"_by"] = m.At, string(m.By.Kind), m.By.ID
		}
	}
	return args
}

// optTimeArg is t as a parameter: NULL when zero.
func optTimeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// mediaArg is a list of files as a parameter, stored as [] rather than null.
func mediaArg(m []Media) []Media {
	if m == nil {
		return []Media{}
	}
	return m
}
