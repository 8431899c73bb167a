package tickets

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// DeskQueue is the River queue of every job that posts into the staff
// group. NewRiverClient works it one job at a time, so what the group shows
// keeps the order things happened in.
const DeskQueue = "desk"

// deskPriority is the River priority of cards, relays and notices: 2, so
// that answers to staff in the group (priority 1) go before a backlog of
// cards. Jobs of one priority keep their order.
const deskPriority = 2

// deskFilesPriority is the River priority of posting a ticket's files: 3,
// after every card, relay and notice waiting. The staff group takes twenty
// messages a minute and an album spends one per file, so in a rush each new
// ticket's card goes first and the files follow when the group has room.
const deskFilesPriority = 3

// albumDelay is how long the relay of an album's item waits, so that the
// album's other items (each its own Telegram update) are stored first and go
// out with it as one album.
const albumDelay = 2 * time.Second

// DeskCardArgs is the job that makes the staff group show the ticket as it
// is now: its topic and card created when missing, else the card edited and
// the topic closed or reopened. Every change to what the card shows inserts
// one in the change's transaction (enqueueCard).
type DeskCardArgs struct {
	TicketID int64 `json:"ticket_id"`
}

// Kind names the job in River's tables.
func (DeskCardArgs) Kind() string { return "desk_card" }

// InsertOpts puts the card on the desk queue. River's own uniqueness cannot
// leave out running jobs (it requires the running state in ByState), and a
// change made while a card job runs must queue one more; enqueueCard skips
// the insert itself when a job for the ticket is still waiting to run.
func (DeskCardArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: DeskQueue, Priority: deskPriority, MaxAttempts: 25}
}

// DeskEditQueue is the River queue of the edits of cards already in the
// staff group (DeskCardEditArgs). An edit posts nothing, so it has no place
// in the group's order, and Telegram does not count it against the group's
// twenty messages a minute: every replica works the queue, several edits
// at once, and a claim shows on its card while new cards wait their turn
// on the desk queue.
const DeskEditQueue = "desk_edit"

// DeskCardEditArgs is the job that makes a card already in the staff group
// show the ticket as it is now: it edits the card, renames the topic, and
// closes or reopens it with the ticket. What needs a new post (the card or
// topic deleted by staff, the desk moved to another group) it hands to the
// desk queue (QueueCardPost). Store.EditCard runs one edit of a ticket at
// a time.
type DeskCardEditArgs struct {
	TicketID int64 `json:"ticket_id"`
}

// Kind names the job in River's tables.
func (DeskCardEditArgs) Kind() string { return "desk_card_edit" }

// InsertOpts puts the edit on the edit queue.
func (DeskCardEditArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: DeskEditQueue, MaxAttempts: 25}
}

// DeskFilesArgs is the job that posts the files a customer filed into the
// ticket's thread in the staff group, after its card. Filing queues it with
// the card; the desk queues it again (QueueFiles) when it posts a card
// anew for a ticket whose files job is over, as in a topic staff deleted.
type DeskFilesArgs struct {
	TicketID int64 `json:"ticket_id"`
}

// Kind names the job in River's tables.
func (DeskFilesArgs) Kind() string { return "desk_files" }

// InsertOpts puts the files on the desk queue behind the cards. One job per
// ticket is queued or running at a time: it posts them all.
func (DeskFilesArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: DeskQueue, Priority: deskFilesPriority, MaxAttempts: 25,
		UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
			rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
			rivertype.JobStateRetryable, rivertype.JobStateScheduled,
		}}}
}

// QueueFiles queues the job that posts the ticket's files into its thread,
// unless one is queued or running already. The desk calls it before it
// posts a card for a ticket with files and no files job under way (see
// DeskState.FilesQueued), so that no crash can leave a card without its
// files.
func (s *Store) QueueFiles(ctx context.Context, ticketID int64) error {
	if _, err := s.river.Insert(ctx, DeskFilesArgs{TicketID: ticketID}, nil); err != nil {
		return fmt.Errorf("tickets: queue the files of ticket %d: %w", ticketID, err)
	}
	return nil
}

// DeskRelayArgs is the job that posts one relay-log row into the ticket's
// thread in the staff group: a customer's message ('in'), or an album of
// them starting with this row (see AlbumMessages).
type DeskRelayArgs struct {
	MessageID int64 `json:"message_id"`
}

// Kind names the job in River's tables.
func (DeskRelayArgs) Kind() string { return "desk_relay" }

// InsertOpts puts the relay on the desk queue.
func (DeskRelayArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: DeskQueue, Priority: deskPriority, MaxAttempts: 25}
}

// CustomerRelayArgs is the job that delivers a staff reply ('out' row) to
// the customer, as an album with the rows of its media group when it has one.
type CustomerRelayArgs struct {
	MessageID int64 `json:"message_id"`
}

// Kind names the job in River's tables.
func (CustomerRelayArgs) Kind() string { return "customer_relay" }

// InsertOpts gives up after ten attempts; the worker marks a reply it can
// never deliver undeliverable (MarkUndeliverable) rather than retrying.
func (CustomerRelayArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10}
}

// DeskNoticeArgs is the job that posts a catalogue text (Key, for instance
// "desk.customer_blocked", with Params) into the ticket's thread.
type DeskNoticeArgs struct {
	TicketID int64             `json:"ticket_id"`
	Key      string            `json:"key"`
	Params   map[string]string `json:"params,omitempty"`
}

// Kind names the job in River's tables.
func (DeskNoticeArgs) Kind() string { return "desk_notice" }

// InsertOpts puts the notice on the desk queue.
func (DeskNoticeArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: DeskQueue, Priority: deskPriority, MaxAttempts: 25}
}

// CustomerNoticeArgs is the job that sends a catalogue text (Key, for
// instance "tickets.resolved", with Params) to the ticket's customer in
// their language. CustomerNoticeWorker works it.
type CustomerNoticeArgs struct {
	TicketID int64             `json:"ticket_id"`
	Key      string            `json:"key"`
	Params   map[string]string `json:"params,omitempty"`
}

// Kind names the job in River's tables.
func (CustomerNoticeArgs) Kind() string { return "customer_notice" }

// InsertOpts gives up after ten attempts.
func (CustomerNoticeArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10}
}

// OwnerAlertArgs is the job that tells the owners about a ticket in private:
// Reason is "urgent", or AlertReturnExpired (and later "overdue"). Params
// carry what the reason needs besides the ticket (a return's "rma" and
// "deadline"), plain text.
type OwnerAlertArgs struct {
	TicketID int64             `json:"ticket_id"`
	Reason   string            `json:"reason"`
	Params   map[string]string `json:"params,omitempty"`
}

// Kind names the job in River's tables.
func (OwnerAlertArgs) Kind() string { return "owner_alert" }

// InsertOpts gives up after ten attempts.
func (OwnerAlertArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10}
}

// enqueueCard queues, in tx, what brings the ticket's card up to date
// after a change: an edit job (DeskCardEditArgs) when the card is in the
// group already or being posted, else a card job (DeskCardArgs) on the
// desk queue; nothing when a job that will show the change is waiting to
// run. Looking, tx
// takes the ticket's card lock (shared) until it ends, and a job reads the
// ticket only once it has the lock alone (DeskState, EditCard): a waiting
// job that River starts before this change commits still shows it. A job
// already running does not count, so a change made meanwhile gets a job of
// its own.
//
// The lock used to be the waiting job's own row. River fetches jobs with
// SKIP LOCKED, so while a change to the ticket at the head of the desk
// queue was being made, the desk posted the next ticket's card first.
func (s *Store) enqueueCard(ctx context.Context, tx pgx.Tx, ticketID int64) error {
	r, err := s.cardRoute(ctx, tx, ticketID)
	if err != nil {
		return err
	}
	var args river.JobArgs
	switch {
	case (r.posted || r.cardRunning) && r.editWaiting:
		return nil
	case r.posted || r.cardRunning:
		// The card is in the group, or on its way (the edit waits for
		// it): a card job still waiting for its turn behind the group's
		// other posts, as one queued by a change made while the card was
		// being posted, is not waited for.
		args = DeskCardEditArgs{TicketID: ticketID}
	case r.cardWaiting:
		// It posts the card.
		return nil
	default:
		args = DeskCardArgs{TicketID: ticketID}
	}
	if _, err := s.river.InsertTx(ctx, tx, args, nil); err != nil {
		return fmt.Errorf("insert %s job: %w", args.Kind(), err)
	}
	return nil
}

// cardRoute is what DeskCardRoute found for a ticket.
type cardRoute struct {
	cardWaiting, editWaiting, posted, cardRunning bool
}

// cardRoute looks, in tx, for the ticket's waiting card and edit jobs and
// whether its card is posted, taking the ticket's card lock, shared, until
// tx ends (see enqueueCard).
func (s *Store) cardRoute(ctx context.Context, tx pgx.Tx, ticketID int64) (cardRoute, error) {
	var r cardRoute
	err := tx.QueryRow(ctx, s.q.DeskCardRoute, pgx.NamedArgs{
		"ticket_id": ticketID,
		"card_kind": DeskCardArgs{}.Kind(), "card_queue": DeskQueue,
		"edit_kind": DeskCardEditArgs{}.Kind(), "edit_queue": DeskEditQueue,
	}).Scan(&r.cardWaiting, &r.editWaiting, &r.posted, &r.cardRunning)
	if err != nil {
		return r, fmt.Errorf("look for a waiting card job: %w", err)
	}
	return r, nil
}

// QueueCardEdit queues an edit of the ticket's card, as a change to the
// ticket does (an edit job when the card is in the group, else a card job;
// none when one is waiting). A card job that finds the card posted
// already hands the card over so.
func (s *Store) QueueCardEdit(ctx context.Context, ticketID int64) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error { return s.enqueueCard(ctx, tx, ticketID) })
	if err != nil {
		return fmt.Errorf("tickets: queue the card of ticket %d: %w", ticketID, err)
	}
	return nil
}

// QueueCardPost queues a card job on the desk queue for the ticket, unless
// one is waiting: an edit job hands over so what needs a new post (a card
// or topic that is gone, a thread in another group), which only the desk
// queue makes, in the group's order.
func (s *Store) QueueCardPost(ctx context.Context, ticketID int64) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		r, err := s.cardRoute(ctx, tx, ticketID)
		if err != nil || r.cardWaiting {
			return err
		}
		_, err = s.river.InsertTx(ctx, tx, DeskCardArgs{TicketID: ticketID}, nil)
		return err
	})
	if err != nil {
		return fmt.Errorf("tickets: queue a card post for ticket %d: %w", ticketID, err)
	}
	return nil
}

// relayOpts delays the relay of an album's item by albumDelay (see
// AlbumMessages); other messages go at once (nil options: the job's own).
func relayOpts(attachments []Media) *river.InsertOpts {
	if len(attachments) == 0 || attachments[0].MediaGroupID == "" {
		return nil
	}
	// River compares with the database's clock, not the store's.
	return &river.InsertOpts{ScheduledAt: time.Now().Add(albumDelay)}
}
