package tickets

import (
	"strconv"
	"time"
)

// The customer notices of a return's steps (Notice.Key of the
// CustomerNoticeArgs each step enqueues). Every one carries the params "ref"
// (the ticket's reference), "rma", "kind" (a ReturnKind) and "state" (the
// return's state after the step), and each the further params named here.
// Times are RFC 3339 in the shop's zone.
const (
	// NoticeReturnApproved: the instructions, for a return without a fee:
	// "instructions" (the text as the owner sent it, in the customer's
	// language), "deadline", "warehouse", "freight_payer" ("shop" or
	// "customer"), "postage_refunded" ("true" or "false"). The edge offers
	// "I've sent it" and "I have a question".
	NoticeReturnApproved = "tickets.return.approved"
	// NoticeReturnApprovedPaid: the instructions of a paid repair, with
	// NoticeReturnApproved's params and "fee" (a decimal amount, "120.00")
	// and "currency". The edge offers to accept or decline the fee.
	NoticeReturnApprovedPaid = "tickets.return.approved_paid"
	// NoticeReturnRefused: "exclusion" (the policy's id), "reason" and
	// "alternatives" (outcomes still open, comma-separated, may be empty).
	NoticeReturnRefused = "tickets.return.refused"
	// NoticeReturnFeeAccepted: "fee", "currency" and "deadline": send it now.
	NoticeReturnFeeAccepted = "tickets.return.fee_accepted"
	// NoticeReturnFeeDeclined: "fee" and "currency"; the return is cancelled.
	NoticeReturnFeeDeclined = "tickets.return.fee_declined"
	// NoticeReturnShipped: "carrier" and "tracking" (either may be empty
	// when a receipt photo was sent instead) and "receipt" ("true" or
	// "false").
	NoticeReturnShipped = "tickets.return.shipped"
	// NoticeReturnReceived: "inspection" (an InspectionResult).
	NoticeReturnReceived = "tickets.return.received"
	// NoticeReturnRefunded, NoticeReturnExchanged, NoticeReturnRepaired and
	// NoticeReturnClosed carry the common params only.
	NoticeReturnRefunded  = "tickets.return.refunded"
	NoticeReturnExchanged = "tickets.return.exchanged"
	NoticeReturnRepaired  = "tickets.return.repaired"
	NoticeReturnClosed    = "tickets.return.closed"
	// NoticeReturnCancelled carries the common params only.
	NoticeReturnCancelled = "tickets.return.cancelled"
	// NoticeReturnExtended: "deadline", the new one.
	NoticeReturnExtended = "tickets.return.extended"
	// NoticeReturnExpired: "deadline", the one that passed; the shop will
	// be in touch.
	NoticeReturnExpired = "tickets.return.expired"
	// NoticeReturnReminderBefore: "deadline", "days" (whole days left,
	// "2") and "fee_pending" ("true" while a paid repair's fee still waits
	// for the customer's answer): the item is still to be sent.
	NoticeReturnReminderBefore = "tickets.return.reminder_before"
	// NoticeReturnReminderDue: "deadline" and "fee_pending": today is the
	// last day to send it.
	NoticeReturnReminderDue = "tickets.return.reminder_due"
)

// ReturnNoticeKeys lists every customer notice of a return, for the
// catalogue's tests.
func ReturnNoticeKeys() []string {
	return []string{NoticeReturnApproved, NoticeReturnApprovedPaid, NoticeReturnRefused,
		NoticeReturnFeeAccepted, NoticeReturnFeeDeclined, NoticeReturnShipped, NoticeReturnReceived,
		NoticeReturnRefunded, NoticeReturnExchanged, NoticeReturnRepaired, NoticeReturnClosed,
		NoticeReturnCancelled, NoticeReturnExtended, NoticeReturnExpired,
		NoticeReturnReminderBefore, NoticeReturnReminderDue}
}

// AlertReturnExpired is the OwnerAlertArgs reason when a return's deadline
// passes without the item sent; its Params carry "rma" and "deadline". The
// owner decides: extend or cancel.
const AlertReturnExpired = "return_expired"

// returnParams are the params of r's customer notice for key: the common
// ones and those key carries that r holds (a step adds the others).
func (s *Store) returnParams(r *Return, key string) map[string]string {
	p := map[string]string{"ref": r.TicketRef, "rma": r.RMA, "kind": string(r.Kind), "state": string(r.State)}
	deadline := func() { p["deadline"] = s.clockText(r.Deadline) }
	fee := func() { p["fee"], p["currency"] = r.Fee.Amount(), r.Fee.Currency }
	switch key {
	case NoticeReturnApproved, NoticeReturnApprovedPaid:
		deadline()
		p["instructions"], p["warehouse"] = r.Instructions, r.WarehouseID
		p["freight_payer"], p["postage_refunded"] = string(r.Freight.Payer), strconv.FormatBool(r.Freight.PostageRefunded)
		if key == NoticeReturnApprovedPaid {
			fee()
		}
	case NoticeReturnRefused:
		p["exclusion"], p["reason"], p["alternatives"] = r.RefusalExclusion, r.RefusalReason, ""
	case NoticeReturnFeeAccepted:
		fee()
		deadline()
	case NoticeReturnFeeDeclined:
		fee()
	case NoticeReturnShipped:
		p["carrier"], p["tracking"] = r.Carrier, r.Tracking
		p["receipt"] = strconv.FormatBool(len(r.ShippingMedia) > 0)
	case NoticeReturnReceived:
		p["inspection"] = string(r.InspectionResult)
	case NoticeReturnExtended, NoticeReturnExpired:
		deadline()
	case NoticeReturnReminderBefore, NoticeReturnReminderDue:
		deadline()
		p["fee_pending"] = strconv.FormatBool(r.FeePending())
	}
	return p
}

// clockText is t as notices carry times: RFC 3339 in the shop's zone.
func (s *Store) clockText(t time.Time) string {
	return t.In(s.loc).Format(time.RFC3339)
}

// Amount is the fee as a decimal amount of its currency, "120.00".
func (f Fee) Amount() string {
	sign := ""
	c := f.Cents
	if c < 0 {
		sign, c = "-", -c
	}
	return sign + strconv.FormatInt(c/100, 10) + "." + strconv.FormatInt(c%100/10, 10) + strconv.FormatInt(c%10, 10)
}
