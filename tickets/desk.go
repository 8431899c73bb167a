package tickets

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Thread is where a ticket lives in the staff group: its forum topic
// (ThreadID; 0 in a plain group, where the card message is the thread's
// root), the card, and the customer's files posted under it.
type Thread struct {
	TicketID, ChatID, ThreadID, CardMessageID int64
	MediaMessageIDs                           []int64
	TopicName                                 string
	TopicClosed                               bool
	// CardHash is what the card last showed, so an unchanged card is not
	// edited again.
	CardHash string
}

// Thread returns the ticket's thread in the staff group. The error wraps
// ErrNotFound when the ticket has none yet (or does not exist).
func (s *Store) Thread(ctx context.Context, ticketID int64) (*Thread, error) {
	th, err := scanThread(s.pool.QueryRow(ctx, s.q.ThreadGet, ticketID))
	if isNoRows(err) {
		return nil, fmt.Errorf("tickets: thread of ticket %d: %w", ticketID, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("tickets: thread of ticket %d: %w", ticketID, err)
	}
	return th, nil
}

func scanThread(row pgx.Row) (*Thread, error) {
	var th Thread
	err := row.Scan(&th.TicketID, &th.ChatID, &th.ThreadID,
		&th.CardMessageID, &th.MediaMessageIDs, &th.TopicName, &th.TopicClosed, &th.CardHash)
	if err != nil {
		return nil, err
	}
	if len(th.MediaMessageIDs) == 0 {
		th.MediaMessageIDs = nil
	}
	return &th, nil
}

// DeskState is what the staff group shows of a ticket, as one read saw it.
type DeskState struct {
	// Ticket comes with its attachments, events and messages.
	Ticket *Ticket
	// Thread is the ticket's place in the group; nil before it has one.
	Thread *Thread
	// Return is the ticket's return under way, else its latest; nil when
	// it has none.
	Return *Return
	// FilesQueued says that the job posting the ticket's files into the
	// thread is queued or running (see DeskFilesArgs).
	FilesQueued bool
	// CardPosting says that a card job of the ticket is running: to an
	// edit job that finds no card, that the card is on its way.
	CardPosting bool
}

// DeskState reads the ticket with id, its thread, its return and whether
// its files job is under way, in one round trip: what a desk job needs to
// bring the ticket's thread up to date. It reads them once every change
// that counted on a waiting card job has ended (see enqueueCard). The
// error wraps ErrNotFound when there is no such ticket.
func (s *Store) DeskState(ctx context.Context, id int64) (*DeskState, error) {
	// First wait for the changes that counted on a waiting card job to show
	// them (see enqueueCard); the batch is one transaction, so the lock is
	// let go as it ends.
	return s.deskState(ctx, s.pool, id, s.q.DeskCardLock)
}

// batcher is a pool or a transaction.
type batcher interface {
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// deskState is DeskState on q, after the locks (queries taking the
// ticket's id) in the same batch.
func (s *Store) deskState(ctx context.Context, q batcher, id int64, locks ...string) (*DeskState, error) {
	var st DeskState
	b := &pgx.Batch{}
	for _, lock := range locks {
		b.Queue(lock, id)
	}
	t := s.queueTicket(b, id, byID(s.q))
	b.Queue(s.q.ThreadGet, id).QueryRow(func(row pgx.Row) error {
		th, err := scanThread(row)
		if isNoRows(err) {
			return nil
		}
		st.Thread = th
		return err
	})
	b.Queue(s.q.ReturnOfTicket, pgx.NamedArgs{"ticket_id": id, "open": openReturnStates()}).QueryRow(func(row pgx.Row) error {
		r, err := s.scanReturn(row)
		if isNoRows(err) {
			return nil
		}
		st.Return = r
		return err
	})
	b.Queue(s.q.DeskFilesJobUnfinished, DeskFilesArgs{}.Kind(), id).QueryRow(func(row pgx.Row) error {
		return row.Scan(&st.FilesQueued)
	})
	b.Queue(s.q.DeskCardJobRunning, DeskCardArgs{}.Kind(), id).QueryRow(func(row pgx.Row) error {
		return row.Scan(&st.CardPosting)
	})
	if err := q.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("tickets: desk state of ticket %d: %w", id, err)
	}
	if *t == nil {
		return nil, fmt.Errorf("tickets: desk state of ticket %d: %w", id, ErrNotFound)
	}
	st.Ticket = *t
	return &st, nil
}

// EditCard runs edit on the ticket's desk state (see DeskState) and
// records the thread edit returns (nil: nothing to record) as its card's
// hash, topic name and topic state (only if its topic and card are still
// the ones edit saw). Of every replica's edit workers, one at a time edits
// a ticket's card: EditCard holds the ticket's edit lock until edit has
// returned and the thread is recorded, so two edits of one card cannot
// cross and leave it showing the older. Changes to the ticket do not wait
// for it. edit's error is returned after the thread is recorded, so that a
// retry does not redo what was done. The error wraps ErrNotFound when
// there is no such ticket.
func (s *Store) EditCard(ctx context.Context, id int64, edit func(*DeskState) (*Thread, error)) (err error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("tickets: edit the card of ticket %d: %w", id, err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback(context.WithoutCancel(ctx))
		}
	}()
	st, err := s.deskState(ctx, tx, id, s.q.DeskCardEditLock, s.q.DeskCardBarrier)
	if err != nil {
		return err
	}
	th, editErr := edit(st)
	if th != nil {
		if _, err := tx.Exec(ctx, s.q.ThreadSaveCard, pgx.NamedArgs{
			"ticket_id": th.TicketID, "chat_id": th.ChatID, "thread_id": th.ThreadID,
			"card_message_id": th.CardMessageID, "card_hash": th.CardHash,
			"topic_name": th.TopicName, "topic_closed": th.TopicClosed, "now": s.now(),
		}); err != nil {
			return errors.Join(editErr, fmt.Errorf("tickets: record the card of ticket %d: %w", id, err))
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return errors.Join(editErr, fmt.Errorf("tickets: edit the card of ticket %d: %w", id, err))
	}
	return editErr
}

// SaveThreadFiles records the files posted into the ticket's thread th
// (its MediaMessageIDs) and notes them as the ticket's messages, leaving
// the card's record alone. The error wraps ErrNotFound when the ticket no
// longer has that thread.
func (s *Store) SaveThreadFiles(ctx context.Context, th Thread) error {
	media := th.MediaMessageIDs
	if media == nil {
		media = []int64{}
	}
	var id int64
	err := s.pool.QueryRow(ctx, s.q.ThreadSaveFiles, pgx.NamedArgs{
		"ticket_id": th.TicketID, "chat_id": th.ChatID, "thread_id": th.ThreadID,
		"media_message_ids": media, "now": s.now(),
	}).Scan(&id)
	switch {
	case isNoRows(err):
		return fmt.Errorf("tickets: save the files of ticket %d: %w", th.TicketID, ErrNotFound)
	case err != nil:
		return fmt.Errorf("tickets: save the files of ticket %d: %w", th.TicketID, err)
	}
	return nil
}

// CardGone records that th's card is gone from the staff group, and with
// topicGone its topic too, so that the desk queue posts them anew; nothing
// is written if the ticket's thread is no longer th (made again
// meanwhile).
func (s *Store) CardGone(ctx context.Context, th Thread, topicGone bool) error {
	_, err := s.pool.Exec(ctx, s.q.ThreadCardGone, pgx.NamedArgs{
		"ticket_id": th.TicketID, "chat_id": th.ChatID, "thread_id": th.ThreadID,
		"card_message_id": th.CardMessageID, "topic_gone": topicGone, "now": s.now(),
	})
	if err != nil {
		return fmt.Errorf("tickets: forget the card of ticket %d: %w", th.TicketID, err)
	}
	s.logger.InfoContext(ctx, "ticket card forgotten", "ticket", th.TicketID, "topic", topicGone)
	return nil
}

// SaveThread stores the ticket's thread as th says, replacing what was
// there, and records its card and file messages as the ticket's (see
// TicketByDeskMessage). The error wraps ErrNotFound when there is no such
// ticket, ErrInvalid without a chat, and ErrConflict when another ticket
// already has that forum topic.
func (s *Store) SaveThread(ctx context.Context, th Thread) error {
	if th.ChatID == 0 {
		return fmt.Errorf("tickets: save thread of ticket %d: %w: no chat", th.TicketID, ErrInvalid)
	}
	media := th.MediaMessageIDs
	if media == nil {
		media = []int64{}
	}
	var id int64
	err := s.pool.QueryRow(ctx, s.q.ThreadSave, pgx.NamedArgs{
		"ticket_id": th.TicketID, "chat_id": th.ChatID, "thread_id": th.ThreadID,
		"card_message_id": th.CardMessageID, "media_message_ids": media,
		"topic_name": th.TopicName, "topic_closed": th.TopicClosed, "card_hash": th.CardHash, "now": s.now(),
	}).Scan(&id)
	switch {
	case isNoRows(err):
		return fmt.Errorf("tickets: save thread of ticket %d: %w", th.TicketID, ErrNotFound)
	case isUniqueViolation(err, "ticket_threads_topic_idx"):
		return fmt.Errorf("tickets: save thread of ticket %d: %w: topic %d is another ticket's", th.TicketID, ErrConflict, th.ThreadID)
	case err != nil:
		return fmt.Errorf("tickets: save thread of ticket %d: %w", th.TicketID, err)
	}
	s.logger.InfoContext(ctx, "ticket thread saved", "ticket", th.TicketID, "chat", th.ChatID,
		"thread", th.ThreadID, "card", th.CardMessageID)
	return nil
}

// ForgetTopic records that the ticket's topic (or, in a plain group, its
// card) was deleted in Telegram: the thread keeps its chat but loses its
// topic, card and files, so the next card job posts them anew. The error
// wraps ErrNotFound when the ticket has no thread.
func (s *Store) ForgetTopic(ctx context.Context, ticketID int64) error {
	var id int64
	err := s.pool.QueryRow(ctx, s.q.ThreadForgetTopic, pgx.NamedArgs{"ticket_id": ticketID, "now": s.now()}).Scan(&id)
	if isNoRows(err) {
		return fmt.Errorf("tickets: forget topic of ticket %d: %w", ticketID, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("tickets: forget topic of ticket %d: %w", ticketID, err)
	}
	s.logger.InfoContext(ctx, "ticket topic forgotten", "ticket", ticketID)
	return nil
}

// NoteDeskMessage records messages of the staff group as the ticket's, so a
// reply to any of them finds it. A message recorded before keeps the ticket
// it had. The error wraps ErrNotFound when there is no such ticket.
func (s *Store) NoteDeskMessage(ctx context.Context, ticketID, chatID int64, messageIDs ...int64) error {
	if len(messageIDs) == 0 {
		return nil
	}
	if err := s.noteDeskMessages(ctx, s.pool, ticketID, chatID, messageIDs); err != nil {
		return fmt.Errorf("tickets: note desk messages of ticket %d: %w", ticketID, err)
	}
	return nil
}

// noteDeskMessages is NoteDeskMessage on q (a pool or a transaction).
func (s *Store) noteDeskMessages(ctx context.Context, q querier, ticketID, chatID int64, messageIDs []int64) error {
	var id int64
	err := q.QueryRow(ctx, s.q.DeskMessageAdd, pgx.NamedArgs{
		"ticket_id": ticketID, "chat_id": chatID, "message_ids": messageIDs,
	}).Scan(&id)
	if isNoRows(err) {
		return ErrNotFound
	}
	return err
}

// TicketByDeskMessage returns the ticket a message of the staff group
// belongs to (its card, a relayed message, a staff reply or note), without
// its children. The error wraps ErrNotFound when it belongs to none.
func (s *Store) TicketByDeskMessage(ctx context.Context, chatID, messageID int64) (*Ticket, error) {
	t, err := s.scanTicket(s.pool.QueryRow(ctx, s.q.TicketByDeskMessage, chatID, messageID))
	if isNoRows(err) {
		return nil, fmt.Errorf("tickets: ticket of message %d in chat %d: %w", messageID, chatID, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("tickets: ticket of message %d in chat %d: %w", messageID, chatID, err)
	}
	return t, nil
}

// TicketByThread returns the ticket whose forum topic threadID is in the
// staff group, without its children. The error wraps ErrNotFound when it is
// no ticket's (the General topic, 0, never is).
func (s *Store) TicketByThread(ctx context.Context, chatID, threadID int64) (*Ticket, error) {
	t, err := s.scanTicket(s.pool.QueryRow(ctx, s.q.TicketByThread, chatID, threadID))
	if isNoRows(err) {
		return nil, fmt.Errorf("tickets: ticket of topic %d in chat %d: %w", threadID, chatID, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("tickets: ticket of topic %d in chat %d: %w", threadID, chatID, err)
	}
	return t, nil
}
