package tickets_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/tickets"
)

// The desk's lists: open, mine, overdue (most overdue first), waiting.
func TestDeskList(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)

	early := file(t, s, 17001)    // nobody answered in time: overdue first
	answered := file(t, s, 17002) // answered, waiting for the customer
	late := file(t, s, 17003)     // claimed in time, not resolved in time: overdue later
	done := file(t, s, 17004)     // resolved
	slow := file(t, s, 17005)     // answered, but not resolved in time: overdue last
	fresh := file(t, s, 17006)    // not yet due
	clk.advance(time.Hour)        // the due times are set below, relative to now
	now := filedAt.Add(time.Hour)

	if _, _, err := s.AddStaffReply(ctx, answered.ID, li, tickets.NewMessage{Text: "size?"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.NeedInfo(ctx, answered.ID, li); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Claim(ctx, late.ID, li); err != nil {
		t.Fatal(err)
	}
	for _, tk := range []*tickets.Ticket{done, slow} {
		if _, _, err := s.AddStaffReply(ctx, tk.ID, wang, tickets.NewMessage{Text: "ok"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Resolve(ctx, done.ID, wang, "fixed"); err != nil {
		t.Fatal(err)
	}
	for i, due := range []struct {
		tk              *tickets.Ticket
		arrange, answer time.Duration // from now
	}{
		{early, -2 * time.Hour, 48 * time.Hour},
		{answered, -3 * time.Hour, 48 * time.Hour},
		{late, -90 * time.Minute, -time.Hour},
		{done, -5 * time.Hour, -4 * time.Hour},
		{slow, -5 * time.Hour, -30 * time.Minute},
		{fresh, time.Hour, 48 * time.Hour},
	} {
		_, err := pool.Exec(ctx, "UPDATE tickets SET arrange_by = $2, answer_by = $3, created_at = $4 WHERE id = $1",
			due.tk.ID, now.Add(due.arrange), now.Add(due.answer), filedAt.Add(time.Duration(i)*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
	}

	refs := func(list []tickets.Ticket) []string {
		var out []string
		for _, tk := range list {
			out = append(out, tk.Ref)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		f    tickets.DeskFilter
		want []*tickets.Ticket
	}{
		{"all", tickets.DeskFilter{}, []*tickets.Ticket{fresh, slow, done, late, answered, early}},
		{"open", tickets.DeskFilter{Open: true}, []*tickets.Ticket{fresh, slow, late, answered, early}},
		{"mine", tickets.DeskFilter{Open: true, AssigneeID: li.UserID}, []*tickets.Ticket{late, answered}},
		{"overdue", tickets.DeskFilter{Overdue: true}, []*tickets.Ticket{early, late, slow}},
		{"mine overdue", tickets.DeskFilter{Overdue: true, AssigneeID: li.UserID}, []*tickets.Ticket{late}},
		{"waiting", tickets.DeskFilter{Waiting: true}, []*tickets.Ticket{answered}},
		{"limit", tickets.DeskFilter{Limit: 2}, []*tickets.Ticket{fresh, slow}},
	} {
		list, err := s.DeskList(ctx, tc.f)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var want []string
		for _, tk := range tc.want {
			want = append(want, tk.Ref)
		}
		if got := refs(list); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", tc.name, got, want)
		}
	}
	if got, err := s.GetByID(ctx, early.ID); err != nil || got.Ref != early.Ref || len(got.Attachments) != 3 {
		t.Errorf("GetByID = %+v, %v; want the ticket with its attachments", got, err)
	}
}
