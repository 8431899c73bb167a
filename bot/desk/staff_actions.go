package desk

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/tickets"
)

// command carries out a desk command: the access table first, then
// the ticket store. Refusals and bad requests are answered in the group;
// a change done is confirmed with a reaction on the command (the card job
// shows the change on the card).
func (d *Desk) runCommand(ctx context.Context, cmd command, t *tickets.Ticket, by tickets.Staff, m *models.Message, at place) error {
	act := actOf(cmd, t, by.UserID)
	if v, key := access(act, scope{Chat: fromStaffGroup, Ticket: t != nil}, by.Owner); v != allowed {
		return d.answer(ctx, at, key, holderParams(t))
	}
	switch cmd.Verb {
	case actHelp:
		return d.postHTML(ctx, at, d.help())
	case actList:
		return d.list(ctx, cmd.List, by, at)
	case actShow:
		return d.show(ctx, cmd.Ref, at)
	case actSLA:
		return d.slaList(ctx, cmd.Hours, at)
	case actReport:
		return d.report(ctx, cmd.Days, at)
	case actNote:
		nm := messageOf(m)
		nm.Text = cmd.Text
		if _, err := d.tickets.AddNote(ctx, t.ID, by, nm); err != nil {
			return fmt.Errorf("desk: note on %s: %w", t.Ref, err)
		}
		return d.react(ctx, m)
	case actReply:
		return d.cannedReply(ctx, t, by, cmd.Canned, m, at)
	case actReturn, actShipped, actReceived:
		return d.returnCommand(ctx, cmd, t, by, m, at)
	}
	op := operation{Act: act, Delta: cmd.Delta, Summary: cmd.Text}
	if cmd.Verb == actAssign {
		to, key, params, err := d.assignee(ctx, cmd, m)
		if err != nil || key != "" {
			if err != nil {
				return err
			}
			return d.answer(ctx, at, key, params)
		}
		op.To = to
	}
	if cmd.Verb == actNeedInfo && cmd.Text != "" {
		// The question goes to the customer first: a reply moves a ticket
		// waiting for the customer back to work, the status then waits.
		nm := messageOf(m)
		nm.Text = cmd.Text
		if ok, err := d.replyForStaff(ctx, t, by, nm, at); !ok || err != nil {
			return err
		}
	}
	_, refusal, err := d.applyOp(ctx, t, by, op)
	if err != nil {
		return err
	}
	if refusal != nil {
		return d.answer(ctx, at, refusal.Key, refusal.Params)
	}
	return d.react(ctx, m)
}

// holderParams names the member holding t, for refusals.
func holderParams(t *tickets.Ticket) map[string]string {
	if t == nil || t.AssigneeName == "" {
		return nil
	}
	return map[string]string{"name": t.AssigneeName}
}

// assignee is the member /assign names: by @username among the members
// seen in the group, or the author of the message it replies to. When
// neither, key is the answer explaining what to write.
func (d *Desk) assignee(ctx context.Context, cmd command, m *models.Message) (to *tickets.Staff, key string, params map[string]string, err error) {
	if cmd.Username != "" {
		s, err := d.tickets.StaffByUsername(ctx, cmd.Username)
		if errors.Is(err, tickets.ErrNotFound) {
			return nil, "staff.no_member", map[string]string{"username": "@" + cmd.Username}, nil
		}
		if err != nil {
			return nil, "", nil, fmt.Errorf("desk: staff @%s: %w", cmd.Username, err)
		}
		s.Owner = d.isOwner(s.UserID)
		return s, "", nil, nil
	}
	r := m.ReplyToMessage
	if r == nil || r.ForumTopicCreated != nil || r.From == nil || r.From.IsBot {
		return nil, "staff.usage.assign", nil, nil
	}
	s := d.memberOf(r.From)
	if err := d.seeStaff(ctx, s); err != nil {
		return nil, "", nil, err
	}
	return &s, "", nil, nil
}

// replyForStaff stores a reply to the customer written by a member; its
// relay job delivers it. A resolved or closed ticket must be reopened
// first: the member is told so, and ok is false.
func (d *Desk) replyForStaff(ctx context.Context, t *tickets.Ticket, by tickets.Staff, nm tickets.NewMessage, at place) (ok bool, err error) {
	_, added, err := d.tickets.AddStaffReply(ctx, t.ID, by, nm)
	if errors.Is(err, tickets.ErrConflict) {
		return false, d.answer(ctx, at, "staff.reopen_first", map[string]string{"ref": t.Ref})
	}
	if err != nil {
		return false, fmt.Errorf("desk: staff reply on %s: %w", t.Ref, err)
	}
	if added {
		d.log.Info("staff reply stored", "ticket", t.Ref, "staff", by.UserID, "message", nm.MessageID)
	}
	return true, nil
}

// cannedReply sends the customer a ready answer from the policy, in the
// customer's language, with the ticket's fields filled in, and shows the
// thread the text as it goes: the command alone would not say what the
// customer reads.
func (d *Desk) cannedReply(ctx context.Context, t *tickets.Ticket, by tickets.Staff, name string, m *models.Message, at place) error {
	c, ok := d.pol.Canned(name)
	if !ok {
		return d.answer(ctx, at, "staff.usage.reply_unknown", map[string]string{"name": name})
	}
	lang := t.CustomerLang
	if c.Text[lang] == "" {
		lang = "en"
	}
	text := c.Fill(lang, d.cannedValues(t, lang))
	if text == "" {
		return d.answer(ctx, at, "staff.usage.reply_unknown", map[string]string{"name": name})
	}
	nm := messageOf(m)
	nm.Text, nm.Attachments = text, nil
	if ok, err := d.replyForStaff(ctx, t, by, nm, at); !ok || err != nil {
		return err
	}
	return d.answer(ctx, at, "staff.canned_sent", map[string]string{"name": name, "text": text})
}

// cannedValues are the ticket's fields a canned reply may name
// (policy.CannedFields), in the customer's language, as plain text.
func (d *Desk) cannedValues(t *tickets.Ticket, lang string) map[string]string {
	category := t.Category
	if c, ok := d.pol.Category(t.Category); ok && c.Name[lang] != "" {
		category = c.Name[lang]
	}
	outcome := ""
	if t.Outcome != "" {
		outcome = locale.PlainText(d.cat.Text(lang, "conversation.outcome."+t.Outcome, nil))
	}
	return map[string]string{"name": t.CustomerName, "ref": t.Ref, "order": t.OrderNo,
		"category": category, "outcome": outcome}
}

// operation is a change of a ticket asked for by a command or a button.
type operation struct {
	Act     action
	To      *tickets.Staff // assign, reassign
	Delta   int            // priority
	Summary string         // resolve
}

// refusal is a change the ticket store turned down, as the staff
// catalogue text to answer.
type refusal struct {
	Key    string
	Params map[string]string
}

// applyOp carries out op on t for by. A change the ticket's state or the
// member's rights do not allow comes back as a refusal; err is a failure
// worth retrying the update for.
func (d *Desk) applyOp(ctx context.Context, t *tickets.Ticket, by tickets.Staff, op operation) (*tickets.Ticket, *refusal, error) {
	var after *tickets.Ticket
	var err error
	switch op.Act {
	case actClaim:
		after, err = d.tickets.Claim(ctx, t.ID, by)
	case actAssign, actReassign:
		after, err = d.tickets.Assign(ctx, t.ID, by, *op.To)
	case actRelease, actReleaseOther:
		if t.AssigneeUserID == 0 {
			return nil, &refusal{Key: "staff.not_held"}, nil
		}
		after, err = d.tickets.Release(ctx, t.ID, by)
	case actNeedInfo:
		after, err = d.tickets.NeedInfo(ctx, t.ID, by)
	case actResolve:
		after, err = d.tickets.Resolve(ctx, t.ID, by, op.Summary)
	case actClose:
		after, err = d.tickets.CloseTicket(ctx, t.ID, by.Actor())
	case actReopen:
		after, err = d.tickets.Reopen(ctx, t.ID, by.Actor())
	case actPriority:
		after, err = d.tickets.ShiftPriority(ctx, t.ID, by, op.Delta)
	case actUrgent, actUrgentOff:
		after, err = d.tickets.SetUrgent(ctx, t.ID, by, op.Act == actUrgent)
	default:
		return nil, nil, fmt.Errorf("desk: no desk operation %q", op.Act)
	}
	switch {
	case err == nil:
		d.log.Info("desk action", "ticket", t.Ref, "staff", by.UserID, "act", string(op.Act))
		return after, nil, nil
	case errors.Is(err, tickets.ErrConflict) && op.Act == actClaim:
		return nil, &refusal{Key: "staff.taken_by", Params: holderParams(t)}, nil
	case errors.Is(err, tickets.ErrConflict):
		return nil, &refusal{Key: "staff.conflict", Params: map[string]string{
			"ref": t.Ref, "status": locale.PlainText(d.text("desk.status."+string(t.Status), nil))}}, nil
	case errors.Is(err, tickets.ErrForbidden):
		key := "staff.refuse.owners." + string(op.Act)
		if !d.cat.Has(d.lang(), key) {
			key = "staff.forbidden"
		}
		return nil, &refusal{Key: key, Params: holderParams(t)}, nil
	case errors.Is(err, tickets.ErrInvalid) && op.Act == actResolve:
		return nil, &refusal{Key: "staff.usage.resolve"}, nil
	case errors.Is(err, tickets.ErrInvalid), errors.Is(err, tickets.ErrNotFound):
		return nil, &refusal{Key: "staff.refuse.unknown"}, nil
	}
	return nil, nil, fmt.Errorf("desk: %s on %s: %w", op.Act, t.Ref, err)
}

// doneParams are the parameters of the toast confirming op: who took the
// ticket, its priority now.
func doneParams(op operation, after *tickets.Ticket, by tickets.Staff) map[string]string {
	p := map[string]string{"ref": after.Ref}
	switch op.Act {
	case actClaim:
		p["name"] = by.Name
	case actAssign, actReassign:
		p["name"] = op.To.Name
	case actPriority:
		p["priority"] = strconv.Itoa(after.Priority)
	}
	return p
}
