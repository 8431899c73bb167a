package tickets_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/complaintbot/complaintbot/tickets"
)

// An owner refuses a return, requested or approved, for one of the policy's
// exclusions; the customer hears why and what is still open. Nobody else
// may, and a return on its way may not be refused.
func TestRefuseReturn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	refusal := tickets.ReturnRefusal{Exclusion: "washed", Reason: "The label shows it was washed.", Alternatives: []string{"repair"}}

	tk, r := startReturn(t, s, 33001, tickets.ReturnKindRefund)
	for _, by := range []tickets.Actor{staffActor, customerOf(tk)} {
		_, err := s.RefuseReturn(ctx, r.RMA, refusal, by)
		var re *tickets.ReturnError
		if !errors.As(err, &re) || !errors.Is(err, tickets.ErrReturnNotAllowed) || !slices.Equal(re.Roles, []tickets.ActorKind{tickets.ActorOwner}) {
			t.Errorf("%s refusing = %v, want only owners", by.Kind, err)
		}
	}
	if _, err := s.RefuseReturn(ctx, r.RMA, tickets.ReturnRefusal{Reason: "no"}, ownerActor); !errors.Is(err, tickets.ErrInvalid) {
		t.Errorf("a refusal without an exclusion = %v", err)
	}
	r, err := s.RefuseReturn(ctx, r.RMA, refusal, ownerActor)
	if err != nil || r.State != tickets.ReturnRefused || r.RefusalExclusion != "washed" || r.RefusalReason != refusal.Reason || r.Ended.By != ownerActor {
		t.Fatalf("RefuseReturn = %+v, %v", r, err)
	}
	n := noticesOf(t, pool, tk.ID)
	if len(n) != 1 || n[0].Key != tickets.NoticeReturnRefused || n[0].Params["exclusion"] != "washed" ||
		n[0].Params["reason"] != refusal.Reason || n[0].Params["alternatives"] != "repair" {
		t.Errorf("refusal notices %+v", n)
	}

	tk2, approved := approvedReturn(t, s, 33002, tickets.ReturnKindExchange, instructions())
	refusal.Exclusion, refusal.Alternatives = "clearance", nil
	if _, err := s.RefuseReturn(ctx, approved.RMA, refusal, ownerActor); err != nil {
		t.Fatalf("refusing an approved return: %v", err)
	}
	if w := waitingJobs(returnJobs(t, pool, approved.ID)); len(w) != 0 {
		t.Errorf("reminders still waiting for a refused return: %+v", w)
	}
	if n := noticesOf(t, pool, tk2.ID); n[len(n)-1].Params["alternatives"] != "" {
		t.Errorf("alternatives %q, want none", n[len(n)-1].Params["alternatives"])
	}

	_, shipped := approvedReturn(t, s, 33003, tickets.ReturnKindRefund, instructions())
	if _, err := s.RecordShipped(ctx, shipped.RMA, tickets.Shipment{Tracking: "1"}, staffActor); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RefuseReturn(ctx, shipped.RMA, refusal, ownerActor); !errors.Is(err, tickets.ErrReturnState) {
		t.Errorf("refusing a shipped return = %v, want ErrReturnState", err)
	}
}

// Every owner-only step is refused for staff and for the customer through
// the store, and changes nothing: no event, no notice, the same state.
func TestReturnOwnerOnlySteps(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	type step func(rma string, by tickets.Actor) error
	wrap := func(f func(rma string, by tickets.Actor) (*tickets.Return, error)) step {
		return func(rma string, by tickets.Actor) error { _, err := f(rma, by); return err }
	}
	steps := map[string]struct {
		state tickets.ReturnState // the state the return is brought to first
		do    step
	}{
		"approve": {tickets.ReturnRequested, wrap(func(rma string, by tickets.Actor) (*tickets.Return, error) {
			return s.ApproveReturn(ctx, rma, instructions(), by)
		})},
		"refuse": {tickets.ReturnRequested, wrap(func(rma string, by tickets.Actor) (*tickets.Return, error) {
			return s.RefuseReturn(ctx, rma, tickets.ReturnRefusal{Exclusion: "washed"}, by)
		})},
		"cancel": {tickets.ReturnApproved, wrap(func(rma string, by tickets.Actor) (*tickets.Return, error) {
			return s.CancelReturn(ctx, rma, by)
		})},
		"extend": {tickets.ReturnApproved, wrap(func(rma string, by tickets.Actor) (*tickets.Return, error) {
			return s.ExtendReturn(ctx, rma, defaultDeadline.AddDate(0, 0, 3), by)
		})},
		"refund": {tickets.ReturnReceived, wrap(func(rma string, by tickets.Actor) (*tickets.Return, error) {
			return s.CompleteReturn(ctx, rma, tickets.ReturnRefunded, by)
		})},
		"close": {tickets.ReturnRefunded, wrap(func(rma string, by tickets.Actor) (*tickets.Return, error) {
			return s.CloseReturn(ctx, rma, by)
		})},
		"receive (staff may)": {tickets.ReturnShipped, wrap(func(rma string, by tickets.Actor) (*tickets.Return, error) {
			return s.RecordReceived(ctx, rma, tickets.Inspection{Result: tickets.InspectionAsDescribed}, by)
		})},
	}
	chat := int64(34000)
	for name, st := range steps {
		chat++
		tk, r := startReturn(t, s, chat, tickets.ReturnKindRefund)
		bringTo(t, s, tk, r, st.state)
		before := len(returnEvents(t, s, tk.Ref))
		notices := len(noticesOf(t, pool, tk.ID))
		for _, by := range []tickets.Actor{staffActor, customerOf(tk)} {
			if by.Kind == tickets.ActorStaff && name == "receive (staff may)" {
				continue
			}
			if err := st.do(r.RMA, by); !errors.Is(err, tickets.ErrReturnNotAllowed) {
				t.Errorf("%s by %s = %v, want ErrReturnNotAllowed", name, by.Kind, err)
			}
		}
		got, err := s.GetReturn(ctx, r.RMA)
		if err != nil || got.State != st.state {
			t.Errorf("%s refused: the return is %v (%v), want %s", name, got.State, err, st.state)
		}
		if n := len(returnEvents(t, s, tk.Ref)); n != before {
			t.Errorf("%s refused: %d events, want %d", name, n, before)
		}
		if n := len(noticesOf(t, pool, tk.ID)); n != notices {
			t.Errorf("%s refused: %d notices, want %d", name, n, notices)
		}
		if err := st.do(r.RMA, ownerActor); err != nil {
			t.Errorf("%s by the owner: %v", name, err)
		}
	}
}

// bringTo takes a requested refund return r to state, the usual way.
func bringTo(t testing.TB, s *tickets.Store, tk *tickets.Ticket, r *tickets.Return, state tickets.ReturnState) {
	t.Helper()
	ctx := context.Background()
	path := []func() (*tickets.Return, error){
		func() (*tickets.Return, error) { return s.ApproveReturn(ctx, r.RMA, instructions(), ownerActor) },
		func() (*tickets.Return, error) {
			return s.RecordShipped(ctx, r.RMA, tickets.Shipment{Tracking: "T1"}, customerOf(tk))
		},
		func() (*tickets.Return, error) {
			return s.RecordReceived(ctx, r.RMA, tickets.Inspection{Result: tickets.InspectionAsDescribed}, staffActor)
		},
		func() (*tickets.Return, error) {
			return s.CompleteReturn(ctx, r.RMA, tickets.ReturnRefunded, ownerActor)
		},
	}
	cur := r
	for _, next := range path {
		if cur.State == state {
			return
		}
		var err error
		if cur, err = next(); err != nil {
			t.Fatalf("bring %s to %s: %v", r.RMA, state, err)
		}
	}
	if cur.State != state {
		t.Fatalf("bring %s to %s: it is %s", r.RMA, state, cur.State)
	}
}
