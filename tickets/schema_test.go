package tickets_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/tickets"
)

// The database itself refuses what the code must never write: an unknown
// status, a malformed reference, an edited audit event.
func TestSchemaGuards(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	tk, _, err := s.File(ctx, newTicket(7001))
	if err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{
		"UPDATE tickets SET status = 'lost' WHERE id = $1",
		"UPDATE tickets SET ref = 'K0O-1IX' WHERE id = $1",
		"UPDATE ticket_events SET kind = 'forged' WHERE ticket_id = $1",
		"INSERT INTO ticket_attachments (ticket_id, position, kind, file_id) VALUES ($1, 9, 'sticker', 'x')",
		"INSERT INTO ticket_attachments (ticket_id, position, kind, file_id) VALUES ($1, 0, 'photo', 'again')",
	} {
		if _, err := pool.Exec(ctx, sql, tk.ID); err == nil {
			t.Errorf("%s: accepted", sql)
		}
	}
}

// Every ticket query selects the columns scanTicket reads, in its order: a
// ticket whose columns all hold different values reads back field for field,
// through plain and alias-qualified queries alike, so two columns swapped in
// the list (or in the scan) show here.
func TestTicketColumnsRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	tk, _, err := s.File(ctx, newTicket(7101))
	if err != nil {
		t.Fatal(err)
	}
	at := func(h int) time.Time { return time.Date(2026, 3, 1, h, 0, 0, 0, shopZone) }
	want := tickets.Ticket{
		ID: tk.ID, Ref: "RTW-XYZ", SubmissionID: "sub-rt", Status: tickets.StatusAwaitingCustomer, Priority: 2,
		CustomerChatID: 91001, CustomerUserID: 91002, CustomerName: "name", CustomerUsername: "username",
		CustomerLang: "lang", Phone: "phone",
		Category: "category", OrderNo: "order", NoReceipt: true, Purchased: time.Date(2026, 1, 2, 0, 0, 0, 0, shopZone),
		Issue: "issue", Description: "description", Outcome: "outcome",
		ArrangeBy: at(1), CheckAt: at(2), AnswerBy: at(3),
		AcknowledgedAt: at(4), FirstResponseAt: at(5), ResolvedAt: at(6), ClosedAt: at(7),
		AssigneeUserID: 91003, AssigneeName: "assignee",
		ReopenedAt: at(8), Urgent: false, Resolution: "resolution",
		CreatedAt: at(9), UpdatedAt: at(10),
	}
	_, err = pool.Exec(ctx, `UPDATE tickets SET
		ref = $2, submission_id = $3, status = $4, priority = $5,
		customer_chat_id = $6, customer_user_id = $7, customer_name = $8, customer_username = $9, customer_lang = $10, phone = $11,
		category = $12, order_no = $13, no_receipt = $14, purchased = $15, issue = $16, description = $17, outcome = $18, verdict = '{}',
		arrange_by = $19, check_at = $20, answer_by = $21,
		acknowledged_at = $22, first_response_at = $23, resolved_at = $24, closed_at = $25, assignee_user_id = $26, assignee_name = $27,
		reopened_at = $28, urgent = $29, resolution = $30,
		created_at = $31, updated_at = $32
		WHERE id = $1`,
		want.ID, want.Ref, want.SubmissionID, string(want.Status), want.Priority,
		want.CustomerChatID, want.CustomerUserID, want.CustomerName, want.CustomerUsername, want.CustomerLang, want.Phone,
		want.Category, want.OrderNo, want.NoReceipt, "2026-01-02", want.Issue, want.Description, want.Outcome,
		want.ArrangeBy, want.CheckAt, want.AnswerBy,
		want.AcknowledgedAt, want.FirstResponseAt, want.ResolvedAt, want.ClosedAt, want.AssigneeUserID, want.AssigneeName,
		want.ReopenedAt, want.Urgent, want.Resolution,
		want.CreatedAt, want.UpdatedAt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, "INSERT INTO ticket_threads (ticket_id, chat_id, thread_id) VALUES ($1, -100, 55)", want.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, "INSERT INTO desk_messages (chat_id, message_id, ticket_id) VALUES (-100, 56, $1)", want.ID); err != nil {
		t.Fatal(err)
	}

	read := map[string]func() (*tickets.Ticket, error){
		"Get":     func() (*tickets.Ticket, error) { return s.Get(ctx, want.Ref) },
		"GetByID": func() (*tickets.Ticket, error) { return s.GetByID(ctx, want.ID) },
		"List": func() (*tickets.Ticket, error) {
			list, err := s.List(ctx, tickets.ListFilter{CustomerChatID: want.CustomerChatID})
			if err != nil || len(list) != 1 {
				return nil, fmt.Errorf("%d tickets, %v", len(list), err)
			}
			return &list[0], nil
		},
		"DeskList": func() (*tickets.Ticket, error) {
			list, err := s.DeskList(ctx, tickets.DeskFilter{AssigneeID: want.AssigneeUserID})
			if err != nil || len(list) != 1 {
				return nil, fmt.Errorf("%d tickets, %v", len(list), err)
			}
			return &list[0], nil
		},
		"TicketByThread":      func() (*tickets.Ticket, error) { return s.TicketByThread(ctx, -100, 55) },
		"TicketByDeskMessage": func() (*tickets.Ticket, error) { return s.TicketByDeskMessage(ctx, -100, 56) },
	}
	wantJSON, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range read {
		got, err := f()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		got.Attachments, got.Events, got.Messages = nil, nil, nil
		gotJSON, err := json.Marshal(got)
		if err != nil {
			t.Fatal(err)
		}
		if string(gotJSON) != string(wantJSON) {
			t.Errorf("%s read\n%s\nwant\n%s", name, gotJSON, wantJSON)
		}
	}
}
