package tickets

import (
	"slices"
	"time"

	"github.com/complaintbot/complaintbot/policy"
)

// A return is an item a customer sends back to the shop, under one ticket,
// for a refund, an exchange or a repair. An owner starts and approves it,
// sending the customer the return instructions (the return authorisation
// number, the address, the deadline, who pays the freight); the customer or
// staff record the parcel sent, staff record it received and inspected, and
// an owner confirms the refund, exchange or repair and closes it. NextReturn
// holds the rules; the Store's return methods take the steps.

// ReturnKind is what the shop will do with the item once it is back, as
// the policy names it.
type ReturnKind = policy.ReturnKind

// The kinds of return.
const (
	ReturnKindRefund   = policy.ReturnRefund
	ReturnKindExchange = policy.ReturnExchange
	ReturnKindRepair   = policy.ReturnRepair
)

// ReturnKinds lists every kind of return.
func ReturnKinds() []ReturnKind { return policy.ReturnKinds() }

// ReturnState is where a return stands in its life.
type ReturnState string

// The states of a return. It is requested, approved (the instructions
// sent), shipped, received, then refunded, exchanged or repaired, and
// closed; or it is refused or cancelled. An approved return whose deadline
// passes expires, and an owner then extends it (approved again) or cancels
// it.
const (
	ReturnRequested ReturnState = "requested"
	ReturnApproved  ReturnState = "approved"
	ReturnShipped   ReturnState = "shipped"
	ReturnReceived  ReturnState = "received"
	ReturnRefunded  ReturnState = "refunded"
	ReturnExchanged ReturnState = "exchanged"
	ReturnRepaired  ReturnState = "repaired"
	ReturnClosed    ReturnState = "closed"
	ReturnRefused   ReturnState = "refused"
	ReturnCancelled ReturnState = "cancelled"
	ReturnExpired   ReturnState = "expired"
)

// ReturnStates lists every state in the order of a return's life.
func ReturnStates() []ReturnState {
	return []ReturnState{ReturnRequested, ReturnApproved, ReturnShipped, ReturnReceived,
		ReturnRefunded, ReturnExchanged, ReturnRepaired, ReturnClosed,
		ReturnRefused, ReturnCancelled, ReturnExpired}
}

// Valid reports whether s is one of the states above.
func (s ReturnState) Valid() bool { return slices.Contains(ReturnStates(), s) }

// Open reports whether the return is still under way: anything but closed,
// refused or cancelled. A ticket has at most one open return.
func (s ReturnState) Open() bool {
	return s.Valid() && s != ReturnClosed && s != ReturnRefused && s != ReturnCancelled
}

// openReturnStates lists the states for which Open is true, for queries.
func openReturnStates() []string {
	var out []string
	for _, s := range ReturnStates() {
		if s.Open() {
			out = append(out, string(s))
		}
	}
	return out
}

// ReturnCause is why the item comes back; the policy decides the freight
// from it.
type ReturnCause = policy.ReturnCause

// The causes of a return.
const (
	CauseQualityFault   = policy.CauseQualityFault
	CauseCustomerDamage = policy.CauseCustomerDamage
	CauseChangeOfMind   = policy.CauseChangeOfMind
	CauseOutOfWarranty  = policy.CauseOutOfWarranty
)

// ReturnCauses lists every cause.
func ReturnCauses() []ReturnCause { return policy.ReturnCauses() }

// FreightPayer is who pays to send the item back, as the policy names it.
type FreightPayer = policy.Payer

// Who may pay the freight.
const (
	PayerShop     = policy.PayerShop
	PayerCustomer = policy.PayerCustomer
)

// Freight is the policy's decision on the return freight (policy.Freight):
// who pays the postage to the shop, whether the shop pays it by refunding
// what the customer paid when sending (only when the shop is the payer),
// and the reason as told to the customer.
type Freight struct {
	Payer           FreightPayer `json:"payer"`
	PostageRefunded bool         `json:"postage_refunded,omitempty"`
	Reason          string       `json:"reason,omitempty"`
}

// Fee is the estimate of a paid repair, in the currency's smallest unit
// (fen, cents). The zero Fee is no fee.
type Fee struct {
	Cents    int64  `json:"cents"`
	Currency string `json:"currency,omitempty"` // "CNY"
}

// InspectionResult is what the shop found when the item arrived.
type InspectionResult string

// The results of an inspection.
const (
	InspectionAsDescribed    InspectionResult = "as_described"
	InspectionCustomerDamage InspectionResult = "customer_damage"
)

// ReturnMark is when a step of a return was taken and by whom; zero until
// it is taken.
type ReturnMark struct {
	At time.Time `json:"at"`
	By Actor     `json:"by"`
}

// Return is a return as stored, with its ticket's reference, customer and
// category. Its JSON form is what "complaintbot returns list --format json"
// prints.
type Return struct {
	ID           int64       `json:"id"`
	TicketID     int64       `json:"ticket_id"`
	TicketRef    string      `json:"ticket_ref"`
	CustomerName string      `json:"customer_name"`
	Category     string      `json:"category"`
	RMA          string      `json:"rma"` // "RMA-K7M-4QX", written on the parcel
	Kind         ReturnKind  `json:"kind"`
	State        ReturnState `json:"state"`
	Cause        ReturnCause `json:"cause"`

	// Set when approved: the instructions as sent, in their language, and
	// what they say.
	Freight          Freight   `json:"freight,omitzero"`
	WarehouseID      string    `json:"warehouse_id,omitempty"`
	Deadline         time.Time `json:"deadline,omitzero"` // the item must be sent by then
	Instructions     string    `json:"instructions,omitempty"`
	InstructionsLang string    `json:"instructions_lang,omitempty"`
	Fee              Fee       `json:"fee,omitzero"`
	// FeeAccepted is the customer's answer to the fee, once FeeDecided is set.
	FeeAccepted bool `json:"fee_accepted,omitempty"`

	// Set when shipped.
	Carrier       string  `json:"carrier,omitempty"`
	Tracking      string  `json:"tracking,omitempty"`
	ShippingMedia []Media `json:"shipping_media,omitempty"` // a photo of the receipt

	// Set when received.
	InspectionResult InspectionResult `json:"inspection_result,omitempty"`
	InspectionNote   string           `json:"inspection_note,omitempty"`
	InspectionMedia  []Media          `json:"inspection_media,omitempty"`

	// Set when refused: the policy's exclusion and the reason given.
	RefusalExclusion string `json:"refusal_exclusion,omitempty"`
	RefusalReason    string `json:"refusal_reason,omitempty"`

	// Who took each step and when. Ended is the refusal, the cancellation
	// or the expiry; Extended the latest new deadline.
	Requested  ReturnMark `json:"requested"`
	Approved   ReturnMark `json:"approved,omitzero"`
	FeeDecided ReturnMark `json:"fee_decided,omitzero"`
	Shipped    ReturnMark `json:"shipped,omitzero"`
	Received   ReturnMark `json:"received,omitzero"`
	Completed  ReturnMark `json:"completed,omitzero"`
	Closed     ReturnMark `json:"closed,omitzero"`
	Ended      ReturnMark `json:"ended,omitzero"`
	Extended   ReturnMark `json:"extended,omitzero"`

	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// FeePending reports whether the return carries a fee the customer has not
// yet accepted or declined: it may not be shipped until they accept.
func (r *Return) FeePending() bool {
	return r.Fee.Cents > 0 && r.FeeDecided.At.IsZero()
}

// ReturnApproval is what an owner sends the customer when approving a
// return.
type ReturnApproval struct {
	// Instructions is the text as sent to the customer, in Lang.
	Instructions string
	Lang         string
	// Deadline is when the item must be sent by; zero means DefaultReturnDays
	// from now, at the end of that day in the shop's time zone.
	Deadline    time.Time
	Freight     Freight
	WarehouseID string
	// Fee is the estimate of a paid repair, which the customer must accept
	// before sending the item; zero for none. Only a repair has one.
	Fee Fee
}

// ReturnRefusal is why an owner refuses a return: the policy's exclusion
// (for instance "washed", "clearance", "window_passed"), the reason as told
// to the customer, and the outcomes still open to them (for instance
// "repair"), which the customer notice names.
type ReturnRefusal struct {
	Exclusion    string
	Reason       string
	Alternatives []string
}

// Shipment is the parcel the customer sent: the carrier and tracking number,
// or a photo of the receipt, or both.
type Shipment struct {
	Carrier  string
	Tracking string
	Receipt  []Media
}

// Inspection is what staff found when the parcel arrived, with an optional
// note and photos.
type Inspection struct {
	Result InspectionResult
	Note   string
	Media  []Media
}

// ReturnFilter narrows ListReturns. Zero fields do not filter.
type ReturnFilter struct {
	State ReturnState
	// Open keeps the returns still under way (ReturnState.Open).
	Open bool
	// Limit caps the number of returns, newest first; 0 means 100.
	Limit int
}

// DefaultReturnDays is how many days the customer has to send the item when
// the approval names no deadline.
const DefaultReturnDays = 7

// DefaultReturnReminderDays is how many days before the deadline the
// customer is reminded to send the item (besides on the day itself), unless
// WithReturnReminderDays says otherwise.
const DefaultReturnReminderDays = 2
