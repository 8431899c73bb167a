package bot

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
		private     = staffPlace{Chat: fromPrivate}
		otherGroup  = staffPlace{Chat: fromOtherGroup, Ticket: true}
		staffNoTkt  = staffPlace{Chat: fromStaffGroup}
		staffTicket = staffPlace{Chat: fromStaffGroup, Ticket: true}
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
		act                                          staffAct
		private, other, noTicket, member, ownerOnTkt string
	}{
		{doMessage, priv, other, noTicket, ok, ok},
		{doNote, priv, other, noTicket, ok, ok},
		{doReply, priv, other, noTicket, ok, ok},
		{doClaim, priv, other, noTicket, ok, ok},
		{doAssign, priv, other, noTicket, ok, ok},
		{doReassign, priv, other, noTicket, "staff.refuse.owners.reassign", ok},
		{doRelease, priv, other, noTicket, ok, ok},
		{doReleaseOther, priv, other, noTicket, "staff.refuse.owners.release_other", ok},
		{doNeedInfo, priv, other, noTicket, ok, ok},
		{doResolve, priv, other, noTicket, ok, ok},
		{doClose, customer, other, noTicket, ok, ok},
		{doReopen, priv, other, noTicket, ok, ok},
		{doPriority, priv, other, noTicket, ok, ok},
		{doUrgent, priv, other, noTicket, ok, ok},
		{doUrgentOff, priv, other, noTicket, "staff.refuse.owners.urgent_off", ok},
		{doList, priv, other, ok, ok, ok},
		{doShow, priv, other, ok, ok, ok},
		{doHelp, customer, other, ok, ok, ok},
	}
	if len(cases) != len(staffAccess) {
		t.Fatalf("%d acts tested, the table has %d", len(cases), len(staffAccess))
	}
	outcome := func(act staffAct, at staffPlace, owner bool) string {
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
			at    staffPlace
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
	for _, v := range staffVerbs {
		if _, ok := staffAccess[verbAct(v)]; !ok {
			t.Errorf("/%s has no row in the access table", v)
		}
	}
	places := []staffPlace{{Chat: fromPrivate}, {Chat: fromOtherGroup}, {Chat: fromStaffGroup}, {Chat: fromStaffGroup, Ticket: true}}
	for act := range staffAccess {
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
		c    staffCommand
		t    *tickets.Ticket
		want staffAct
	}{
		{staffCommand{Verb: verbAssign}, free, doAssign},
		{staffCommand{Verb: verbAssign}, mine, doAssign},
		{staffCommand{Verb: verbAssign}, lis, doReassign},
		{staffCommand{Verb: verbAssign}, nil, doAssign},
		{staffCommand{Verb: verbRelease}, mine, doRelease},
		{staffCommand{Verb: verbRelease}, free, doRelease},
		{staffCommand{Verb: verbRelease}, lis, doReleaseOther},
		{staffCommand{Verb: verbClaim}, lis, doClaim}, // answered "taken by Li", not refused
		{staffCommand{Verb: verbUrgent}, lis, doUrgent},
		{staffCommand{Verb: verbUrgent, Off: true}, mine, doUrgentOff},
		{staffCommand{Verb: verbTickets}, nil, doList},
		{staffCommand{Verb: verbTicket}, nil, doShow},
		{staffCommand{Verb: verbNote}, lis, doNote},
	}
	for _, tc := range cases {
		if got := actOf(tc.c, tc.t, me); got != tc.want {
			t.Errorf("%+v on %+v: %s, want %s", tc.c, tc.t, got, tc.want)
		}
	}
}
