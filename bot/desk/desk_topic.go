package desk

import (
	"context"
	"errors"
	"fmt"
	"html"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/tickets"
)

// threadOpts places a message in a ticket's thread: its forum topic, or
// in a plain group a reply to its card.
func threadOpts(th *tickets.Thread) send.Opts {
	if th.ThreadID != 0 {
		return send.Opts{ThreadID: int(th.ThreadID)}
	}
	return send.Opts{ReplyTo: int(th.CardMessageID)}
}

// ensureThread makes sure the ticket of st has its place in the staff
// group and returns it: in a forum a topic with the card, in a plain group
// the card. The files the customer filed follow by a job of their own
// (filesWorker), queued as the card is posted. What is missing is created,
// and each step saved as it is done, so that a retry picks up where a
// failure stopped. A topic staff deleted meanwhile is forgotten and made
// again.
func (d *Desk) ensureThread(ctx context.Context, st *tickets.DeskState) (*tickets.Thread, error) {
	t, chat := st.Ticket, d.cfg.ChatID
	th := st.Thread
	if th == nil || th.ChatID != chat {
		// No thread yet, or the desk moved to another group: the ticket
		// starts afresh there.
		th = &tickets.Thread{TicketID: t.ID, ChatID: chat}
	}
	err := d.buildThread(ctx, st, th)
	if send.IsThreadGone(err) {
		if th, err = d.forgetTopic(ctx, t, th); err != nil {
			return nil, err
		}
		err = d.buildThread(ctx, st, th)
	}
	if err != nil {
		return nil, err
	}
	return th, nil
}

// buildThread creates what th lacks: the topic (in a forum) and the card,
// queueing the customer's files to follow it.
func (d *Desk) buildThread(ctx context.Context, st *tickets.DeskState, th *tickets.Thread) error {
	t := st.Ticket
	if th.CardMessageID == 0 && th.ThreadID == 0 {
		forum, err := d.forums.isForum(ctx, th.ChatID)
		if err != nil {
			return fmt.Errorf("desk: ticket %d: is the staff group a forum: %w", t.ID, err)
		}
		if forum {
			name := d.view().topicName(t)
			id, err := d.out.CreateTopic(ctx, th.ChatID, name)
			switch {
			case send.IsNotForum(err):
				// Staff turned topics off since the desk last asked: the
				// card goes into the plain group.
				d.forums.set(th.ChatID, false)
			case err != nil:
				return fmt.Errorf("desk: ticket %d: create topic: %w", t.ID, err)
			default:
				th.ThreadID, th.TopicName, th.TopicClosed = int64(id), name, false
				if err := d.saveThread(ctx, th); err != nil {
					return err
				}
				d.log.Info("desk topic created", "ticket", t.ID, "chat", th.ChatID, "thread", th.ThreadID)
			}
		}
	}
	// Before a card goes out, so that no crash leaves a card without its
	// files.
	if err := d.queueMissingFiles(ctx, st, th); err != nil {
		return err
	}
	if th.CardMessageID == 0 {
		return d.postCard(ctx, st, th)
	}
	return nil
}

// queueMissingFiles queues the job that posts the ticket's files into th
// when it has files, none posted and none queued. Filing queued them with
// the card: this is a card posted anew after they were (its topic deleted
// since), a card posted by a version that had no files job, or files whose
// job gave up.
func (d *Desk) queueMissingFiles(ctx context.Context, st *tickets.DeskState, th *tickets.Thread) error {
	t := st.Ticket
	if len(t.Attachments) == 0 || len(th.MediaMessageIDs) > 0 || st.FilesQueued {
		return nil
	}
	if err := d.tickets.QueueFiles(ctx, t.ID); err != nil {
		return fmt.Errorf("desk: ticket %d: %w", t.ID, err)
	}
	st.FilesQueued = true
	return nil
}

// postCard posts the ticket's card into its thread as a new message. A
// closed topic (a closed ticket's, whose card staff deleted) is opened for
// the card and closed again.
func (d *Desk) postCard(ctx context.Context, st *tickets.DeskState, th *tickets.Thread) error {
	t := st.Ticket
	text, kb := d.view().card(t, st.Return)
	post := func() (id int, err error) {
		return d.out.Send(ctx, th.ChatID, text, send.Opts{ThreadID: int(th.ThreadID), Markup: kb})
	}
	id, err := post()
	if send.IsTopicClosed(err) {
		err = d.inClosedTopic(ctx, th, func() error {
			id, err = post()
			return err
		})
	}
	if err != nil {
		return fmt.Errorf("desk: ticket %d: post card: %w", t.ID, err)
	}
	th.CardMessageID, th.CardHash = int64(id), cardHash(text, kb)
	if err := d.saveThread(ctx, th); err != nil {
		return err
	}
	d.log.Info("desk card posted", "ticket", t.ID, "chat", th.ChatID, "message", id)
	return nil
}

// postAttachments posts the files the customer filed into the ticket's
// thread, replying to the card: as one album where Telegram allows, else in
// as few as it does. A thread gone or closed meanwhile is dealt with as
// postInThread does; in a topic made again the files do not quote the card.
func (d *Desk) postAttachments(ctx context.Context, st *tickets.DeskState, th *tickets.Thread) error {
	t := st.Ticket
	if len(t.Attachments) == 0 {
		return nil
	}
	files := make([]send.File, 0, len(t.Attachments))
	for _, a := range t.Attachments {
		files = append(files, send.File{Kind: a.Kind, FileID: a.FileID, Caption: html.EscapeString(a.Caption)})
	}
	topic, card := th.ThreadID, th.CardMessageID
	th, sent, err := d.postInThread(ctx, st, th, func(o send.Opts) ([]int, error) {
		if o.ThreadID != 0 && int64(o.ThreadID) == topic {
			o.ReplyTo = int(card)
		}
		var ids []int
		for _, group := range send.SplitAlbums(files) {
			sent, err := d.out.SendAlbum(ctx, th.ChatID, group, o)
			if err != nil {
				return nil, err
			}
			ids = append(ids, sent...)
		}
		return ids, nil
	})
	if err != nil {
		return fmt.Errorf("desk: ticket %d: post files: %w", t.ID, err)
	}
	th.MediaMessageIDs = make([]int64, len(sent))
	for i, id := range sent {
		th.MediaMessageIDs[i] = int64(id)
	}
	// The card's record is left alone: an edit job may be changing it.
	if err := d.tickets.SaveThreadFiles(ctx, *th); err != nil {
		return fmt.Errorf("desk: ticket %d: save files: %w", t.ID, err)
	}
	return nil
}

// forgetTopic records that the ticket's topic is gone and returns the
// emptied thread, ready to be built again.
func (d *Desk) forgetTopic(ctx context.Context, t *tickets.Ticket, th *tickets.Thread) (*tickets.Thread, error) {
	d.log.Info("desk topic gone; making a new one", "ticket", t.ID, "chat", th.ChatID, "thread", th.ThreadID)
	if err := d.tickets.ForgetTopic(ctx, t.ID); err != nil && !errors.Is(err, tickets.ErrNotFound) {
		return nil, fmt.Errorf("desk: ticket %d: forget topic: %w", t.ID, err)
	}
	return &tickets.Thread{TicketID: t.ID, ChatID: th.ChatID}, nil
}

// postInThread runs post placed in the ticket's thread and returns the
// thread it ended up in. A topic deleted meanwhile is made again (card
// first) and the post repeated there; in a plain group a card deleted
// meanwhile is posted again; a closed topic is opened for the post and
// closed again.
func (d *Desk) postInThread(ctx context.Context, st *tickets.DeskState, th *tickets.Thread, post func(send.Opts) ([]int, error)) (*tickets.Thread, []int, error) {
	t := st.Ticket
	ids, err := post(threadOpts(th))
	switch {
	case send.IsThreadGone(err):
		if th, err = d.forgetTopic(ctx, t, th); err != nil {
			return nil, nil, err
		}
		if err = d.buildThread(ctx, st, th); err != nil {
			return nil, nil, err
		}
		ids, err = post(threadOpts(th))
	case send.IsMessageGone(err) && th.ThreadID == 0:
		if err = d.postCard(ctx, st, th); err != nil {
			return nil, nil, err
		}
		ids, err = post(threadOpts(th))
	case send.IsTopicClosed(err):
		err = d.inClosedTopic(ctx, th, func() error {
			ids, err = post(threadOpts(th))
			return err
		})
	}
	if err != nil {
		return th, nil, fmt.Errorf("desk: ticket %d: post in thread: %w", t.ID, err)
	}
	return th, ids, nil
}

// inClosedTopic runs post in th's topic, which Telegram found closed: it
// opens the topic for the post and closes it again.
func (d *Desk) inClosedTopic(ctx context.Context, th *tickets.Thread, post func() error) error {
	if err := d.out.ReopenTopic(ctx, th.ChatID, int(th.ThreadID)); err != nil {
		return fmt.Errorf("desk: ticket %d: reopen topic to post: %w", th.TicketID, err)
	}
	err := post()
	if cerr := d.out.CloseTopic(ctx, th.ChatID, int(th.ThreadID)); cerr != nil && err == nil {
		err = fmt.Errorf("desk: ticket %d: close topic again: %w", th.TicketID, cerr)
	}
	return err
}

func (d *Desk) saveThread(ctx context.Context, th *tickets.Thread) error {
	if err := d.tickets.SaveThread(ctx, *th); err != nil {
		return fmt.Errorf("desk: ticket %d: save thread: %w", th.TicketID, err)
	}
	return nil
}
