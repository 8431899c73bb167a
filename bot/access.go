package bot

import "github.com/complaintbot/complaintbot/tickets"

// staffAct is something a member of staff does, as the access table knows
// it: a command, a card button or a plain message in a ticket's thread,
// with the variants that need more rights (reassigning a ticket another
// member holds, turning urgent off) as acts of their own.
type staffAct string

// The acts of the staff desk.
const (
	doMessage      staffAct = "message"       // a plain message in a ticket's thread: it goes to the customer
	doNote         staffAct = "note"          // an internal note
	doReply        staffAct = "reply"         // a canned reply
	doClaim        staffAct = "claim"         // take the ticket
	doAssign       staffAct = "assign"        // give an unassigned ticket, or one's own, to a member
	doReassign     staffAct = "reassign"      // give a ticket another member holds to someone
	doRelease      staffAct = "release"       // give one's own ticket back to the desk
	doReleaseOther staffAct = "release_other" // take a ticket away from the member holding it
	doNeedInfo     staffAct = "needinfo"
	doResolve      staffAct = "resolve"
	doClose        staffAct = "close"
	doReopen       staffAct = "reopen"
	doPriority     staffAct = "priority"
	doUrgent       staffAct = "urgent"     // mark the ticket urgent
	doUrgentOff    staffAct = "urgent_off" // take the urgent mark off
	doList         staffAct = "tickets"    // /tickets
	doShow         staffAct = "ticket"     // /ticket REF
	doHelp         staffAct = "help"
)

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
	// Owners limits the act to the shop's owners (EdgeConfig.OwnerIDs).
	Owners bool
	// Customer marks a command whose name is also a customer's command in
	// private (/close REF, /help): there it belongs to the dialogue and is
	// not refused.
	Customer bool
}

// staffAccess is who may do what, and where. Any member of the staff group
// is staff; the tickets store checks the same owner rules again.
var staffAccess = map[staffAct]accessRule{
	doMessage:      {Reach: onTicket},
	doNote:         {Reach: onTicket},
	doReply:        {Reach: onTicket},
	doClaim:        {Reach: onTicket},
	doAssign:       {Reach: onTicket},
	doReassign:     {Reach: onTicket, Owners: true},
	doRelease:      {Reach: onTicket},
	doReleaseOther: {Reach: onTicket, Owners: true},
	doNeedInfo:     {Reach: onTicket},
	doResolve:      {Reach: onTicket},
	doClose:        {Reach: onTicket, Customer: true},
	doReopen:       {Reach: onTicket},
	doPriority:     {Reach: onTicket},
	doUrgent:       {Reach: onTicket},
	doUrgentOff:    {Reach: onTicket, Owners: true},
	doList:         {Reach: inGroup},
	doShow:         {Reach: inGroup},
	doHelp:         {Reach: inGroup, Customer: true},
}

// chatPlace is the kind of chat an input came from.
type chatPlace uint8

const (
	fromPrivate chatPlace = iota + 1
	fromStaffGroup
	fromOtherGroup
)

// staffPlace is where a staff input came from: the chat, and whether it is
// tied to a ticket there.
type staffPlace struct {
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
func access(act staffAct, at staffPlace, owner bool) (v verdict, key string) {
	rule, ok := staffAccess[act]
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

// verbAct is the act a command stands for before the ticket is known.
func verbAct(v staffVerb) staffAct {
	return staffAct(v) // the acts of commands are named as the commands
}

// actOf is the act command c asks for on ticket t (nil when there is none)
// by the member userID: /assign and /release of a ticket another member
// holds, and /urgent off, need more rights than their plain forms.
func actOf(c staffCommand, t *tickets.Ticket, userID int64) staffAct {
	heldByOther := t != nil && t.AssigneeUserID != 0 && t.AssigneeUserID != userID
	switch {
	case c.Verb == verbAssign && heldByOther:
		return doReassign
	case c.Verb == verbRelease && heldByOther:
		return doReleaseOther
	case c.Verb == verbUrgent && c.Off:
		return doUrgentOff
	}
	return verbAct(c.Verb)
}
