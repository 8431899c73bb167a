package tickets

import (
	"fmt"
	"slices"
	"strings"
)

// ReturnStep is a step someone takes on a return.
type ReturnStep string

// The steps of a return. StepExpire is the service's own, when the deadline
// passes.
const (
	StepStart      ReturnStep = "start"
	StepApprove    ReturnStep = "approve"
	StepRefuse     ReturnStep = "refuse"
	StepAcceptFee  ReturnStep = "accept_fee"
	StepDeclineFee ReturnStep = "decline_fee"
	StepShip       ReturnStep = "ship"
	StepReceive    ReturnStep = "receive"
	StepRefund     ReturnStep = "refund"
	StepExchange   ReturnStep = "exchange"
	StepRepair     ReturnStep = "repair"
	StepClose      ReturnStep = "close"
	StepCancel     ReturnStep = "cancel"
	StepExtend     ReturnStep = "extend"
	StepExpire     ReturnStep = "expire"
)

// ReturnSteps lists every step.
func ReturnSteps() []ReturnStep {
	return []ReturnStep{StepStart, StepApprove, StepRefuse, StepAcceptFee, StepDeclineFee, StepShip,
		StepReceive, StepRefund, StepExchange, StepRepair, StepClose, StepCancel, StepExtend, StepExpire}
}

// ReturnMove is what a step does: the state the return goes to, the kind of
// the ticket event that records it, the customer notice it sends (empty:
// none) and the owner alert it raises (empty: none). The caller performs
// them.
type ReturnMove struct {
	To     ReturnState
	Event  string
	Notice string
	Alert  string
}

// Who may take a step.
var (
	ownerOnly     = []ActorKind{ActorOwner}
	deskStaff     = []ActorKind{ActorOwner, ActorStaff}
	deskOrBuyer   = []ActorKind{ActorOwner, ActorStaff, ActorCustomer}
	customerOnly  = []ActorKind{ActorCustomer}
	theSystemOnly = []ActorKind{ActorSystem}
)

// returnRule is one row of the table: step from a state, by whom, and what
// it does. A step from "" starts a return.
type returnRule struct {
	step  ReturnStep
	from  ReturnState
	roles []ActorKind
	move  ReturnMove
}

// returnRules is every step a return may take; anything not listed is
// refused. Guards the table cannot show (a fee still to accept, a completion
// that must match the kind) are in returnGuard.
var returnRules = []returnRule{
	{StepStart, "", ownerOnly, ReturnMove{ReturnRequested, "return_started", "", ""}},
	{StepApprove, ReturnRequested, ownerOnly, ReturnMove{ReturnApproved, "return_approved", NoticeReturnApproved, ""}},
	{StepRefuse, ReturnRequested, ownerOnly, ReturnMove{ReturnRefused, "return_refused", NoticeReturnRefused, ""}},
	{StepRefuse, ReturnApproved, ownerOnly, ReturnMove{ReturnRefused, "return_refused", NoticeReturnRefused, ""}},
	{StepAcceptFee, ReturnApproved, customerOnly, ReturnMove{ReturnApproved, "return_fee_accepted", NoticeReturnFeeAccepted, ""}},
	{StepDeclineFee, ReturnApproved, customerOnly, ReturnMove{ReturnCancelled, "return_fee_declined", NoticeReturnFeeDeclined, ""}},
	{StepShip, ReturnApproved, deskOrBuyer, ReturnMove{ReturnShipped, "return_shipped", NoticeReturnShipped, ""}},
	{StepReceive, ReturnShipped, deskStaff, ReturnMove{ReturnReceived, "return_received", NoticeReturnReceived, ""}},
	{StepRefund, ReturnReceived, ownerOnly, ReturnMove{ReturnRefunded, "return_refunded", NoticeReturnRefunded, ""}},
	{StepExchange, ReturnReceived, ownerOnly, ReturnMove{ReturnExchanged, "return_exchanged", NoticeReturnExchanged, ""}},
	{StepRepair, ReturnReceived, ownerOnly, ReturnMove{ReturnRepaired, "return_repaired", NoticeReturnRepaired, ""}},
	{StepClose, ReturnRefunded, ownerOnly, ReturnMove{ReturnClosed, "return_closed", NoticeReturnClosed, ""}},
	{StepClose, ReturnExchanged, ownerOnly, ReturnMove{ReturnClosed, "return_closed", NoticeReturnClosed, ""}},
	{StepClose, ReturnRepaired, ownerOnly, ReturnMove{ReturnClosed, "return_closed", NoticeReturnClosed, ""}},
	// The customer has not heard of a return that is only requested.
	{StepCancel, ReturnRequested, ownerOnly, ReturnMove{ReturnCancelled, "return_cancelled", "", ""}},
	{StepCancel, ReturnApproved, ownerOnly, ReturnMove{ReturnCancelled, "return_cancelled", NoticeReturnCancelled, ""}},
	{StepCancel, ReturnExpired, ownerOnly, ReturnMove{ReturnCancelled, "return_cancelled", NoticeReturnCancelled, ""}},
	{StepExtend, ReturnApproved, ownerOnly, ReturnMove{ReturnApproved, "return_extended", NoticeReturnExtended, ""}},
	{StepExtend, ReturnExpired, ownerOnly, ReturnMove{ReturnApproved, "return_extended", NoticeReturnExtended, ""}},
	{StepExpire, ReturnApproved, theSystemOnly, ReturnMove{ReturnExpired, "return_expired", NoticeReturnExpired, AlertReturnExpired}},
}

// completes is the step that completes a return of each kind.
var completes = map[ReturnKind]ReturnStep{
	ReturnKindRefund:   StepRefund,
	ReturnKindExchange: StepExchange,
	ReturnKindRepair:   StepRepair,
}

// NextReturn is what step by role does to r (nil for a return not yet
// started: StepStart), or why it may not: a *ReturnError wrapping
// ErrReturnNotAllowed when the role may never take the step, or
// ErrReturnState when the return's state (or its fee, or its kind) does not
// allow it now. It only reads r.
func NextReturn(r *Return, step ReturnStep, role ActorKind) (ReturnMove, error) {
	var from ReturnState
	if r != nil {
		from = r.State
	}
	fail := func(kind error, why string) (ReturnMove, error) {
		return ReturnMove{}, &ReturnError{Step: step, State: from, Role: role, Roles: ReturnRoles(step), Why: why, kind: kind}
	}
	roles := ReturnRoles(step)
	if roles == nil {
		return fail(ErrReturnState, "no such step")
	}
	if !slices.Contains(roles, role) {
		return fail(ErrReturnNotAllowed, "only "+rolesText(roles)+" may")
	}
	i := slices.IndexFunc(returnRules, func(rule returnRule) bool { return rule.step == step && rule.from == from })
	if i < 0 {
		return fail(ErrReturnState, "not from this state")
	}
	if why := returnGuard(r, step); why != "" {
		return fail(ErrReturnState, why)
	}
	return returnRules[i].move, nil
}

// returnGuard says why r may not take step although the table allows it
// from r's state, or "" when it may.
func returnGuard(r *Return, step ReturnStep) string {
	switch step {
	case StepShip:
		if r.FeePending() {
			return "the customer has not accepted the fee"
		}
	case StepAcceptFee, StepDeclineFee:
		if !r.FeePending() {
			return "there is no fee waiting for an answer"
		}
	case StepRefund, StepExchange, StepRepair:
		if completes[r.Kind] != step {
			return fmt.Sprintf("a return for %s is not completed by %s", r.Kind, step)
		}
	}
	return ""
}

// ReturnRoles lists who may take step, in whatever state allows it; nil for
// an unknown step.
func ReturnRoles(step ReturnStep) []ActorKind {
	for _, rule := range returnRules {
		if rule.step == step {
			return slices.Clone(rule.roles)
		}
	}
	return nil
}

// ReturnActions lists the steps role may take on r now, in the order of
// ReturnSteps: the buttons to offer.
func ReturnActions(r *Return, role ActorKind) []ReturnStep {
	var out []ReturnStep
	for _, step := range ReturnSteps() {
		if _, err := NextReturn(r, step, role); err == nil {
			out = append(out, step)
		}
	}
	return out
}

// rolesText names roles in a sentence: "owners", "owners or staff".
func rolesText(roles []ActorKind) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
		if r != ActorStaff && r != ActorSystem {
			names[i] += "s"
		}
	}
	return strings.Join(names, " or ")
}
