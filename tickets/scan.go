package tickets

import (
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/complaintbot/complaintbot/policy"
)

// ticketColumns are the columns every ticket query selects, in the order
// scanTicket reads them, line for line. A query in queries/*.sql writes
// {{ticket_columns}} in their place, or {{ticket_columns t}} to qualify each
// with the table alias t.
const ticketColumns = `id, ref, submission_id, status, priority,
	customer_chat_id, customer_user_id, customer_name, customer_username, customer_lang, phone,
	category, order_no, no_receipt, purchased, issue, description, outcome, verdict,
	arrange_by, check_at, answer_by,
	acknowledged_at, first_response_at, resolved_at, closed_at, assignee_user_id, assignee_name,
	reopened_at, urgent, resolution,
	created_at, updated_at`

// scanTicket reads one row of ticketColumns.
func (s *Store) scanTicket(row pgx.Row) (*Ticket, error) {
	var (
		t                              Ticket
		status                         string
		purchased                      pgtype.Date
		ackAt, firstAt, resAt, closeAt pgtype.Timestamptz
		reopenAt                       pgtype.Timestamptz
		assigneeID                     pgtype.Int8
		assigneeName                   pgtype.Text
	)
	err := row.Scan(&t.ID, &t.Ref, &t.SubmissionID, &status, &t.Priority,
		&t.CustomerChatID, &t.CustomerUserID, &t.CustomerName, &t.CustomerUsername, &t.CustomerLang, &t.Phone,
		&t.Category, &t.OrderNo, &t.NoReceipt, &purchased, &t.Issue, &t.Description, &t.Outcome, &t.Verdict,
		&t.ArrangeBy, &t.CheckAt, &t.AnswerBy,
		&ackAt, &firstAt, &resAt, &closeAt, &assigneeID, &assigneeName,
		&reopenAt, &t.Urgent, &t.Resolution,
		&t.CreatedAt, &t.UpdatedAt)
	if err != nil {
		return nil, err
	}
	t.Status = Status(status)
	t.Verdict = verdictIn(t.Verdict, s.loc)
	if purchased.Valid {
		y, m, d := purchased.Time.Date()
		t.Purchased = time.Date(y, m, d, 0, 0, 0, 0, s.loc)
	}
	t.ArrangeBy, t.CheckAt, t.AnswerBy = t.ArrangeBy.In(s.loc), t.CheckAt.In(s.loc), t.AnswerBy.In(s.loc)
	t.AcknowledgedAt, t.FirstResponseAt = s.optTime(ackAt), s.optTime(firstAt)
	t.ResolvedAt, t.ClosedAt = s.optTime(resAt), s.optTime(closeAt)
	t.ReopenedAt = s.optTime(reopenAt)
	t.AssigneeUserID, t.AssigneeName = assigneeID.Int64, assigneeName.String
	t.CreatedAt, t.UpdatedAt = t.CreatedAt.In(s.loc), t.UpdatedAt.In(s.loc)
	return &t, nil
}

// scanTicketRow is scanTicket for pgx.CollectRows.
func (s *Store) scanTicketRow(row pgx.CollectableRow) (Ticket, error) {
	t, err := s.scanTicket(row)
	if err != nil {
		return Ticket{}, err
	}
	return *t, nil
}

// optTime turns a nullable timestamp into the zero time or a time in the
// shop's zone.
func (s *Store) optTime(ts pgtype.Timestamptz) time.Time {
	if !ts.Valid {
		return time.Time{}
	}
	return ts.Time.In(s.loc)
}

func scanAttachment(row pgx.CollectableRow) (Attachment, error) {
	var a Attachment
	err := row.Scan(&a.ID, &a.Position, &a.Kind, &a.FileID, &a.FileUniqueID, &a.MediaGroupID, &a.Caption)
	return a, err
}

func (s *Store) scanEvent(row pgx.CollectableRow) (Event, error) {
	var (
		e    Event
		kind string
	)
	err := row.Scan(&e.ID, &kind, &e.Actor.ID, &e.Kind, &e.Data, &e.At)
	e.Actor.Kind = ActorKind(kind)
	e.At = e.At.In(s.loc)
	return e, err
}

// scanMessage reads one row of the message columns every relay-log query
// selects, in MessageListByRef's order.
func (s *Store) scanMessage(row pgx.Row) (*Message, error) {
	var (
		m               Message
		dir, authorKind string
		editedAt        pgtype.Timestamptz
	)
	err := row.Scan(&m.ID, &m.TicketID, &dir, &authorKind, &m.Author.ID, &m.AuthorName, &m.Text, &m.Attachments,
		&m.ChatID, &m.MessageID, &m.ThreadID, &m.At,
		&m.CopyChatID, &m.CopyMessageIDs, &m.Delivery, &editedAt)
	if err != nil {
		return nil, err
	}
	m.Direction, m.Author.Kind = Direction(dir), ActorKind(authorKind)
	m.At, m.EditedAt = m.At.In(s.loc), s.optTime(editedAt)
	if len(m.CopyMessageIDs) == 0 {
		m.CopyMessageIDs = nil
	}
	return &m, nil
}

// scanMessageRow is scanMessage for pgx.CollectRows.
func (s *Store) scanMessageRow(row pgx.CollectableRow) (Message, error) {
	m, err := s.scanMessage(row)
	if err != nil {
		return Message{}, err
	}
	return *m, nil
}

// verdictIn returns v with its dates in loc, as the rest of a ticket's times.
func verdictIn(v policy.Verdict, loc *time.Location) policy.Verdict {
	if !v.ReturnUntil.IsZero() {
		v.ReturnUntil = v.ReturnUntil.In(loc)
	}
	if !v.WarrantyUntil.IsZero() {
		v.WarrantyUntil = v.WarrantyUntil.In(loc)
	}
	return v
}
