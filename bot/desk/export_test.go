package desk

// ButtonData is the callback data of the desk's button for action (named
// as the access table names it) on a ticket, for tests that press a button
// no card shows any more, or forge one.
func ButtonData(act string, ticketID int64, arg string) string {
	return encodeButton(button{Action: action(act), TicketID: ticketID, Arg: arg})
}

// ThreadLink is the link to a ticket's thread, as the lists show it.
var ThreadLink = threadLink
