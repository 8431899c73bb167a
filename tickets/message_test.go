package tickets_test

import (
	"context"
	"errors"
	"testing"

	"github.com/complaintbot/complaintbot/tickets"
)

// A customer's message lands in the relay log with its attachments and
// Telegram ids; the same Telegram message delivered again is not added twice.
func TestAddCustomerMessage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newStore(t)
	tk, _, err := s.File(ctx, newTicket(6001))
	if err != nil {
		t.Fatal(err)
	}
	m := tickets.NewMessage{
		UserID: 6001, AuthorName: "Li Wei", Text: "one more photo <i>here</i>",
		Attachments: []tickets.Media{{Kind: "photo", FileID: "f9", FileUniqueID: "u9"}},
		ChatID:      6001, MessageID: 42,
	}
	for range 2 {
		if _, _, err := s.AddCustomerMessage(ctx, tk.ID, m); err != nil {
			t.Fatalf("AddCustomerMessage: %v", err)
		}
	}
	text := m
	text.MessageID, text.Attachments, text.Text = 43, nil, "and a note"
	if _, _, err := s.AddCustomerMessage(ctx, tk.ID, text); err != nil {
		t.Fatal(err)
	}

	got, err := s.Get(ctx, tk.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Messages) != 2 {
		t.Fatalf("%d messages, want 2 (the redelivered one once): %+v", len(got.Messages), got.Messages)
	}
	first := got.Messages[0]
	if first.Direction != tickets.DirectionIn || first.Text != m.Text || first.MessageID != 42 || first.ChatID != 6001 ||
		first.Author != (tickets.Actor{Kind: tickets.ActorCustomer, ID: 6001}) ||
		len(first.Attachments) != 1 || first.Attachments[0] != m.Attachments[0] || !first.At.Equal(filedAt) {
		t.Errorf("first message = %+v", first)
	}
	if got.Messages[1].Text != "and a note" || len(got.Messages[1].Attachments) != 0 {
		t.Errorf("second message = %+v", got.Messages[1])
	}
	var msgEvents int
	for _, e := range got.Events {
		if e.Kind == "message" {
			msgEvents++
			if _, leaked := e.Data["text"]; leaked {
				t.Error("a message event holds the message's text")
			}
		}
	}
	if msgEvents != 2 {
		t.Errorf("%d message events, want 2", msgEvents)
	}
	if _, _, err := s.AddCustomerMessage(ctx, tk.ID+1000, m); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("AddCustomerMessage to a missing ticket = %v, want ErrNotFound", err)
	}
}
