package tickets_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/tickets"
)

// The warehouse's list: returns newest first with the ticket, customer,
// category, kind, state, deadline, carrier and tracking number, narrowed by
// state or to those under way, and capped.
func TestListReturns(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _, clk := newClockStore(t)
	next := func() { clk.advance(time.Minute) } // so that newest first is well defined

	_, requested := startReturn(t, s, 40001, tickets.ReturnKindRepair)
	next()
	tk, shipped := approvedReturn(t, s, 40002, tickets.ReturnKindRefund, instructions())
	shipped, err := s.RecordShipped(ctx, shipped.RMA, tickets.Shipment{Carrier: "SF Express", Tracking: "SF42"}, customerOf(tk))
	if err != nil {
		t.Fatal(err)
	}
	next()
	_, cancelled := startReturn(t, s, 40003, tickets.ReturnKindExchange)
	if _, err := s.CancelReturn(ctx, cancelled.RMA, ownerActor); err != nil {
		t.Fatal(err)
	}
	next()
	_, approved := approvedReturn(t, s, 40004, tickets.ReturnKindExchange, instructions())

	rmas := func(list []tickets.Return) []string {
		var out []string
		for _, r := range list {
			out = append(out, r.RMA)
		}
		return out
	}
	for name, tc := range map[string]struct {
		f    tickets.ReturnFilter
		want []string
	}{
		"all":       {tickets.ReturnFilter{}, []string{approved.RMA, cancelled.RMA, shipped.RMA, requested.RMA}},
		"shipped":   {tickets.ReturnFilter{State: tickets.ReturnShipped}, []string{shipped.RMA}},
		"approved":  {tickets.ReturnFilter{State: tickets.ReturnApproved}, []string{approved.RMA}},
		"open":      {tickets.ReturnFilter{Open: true}, []string{approved.RMA, shipped.RMA, requested.RMA}},
		"cancelled": {tickets.ReturnFilter{State: tickets.ReturnCancelled, Open: true}, nil},
		"closed":    {tickets.ReturnFilter{State: tickets.ReturnClosed}, nil},
		"limit":     {tickets.ReturnFilter{Limit: 2}, []string{approved.RMA, cancelled.RMA}},
	} {
		list, err := s.ListReturns(ctx, tc.f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := rmas(list); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", name, got, tc.want)
		}
	}

	list, err := s.ListReturns(ctx, tickets.ReturnFilter{State: tickets.ReturnShipped})
	if err != nil || len(list) != 1 {
		t.Fatalf("ListReturns shipped = %v, %v", list, err)
	}
	got := list[0]
	if got.TicketRef != tk.Ref || got.CustomerName != "Li <b>Wei</b>" || got.Category != "apparel" || got.Kind != tickets.ReturnKindRefund ||
		got.State != tickets.ReturnShipped || !got.Deadline.Equal(defaultDeadline) ||
		got.Carrier != "SF Express" || got.Tracking != "SF42" {
		t.Errorf("listed %+v", got)
	}
	// The list's JSON, as the CLI prints it, names what the warehouse needs.
	out, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{`"ticket_ref":"` + tk.Ref, `"customer_name":"Li \u003cb\u003eWei\u003c/b\u003e"`, `"category":"apparel"`,
		`"kind":"refund"`, `"state":"shipped"`, `"deadline":"2026-11-27T23:59:59+08:00"`, `"carrier":"SF Express"`, `"tracking":"SF42"`} {
		if !strings.Contains(string(out), field) {
			t.Errorf("JSON %s lacks %s", out, field)
		}
	}
}

// The returns' migration comes off and goes back on: down to the drafts'
// version the table is gone and the tickets stay; up again a return starts.
func TestMigrateReturnsDownUp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewEmpty(t)
	if err := tickets.Migrate(ctx, pool, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	s := storeOn(t, pool)
	tk, _ := startReturn(t, s, 41001, tickets.ReturnKindRefund)
	table := "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'returns'"
	if err := tickets.MigrateTo(ctx, pool, 3); err != nil {
		t.Fatalf("down to 3: %v", err)
	}
	if n := count(t, pool, table); n != 0 {
		t.Errorf("returns table after down")
	}
	if n := count(t, pool, "SELECT count(*) FROM tickets WHERE id = $1", tk.ID); n != 1 {
		t.Errorf("the ticket went with the returns")
	}
	if err := tickets.MigrateTo(ctx, pool, 4); err != nil {
		t.Fatalf("up to 4: %v", err)
	}
	if _, err := s.StartReturn(ctx, tk.Ref, tickets.ReturnKindRefund, tickets.CauseQualityFault, ownerActor); err != nil {
		t.Errorf("a return after up: %v", err)
	}
}
