package desk

import (
	"context"
	"errors"
	"fmt"
	"html"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/tickets"
)

// onEdit handles a member editing a message in the staff group. When it
// was a reply to a customer (or a note), the ticket keeps the new text and
// the customer's copy is edited to match. Edits of anything else — the
// staff's own chat, a command — change nothing.
func (d *Desk) onEdit(ctx context.Context, m *models.Message) error {
	if m.From == nil || m.From.IsBot {
		return nil
	}
	content := contentOf(m)
	if content != contentText && content != contentFile || m.Contact != nil {
		return nil
	}
	text := m.Text
	if content == contentFile {
		text = m.Caption
	}
	p := parser{botUsername: d.username, notePrefix: d.cfg.NotePrefix, canned: d.pol.CannedReplies}
	cmd, kind, err := p.parse(text, content == contentFile)
	switch {
	case kind == inputCommand && err == nil && cmd.Verb == actNote:
		text = cmd.Text
	case kind != inputPlain:
		return nil // a command's text is not a message to anyone
	}
	msg, err := d.tickets.EditStaffReply(ctx, m.Chat.ID, int64(m.ID), text)
	if errors.Is(err, tickets.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("desk: edit of staff message %d: %w", m.ID, err)
	}
	if msg.Direction != tickets.DirectionOut || msg.CopyChatID == 0 || len(msg.CopyMessageIDs) == 0 {
		// A note, or a reply not delivered yet: its relay sends the new text.
		return nil
	}
	if err := d.editCustomerCopy(ctx, msg); err != nil {
		if send.IsBlocked(err) || send.IsMessageGone(err) {
			d.log.Info("customer's copy not edited", "ticket", msg.TicketID, "message", msg.ID, "err", err)
			return nil
		}
		return fmt.Errorf("desk: edit customer's copy of message %d: %w", msg.ID, err)
	}
	d.log.Info("staff reply edited", "ticket", msg.TicketID, "message", msg.ID)
	return nil
}

// editCustomerCopy makes the customer's copy of a staff reply show its new
// text, signed and laid out as the relay sent it: the text's message (or
// messages, for a long one), or the caption of its file, which carries the
// signature when it opened an album.
func (d *Desk) editCustomerCopy(ctx context.Context, msg *tickets.Message) error {
	t, err := d.tickets.GetByID(ctx, msg.TicketID)
	if err != nil {
		return err
	}
	lang := t.CustomerLang
	header := d.cat.HTML(lang, "desk.reply.from", map[string]string{"name": d.signature(lang, *msg)})
	if len(msg.Attachments) == 0 {
		chunks := textChunks(header, msg.Text)
		for i, id := range msg.CopyMessageIDs {
			if i >= len(chunks) {
				break // a shorter text leaves the later parts as they were
			}
			if err := d.out.EditText(ctx, msg.CopyChatID, int(id), chunks[i], nil); err != nil {
				return err
			}
		}
		return nil
	}
	first, err := d.opensAlbum(ctx, t, msg)
	if err != nil {
		return err
	}
	caption := html.EscapeString(strings.TrimSpace(msg.Text))
	if first {
		caption = joinLines(header, caption)
	}
	if htmlTextLen(caption) > maxCaption {
		caption = joinLines(header, html.EscapeString(cutUTF16(strings.TrimSpace(msg.Text), maxCaption-htmlTextLen(header)-2)+"…"))
	}
	return d.out.EditCaption(ctx, msg.CopyChatID, int(msg.CopyMessageIDs[0]), caption, nil)
}

// opensAlbum reports whether a reply with a file was the first of the
// replies sent with it as one album (or alone): its caption carries the
// signature.
func (d *Desk) opensAlbum(ctx context.Context, t *tickets.Ticket, msg *tickets.Message) (bool, error) {
	group := msg.Attachments[0].MediaGroupID
	if group == "" {
		return true, nil
	}
	full, err := d.tickets.Get(ctx, t.Ref)
	if err != nil {
		return false, err
	}
	for _, m := range full.Messages {
		if m.ID < msg.ID && m.Direction == tickets.DirectionOut && len(m.Attachments) > 0 && m.Attachments[0].MediaGroupID == group {
			return false, nil
		}
	}
	return true, nil
}
