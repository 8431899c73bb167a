package desk

import (
	"time"

	"github.com/complaintbot/complaintbot/tickets"
)

// deadlineLine is the card's line about the ticket's next service-level
// deadline: missed ("⏰ overdue"), within the policy's warning time ("⚠️
// soon"), or stopped while the ticket waits for the customer; "" when
// none of these holds. The timers (tickets.SLAWorker) refresh the card at
// the warning and at the deadline, so the line appears on time.
func (v view) deadlineLine(t *tickets.Ticket) string {
	if v.now == nil || t.ArrangeBy.IsZero() {
		return ""
	}
	if t.Paused() {
		return v.text("desk.card.sla_paused", nil)
	}
	d, ok := t.NextDeadline(v.now(), v.pol.Service.WarnBefore)
	if !ok {
		return ""
	}
	params := map[string]string{"when": d.At.In(v.tz()).Format(time.RFC3339)}
	switch {
	case d.Missed:
		return v.text("desk.card.sla_missed."+d.Name, params)
	case d.Soon:
		return v.text("desk.card.sla_soon."+d.Name, params)
	}
	return ""
}
