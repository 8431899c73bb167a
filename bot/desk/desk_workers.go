package desk

import (
	"context"
	"fmt"

	"github.com/riverqueue/river"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/tickets"
)

// cardWorker makes a ticket's thread in the staff group show the
// ticket as it is now: it creates the topic, card and files when missing,
// edits the card when what it shows changed, renames the topic, and closes
// it with the ticket (reopening it with the ticket). A topic staff deleted
// is made again.
type cardWorker struct {
	job[tickets.DeskCardArgs]
}

// Work brings one ticket's thread up to date.
func (w *cardWorker) Work(ctx context.Context, job *river.Job[tickets.DeskCardArgs]) error {
	d := w.desk
	return d.withState(ctx, "desk card", job.Args.TicketID, func(st *tickets.DeskState) error {
		th, err := d.ensureThread(ctx, st)
		if err != nil {
			return err
		}
		err = d.syncThread(ctx, st, th)
		if send.IsThreadGone(err) {
			if th, err = d.forgetTopic(ctx, st.Ticket, th); err != nil {
				return err
			}
			if err = d.buildThread(ctx, st, th); err != nil {
				return err
			}
			err = d.syncThread(ctx, st, th)
		}
		return err
	})
}

// syncThread makes an existing thread match the ticket: the topic open
// unless the ticket is closed, the topic's name, the card. An unchanged
// card is not edited; a card that is gone is posted again.
func (d *Desk) syncThread(ctx context.Context, st *tickets.DeskState, th *tickets.Thread) error {
	t, v := st.Ticket, d.view()
	changed := false
	// fail keeps what was done before err, so a retry does not redo it.
	fail := func(what string, err error) error {
		if changed {
			_ = d.saveThread(context.WithoutCancel(ctx), th)
		}
		return fmt.Errorf("desk: ticket %d: %s: %w", t.ID, what, err)
	}
	closed := t.Status == tickets.StatusClosed
	if th.ThreadID != 0 {
		if th.TopicClosed && !closed {
			if err := d.out.ReopenTopic(ctx, th.ChatID, int(th.ThreadID)); err != nil {
				return fail("reopen topic", err)
			}
			th.TopicClosed, changed = false, true
		}
		if name := v.topicName(t); name != th.TopicName {
			if err := d.out.RenameTopic(ctx, th.ChatID, int(th.ThreadID), name); err != nil {
				return fail("rename topic", err)
			}
			th.TopicName, changed = name, true
		}
	}
	text, kb := v.card(t, st.Return)
	if hash := cardHash(text, kb); hash != th.CardHash {
		err := d.out.EditText(ctx, th.ChatID, int(th.CardMessageID), text, kb)
		if send.IsMessageGone(err) {
			var id int
			if id, err = d.out.Send(ctx, th.ChatID, text, send.Opts{ThreadID: int(th.ThreadID), Markup: kb}); err == nil {
				th.CardMessageID = int64(id)
				d.log.Info("desk card posted again", "ticket", t.ID, "chat", th.ChatID, "message", id)
			}
		}
		if err != nil {
			return fail("update card", err)
		}
		th.CardHash, changed = hash, true
	}
	if th.ThreadID != 0 && closed && !th.TopicClosed {
		if err := d.out.CloseTopic(ctx, th.ChatID, int(th.ThreadID)); err != nil {
			return fail("close topic", err)
		}
		th.TopicClosed, changed = true, true
	}
	if !changed {
		return nil
	}
	return d.saveThread(ctx, th)
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
