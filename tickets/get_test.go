package tickets_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/complaintbot/complaintbot/tickets"
)

// The owner types a reference as they heard it: case and dashes do not
// matter; an unknown or malformed one is "not found".
func TestGetByTypedReference(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newStore(t)
	filed, _, err := s.File(ctx, newTicket(2001))
	if err != nil {
		t.Fatal(err)
	}
	typed := strings.ToLower(strings.ReplaceAll(filed.Ref, "-", " "))
	got, err := s.Get(ctx, typed)
	if err != nil || got.ID != filed.ID {
		t.Fatalf("Get(%q) = %v, %v; want ticket %d", typed, got, err, filed.ID)
	}
	for _, ref := range []string{"AAA-AAA", "OOO-000", "", "x"} {
		if ref == filed.Ref {
			continue
		}
		if _, err := s.Get(ctx, ref); !errors.Is(err, tickets.ErrNotFound) {
			t.Errorf("Get(%q) = %v, want ErrNotFound", ref, err)
		}
	}
}

func TestListFilters(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newStore(t)
	var ids []int64
	for _, chat := range []int64{3001, 3001, 3002} {
		tk, _, err := s.File(ctx, newTicket(chat))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tk.ID)
	}
	if err := s.SetStatus(ctx, ids[0], tickets.StatusInProgress, tickets.Actor{Kind: tickets.ActorStaff, ID: 7}, nil); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name string
		f    tickets.ListFilter
		want []int64
	}{
		{"all, newest first", tickets.ListFilter{}, []int64{ids[2], ids[1], ids[0]}},
		{"by status", tickets.ListFilter{Status: tickets.StatusNew}, []int64{ids[2], ids[1]}},
		{"by customer", tickets.ListFilter{CustomerChatID: 3001}, []int64{ids[1], ids[0]}},
		{"both", tickets.ListFilter{Status: tickets.StatusInProgress, CustomerChatID: 3001}, []int64{ids[0]}},
		{"limit", tickets.ListFilter{Limit: 1}, []int64{ids[2]}},
		{"none", tickets.ListFilter{Status: tickets.StatusClosed}, nil},
	} {
		list, err := s.List(ctx, tc.f)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var got []int64
		for _, tk := range list {
			got = append(got, tk.ID)
		}
		if len(got) != len(tc.want) || (len(got) > 0 && !equalIDs(got, tc.want)) {
			t.Errorf("%s: List = %v, want %v", tc.name, got, tc.want)
		}
	}
	if _, err := s.List(ctx, tickets.ListFilter{Status: "lost"}); !errors.Is(err, tickets.ErrInvalid) {
		t.Errorf("List(status lost) = %v, want ErrInvalid", err)
	}
}

func equalIDs(a, b []int64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A message sent outside a dialogue goes to the customer's most recent open
// ticket; resolved and closed tickets are not open.
func TestOpenForCustomer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newStore(t)
	staff := tickets.Actor{Kind: tickets.ActorStaff, ID: 7}

	if _, err := s.OpenForCustomer(ctx, 4001); !errors.Is(err, tickets.ErrNotFound) {
		t.Fatalf("OpenForCustomer with no tickets = %v, want ErrNotFound", err)
	}
	older, _, err := s.File(ctx, newTicket(4001))
	if err != nil {
		t.Fatal(err)
	}
	newer, _, err := s.File(ctx, newTicket(4001))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.File(ctx, newTicket(4002)); err != nil {
		t.Fatal(err)
	}
	got, err := s.OpenForCustomer(ctx, 4001)
	if err != nil || got.ID != newer.ID {
		t.Fatalf("OpenForCustomer = %v, %v; want the newer ticket %d", got, err, newer.ID)
	}
	if err := s.SetStatus(ctx, newer.ID, tickets.StatusClosed, staff, nil); err != nil {
		t.Fatal(err)
	}
	got, err = s.OpenForCustomer(ctx, 4001)
	if err != nil || got.ID != older.ID {
		t.Fatalf("after closing the newer: OpenForCustomer = %v, %v; want %d", got, err, older.ID)
	}
	for _, to := range []tickets.Status{tickets.StatusInProgress, tickets.StatusResolved} {
		if err := s.SetStatus(ctx, older.ID, to, staff, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.OpenForCustomer(ctx, 4001); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("with every ticket resolved or closed: OpenForCustomer = %v, want ErrNotFound", err)
	}
}
