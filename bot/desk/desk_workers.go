package desk

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/riverqueue/river"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/tickets"
)

// cardWorker gives a ticket its thread in the staff group: the topic and
// card when missing (a topic staff deleted is made again), in the group's
// order, as every post of the desk queue. A card already posted is the
// edit queue's (editWorker): the worker hands it over, as it does what the
// new thread still lacks (the topic's state of a closed ticket).
type cardWorker struct {
	job[tickets.DeskCardArgs]
}

// Work brings one ticket's thread into being.
func (w *cardWorker) Work(ctx context.Context, job *river.Job[tickets.DeskCardArgs]) error {
	d := w.desk
	return d.withState(ctx, "desk card", job.Args.TicketID, func(st *tickets.DeskState) error {
		if th := st.Thread; th != nil && th.ChatID == d.cfg.ChatID && th.CardMessageID != 0 {
			// Another of the ticket's desk jobs posted the card since this
			// one was queued: what is left is an edit (and files that never
			// followed the card).
			if err := d.queueMissingFiles(ctx, st, th); err != nil {
				return err
			}
			return d.tickets.QueueCardEdit(ctx, st.Ticket.ID)
		}
		th, err := d.ensureThread(ctx, st)
		if err != nil {
			return err
		}
		if d.outdated(st, th) {
			return d.tickets.QueueCardEdit(ctx, st.Ticket.ID)
		}
		return nil
	})
}

// outdated reports whether the thread th shows less than the ticket of st
// is: a card drawn from another state, a topic named or opened otherwise.
func (d *Desk) outdated(st *tickets.DeskState, th *tickets.Thread) bool {
	return d.changesFor(st, th).any()
}

// threadChanges is what a thread lacks to show its ticket as it is: the
// topic's state and name (in a forum), and the card.
type threadChanges struct {
	reopen, close bool   // the topic opened, or closed
	name          string // the topic's new name; "" keeps it
	card          string // the card's new text; "" keeps it
	keyboard      *models.InlineKeyboardMarkup
	hash          string // the new card's hash
}

// changesFor compares the thread th with the ticket of st.
func (d *Desk) changesFor(st *tickets.DeskState, th *tickets.Thread) threadChanges {
	t, v := st.Ticket, d.view()
	var c threadChanges
	if th.ThreadID != 0 {
		closed := t.Status == tickets.StatusClosed
		c.reopen = th.TopicClosed && !closed
		c.close = closed && !th.TopicClosed
		if name := v.topicName(t); name != th.TopicName {
			c.name = name
		}
	}
	text, kb := v.card(t, st.Return)
	if hash := cardHash(text, kb); hash != th.CardHash {
		c.card, c.keyboard, c.hash = text, kb, hash
	}
	return c
}

// any reports whether anything is to change.
func (c threadChanges) any() bool {
	return c.reopen || c.close || c.name != "" || c.card != ""
}

// editWorker makes a card already in the staff group show the ticket as it
// is now: it edits the card when what it shows changed, renames the topic,
// and closes it with the ticket (reopening it with the ticket). It posts
// nothing: a card or topic staff deleted, or a thread left in another
// group, goes back to the desk queue (tickets.QueueCardPost). Edits run
// beside the desk queue, on every replica, one at a time per ticket (see
// tickets.Store.EditCard).
type editWorker struct {
	job[tickets.DeskCardEditArgs]
}

// Work brings one ticket's card up to date.
func (w *editWorker) Work(ctx context.Context, job *river.Job[tickets.DeskCardEditArgs]) error {
	d, id := w.desk, job.Args.TicketID
	err := d.tickets.EditCard(ctx, id, func(st *tickets.DeskState) (*tickets.Thread, error) {
		return d.refreshCard(ctx, st)
	})
	if errors.Is(err, tickets.ErrNotFound) {
		d.log.Warn("desk card edit for a ticket that is gone", "ticket", id)
		return nil
	}
	return err
}

// cardPostingWait is how long an edit that finds its card being posted
// waits before it looks again. With Telegram's limits the post may wait
// seconds for the group's turn.
const cardPostingWait = 500 * time.Millisecond

// refreshCard edits the card of st and returns the thread as it left it, to
// be recorded (nil when nothing changed).
func (d *Desk) refreshCard(ctx context.Context, st *tickets.DeskState) (*tickets.Thread, error) {
	t := st.Ticket
	if st.Thread == nil || st.Thread.ChatID != d.cfg.ChatID || st.Thread.CardMessageID == 0 {
		if st.CardPosting {
			// The change came while the card was being posted, from what
			// the ticket was before it: edit the card once it is there.
			return nil, river.JobSnooze(cardPostingWait)
		}
		return nil, d.tickets.QueueCardPost(ctx, t.ID)
	}
	th := *st.Thread
	if err := d.queueMissingFiles(ctx, st, &th); err != nil {
		return nil, err
	}
	changed, err := d.syncThread(ctx, st, &th)
	if gone := send.IsThreadGone(err); gone || send.IsMessageGone(err) {
		d.log.Info("desk card gone; posting it again", "ticket", t.ID, "chat", th.ChatID, "thread", th.ThreadID, "topic", gone)
		if err := d.tickets.CardGone(ctx, *st.Thread, gone); err != nil {
			return nil, err
		}
		return nil, d.tickets.QueueCardPost(ctx, t.ID)
	}
	if !changed {
		return nil, err
	}
	return &th, err
}

// syncThread makes an existing thread match the ticket: the topic open
// unless the ticket is closed, the topic's name, the card. An unchanged
// card is not edited. th records what was done, also when an error stops
// it part way, and changed says whether anything was.
func (d *Desk) syncThread(ctx context.Context, st *tickets.DeskState, th *tickets.Thread) (changed bool, err error) {
	c := d.changesFor(st, th)
	fail := func(what string, err error) (bool, error) {
		return changed, fmt.Errorf("desk: ticket %d: %s: %w", st.Ticket.ID, what, err)
	}
	if c.reopen {
		if err := d.out.ReopenTopic(ctx, th.ChatID, int(th.ThreadID)); err != nil {
			return fail("reopen topic", err)
		}
		th.TopicClosed, changed = false, true
	}
	if c.name != "" {
		if err := d.out.RenameTopic(ctx, th.ChatID, int(th.ThreadID), c.name); err != nil {
			return fail("rename topic", err)
		}
		th.TopicName, changed = c.name, true
	}
	if c.card != "" {
		if err := d.out.EditText(ctx, th.ChatID, int(th.CardMessageID), c.card, c.keyboard); err != nil {
			return fail("update card", err)
		}
		th.CardHash, changed = c.hash, true
	}
	if c.close {
		if err := d.out.CloseTopic(ctx, th.ChatID, int(th.ThreadID)); err != nil {
			return fail("close topic", err)
		}
		th.TopicClosed, changed = true, true
	}
	return changed, nil
}

// filesWorker posts the files a customer filed into the ticket's thread,
// after its card: a job of their own, behind every card waiting (see
// tickets.DeskFilesArgs), so that in a rush staff see each new ticket
// first. Files already posted are not posted again.
type filesWorker struct {
	job[tickets.DeskFilesArgs]
}

// Work posts one ticket's files.
func (w *filesWorker) Work(ctx context.Context, job *river.Job[tickets.DeskFilesArgs]) error {
	d := w.desk
	return d.withState(ctx, "desk files", job.Args.TicketID, func(st *tickets.DeskState) error {
		if len(st.Ticket.Attachments) == 0 {
			return nil
		}
		th, err := d.ensureThread(ctx, st)
		if err != nil || len(th.MediaMessageIDs) > 0 {
			return err
		}
		return d.postAttachments(ctx, st, th)
	})
}

// noticeWorker posts a catalogue text, in the staff's language, into a
// ticket's thread ("the customer has blocked the bot", ...).
type noticeWorker struct {
	job[tickets.DeskNoticeArgs]
}

// Work posts one notice.
func (w *noticeWorker) Work(ctx context.Context, job *river.Job[tickets.DeskNoticeArgs]) error {
	d, a := w.desk, job.Args
	return d.withState(ctx, "desk notice", a.TicketID, func(st *tickets.DeskState) error {
		th, err := d.ensureThread(ctx, st)
		if err != nil {
			return err
		}
		text := d.view().text(a.Key, a.Params)
		th, ids, err := d.postInThread(ctx, st, th, func(o send.Opts) ([]int, error) {
			id, err := d.out.Send(ctx, th.ChatID, text, o)
			return []int{id}, err
		})
		if err != nil {
			return err
		}
		return d.noteDeskMessages(ctx, st.Ticket.ID, th.ChatID, ids)
	})
}

// noteDeskMessages remembers group messages as the ticket's, so that staff
// replying to them reach the ticket.
func (d *Desk) noteDeskMessages(ctx context.Context, ticketID, chatID int64, ids []int) error {
	if len(ids) == 0 {
		return nil
	}
	ids64 := make([]int64, len(ids))
	for i, id := range ids {
		ids64[i] = int64(id)
	}
	if err := d.tickets.NoteDeskMessage(ctx, ticketID, chatID, ids64...); err != nil {
		return fmt.Errorf("desk: ticket %d: note desk messages: %w", ticketID, err)
	}
	return nil
}
