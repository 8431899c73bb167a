package main

import (
	"strconv"
	"strings"
	"time"

	"github.com/complaintbot/complaintbot/policy"
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
	case "sla_warning", "sla_missed", "escalated", "deadlines", "customer_told_late":
		key = v.slaEvent(e, p)
	case "survey_answered":
		// The scores only: the comment is never in the log.
		for _, q := range tickets.SurveyQuestions() {
			p[q] = strconv.FormatInt(eventNumber(e.Data[q]), 10)
		}
	case "survey_follow_up":
		p["ticket"] = eventString(e.Data["ticket"])
	default:
		if strings.HasPrefix(e.Kind, "return_") {
			key = v.returnEvent(e, p)
		}
	}
	if !v.cat.Has(v.lang, key) {
		key, p["kind"] = "terminal.event.other", e.Kind
	}
	return v.text(key, p)
}

// returnEvent fills p, which names who, for a step of a return in a ticket's
// log ("return_started", "return_shipped", ...; see tickets.ReturnMove) and
// returns the key of its sentence: "Zhang (owner) started a return for a
// refund (RMA-K7M-4QX) because of a quality fault", "the customer sent it
// with SF Express, SF1234567890". What the customer typed (the carrier, the
// tracking number) is cleaned for the terminal.
func (v ticketView) returnEvent(e tickets.Event, p map[string]string) string {
	key := "terminal.event." + e.Kind
	d := e.Data
	fee := func() string {
		if n := eventNumber(d["fee_cents"]); n > 0 {
			return tickets.Fee{Cents: n}.Amount()
		}
		return ""
	}
	switch e.Kind {
	case "return_started":
		p["rma"] = eventString(d["rma"])
		p["kind"] = v.label("terminal.return.for."+eventString(d["kind"]), eventString(d["kind"]))
		p["cause"] = v.label("terminal.return.cause."+eventString(d["cause"]), eventString(d["cause"]))
	case "return_approved":
		p["deadline"] = v.eventTime(d["deadline"])
		payer := eventString(d["freight_payer"])
		if d["postage_refunded"] == true {
			payer += "_refunded"
		}
		p["payer"] = v.label("terminal.return.payer."+payer, payer)
		p["fee"] = fee()
	case "return_refused":
		id := eventString(d["exclusion"])
		p["reason"] = id
		if ex, ok := v.pol.Exclusion(id); ok && ex.Reason[v.lang] != "" {
			p["reason"] = ex.Reason[v.lang]
		}
		var alts []string
		if list, ok := d["alternatives"].([]any); ok {
			for _, a := range list {
				id := eventString(a) // an outcome ("repair"), or a kind of return
				if !v.cat.Has(v.lang, "desk.outcome."+id) {
					alts = append(alts, v.returnKind(tickets.ReturnKind(id)))
					continue
				}
				alts = append(alts, v.outcome(policy.Outcome(id)))
			}
		}
		p["alternatives"] = v.join(alts)
	case "return_fee_accepted", "return_fee_declined":
		p["fee"] = fee()
	case "return_shipped":
		if e.Actor.Kind != tickets.ActorCustomer {
			key += "_recorded" // staff or an owner entered what the customer sent
		}
		var parcel []string
		for _, s := range []string{clean(eventString(d["carrier"])), clean(eventString(d["tracking"]))} {
			if s != "" {
				parcel = append(parcel, strings.ReplaceAll(s, "\n", " "))
			}
		}
		sep := ", "
		if v.lang == "zh" {
			sep = "，"
		}
		p["parcel"] = strings.Join(parcel, sep)
		if eventNumber(d["receipt"]) > 0 {
			p["receipt"] = "yes"
		}
	case "return_received":
		result := eventString(d["result"])
		p["result"] = v.label("terminal.return.inspection."+result, result)
		if n := eventNumber(d["media"]); n > 0 {
			p["photos"] = strconv.FormatInt(n, 10)
		}
	case "return_extended":
		p["from"], p["to"] = v.eventTime(d["deadline_from"]), v.eventTime(d["deadline"])
	case "return_expired":
		p["deadline"] = v.eventTime(d["deadline"])
	case "return_reminded":
		key += "_" + eventString(d["reminder"])
		p["deadline"] = v.eventTime(d["deadline"])
	}
	return key
}

// eventTime writes a moment an event's data carries in RFC 3339 as v.time
// does; what is no such moment is written as it is.
func (v ticketView) eventTime(x any) string {
	s := eventString(x)
	if s == "" {
		return "-"
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return clean(s)
	}
	return v.time(t)
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
