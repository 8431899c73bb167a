package tickets

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/riverqueue/river"
)

// refAttempts bounds the draws of a fresh reference when one is taken. With
// a billion references a second collision in a row is all but impossible.
const refAttempts = 5

// File files a confirmed complaint: the ticket, its attachments, the "filed"
// event, the acknowledgement job (AckArgs), the job that puts its card in
// the staff group (DeskCardArgs), its service-level timers (SLAArgs) and,
// with EndsDraft, the end of the chat's draft, in one transaction, so a
// crash at any point leaves either all of it or none, and a committed
// ticket is always acknowledged.
//
// Filing is idempotent on SubmissionID: a double Confirm, a redelivered
// update or a retry after a crash returns the ticket filed the first time,
// with created false, and inserts no second job. The error wraps ErrInvalid
// for a submission without an id or a chat, or with an attachment that is
// not a photo, video, document or voice message.
func (s *Store) File(ctx context.Context, nt NewTicket) (t *Ticket, created bool, err error) {
	if nt.SubmissionID == "" || nt.ChatID == 0 {
		return nil, false, fmt.Errorf("%w: ticket without a submission id or chat", ErrInvalid)
	}
	for i, m := range nt.Attachments {
		if !slices.Contains(mediaKinds(), m.Kind) || m.FileID == "" {
			return nil, false, fmt.Errorf("%w: attachment %d (kind %q): want a photo, video, document or voice message with a file id", ErrInvalid, i, m.Kind)
		}
	}
	for range refAttempts {
		ref, err := s.refs()
		if err != nil {
			return nil, false, err
		}
		t, created, err := s.fileOnce(ctx, nt, ref)
		if isUniqueViolation(err, "tickets_ref_key") {
			continue // the reference is taken: draw another
		}
		if err != nil {
			return nil, false, fmt.Errorf("tickets: file submission %s: %w", nt.SubmissionID, err)
		}
		if created {
			s.logger.InfoContext(ctx, "ticket filed", "ticket", t.ID, "ref", t.Ref, "chat", t.CustomerChatID)
		}
		return t, created, nil
	}
	return nil, false, fmt.Errorf("tickets: file submission %s: no free reference after %d draws", nt.SubmissionID, refAttempts)
}

// fileOnce runs the filing transaction with one reference: begin, one
// statement for ticket + attachments + event, the job, commit.
func (s *Store) fileOnce(ctx context.Context, nt NewTicket, ref string) (*Ticket, bool, error) {
	now := s.now()
	due := s.pol.Due(now)
	t := s.ticketFrom(nt, ref, now)
	t.ArrangeBy, t.CheckAt, t.AnswerBy = due.ArrangeBy.In(s.loc), due.CheckAt.In(s.loc), due.AnswerBy.In(s.loc)

	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("begin: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()

	var attachmentIDs []int64
	err = tx.QueryRow(ctx, s.q.TicketFile, fileArgs(t, nt.EndsDraft)).Scan(&t.ID, &attachmentIDs)
	if errors.Is(err, pgx.ErrNoRows) {
		// Filed before (perhaps by a delivery racing this one, whose
		// commit the insert waited for): return that ticket. The
		// statement wrote nothing but the draft's end, kept.
		if err := tx.Commit(ctx); err != nil {
			return nil, false, fmt.Errorf("commit: %w", err)
		}
		existing, err := s.getBySubmission(ctx, nt.SubmissionID)
		if err != nil {
			return nil, false, err
		}
		return existing, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("insert ticket: %w", err)
	}
	// The acknowledgement, the ticket's card in the staff group, its files
	// there and the first of its service-level timers, in one round trip.
	jobs := []river.InsertManyParams{{Args: AckArgs{TicketID: t.ID}}, {Args: DeskCardArgs{TicketID: t.ID}}}
	if len(t.Attachments) > 0 {
		jobs = append(jobs, river.InsertManyParams{Args: DeskFilesArgs{TicketID: t.ID}})
	}
	jobs = append(jobs, slaFirst(t, s.pol.Service.WarnBefore)...)
	if _, err := s.river.InsertManyTx(ctx, tx, jobs); err != nil {
		return nil, false, fmt.Errorf("insert acknowledgement, card, files and timer jobs: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, false, fmt.Errorf("commit: %w", err)
	}
	if len(attachmentIDs) != len(t.Attachments) {
		return nil, false, fmt.Errorf("stored %d of %d attachments", len(attachmentIDs), len(t.Attachments))
	}
	for i := range t.Attachments {
		t.Attachments[i].ID, t.Attachments[i].Position = attachmentIDs[i], i
	}
	return t, true, nil
}

// ticketFrom is the ticket nt becomes, before the database gives it an id.
func (s *Store) ticketFrom(nt NewTicket, ref string, now time.Time) *Ticket {
	t := &Ticket{
		Ref: ref, SubmissionID: nt.SubmissionID, Status: StatusNew,
		CustomerChatID: nt.ChatID, CustomerUserID: nt.UserID,
		CustomerName: strings.TrimSpace(nt.FirstName + " " + nt.LastName), CustomerUsername: nt.Username, CustomerLang: nt.Lang, Phone: nt.Phone,
		Category: nt.Category, OrderNo: nt.OrderNo, NoReceipt: nt.NoReceipt,
		Issue: string(nt.Issue), Description: nt.Description, Outcome: string(nt.Outcome),
		Verdict: verdictIn(nt.Verdict, s.loc), CreatedAt: now, UpdatedAt: now,
	}
	if !nt.Purchased.IsZero() {
		y, m, d := nt.Purchased.Date()
		t.Purchased = time.Date(y, m, d, 0, 0, 0, 0, s.loc)
	}
	for _, m := range nt.Attachments {
		t.Attachments = append(t.Attachments, Attachment{Media: m})
	}
	return t
}

// fileArgs are the TicketFile statement's parameters for t; endsDraft
// ends the chat's draft with it.
func fileArgs(t *Ticket, endsDraft bool) pgx.NamedArgs {
	n := len(t.Attachments)
	kinds, ids, uniq, groups, captions := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	for i, a := range t.Attachments {
		kinds[i], ids[i], uniq[i], groups[i], captions[i] = a.Kind, a.FileID, a.FileUniqueID, a.MediaGroupID, a.Caption
	}
	var purchased any // NULL when unknown
	if !t.Purchased.IsZero() {
		purchased = t.Purchased
	}
	return pgx.NamedArgs{
		"ref": t.Ref, "submission_id": t.SubmissionID, "priority": t.Priority,
		"chat_id": t.CustomerChatID, "user_id": t.CustomerUserID, "name": t.CustomerName,
		"username": t.CustomerUsername, "lang": t.CustomerLang, "phone": t.Phone,
		"category": t.Category, "order_no": t.OrderNo, "no_receipt": t.NoReceipt, "purchased": purchased,
		"issue": t.Issue, "description": t.Description, "outcome": t.Outcome, "verdict": t.Verdict,
		"arrange_by": t.ArrangeBy, "check_at": t.CheckAt, "answer_by": t.AnswerBy, "now": t.CreatedAt, "ends_draft": endsDraft,
		"kinds": kinds, "file_ids": ids, "file_unique_ids": uniq, "media_group_ids": groups, "captions": captions,
		"event_data": map[string]any{"submission_id": t.SubmissionID, "attachments": n, "outcome": t.Outcome},
	}
}

// isUniqueViolation reports whether err is PostgreSQL's unique_violation on
// the named constraint.
func isUniqueViolation(err error, constraint string) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == constraint
}
