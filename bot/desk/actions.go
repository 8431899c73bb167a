package desk

// action is one thing done at the desk: a command, a card's button, or a
// plain message in a ticket's thread. The variants that need more rights
// (reassigning a ticket another member holds, releasing it for them,
// taking the urgent mark off) are actions of their own, so that the access
// table can name them.
type action string

// The desk's actions. A command's action is named as the command.
const (
	actMessage      action = "message"       // a plain message in a ticket's thread: it goes to the customer
	actNote         action = "note"          // /note text: an internal note, never sent
	actReply        action = "reply"         // /reply name: a canned reply to the customer
	actClaim        action = "claim"         // take the ticket
	actAssign       action = "assign"        // give an unassigned ticket, or one's own, to a member; the card's button opens the picker
	actAssignTo     action = "assignto"      // the member picked on the card (a button only)
	actReassign     action = "reassign"      // give a ticket another member holds to someone
	actRelease      action = "release"       // give one's own ticket back to the desk
	actReleaseOther action = "release_other" // take a ticket away from the member holding it
	actNeedInfo     action = "needinfo"      // /needinfo [question]: wait for the customer
	actResolve      action = "resolve"       // /resolve summary: the customer receives the summary
	actClose        action = "close"
	actReopen       action = "reopen"
	actPriority     action = "priority"   // /priority up|down, or the card's arrows
	actUrgent       action = "urgent"     // mark the ticket urgent
	actUrgentOff    action = "urgent_off" // take the urgent mark off
	actList         action = "tickets"    // /tickets [mine|overdue|waiting]
	actShow         action = "ticket"     // /ticket REF
	actSLA          action = "sla"        // /sla [hours]: deadlines overdue and due soon, by assignee
	actReport       action = "report"     // /report [week|month]: the owner's report with its chart
	actHelp         action = "help"
	actBack         action = "back"     // from the picker back to the card (a button only)
	actReturn       action = "return"   // /return [kind], or the card's Return… button: start a return (see package returns)
	actShipped      action = "shipped"  // /shipped CARRIER TRACKING: the customer's parcel is on its way
	actReceived     action = "received" // /received [damaged] note: the parcel arrived
)

// commands lists the staff group's commands, in the order /help shows
// them.
var commands = []action{actNote, actReply, actClaim, actAssign, actRelease, actNeedInfo,
	actResolve, actClose, actReopen, actPriority, actUrgent, actReturn, actShipped, actReceived,
	actList, actShow, actSLA, actReport, actHelp}

// isCommand reports whether name is one of the staff group's commands.
func isCommand(name string) bool {
	for _, c := range commands {
		if string(c) == name {
			return true
		}
	}
	return false
}
