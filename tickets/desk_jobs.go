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

// enqueueCard inserts a DeskCardArgs job for the ticket in tx unless one is
// already waiting to run. Looking, tx takes the ticket's card lock (shared)
// until it ends, and a desk job reads the ticket only once it has the lock
// alone (DeskState): a waiting job that River starts before this change
// commits still shows it. A job already running does not count, so a change
// made meanwhile gets a card job of its own.
//
// The lock used to be the waiting job's own row. River fetches jobs with
// SKIP LOCKED, so while a change to the ticket at the head of the desk
// queue was being made, the desk posted the next ticket's card first.
func (s *Store) enqueueCard(ctx context.Context, tx pgx.Tx, ticketID int64) error {
	var waiting *int64
	if err := tx.QueryRow(ctx, s.q.DeskCardJobWaiting, DeskCardArgs{}.Kind(), DeskQueue, ticketID).Scan(&waiting); err != nil {
		return fmt.Errorf("look for a waiting card job: %w", err)
	}
	if waiting != nil {
		return nil
	}
	if _, err := s.river.InsertTx(ctx, tx, DeskCardArgs{TicketID: ticketID}, nil); err != nil {
		return fmt.Errorf("insert card job: %w", err)
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
