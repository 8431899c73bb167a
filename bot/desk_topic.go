package bot

import (
	"context"
	"errors"
	"fmt"
	"html"

	"github.com/complaintbot/complaintbot/tickets"
)

// threadOpts places a message in a ticket's thread: its forum topic, or
// in a plain group a reply to its card.
func threadOpts(th *tickets.Thread) SendOpts {
	if th.ThreadID != 0 {
		return SendOpts{ThreadID: int(th.ThreadID)}
	}
	return SendOpts{ReplyTo: int(th.CardMessageID)}
}

// ensureThread makes sure ticket t has its place in the staff group and
// returns it: in a forum a topic with the card and, replying to the card,
// the files the customer filed; in a plain group the card with the files
// replying to it. What is missing is created, and each step saved as it
// is done, so that a retry picks up where a failure stopped. A topic staff
// deleted meanwhile is forgotten and made again.
func (e *Edge) ensureThread(ctx context.Context, t *tickets.Ticket) (*tickets.Thread, error) {
	chat := e.cfg.StaffChatID
	th, err := e.tickets.Thread(ctx, t.ID)
	switch {
	case errors.Is(err, tickets.ErrNotFound):
		th = &tickets.Thread{TicketID: t.ID, ChatID: chat}
	case err != nil:
		return nil, fmt.Errorf("bot: thread of ticket %d: %w", t.ID, err)
	case th.ChatID != chat:
		// The desk moved to another group: the ticket starts afresh there.
		th = &tickets.Thread{TicketID: t.ID, ChatID: chat}
	}
	err = e.buildThread(ctx, t, th)
	if isThreadGone(err) {
		if th, err = e.forgetTopic(ctx, t, th); err != nil {
			return nil, err
		}
		err = e.buildThread(ctx, t, th)
	}
	if err != nil {
		return nil, err
	}
	return th, nil
}

// buildThread creates what th lacks: the topic (in a forum), the card, the
// customer's files.
func (e *Edge) buildThread(ctx context.Context, t *tickets.Ticket, th *tickets.Thread) error {
	if th.CardMessageID == 0 && th.ThreadID == 0 {
		forum, err := e.out.IsForum(ctx, th.ChatID)
		if err != nil {
			return fmt.Errorf("bot: ticket %d: is the staff group a forum: %w", t.ID, err)
		}
		if forum {
			name := e.deskText().topicName(t)
			id, err := e.out.CreateTopic(ctx, th.ChatID, name)
			if err != nil {
				return fmt.Errorf("bot: ticket %d: create topic: %w", t.ID, err)
			}
			th.ThreadID, th.TopicName, th.TopicClosed = int64(id), name, false
			if err := e.saveThread(ctx, th); err != nil {
				return err
			}
			e.log.Info("desk topic created", "ticket", t.ID, "chat", th.ChatID, "thread", th.ThreadID)
		}
	}
	if th.CardMessageID == 0 {
		if err := e.postCard(ctx, t, th); err != nil {
			return err
		}
		if err := e.postAttachments(ctx, t, th); err != nil {
			return err
		}
	}
	return nil
}

// postCard posts the ticket's card into its thread as a new message.
func (e *Edge) postCard(ctx context.Context, t *tickets.Ticket, th *tickets.Thread) error {
	text, kb := e.deskText().card(t)
	id, err := e.out.Send(ctx, th.ChatID, text, SendOpts{ThreadID: int(th.ThreadID), Markup: kb})
	if err != nil {
		return fmt.Errorf("bot: ticket %d: post card: %w", t.ID, err)
	}
	th.CardMessageID, th.CardHash = int64(id), cardHash(text, kb)
	if err := e.saveThread(ctx, th); err != nil {
		return err
	}
	e.log.Info("desk card posted", "ticket", t.ID, "chat", th.ChatID, "message", id)
	return nil
}

// postAttachments posts the files the customer filed, replying to the
// card: as one album where Telegram allows, else in as few as it does.
func (e *Edge) postAttachments(ctx context.Context, t *tickets.Ticket, th *tickets.Thread) error {
	if len(t.Attachments) == 0 {
		return nil
	}
	files := make([]File, 0, len(t.Attachments))
	for _, a := range t.Attachments {
		files = append(files, File{Kind: a.Kind, FileID: a.FileID, Caption: html.EscapeString(a.Caption)})
	}
	var ids []int64
	for _, group := range splitAlbums(files) {
		sent, err := e.out.SendAlbum(ctx, th.ChatID, group, SendOpts{ThreadID: int(th.ThreadID), ReplyTo: int(th.CardMessageID)})
		if err != nil {
			return fmt.Errorf("bot: ticket %d: post files: %w", t.ID, err)
		}
		for _, id := range sent {
			ids = append(ids, int64(id))
		}
	}
	th.MediaMessageIDs = ids
	return e.saveThread(ctx, th)
}

// forgetTopic records that the ticket's topic is gone and returns the
// emptied thread, ready to be built again.
func (e *Edge) forgetTopic(ctx context.Context, t *tickets.Ticket, th *tickets.Thread) (*tickets.Thread, error) {
	e.log.Info("desk topic gone; making a new one", "ticket", t.ID, "chat", th.ChatID, "thread", th.ThreadID)
	if err := e.tickets.ForgetTopic(ctx, t.ID); err != nil && !errors.Is(err, tickets.ErrNotFound) {
		return nil, fmt.Errorf("bot: ticket %d: forget topic: %w", t.ID, err)
	}
	return &tickets.Thread{TicketID: t.ID, ChatID: th.ChatID}, nil
}

// postInThread runs post placed in the ticket's thread and returns the
// thread it ended up in. A topic deleted meanwhile is made again (card
// first) and the post repeated there; in a plain group a card deleted
// meanwhile is posted again; a closed topic is opened for the post and
// closed again.
func (e *Edge) postInThread(ctx context.Context, t *tickets.Ticket, th *tickets.Thread, post func(SendOpts) ([]int, error)) (*tickets.Thread, []int, error) {
	ids, err := post(threadOpts(th))
	switch {
	case isThreadGone(err):
		if th, err = e.forgetTopic(ctx, t, th); err != nil {
			return nil, nil, err
		}
		if err = e.buildThread(ctx, t, th); err != nil {
			return nil, nil, err
		}
		ids, err = post(threadOpts(th))
	case isMessageGone(err) && th.ThreadID == 0:
		if err = e.postCard(ctx, t, th); err != nil {
			return nil, nil, err
		}
		ids, err = post(threadOpts(th))
	case isTopicClosed(err):
		if err = e.out.ReopenTopic(ctx, th.ChatID, int(th.ThreadID)); err != nil {
			return nil, nil, fmt.Errorf("bot: ticket %d: reopen topic to post: %w", t.ID, err)
		}
		ids, err = post(threadOpts(th))
		if cerr := e.out.CloseTopic(ctx, th.ChatID, int(th.ThreadID)); cerr != nil && err == nil {
			err = cerr
		}
	}
	if err != nil {
		return th, nil, fmt.Errorf("bot: ticket %d: post in thread: %w", t.ID, err)
	}
	return th, ids, nil
}

func (e *Edge) saveThread(ctx context.Context, th *tickets.Thread) error {
	if err := e.tickets.SaveThread(ctx, *th); err != nil {
		return fmt.Errorf("bot: ticket %d: save thread: %w", th.TicketID, err)
	}
	return nil
}
