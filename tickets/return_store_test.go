package tickets_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/tickets"
)

// A ticket has one return under way at most, whatever asks: the store
// refuses a second, and so does the database. A finished one leaves room
// for the next. A ticket that is closed or unknown takes none.
func TestOneOpenReturnPerTicket(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	tk, first := startReturn(t, s, 31001, tickets.ReturnKindRefund)

	if _, err := s.StartReturn(ctx, tk.Ref, tickets.ReturnKindRepair, tickets.CauseQualityFault, ownerActor); !errors.Is(err, tickets.ErrConflict) {
		t.Fatalf("a second open return = %v, want ErrConflict", err)
	}
	_, err := pool.Exec(ctx, `INSERT INTO returns (ticket_id, rma, kind, cause, requested_by_kind)
		VALUES ($1, 'RMA-AAA-AAA', 'refund', 'quality_fault', 'owner')`, tk.ID)
	if err == nil {
		t.Error("the database took a second open return")
	}
	if n := count(t, pool, "SELECT count(*) FROM returns WHERE ticket_id = $1", tk.ID); n != 1 {
		t.Errorf("%d returns, want 1", n)
	}

	if _, err := s.CancelReturn(ctx, first.RMA, ownerActor); err != nil {
		t.Fatal(err)
	}
	second, err := s.StartReturn(ctx, tk.Ref, tickets.ReturnKindRepair, tickets.CauseOutOfWarranty, ownerActor)
	if err != nil {
		t.Fatalf("a return after the first was cancelled: %v", err)
	}
	if second.RMA == first.RMA {
		t.Error("the second return has the first's number")
	}
	got, err := s.ReturnOf(ctx, tk.ID)
	if err != nil || got.RMA != second.RMA {
		t.Errorf("ReturnOf = %+v, %v; want the open one, %s", got, err, second.RMA)
	}
	if _, err := s.CancelReturn(ctx, second.RMA, ownerActor); err != nil {
		t.Fatal(err)
	}
	if got, err := s.ReturnOf(ctx, tk.ID); err != nil || got.RMA != second.RMA {
		t.Errorf("ReturnOf with none open = %+v, %v; want the latest, %s", got, err, second.RMA)
	}
	// Cancelled before the customer heard of them: nothing was said.
	if keys := noticeKeys(t, pool, tk.ID); len(keys) != 0 {
		t.Errorf("notices %v for returns never approved", keys)
	}

	if _, err := s.CloseTicket(ctx, tk.ID, li.Actor()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StartReturn(ctx, tk.Ref, tickets.ReturnKindRefund, tickets.CauseQualityFault, ownerActor); !errors.Is(err, tickets.ErrConflict) {
		t.Errorf("a return on a closed ticket = %v, want ErrConflict", err)
	}
	for _, ref := range []string{"ZZZ-ZZZ", "not a ref"} {
		if _, err := s.StartReturn(ctx, ref, tickets.ReturnKindRefund, tickets.CauseQualityFault, ownerActor); !errors.Is(err, tickets.ErrNotFound) {
			t.Errorf("a return on %q = %v, want ErrNotFound", ref, err)
		}
	}
	if _, err := s.ReturnOf(ctx, tk.ID+100); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("ReturnOf a ticket without returns = %v", err)
	}
	if _, err := s.GetReturn(ctx, "RMA-ZZZ-ZZZ"); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("GetReturn of no return = %v", err)
	}
	if _, err := s.StartReturn(ctx, tk.Ref, "gift", tickets.CauseQualityFault, ownerActor); !errors.Is(err, tickets.ErrInvalid) {
		t.Errorf("an unknown kind = %v", err)
	}
	if _, err := s.StartReturn(ctx, tk.Ref, tickets.ReturnKindRefund, tickets.CauseQualityFault, tickets.Actor{Kind: tickets.ActorOwner}); !errors.Is(err, tickets.ErrInvalid) {
		t.Errorf("an owner without an id = %v", err)
	}
}

// The database itself refuses a return the code must never write: an
// unknown state, kind or cause, a malformed number, an approval without its
// terms, postage refunded to a customer who pays it.
func TestReturnSchemaGuards(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	_, r := approvedReturn(t, s, 31201, tickets.ReturnKindRefund, instructions())
	for _, sql := range []string{
		"UPDATE returns SET state = 'lost' WHERE id = $1",
		"UPDATE returns SET kind = 'gift' WHERE id = $1",
		"UPDATE returns SET cause = 'whim' WHERE id = $1",
		"UPDATE returns SET rma = 'RMA-K0O-1IX' WHERE id = $1",
		"UPDATE returns SET deadline = NULL WHERE id = $1",
		"UPDATE returns SET freight_payer = 'customer', postage_refunded = true WHERE id = $1",
		"UPDATE returns SET approved_at = NULL WHERE id = $1",
		"UPDATE returns SET shipped_by_kind = 'courier' WHERE id = $1",
	} {
		if _, err := pool.Exec(ctx, sql, r.ID); err == nil {
			t.Errorf("%s: accepted", sql)
		}
	}
}

// A return number that is taken is drawn again.
func TestReturnNumberCollision(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	_, first := startReturn(t, s, 31101, tickets.ReturnKindRefund)
	tk := file(t, s, 31102)
	draws := []string{first.RMA[len("RMA-"):], "TTT-TTT"}
	tickets.SetRefs(s, func() (string, error) {
		d := draws[0]
		draws = draws[1:]
		return d, nil
	})
	r, err := s.StartReturn(context.Background(), tk.Ref, tickets.ReturnKindRefund, tickets.CauseQualityFault, ownerActor)
	if err != nil || r.RMA != "RMA-TTT-TTT" {
		t.Fatalf("StartReturn after a collision = %+v, %v", r, err)
	}
}

// A paid repair: the instructions carry the fee, nothing may be sent until
// the customer accepts it, only the customer answers, and a declined fee
// cancels the return and its reminders.
func TestPaidRepair(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	paid := instructions()
	paid.Fee = tickets.Fee{Cents: 12050, Currency: "CNY"}
	paid.Freight = tickets.Freight{Payer: tickets.PayerCustomer, Reason: "customer_damage"}

	// Only a repair has a fee.
	_, refund := startReturn(t, s, 32001, tickets.ReturnKindRefund)
	if _, err := s.ApproveReturn(ctx, refund.RMA, paid, ownerActor); !errors.Is(err, tickets.ErrInvalid) {
		t.Errorf("a refund with a fee = %v, want ErrInvalid", err)
	}

	t.Run("accepted", func(t *testing.T) {
		tk, r := approvedReturn(t, s, 32002, tickets.ReturnKindRepair, paid)
		n := noticesOf(t, pool, tk.ID)
		if len(n) != 1 || n[0].Key != tickets.NoticeReturnApprovedPaid || n[0].Params["fee"] != "120.50" || n[0].Params["currency"] != "CNY" {
			t.Fatalf("instructions of a paid repair: %+v", n)
		}
		if _, err := s.RecordShipped(ctx, r.RMA, tickets.Shipment{Tracking: "YT1"}, customerOf(tk)); !errors.Is(err, tickets.ErrReturnState) {
			t.Errorf("sent before the fee was accepted: %v", err)
		}
		if _, err := s.AcceptFee(ctx, r.RMA, staffActor); !errors.Is(err, tickets.ErrReturnNotAllowed) {
			t.Errorf("staff accepting the fee: %v", err)
		}
		if _, err := s.AcceptFee(ctx, r.RMA, tickets.Actor{Kind: tickets.ActorCustomer, ID: 777}); !errors.Is(err, tickets.ErrNotFound) {
			t.Errorf("another customer accepting the fee: %v", err)
		}
		r, err := s.AcceptFee(ctx, r.RMA, customerOf(tk))
		if err != nil || !r.FeeAccepted || r.FeeDecided.By != customerOf(tk) || r.State != tickets.ReturnApproved {
			t.Fatalf("AcceptFee = %+v, %v", r, err)
		}
		if _, err := s.DeclineFee(ctx, r.RMA, customerOf(tk)); !errors.Is(err, tickets.ErrReturnState) {
			t.Errorf("declining an accepted fee: %v", err)
		}
		if len(waitingJobs(returnJobs(t, pool, r.ID))) != 3 {
			t.Errorf("accepting the fee changed the reminders: %+v", returnJobs(t, pool, r.ID))
		}
		if r, err = s.RecordShipped(ctx, r.RMA, tickets.Shipment{Carrier: "YTO", Tracking: "YT1"}, customerOf(tk)); err != nil || r.State != tickets.ReturnShipped {
			t.Fatalf("RecordShipped after accepting = %+v, %v", r, err)
		}
		stored, err := s.GetReturn(ctx, r.RMA)
		if err != nil || !stored.FeeAccepted || stored.Fee != paid.Fee {
			t.Errorf("stored = %+v, %v", stored, err)
		}
		want := []string{tickets.NoticeReturnApprovedPaid, tickets.NoticeReturnFeeAccepted, tickets.NoticeReturnShipped}
		if keys := noticeKeys(t, pool, tk.ID); !slices.Equal(keys, want) {
			t.Errorf("notices %v, want %v", keys, want)
		}
	})

	t.Run("declined", func(t *testing.T) {
		tk, r := approvedReturn(t, s, 32003, tickets.ReturnKindRepair, paid)
		r, err := s.DeclineFee(ctx, r.RMA, customerOf(tk))
		if err != nil || r.State != tickets.ReturnCancelled || r.FeeAccepted || r.FeeDecided.At.IsZero() || r.Ended.By != customerOf(tk) {
			t.Fatalf("DeclineFee = %+v, %v", r, err)
		}
		stored, err := s.GetReturn(ctx, r.RMA)
		if err != nil || stored.FeeAccepted || stored.FeeDecided.At.IsZero() || stored.FeePending() {
			t.Errorf("stored = %+v, %v", stored, err)
		}
		if w := waitingJobs(returnJobs(t, pool, r.ID)); len(w) != 0 {
			t.Errorf("reminders still waiting for a declined repair: %+v", w)
		}
		events := returnEvents(t, s, tk.Ref)
		last := events[len(events)-1]
		if last.Kind != "return_fee_declined" || last.Actor != customerOf(tk) || last.Data["to"] != "cancelled" {
			t.Errorf("last event %+v", last)
		}
		want := []string{tickets.NoticeReturnApprovedPaid, tickets.NoticeReturnFeeDeclined}
		if keys := noticeKeys(t, pool, tk.ID); !slices.Equal(keys, want) {
			t.Errorf("notices %v, want %v", keys, want)
		}
		if _, err := s.RecordShipped(ctx, r.RMA, tickets.Shipment{Tracking: "YT2"}, customerOf(tk)); !errors.Is(err, tickets.ErrReturnState) {
			t.Errorf("sent after declining: %v", err)
		}
	})
}

// Malformed requests are refused before anything changes.
func TestReturnInvalidRequests(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newStore(t)
	_, r := startReturn(t, s, 35001, tickets.ReturnKindRefund)
	bad := map[string]func(a *tickets.ReturnApproval){
		"no instructions": func(a *tickets.ReturnApproval) { a.Instructions = "  " },
		"no language":     func(a *tickets.ReturnApproval) { a.Lang = "" },
		"no payer":        func(a *tickets.ReturnApproval) { a.Freight.Payer = "" },
		"postage refunded to payer": func(a *tickets.ReturnApproval) {
			a.Freight = tickets.Freight{Payer: tickets.PayerCustomer, PostageRefunded: true}
		},
		"past deadline":             func(a *tickets.ReturnApproval) { a.Deadline = filedAt.Add(-time.Minute) },
		"fee without a currency":    func(a *tickets.ReturnApproval) { a.Fee = tickets.Fee{Cents: 100} },
		"instructions far too long": func(a *tickets.ReturnApproval) { a.Instructions = string(make([]rune, 4001)) },
	}
	for name, change := range bad {
		a := instructions()
		change(&a)
		if _, err := s.ApproveReturn(ctx, r.RMA, a, ownerActor); !errors.Is(err, tickets.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
	r, err := s.ApproveReturn(ctx, r.RMA, instructions(), ownerActor)
	if err != nil {
		t.Fatal(err)
	}
	for name, sh := range map[string]tickets.Shipment{
		"nothing":         {Carrier: "SF"},
		"a voice receipt": {Receipt: []tickets.Media{{Kind: "voice", FileID: "v"}}},
		"a long number":   {Tracking: string(make([]byte, 101))},
	} {
		if _, err := s.RecordShipped(ctx, r.RMA, sh, staffActor); !errors.Is(err, tickets.ErrInvalid) {
			t.Errorf("shipped with %s: %v, want ErrInvalid", name, err)
		}
	}
	if _, err := s.RecordShipped(ctx, "RMA-ZZZ-ZZZ", tickets.Shipment{Tracking: "1"}, staffActor); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("shipped of no return: %v", err)
	}
	if _, err := s.RecordShipped(ctx, r.RMA, tickets.Shipment{Tracking: "1"}, tickets.Actor{Kind: tickets.ActorCustomer}); !errors.Is(err, tickets.ErrInvalid) {
		t.Errorf("shipped by a customer without an id: %v", err)
	}
	if _, err := s.ListReturns(ctx, tickets.ReturnFilter{State: "lost"}); !errors.Is(err, tickets.ErrInvalid) {
		t.Errorf("listing an unknown state: %v", err)
	}
}
