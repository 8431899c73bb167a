package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/complaintbot/complaintbot/tickets"
)

// deskJobTimeout bounds one attempt of a desk job. The staff group takes
// twenty messages a minute, so a job may wait its turn for a while.
const deskJobTimeout = 3 * time.Minute

// DeskWorkers registers the workers that carry the desk's work out to
// Telegram: the ticket card and topic, customers' messages into the staff
// group and staff replies out to customers, notices in a ticket's thread
// and alerts to owners. Pass it to tickets.Workers.
func (e *Edge) DeskWorkers(w *river.Workers) {
	river.AddWorker(w, &DeskCardWorker{edge: e})
	river.AddWorker(w, &DeskRelayWorker{edge: e})
	river.AddWorker(w, &CustomerRelayWorker{edge: e})
	river.AddWorker(w, &DeskNoticeWorker{edge: e})
	river.AddWorker(w, &OwnerAlertWorker{edge: e})
}

// DeskCardWorker makes a ticket's thread in the staff group show the
// ticket as it is now: it creates the topic, card and files when missing,
// edits the card when what it shows changed, renames the topic, and closes
// it with the ticket (reopening it with the ticket). A topic staff deleted
// is made again.
type DeskCardWorker struct {
	river.WorkerDefaults[tickets.DeskCardArgs]
	edge *Edge
}

// Timeout bounds one attempt.
func (w *DeskCardWorker) Timeout(*river.Job[tickets.DeskCardArgs]) time.Duration {
	return deskJobTimeout
}

// Work brings one ticket's thread up to date.
func (w *DeskCardWorker) Work(ctx context.Context, job *river.Job[tickets.DeskCardArgs]) error {
	e := w.edge
	t, err := e.tickets.GetByID(ctx, job.Args.TicketID)
	if errors.Is(err, tickets.ErrNotFound) {
		e.log.Warn("desk card for a ticket that is gone", "ticket", job.Args.TicketID)
		return nil
	}
	if err != nil {
		return fmt.Errorf("bot: desk card: ticket %d: %w", job.Args.TicketID, err)
	}
	th, err := e.ensureThread(ctx, t)
	if err != nil {
		return err
	}
	err = e.syncThread(ctx, t, th)
	if isThreadGone(err) {
		if th, err = e.forgetTopic(ctx, t, th); err != nil {
			return err
		}
		if err = e.buildThread(ctx, t, th); err != nil {
			return err
		}
		err = e.syncThread(ctx, t, th)
	}
	return err
}

// syncThread makes an existing thread match the ticket: the topic open
// unless the ticket is closed, the topic's name, the card. An unchanged
// card is not edited; a card that is gone is posted again.
func (e *Edge) syncThread(ctx context.Context, t *tickets.Ticket, th *tickets.Thread) error {
	d := e.deskText()
	changed := false
	// fail keeps what was done before err, so a retry does not redo it.
	fail := func(what string, err error) error {
		if changed {
			_ = e.saveThread(context.WithoutCancel(ctx), th)
		}
		return fmt.Errorf("bot: ticket %d: %s: %w", t.ID, what, err)
	}
	closed := t.Status == tickets.StatusClosed
	if th.ThreadID != 0 {
		if th.TopicClosed && !closed {
			if err := e.out.ReopenTopic(ctx, th.ChatID, int(th.ThreadID)); err != nil {
				return fail("reopen topic", err)
			}
			th.TopicClosed, changed = false, true
		}
		if name := d.topicName(t); name != th.TopicName {
			if err := e.out.RenameTopic(ctx, th.ChatID, int(th.ThreadID), name); err != nil {
				return fail("rename topic", err)
			}
			th.TopicName, changed = name, true
		}
	}
	text, kb := d.card(t)
	if hash := cardHash(text, kb); hash != th.CardHash {
		err := e.out.EditText(ctx, th.ChatID, int(th.CardMessageID), text, kb)
		if isMessageGone(err) {
			var id int
			if id, err = e.out.Send(ctx, th.ChatID, text, SendOpts{ThreadID: int(th.ThreadID), Markup: kb}); err == nil {
				th.CardMessageID = int64(id)
				e.log.Info("desk card posted again", "ticket", t.ID, "chat", th.ChatID, "message", id)
			}
		}
		if err != nil {
			return fail("update card", err)
		}
		th.CardHash, changed = hash, true
	}
	if th.ThreadID != 0 && closed && !th.TopicClosed {
		if err := e.out.CloseTopic(ctx, th.ChatID, int(th.ThreadID)); err != nil {
			return fail("close topic", err)
		}
		th.TopicClosed, changed = true, true
	}
	if !changed {
		return nil
	}
	return e.saveThread(ctx, th)
}

// DeskNoticeWorker posts a catalogue text, in the staff's language, into a
// ticket's thread ("the customer has blocked the bot", ...).
type DeskNoticeWorker struct {
	river.WorkerDefaults[tickets.DeskNoticeArgs]
	edge *Edge
}

// Timeout bounds one attempt.
func (w *DeskNoticeWorker) Timeout(*river.Job[tickets.DeskNoticeArgs]) time.Duration {
	return deskJobTimeout
}

// Work posts one notice.
func (w *DeskNoticeWorker) Work(ctx context.Context, job *river.Job[tickets.DeskNoticeArgs]) error {
	e := w.edge
	a := job.Args
	t, err := e.tickets.GetByID(ctx, a.TicketID)
	if errors.Is(err, tickets.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("bot: desk notice: ticket %d: %w", a.TicketID, err)
	}
	th, err := e.ensureThread(ctx, t)
	if err != nil {
		return err
	}
	text := e.deskText().text(a.Key, a.Params)
	th, ids, err := e.postInThread(ctx, t, th, func(o SendOpts) ([]int, error) {
		id, err := e.out.Send(ctx, th.ChatID, text, o)
		return []int{id}, err
	})
	if err != nil {
		return err
	}
	return e.noteDeskMessages(ctx, t.ID, th.ChatID, ids)
}

// noteDeskMessages remembers group messages as the ticket's, so that staff
// replying to them reach the ticket.
func (e *Edge) noteDeskMessages(ctx context.Context, ticketID, chatID int64, ids []int) error {
	if len(ids) == 0 {
		return nil
	}
	ids64 := make([]int64, len(ids))
	for i, id := range ids {
		ids64[i] = int64(id)
	}
	if err := e.tickets.NoteDeskMessage(ctx, ticketID, chatID, ids64...); err != nil {
		return fmt.Errorf("bot: ticket %d: note desk messages: %w", ticketID, err)
	}
	return nil
}
