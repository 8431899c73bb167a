package desk

import (
	"html"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/tickets"
)

// /sla picks what is overdue or due within the hours asked, groups it by
// who holds it (nobody first, then by name), missed first, and leaves out
// what is far, resolved or waiting for the customer; it reads the same in
// both staff languages.
func TestSLAGroupsAndText(t *testing.T) {
	t.Parallel()
	v := newView(t, "en")
	now := cardTestNow(v.pol) // Friday 10:00
	warn := v.pol.Service.WarnBefore
	mk := func(id int64, ref string, holder int64, name string, arrange, answer time.Duration) tickets.Ticket {
		tk := tickets.Ticket{ID: id, Ref: ref, Status: tickets.StatusInProgress,
			ArrangeBy: now.Add(arrange), CheckAt: now.Add(arrange + 2*time.Hour), AnswerBy: now.Add(answer),
			AssigneeUserID: holder, AssigneeName: name}
		if holder != 0 {
			tk.FirstResponseAt = now.Add(-time.Hour)
		}
		return tk
	}
	resolved := mk(7, "RES-OLV", 0, "", -time.Hour, time.Hour)
	resolved.Status = tickets.StatusResolved
	waiting := mk(8, "WAI-TNG", 0, "", -time.Hour, time.Hour)
	waiting.Status = tickets.StatusAwaitingCustomer
	ts := []tickets.Ticket{
		mk(1, "WAN-GSO", 902, "Wang", time.Hour, 3*time.Hour),    // answer due in 3h
		mk(2, "NOB-ODY", 0, "", time.Hour, 50*time.Hour),         // arrange due in 1h
		mk(3, "LAT-ENO", 0, "", -time.Hour, 50*time.Hour),        // arrange missed
		mk(4, "LIL-ATE", 901, "Li", -time.Hour, -30*time.Minute), // answer missed
		mk(5, "LIS-OON", 901, "Li", -time.Hour, 2*time.Hour),     // answer due in 2h
		mk(6, "FAR-OFF", 901, "Li", -time.Hour, 30*time.Hour),    // far
		resolved, waiting,
	}
	groups := slaGroups(ts, now, now.Add(4*time.Hour), warn)
	var got []string
	for _, g := range groups {
		refs := []string{g.name}
		for _, it := range g.items {
			refs = append(refs, it.t.Ref+":"+it.d.Name)
		}
		got = append(got, strings.Join(refs, " "))
	}
	want := []string{" LAT-ENO:arrange NOB-ODY:arrange", "Li LIL-ATE:answer LIS-OON:answer", "Wang WAN-GSO:answer"}
	if !slices.Equal(got, want) {
		t.Fatalf("groups %q, want %q", got, want)
	}

	ref := func(t *tickets.Ticket) (string, error) { return html.EscapeString(t.Ref), nil }
	for lang, wants := range map[string][]string{
		"en": {"Deadlines: overdue, or due in the next 4 hours (5)", "Nobody holds\n⏰ LAT-ENO · arranging was due 09:00 today",
			"🕒 NOB-ODY · arranging due 11:00 today", "Li\n⏰ LIL-ATE · the answer was due 09:30 today", "Wang\n🕒 WAN-GSO"},
		"zh": {"服务时限：已超时或 4 小时内到期（5 张）", "无人负责\n⏰ LAT-ENO · 安排期限 今天 09:00 已过", "🕒 WAN-GSO · 答复期限 今天 13:00"},
	} {
		v := newView(t, lang)
		out, err := v.slaHTML(groups, 4, now, ref)
		if err != nil {
			t.Fatal(err)
		}
		text := parsed(t, out)
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("%s: /sla lacks %q:\n%s", lang, w, text)
			}
		}
		empty, _ := v.slaHTML(nil, 8, now, ref)
		if !strings.Contains(parsed(t, empty), "8") {
			t.Errorf("%s: empty /sla %q", lang, empty)
		}
	}
}
