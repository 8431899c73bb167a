package main

import (
	"github.com/complaintbot/complaintbot/tickets"
)

// slaEvent fills p, which names who, for an entry of the service-level
// timers (tickets.SLAWorker, the deadlines moved by a wait or a priority)
// and returns the key of its sentence: "the service escalated to the
// owners: the check missed (due 13:30 today)".
func (v ticketView) slaEvent(e tickets.Event, p map[string]string) string {
	d := e.Data
	switch e.Kind {
	case "deadlines":
		p["reason"] = eventString(d["reason"]) // "resumed", "reopened" or "priority"
		to, _ := d["to"].(map[string]any)
		for _, name := range []string{tickets.DeadlineArrange, tickets.DeadlineCheck, tickets.DeadlineAnswer} {
			p[name] = v.eventTime(to[name])
		}
	default:
		p["due"] = v.eventTime(d["due"])
		deadline := slaDeadlineOf(eventString(d["step"]))
		p["deadline"] = v.label("terminal.sla."+deadline, deadline)
	}
	return "terminal.event." + e.Kind
}

// slaDeadlineOf names the deadline a timer's step is about.
func slaDeadlineOf(step string) string {
	switch step {
	case tickets.SLAArrangeWarn, tickets.SLAArrange:
		return tickets.DeadlineArrange
	case tickets.SLACheckWarn, tickets.SLACheck:
		return tickets.DeadlineCheck
	}
	return tickets.DeadlineAnswer
}
