package policy

import "time"

// Issue is what is wrong with the product, as the customer says.
type Issue string

// The issues a customer can report.
const (
	IssueFault          Issue = "fault"
	IssueDamaged        Issue = "damaged"
	IssueWrongItem      Issue = "wrong_item"
	IssueNotAsDescribed Issue = "not_as_described"
	IssueMissingParts   Issue = "missing_parts"
	IssueOther          Issue = "other"
)

// Issues lists every issue in the order the dialogue offers them.
func Issues() []Issue {
	return []Issue{IssueFault, IssueDamaged, IssueWrongItem, IssueNotAsDescribed, IssueMissingParts, IssueOther}
}

// Outcome is what the customer would like the shop to do.
type Outcome string

// The outcomes a customer can ask for.
const (
	OutcomeRepair      Outcome = "repair"
	OutcomeReplacement Outcome = "replacement"
	OutcomeRefund      Outcome = "refund"
	OutcomeNone        Outcome = "none" // just letting the shop know
)

// Outcomes lists every outcome in the order a Verdict holds them.
func Outcomes() []Outcome {
	return []Outcome{OutcomeRepair, OutcomeReplacement, OutcomeRefund, OutcomeNone}
}

// Facts are what the verdict is based on.
type Facts struct {
	// Category is the product category id.
	Category string
	// Issue is what is wrong.
	Issue Issue
	// Purchased is the date of purchase or delivery; only its calendar date
	// (in its own location) counts.
	Purchased time.Time
	// NoReceipt is set when the customer has no receipt or order number.
	NoReceipt bool
}

// Reason explains a verdict. Code is a catalogue key suffix; Params are plain
// text values, dates written as "2006-01-02".
type Reason struct {
	Code   string            `json:"code"`
	Params map[string]string `json:"params,omitempty"`
}

// Option is one outcome and whether the policy allows it.
type Option struct {
	Outcome Outcome `json:"outcome"`
	Allowed bool    `json:"allowed"`
	// Paid means a fee may apply; it is quoted and agreed before work starts.
	Paid bool `json:"paid,omitempty"`
	// Reason explains a refusal, or what an allowed option is bound by
	// (until when); empty for "none".
	Reason Reason `json:"reason,omitzero"`
}

// Verdict is what a customer may have for a complaint, with the reasons.
type Verdict struct {
	// Options holds the four outcomes in the order of Outcomes.
	Options []Option `json:"options"`
	// ReturnUntil is midnight (shop time) at the start of the last day of the
	// return window.
	ReturnUntil time.Time `json:"return_until"`
	// WarrantyUntil is midnight (shop time) at the start of the last day any
	// warranty runs; zero when there is none.
	WarrantyUntil time.Time `json:"warranty_until,omitzero"`
	// Reasons are every reason given, the options' first, then notes for
	// staff and customer (a late damage report, a resellability check), each once.
	Reasons []Reason `json:"reasons,omitempty"`
}

// Allowed returns the option for o and whether it is allowed.
func (v Verdict) Allowed(o Outcome) (Option, bool) {
	for _, opt := range v.Options {
		if opt.Outcome == o {
			return opt, opt.Allowed
		}
	}
	return Option{Outcome: o}, false
}
