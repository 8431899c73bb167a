package main

import (
	"strings"
	"testing"

	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// The timers' entries in a ticket's log read as sentences in both
// languages, naming the deadline and its time.
func TestSLAEventSentences(t *testing.T) {
	t.Parallel()
	system := tickets.Actor{Kind: tickets.ActorSystem}
	cases := []struct {
		lang string
		e    tickets.Event
		want string
	}{
		{"en", tickets.Event{Actor: system, Kind: "escalated", Data: map[string]any{"step": "check", "due": "2026-11-20T13:30:00+08:00"}},
			"the service escalated to the owners: the check missed (due 2026-11-20 13:30 CST)"},
		{"en", tickets.Event{Actor: system, Kind: "sla_warning", Data: map[string]any{"step": "answer_warn", "due": "2026-11-24T18:00:00+08:00"}},
			"the service warned the thread: the answer due 2026-11-24 18:00 CST"},
		{"en", tickets.Event{Actor: system, Kind: "deadlines", Data: map[string]any{"reason": "resumed",
			"to": map[string]any{"arrange": "2026-11-23T11:30:00+08:00", "check": "2026-11-23T13:30:00+08:00", "answer": "2026-11-26T18:00:00+08:00"}}},
			"the service moved the deadlines on by the wait for the customer: arrange by 2026-11-23 11:30 CST, check at 2026-11-23 13:30 CST, answer by 2026-11-26 18:00 CST"},
		{"en", tickets.Event{Actor: system, Kind: "deadlines", Data: map[string]any{"reason": "reopened",
			"to": map[string]any{"arrange": "2026-11-23T11:30:00+08:00", "check": "2026-11-23T13:30:00+08:00", "answer": "2026-11-26T18:00:00+08:00"}}},
			"the service moved the deadlines to start again, as it was reopened: arrange by 2026-11-23 11:30 CST"},
		{"zh", tickets.Event{Actor: system, Kind: "deadlines", Data: map[string]any{"reason": "priority",
			"to": map[string]any{"arrange": "2026-11-23T11:30:00+08:00", "check": "2026-11-23T13:30:00+08:00", "answer": "2026-11-26T18:00:00+08:00"}}},
			"因优先级提高收紧了期限：安排 2026-11-23 11:30 CST"},
		{"zh", tickets.Event{Actor: system, Kind: "sla_missed", Data: map[string]any{"step": "arrange", "due": "2026-11-20T11:30:00+08:00"}},
			"记录安排超时（期限 2026-11-20 11:30 CST）"},
	}
	for _, c := range cases {
		v, err := newTicketView(policy.Default(), c.lang)
		if err != nil {
			t.Fatal(err)
		}
		if got := v.event(c.e, nil); !strings.Contains(got, c.want) {
			t.Errorf("%s %s: %q, want %q", c.lang, c.e.Kind, got, c.want)
		}
	}
}
