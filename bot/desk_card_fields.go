package bot

import "github.com/complaintbot/complaintbot/tickets"

// cardUrgent reports whether the card shows the urgent mark.
func cardUrgent(t *tickets.Ticket) bool { return false }

// cardResolution is the resolution summary the card shows; empty for none.
func cardResolution(t *tickets.Ticket) string { return "" }
