package desk

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/tickets"
)

// handleStaff handles an update from the staff group: a member's message,
// an edit of one, or a press of a card's button.
func (d *Desk) handleStaff(ctx context.Context, upd *models.Update) error {
	switch {
	case upd.Message != nil:
		return d.onMessage(ctx, upd.Message)
	case upd.EditedMessage != nil:
		return d.onEdit(ctx, upd.EditedMessage)
	case upd.CallbackQuery != nil:
		return d.onButton(ctx, upd.CallbackQuery)
	case upd.ChatMember != nil:
		return d.roster.follow(ctx, upd.ChatMember)
	}
	return nil // the bot's own membership changes: nothing to do
}

// isStaffChat reports whether chatID is the staff group.
func (d *Desk) isStaffChat(chatID int64) bool {
	return d.cfg.ChatID != 0 && chatID == d.cfg.ChatID
}

// memberOf is the member of staff who sent a message or pressed a button,
// as the ticket store knows them.
func (d *Desk) memberOf(u *models.User) tickets.Staff {
	return tickets.Staff{UserID: u.ID, Name: u.FirstName, Username: strings.ToLower(u.Username),
		Owner: d.isOwner(u.ID)}
}

// seeStaff records the member as seen in the staff group (the assign
// picker lists the members seen last; /assign @username finds them).
func (d *Desk) seeStaff(ctx context.Context, s tickets.Staff) error {
	if err := d.tickets.SeeStaff(ctx, s); err != nil {
		return fmt.Errorf("desk: see staff %d: %w", s.UserID, err)
	}
	return nil
}

// onMessage handles a member's message in the staff group. Messages not
// tied to a ticket are the staff talking among themselves and are left
// alone, unless they are commands of the desk.
func (d *Desk) onMessage(ctx context.Context, m *models.Message) error {
	anonymous := m.SenderChat != nil && m.SenderChat.ID == m.Chat.ID
	if m.From == nil || (m.From.IsBot && !anonymous) || (m.SenderChat != nil && !anonymous) {
		return nil // other bots, and channels speaking in the group
	}
	content := contentOf(m)
	if content == contentService {
		return nil // a member joined, a topic was created or closed, ...
	}
	text := m.Text
	if text == "" {
		text = m.Caption
	}
	p := parser{botUsername: d.username, notePrefix: d.cfg.NotePrefix, canned: d.pol.CannedReplies}
	cmd, kind, perr := p.parse(text, content == contentFile)
	if m.MediaGroupID != "" {
		// An album's caption sits on one item: the others go as it does.
		got, err := d.albums.follow(ctx, m.MediaGroupID, parsedInput{cmd: cmd, kind: kind, err: perr})
		if err != nil {
			return err
		}
		cmd, kind, perr = got.cmd, got.kind, got.err
	}
	if kind == inputForeign {
		return nil
	}
	at := answerPlace(m)
	if kind == inputCommand && perr != nil {
		var ue *usageError
		if errors.As(perr, &ue) {
			return d.answer(ctx, at, ue.Key, ue.Params)
		}
		return perr
	}
	t, err := d.ticketOfMessage(ctx, m)
	if err != nil {
		return err
	}
	if kind == inputPlain && t == nil {
		return nil // the group talking among themselves
	}
	// What goes to a customer or changes a ticket is staff's alone.
	if anonymous {
		d.log.Info("anonymous administrator refused", "chat", m.Chat.ID, "message", m.ID)
		return d.answer(ctx, at, "staff.refuse.anonymous", nil)
	}
	if ok, err := d.roster.isStaff(ctx, m.From.ID); err != nil || !ok {
		if err != nil {
			return err
		}
		d.log.Warn("not staff: refused", "user", m.From.ID, "chat", m.Chat.ID, "message", m.ID)
		return d.answer(ctx, at, "staff.refuse.not_staff", nil)
	}
	by := d.memberOf(m.From)
	if err := d.seeStaff(ctx, by); err != nil {
		return err
	}
	if kind == inputPlain {
		if taken, err := d.answersReturn(ctx, m, t, by); taken || err != nil {
			return err
		}
		return d.relayReply(ctx, t, by, m, content, at)
	}
	return d.runCommand(ctx, cmd, t, by, m, at)
}

// ticketOfMessage finds the ticket a message in the staff group belongs
// to: by its forum topic, else by the message it replies to (the card, a
// relayed message, a staff reply). It returns nil when there is none.
func (d *Desk) ticketOfMessage(ctx context.Context, m *models.Message) (*tickets.Ticket, error) {
	chat := m.Chat.ID
	if m.IsTopicMessage && m.MessageThreadID != 0 {
		t, err := d.tickets.TicketByThread(ctx, chat, int64(m.MessageThreadID))
		switch {
		case err == nil:
			return t, nil
		case !errors.Is(err, tickets.ErrNotFound):
			return nil, fmt.Errorf("desk: ticket of topic %d: %w", m.MessageThreadID, err)
		}
	}
	r := m.ReplyToMessage
	if r == nil || r.ForumTopicCreated != nil {
		// In a forum every message replies to its topic's opening message;
		// that says nothing more than the topic did.
		return nil, nil
	}
	t, err := d.tickets.TicketByDeskMessage(ctx, chat, int64(r.ID))
	switch {
	case errors.Is(err, tickets.ErrNotFound):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("desk: ticket of message %d: %w", r.ID, err)
	}
	return t, nil
}

// relayReply passes a member's plain message in a ticket's thread to the
// customer: the ticket store keeps it and its relay job delivers it.
func (d *Desk) relayReply(ctx context.Context, t *tickets.Ticket, by tickets.Staff, m *models.Message, content contentKind, at place) error {
	if content == contentUnsupported {
		return d.answer(ctx, at, "staff.unsupported", nil)
	}
	if v, key := access(actMessage, scope{Chat: fromStaffGroup, Ticket: true}, by.Owner); v != allowed {
		return d.answer(ctx, at, key, nil)
	}
	_, err := d.replyForStaff(ctx, t, by, messageOf(m), at)
	return err
}

// contentKind is what a message in the staff group carries.
type contentKind uint8

const (
	contentService     contentKind = iota // a service message: nothing a member wrote
	contentText                           // text, or a shared contact
	contentFile                           // a photo, video, document or voice message
	contentUnsupported                    // a sticker, location, poll, GIF, ...
)

func contentOf(m *models.Message) contentKind {
	switch {
	case len(m.Photo) > 0, m.Video != nil, m.Document != nil, m.Voice != nil:
		return contentFile
	case m.Text != "", m.Contact != nil:
		return contentText
	case m.Sticker != nil, m.Animation != nil, m.Location != nil, m.Venue != nil, m.Poll != nil,
		m.Audio != nil, m.VideoNote != nil, m.Dice != nil, m.Game != nil, m.Story != nil:
		return contentUnsupported
	}
	return contentService
}

// messageOf turns a member's message into an entry of the ticket's
// relay log. A shared contact becomes its name and number as text.
func messageOf(m *models.Message) tickets.NewMessage {
	nm := tickets.NewMessage{
		UserID: m.From.ID, AuthorName: m.From.FirstName, Text: m.Text,
		ChatID: m.Chat.ID, MessageID: int64(m.ID), ThreadID: int64(m.MessageThreadID),
		At: time.Unix(int64(m.Date), 0),
	}
	if c := m.Contact; c != nil {
		nm.Text = strings.TrimSpace(strings.TrimSpace(c.FirstName+" "+c.LastName) + " " + c.PhoneNumber)
	}
	var media []tickets.Media
	switch {
	case len(m.Photo) > 0:
		p := m.Photo[len(m.Photo)-1]
		media = mediaOf(m, "photo", p.FileID, p.FileUniqueID)
	case m.Video != nil:
		media = mediaOf(m, "video", m.Video.FileID, m.Video.FileUniqueID)
	case m.Document != nil:
		media = mediaOf(m, "document", m.Document.FileID, m.Document.FileUniqueID)
	case m.Voice != nil:
		media = mediaOf(m, "voice", m.Voice.FileID, m.Voice.FileUniqueID)
	}
	if len(media) > 0 {
		nm.Attachments, nm.Text = media, m.Caption
	}
	return nm
}

// mediaOf is the one file a member's message carries, as the relay log
// keeps it.
func mediaOf(m *models.Message, kind, fileID, uniqueID string) []tickets.Media {
	return []tickets.Media{{Kind: kind, FileID: fileID, FileUniqueID: uniqueID, MediaGroupID: m.MediaGroupID, Caption: m.Caption}}
}
