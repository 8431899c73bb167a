package tickets_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/tickets"
)

// staffGroup is the staff group's chat id in the tests.
const staffGroup = -1001234567890

// The first staff reply answers the ticket: it stamps the first response,
// gives the ticket to whoever replied, moves it to in_progress and queues
// the reply's delivery. The same Telegram message delivered again adds
// nothing and queues nothing.
func TestAddStaffReply(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	tk := file(t, s, 14001)
	runCardJobs(t, pool, tk.ID)
	clk.advance(time.Hour)

	reply := tickets.NewMessage{UserID: li.UserID, Text: "Could you send the receipt?", ChatID: staffGroup, MessageID: 500, ThreadID: 77}
	var first *tickets.Message
	for i := range 2 {
		msg, added, err := s.AddStaffReply(ctx, tk.ID, li, reply)
		if err != nil {
			t.Fatalf("AddStaffReply #%d: %v", i+1, err)
		}
		if added != (i == 0) {
			t.Errorf("AddStaffReply #%d: added %v", i+1, added)
		}
		if i == 0 {
			first = msg
		} else if msg.ID != first.ID {
			t.Errorf("redelivery returned row %d, want %d", msg.ID, first.ID)
		}
	}
	if first.Direction != tickets.DirectionOut || first.Delivery != tickets.DeliveryPending || first.TicketID != tk.ID ||
		first.AuthorName != "Li" || first.Author != li.Actor() || first.Text != reply.Text {
		t.Errorf("reply row = %+v", first)
	}
	if n := jobs(t, pool, "customer_relay", fmt.Sprintf(`{"message_id": %d}`, first.ID)); n != 1 {
		t.Errorf("%d relay jobs, want 1", n)
	}
	if n := cardJobs(t, pool, tk.ID); n != 1 {
		t.Errorf("%d card jobs, want 1", n)
	}
	got, err := s.Get(ctx, tk.Ref)
	if err != nil {
		t.Fatal(err)
	}
	answered := filedAt.Add(time.Hour)
	if got.Status != tickets.StatusInProgress || got.AssigneeUserID != li.UserID || got.AssigneeName != "Li" || !got.FirstResponseAt.Equal(answered) {
		t.Errorf("after the first reply: status %s, assignee %d %q, first response %v", got.Status, got.AssigneeUserID, got.AssigneeName, got.FirstResponseAt)
	}
	if len(got.Messages) != 1 {
		t.Errorf("%d messages, want 1", len(got.Messages))
	}
	if by, err := s.TicketByDeskMessage(ctx, staffGroup, 500); err != nil || by.ID != tk.ID {
		t.Errorf("TicketByDeskMessage(the reply) = %v, %v", by, err)
	}
	if kinds := eventKinds(t, s, tk.Ref); !slices.Equal(kinds, []string{"message", "assigned", "status"}) {
		t.Errorf("events %v", kinds)
	}

	// A second reply, by someone else, keeps the first answer and the assignee.
	runCardJobs(t, pool, tk.ID)
	clk.advance(time.Hour)
	if _, _, err := s.AddStaffReply(ctx, tk.ID, wang, tickets.NewMessage{Text: "Thanks!", ChatID: staffGroup, MessageID: 501}); err != nil {
		t.Fatal(err)
	}
	got, _ = s.GetByID(ctx, tk.ID)
	if got.AssigneeUserID != li.UserID || !got.FirstResponseAt.Equal(answered) {
		t.Errorf("after a second reply: assignee %d, first response %v", got.AssigneeUserID, got.FirstResponseAt)
	}
	if n := cardJobs(t, pool, tk.ID); n != 0 {
		t.Errorf("%d card jobs after a reply that changes nothing on the card, want 0", n)
	}

	if _, err := s.Resolve(ctx, tk.ID, li, "done"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AddStaffReply(ctx, tk.ID, li, tickets.NewMessage{Text: "one more", ChatID: staffGroup, MessageID: 502}); !errors.Is(err, tickets.ErrConflict) {
		t.Errorf("reply on a resolved ticket = %v, want ErrConflict", err)
	}
	if _, added, err := s.AddStaffReply(ctx, tk.ID, li, reply); err != nil || added {
		t.Errorf("redelivered reply on a resolved ticket = %v, added %v; want the old row", err, added)
	}
	if _, _, err := s.AddStaffReply(ctx, tk.ID+1000, li, reply); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("reply on a missing ticket = %v, want ErrNotFound", err)
	}
}

// A note is kept, never sent, once per Telegram message.
func TestAddNote(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	tk := file(t, s, 14101)
	note := tickets.NewMessage{Text: "customer called, wants a refund", ChatID: staffGroup, MessageID: 600}
	for i := range 2 {
		added, err := s.AddNote(ctx, tk.ID, wang, note)
		if err != nil || added != (i == 0) {
			t.Fatalf("AddNote #%d = %v, %v", i+1, added, err)
		}
	}
	got, err := s.Get(ctx, tk.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Messages) != 1 || got.Messages[0].Direction != tickets.DirectionInternal || got.Messages[0].Delivery != tickets.DeliveryDelivered {
		t.Fatalf("messages = %+v", got.Messages)
	}
	if got.Status != tickets.StatusNew || got.AssigneeUserID != 0 || !got.FirstResponseAt.IsZero() {
		t.Errorf("a note answered the ticket: %s %d %v", got.Status, got.AssigneeUserID, got.FirstResponseAt)
	}
	if n := count(t, pool, "SELECT count(*) FROM river_job WHERE kind IN ('customer_relay', 'desk_relay')"); n != 0 {
		t.Errorf("%d relay jobs for a note, want 0", n)
	}
	if by, err := s.TicketByDeskMessage(ctx, staffGroup, 600); err != nil || by.ID != tk.ID {
		t.Errorf("TicketByDeskMessage(the note) = %v, %v", by, err)
	}
	if kinds := eventKinds(t, s, tk.Ref); !slices.Equal(kinds, []string{"note"}) {
		t.Errorf("events %v, want [note]", kinds)
	}
	if _, err := s.AddNote(ctx, tk.ID+1000, wang, note); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("note on a missing ticket = %v, want ErrNotFound", err)
	}
}

// A customer's message to an open ticket is relayed to the desk, once; one
// to a ticket waiting for them puts it back in progress; one to a resolved
// ticket is held, not relayed.
func TestCustomerMessageRelay(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	tk := file(t, s, 14201)
	m := tickets.NewMessage{UserID: 14201, Text: "hello?", ChatID: 14201, MessageID: 10}
	for range 2 {
		if _, _, err := s.AddCustomerMessage(ctx, tk.ID, m); err != nil {
			t.Fatal(err)
		}
	}
	if n := jobs(t, pool, "desk_relay", "{}"); n != 1 {
		t.Errorf("%d desk relay jobs, want 1", n)
	}

	if _, _, err := s.AddStaffReply(ctx, tk.ID, li, tickets.NewMessage{Text: "size?", ChatID: staffGroup, MessageID: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.NeedInfo(ctx, tk.ID, li); err != nil {
		t.Fatal(err)
	}
	runCardJobs(t, pool, tk.ID)
	m.MessageID, m.Text = 11, "size M"
	msg, added, err := s.AddCustomerMessage(ctx, tk.ID, m)
	if err != nil || !added || msg.Delivery != tickets.DeliveryPending {
		t.Fatalf("AddCustomerMessage = %+v, %v, %v", msg, added, err)
	}
	got, _ := s.GetByID(ctx, tk.ID)
	if got.Status != tickets.StatusInProgress {
		t.Errorf("status after the customer answered = %s, want in_progress", got.Status)
	}
	if n := cardJobs(t, pool, tk.ID); n != 1 {
		t.Errorf("%d card jobs, want 1", n)
	}

	if _, err := s.Resolve(ctx, tk.ID, li, "sent size M"); err != nil {
		t.Fatal(err)
	}
	m.MessageID, m.Text = 12, "thanks, but"
	msg, added, err = s.AddCustomerMessage(ctx, tk.ID, m)
	if err != nil || !added || msg.Delivery != tickets.DeliveryHeld {
		t.Fatalf("message to a resolved ticket = %+v, %v, %v; want held", msg, added, err)
	}
	if n := jobs(t, pool, "desk_relay", fmt.Sprintf(`{"message_id": %d}`, msg.ID)); n != 0 {
		t.Errorf("a held message was queued for relay")
	}
	if got, _ := s.GetByID(ctx, tk.ID); got.Status != tickets.StatusResolved {
		t.Errorf("status = %s, want resolved still", got.Status)
	}
}

// An edited staff reply changes its row and keeps the copies to edit; a
// message that is no staff reply is not found.
func TestEditStaffReply(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newStore(t)
	tk := file(t, s, 14301)
	msg, _, err := s.AddStaffReply(ctx, tk.ID, li, tickets.NewMessage{Text: "Monday", ChatID: staffGroup, MessageID: 700})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.MarkDelivered(ctx, msg.ID, 14301, []int64{9001}); err != nil {
		t.Fatal(err)
	}
	edited, err := s.EditStaffReply(ctx, staffGroup, 700, "Tuesday")
	if err != nil {
		t.Fatal(err)
	}
	if edited.ID != msg.ID || edited.Text != "Tuesday" || !edited.EditedAt.Equal(filedAt) ||
		edited.CopyChatID != 14301 || !slices.Equal(edited.CopyMessageIDs, []int64{9001}) || edited.Delivery != tickets.DeliveryDelivered {
		t.Errorf("edited = %+v", edited)
	}
	if _, err := s.AddNote(ctx, tk.ID, li, tickets.NewMessage{Text: "n", ChatID: staffGroup, MessageID: 701}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EditStaffReply(ctx, staffGroup, 701, "note edited"); err != nil {
		t.Errorf("editing a note: %v", err)
	}
	if _, _, err := s.AddCustomerMessage(ctx, tk.ID, tickets.NewMessage{UserID: 14301, Text: "hi", ChatID: 14301, MessageID: 702}); err != nil {
		t.Fatal(err)
	}
	for _, id := range [][2]int64{{staffGroup, 999}, {14301, 702}, {14301, 700}} {
		if _, err := s.EditStaffReply(ctx, id[0], id[1], "x"); !errors.Is(err, tickets.ErrNotFound) {
			t.Errorf("EditStaffReply(%d, %d) = %v, want ErrNotFound", id[0], id[1], err)
		}
	}
	if kinds := eventKinds(t, s, tk.Ref); !slices.Equal(kinds, []string{"message", "assigned", "status", "message_edited", "note", "message_edited", "message"}) {
		t.Errorf("events %v", kinds)
	}
}

// Delivery bookkeeping: delivered with its copies, undeliverable with an event.
func TestMarkDelivery(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newStore(t)
	tk := file(t, s, 14401)
	msg, _, err := s.AddStaffReply(ctx, tk.ID, li, tickets.NewMessage{Text: "hi", ChatID: staffGroup, MessageID: 800})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.MarkUndeliverable(ctx, msg.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.Message(ctx, msg.ID)
	if err != nil || got.Delivery != tickets.DeliveryUndeliverable || got.TicketID != tk.ID {
		t.Errorf("Message = %+v, %v", got, err)
	}
	if kinds := eventKinds(t, s, tk.Ref); kinds[len(kinds)-1] != "message_undeliverable" {
		t.Errorf("events %v, want message_undeliverable last", kinds)
	}
	for _, err := range []error{
		s.MarkDelivered(ctx, msg.ID+1000, 1, nil),
		s.MarkUndeliverable(ctx, msg.ID+1000),
		func() error { _, err := s.Message(ctx, msg.ID+1000); return err }(),
	} {
		if !errors.Is(err, tickets.ErrNotFound) {
			t.Errorf("missing row: %v, want ErrNotFound", err)
		}
	}
}
