package desk

import (
	"strings"
	"testing"

	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/tickets"
)

// The access table, read as the desk's rules: for each act, what happens
// in each place for a member of staff and for an owner.
func TestAccessTable(t *testing.T) {
	t.Parallel()
	var (
		private     = scope{Chat: fromPrivate}
		otherGroup  = scope{Chat: fromOtherGroup, Ticket: true}
		staffNoTkt  = scope{Chat: fromStaffGroup}
		staffTicket = scope{Chat: fromStaffGroup, Ticket: true}
	)
	const (
		ok       = "ok"
		customer = "customer"
		priv     = "staff.refuse.private"
		other    = "staff.refuse.other_group"
		noTicket = "staff.refuse.need_ticket"
	)
	// Columns: private, other group, staff group without a ticket, staff
	// group on a ticket by a member, the same by an owner.
	cases := []struct {
		act                                          action
		private, other, noTicket, member, ownerOnTkt string
	}{
		{actMessage, priv, other, noTicket, ok, ok},
		{actNote, priv, other, noTicket, ok, ok},
		{actReply, priv, other, noTicket, ok, ok},
		{actClaim, priv, other, noTicket, ok, ok},
		{actAssign, priv, other, noTicket, ok, ok},
		{actReassign, priv, other, noTicket, "staff.refuse.owners.reassign", ok},
		{actRelease, priv, other, noTicket, ok, ok},
		{actReleaseOther, priv, other, noTicket, "staff.refuse.owners.release_other", ok},
		{actNeedInfo, priv, other, noTicket, ok, ok},
		{actResolve, priv, other, noTicket, ok, ok},
		{actClose, customer, other, noTicket, ok, ok},
		{actReopen, priv, other, noTicket, ok, ok},
		{actPriority, priv, other, noTicket, ok, ok},
		{actUrgent, priv, other, noTicket, ok, ok},
		{actUrgentOff, priv, other, noTicket, "staff.refuse.owners.urgent_off", ok},
		{actList, priv, other, ok, ok, ok},
		{actShow, priv, other, ok, ok, ok},
		{actSLA, priv, other, ok, ok, ok},
		{actReport, priv, other, ok, ok, ok},
		{actHelp, customer, other, ok, ok, ok},
		{actReturn, customer, other, noTicket, "staff.refuse.owners.return", ok},
		{actShipped, priv, other, noTicket, ok, ok},
		{actReceived, priv, other, noTicket, ok, ok},
	}
	if len(cases) != len(accessRules) {
		t.Fatalf("%d acts tested, the table has %d", len(cases), len(accessRules))
	}
	outcome := func(act action, at scope, owner bool) string {
		v, key := access(act, at, owner)
		switch v {
		case allowed:
			return ok
		case toCustomer:
			return customer
		}
		return key
	}
	for _, tc := range cases {
		checks := []struct {
			name  string
			at    scope
			owner bool
			want  string
		}{
			{"private", private, false, tc.private},
			{"private, owner", private, true, tc.private},
			{"other group", otherGroup, true, tc.other},
			{"staff group, no ticket", staffNoTkt, true, tc.noTicket},
			{"staff group, member", staffTicket, false, tc.member},
			{"staff group, owner", staffTicket, true, tc.ownerOnTkt},
		}
		for _, c := range checks {
			if got := outcome(tc.act, c.at, c.owner); got != c.want {
				t.Errorf("%s, %s: %s, want %s", tc.act, c.name, got, c.want)
			}
		}
	}
	if v, _ := access("fly", staffTicket, true); v != refused {
		t.Error("an act missing from the table was allowed")
	}
}

// Every command has a row, and every refusal has its text in both
// languages.
func TestAccessCoversEveryCommandAndRefusal(t *testing.T) {
	t.Parallel()
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range commands {
		if _, ok := accessRules[v]; !ok {
			t.Errorf("/%s has no row in the access table", v)
		}
	}
	places := []scope{{Chat: fromPrivate}, {Chat: fromOtherGroup}, {Chat: fromStaffGroup}, {Chat: fromStaffGroup, Ticket: true}}
	for act := range accessRules {
		for _, at := range places {
			v, key := access(act, at, false)
			if v != refused {
				continue
			}
			for _, lang := range locale.Languages() {
				if got := cat.Text(lang, key, map[string]any{"name": "Li"}); got == key || strings.Contains(got, "{{") {
					t.Errorf("%s %s: refusal %s renders %q", lang, act, key, got)
				}
			}
		}
	}
}

func TestActOf(t *testing.T) {
	t.Parallel()
	const me, li = 1, 2
	free := &tickets.Ticket{}
	mine := &tickets.Ticket{AssigneeUserID: me}
	lis := &tickets.Ticket{AssigneeUserID: li}
	cases := []struct {
		c    command
		t    *tickets.Ticket
		want action
	}{
		{command{Verb: actAssign}, free, actAssign},
		{command{Verb: actAssign}, mine, actAssign},
		{command{Verb: actAssign}, lis, actReassign},
		{command{Verb: actAssign}, nil, actAssign},
		{command{Verb: actRelease}, mine, actRelease},
		{command{Verb: actRelease}, free, actRelease},
		{command{Verb: actRelease}, lis, actReleaseOther},
		{command{Verb: actClaim}, lis, actClaim}, // answered "taken by Li", not refused
		{command{Verb: actUrgent}, lis, actUrgent},
		{command{Verb: actUrgent, Off: true}, mine, actUrgentOff},
		{command{Verb: actList}, nil, actList},
		{command{Verb: actShow}, nil, actShow},
		{command{Verb: actNote}, lis, actNote},
	}
	for _, tc := range cases {
		if got := actOf(tc.c, tc.t, me); got != tc.want {
			t.Errorf("%+v on %+v: %s, want %s", tc.c, tc.t, got, tc.want)
		}
	}
}
