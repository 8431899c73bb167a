package desk

import "github.com/complaintbot/complaintbot/tickets"

// reach is where in the staff group an act is accepted.
type reach uint8

const (
	// onTicket: in a ticket's topic, as a reply to one of its messages in
	// the group (card, relayed message, staff reply), or on its card's
	// buttons.
	onTicket reach = iota + 1
	// inGroup: anywhere in the staff group.
	inGroup
)

// accessRule is one row of the access table.
type accessRule struct {
	// Reach is where in the staff group the act is accepted; from a
	// private chat or another group it is always refused.
	Reach reach
	// Owners limits the act to the shop's owners (Config.OwnerIDs).
	Owners bool
	// Customer marks a command whose name is also a customer's command in
	// private (/close REF, /help): there it belongs to the dialogue and is
	// not refused.
	Customer bool
}

// accessRules is who may do what, and where. Any member of the staff group
// is staff; the tickets store checks the same owner rules again.
var accessRules = map[action]accessRule{
	actMessage:      {Reach: onTicket},
	actNote:         {Reach: onTicket},
	actReply:        {Reach: onTicket},
	actClaim:        {Reach: onTicket},
	actAssign:       {Reach: onTicket},
	actReassign:     {Reach: onTicket, Owners: true},
	actRelease:      {Reach: onTicket},
	actReleaseOther: {Reach: onTicket, Owners: true},
	actNeedInfo:     {Reach: onTicket},
	actResolve:      {Reach: onTicket},
	actClose:        {Reach: onTicket, Customer: true},
	actReopen:       {Reach: onTicket},
	actPriority:     {Reach: onTicket},
	actUrgent:       {Reach: onTicket},
	actUrgentOff:    {Reach: onTicket, Owners: true},
	actList:         {Reach: inGroup},
	actShow:         {Reach: inGroup},
	actSLA:          {Reach: inGroup},
	// Staff see the report too: it is how the desk is doing. An owner's
	// /report in private is the reports' (the edge hands it over first).
	actReport: {Reach: inGroup},
	actHelp:   {Reach: inGroup, Customer: true},
	// An owner's /return in private is the return flow's (the edge hands
	// it over first); anyone else's is the customer's.
	actReturn:   {Reach: onTicket, Owners: true, Customer: true},
	actShipped:  {Reach: onTicket},
	actReceived: {Reach: onTicket},
}

// chatPlace is the kind of chat an input came from.
type chatPlace uint8

const (
	fromPrivate chatPlace = iota + 1
	fromStaffGroup
	fromOtherGroup
)

// scope is where a staff input came from: the chat, and whether it is
// tied to a ticket there.
type scope struct {
	Chat   chatPlace
	Ticket bool
}

// verdict is what the access table says about an input.
type verdict uint8

const (
	allowed    verdict = iota + 1
	refused            // answer with the refusal's text, change nothing
	toCustomer         // not a staff act here: the customer's dialogue takes it
)

// access decides whether a person (owner or not) may do act at place. When
// refused, key is the staff catalogue text saying why.
func access(act action, at scope, owner bool) (v verdict, key string) {
	rule, ok := accessRules[act]
	switch {
	case !ok:
		return refused, "staff.refuse.unknown"
	case at.Chat == fromPrivate && rule.Customer:
		return toCustomer, ""
	case at.Chat == fromPrivate:
		return refused, "staff.refuse.private"
	case at.Chat != fromStaffGroup:
		return refused, "staff.refuse.other_group"
	case rule.Reach == onTicket && !at.Ticket:
		return refused, "staff.refuse.need_ticket"
	case rule.Owners && !owner:
		return refused, "staff.refuse.owners." + string(act)
	}
	return allowed, ""
}

// actOf is the act command c asks for on ticket t (nil when there is none)
// by the member userID: /assign and /release of a ticket another member
// holds, and /urgent off, need more rights than their plain forms.
func actOf(c command, t *tickets.Ticket, userID int64) action {
	heldByOther := t != nil && t.AssigneeUserID != 0 && t.AssigneeUserID != userID
	switch {
	case c.Verb == actAssign && heldByOther:
		return actReassign
	case c.Verb == actRelease && heldByOther:
		return actReleaseOther
	case c.Verb == actUrgent && c.Off:
		return actUrgentOff
	}
	return c.Verb
}

// RefusedInPrivate reports whether command, a name after the slash, is one
// of the desk's that a private chat may not use, with the catalogue text
// saying so. The commands a customer's dialogue shares (/close, /help) are
// not refused: in private they are the customer's.
func RefusedInPrivate(command string) (key string, ok bool) {
	if !isCommand(command) {
		return "", false
	}
	v, key := access(action(command), scope{Chat: fromPrivate}, false)
	return key, v == refused
}
