package main

import (
	"strconv"
	"strings"

	"github.com/complaintbot/complaintbot/tickets"
)

// event tells one entry of a ticket's log as a sentence: "Li claimed it",
// "filed by the customer", "the service moved it from New to
// Acknowledged". A kind this version does not know is told by its id.
func (v ticketView) event(e tickets.Event, names map[int64]string) string {
	key := "terminal.event." + e.Kind
	p := map[string]string{"who": v.who(e.Actor, names)}
	switch e.Kind {
	case "status":
		p["from"] = v.status(tickets.Status(eventString(e.Data["from"])))
		p["to"] = v.status(tickets.Status(eventString(e.Data["to"])))
	case "assigned":
		if e.Data["first_reply"] == true {
			key = "terminal.event.assigned_first_reply"
		}
		p["to"] = v.who(tickets.Actor{Kind: tickets.ActorStaff, ID: eventNumber(e.Data["to"])}, names)
	case "priority":
		p["from"] = strconv.FormatInt(eventNumber(e.Data["from"]), 10)
		p["to"] = strconv.FormatInt(eventNumber(e.Data["to"]), 10)
	case "urgent":
		key += "_off"
		if e.Data["urgent"] == true {
			key = "terminal.event.urgent_on"
		}
	case "message":
		key += "_" + eventString(e.Data["direction"])
	}
	if !v.cat.Has(v.lang, key) {
		key, p["kind"] = "terminal.event.other", e.Kind
	}
	return v.text(key, p)
}

// message tells one entry of a ticket's relay log: who wrote what, and
// whether it carried files, was edited or did not reach the customer.
func (v ticketView) message(m tickets.Message, names map[int64]string) string {
	who := clean(m.AuthorName)
	if who == "" {
		who = v.who(m.Author, names)
	}
	text := strings.ReplaceAll(clean(m.Text), "\n", "\n    ")
	parts := []string{v.text("terminal.message."+string(m.Direction), map[string]string{"who": who, "text": text})}
	if len(m.Attachments) > 0 {
		parts = append(parts, v.text("terminal.message.files", count(len(m.Attachments))))
	}
	if !m.EditedAt.IsZero() {
		parts = append(parts, v.text("terminal.message.edited", nil))
	}
	switch m.Delivery {
	case tickets.DeliveryUndeliverable:
		parts = append(parts, v.text("terminal.message.undeliverable", nil))
	case tickets.DeliveryHeld:
		parts = append(parts, v.text("terminal.message.held", nil))
	}
	return strings.Join(parts, " ")
}

// eventString reads a text from an event's data; anything else is empty.
func eventString(v any) string {
	s, _ := v.(string)
	return s
}

// eventNumber reads a whole number from an event's data, which comes from
// JSON; anything else is 0.
func eventNumber(v any) int64 {
	switch n := v.(type) {
	case float64:
		return int64(n)
	case int64:
		return n
	case int:
		return int64(n)
	}
	return 0
}
