package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/tickets"
)

// staffCommand carries out a desk command: the access table first, then
// the ticket store. Refusals and bad requests are answered in the group;
// a change done is confirmed with a reaction on the command (the card job
// shows the change on the card).
func (e *Edge) staffCommand(ctx context.Context, cmd staffCommand, t *tickets.Ticket, by tickets.Staff, m *models.Message, at deskPlace) error {
	act := actOf(cmd, t, by.UserID)
	if v, key := access(act, staffPlace{Chat: fromStaffGroup, Ticket: t != nil}, by.Owner); v != allowed {
		return e.deskAnswer(ctx, at, key, holderParams(t))
	}
	switch cmd.Verb {
	case verbHelp:
		return e.deskPostHTML(ctx, at, e.staffHelp())
	case verbTickets:
		return e.staffList(ctx, cmd.List, by, at)
	case verbTicket:
		return e.staffShow(ctx, cmd.Ref, at)
	case verbNote:
		nm := staffMessageOf(m)
		nm.Text = cmd.Text
		if _, err := e.tickets.AddNote(ctx, t.ID, by, nm); err != nil {
			return fmt.Errorf("bot: note on %s: %w", t.Ref, err)
		}
		return e.react(ctx, m)
	case verbReply:
		return e.cannedReply(ctx, t, by, cmd.Canned, m, at)
	}
	op := deskOp{Act: act, Delta: cmd.Delta, Summary: cmd.Text}
	if cmd.Verb == verbAssign {
		to, key, params, err := e.assignee(ctx, cmd, m)
		if err != nil || key != "" {
			if err != nil {
				return err
			}
			return e.deskAnswer(ctx, at, key, params)
		}
		op.To = to
	}
	if cmd.Verb == verbNeedInfo && cmd.Text != "" {
		// The question goes to the customer first: a reply moves a ticket
		// waiting for the customer back to work, the status then waits.
		nm := staffMessageOf(m)
		nm.Text = cmd.Text
		if ok, err := e.replyForStaff(ctx, t, by, nm, at); !ok || err != nil {
			return err
		}
	}
	_, refusal, err := e.applyOp(ctx, t, by, op)
	if err != nil {
		return err
	}
	if refusal != nil {
		return e.deskAnswer(ctx, at, refusal.Key, refusal.Params)
	}
	return e.react(ctx, m)
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
func (e *Edge) assignee(ctx context.Context, cmd staffCommand, m *models.Message) (to *tickets.Staff, key string, params map[string]string, err error) {
	if cmd.Username != "" {
		s, err := e.tickets.StaffByUsername(ctx, cmd.Username)
		if errors.Is(err, tickets.ErrNotFound) {
			return nil, "staff.no_member", map[string]string{"username": "@" + cmd.Username}, nil
		}
		if err != nil {
			return nil, "", nil, fmt.Errorf("bot: staff @%s: %w", cmd.Username, err)
		}
		s.Owner = e.isOwner(s.UserID)
		return s, "", nil, nil
	}
	r := m.ReplyToMessage
	if r == nil || r.ForumTopicCreated != nil || r.From == nil || r.From.IsBot {
		return nil, "staff.usage.assign", nil, nil
	}
	s := e.staffOf(r.From)
	if err := e.seeStaff(ctx, s); err != nil {
		return nil, "", nil, err
	}
	return &s, "", nil, nil
}

// isOwner reports whether the user is one of the shop's owners.
func (e *Edge) isOwner(userID int64) bool { return slices.Contains(e.cfg.OwnerIDs, userID) }

// replyForStaff stores a reply to the customer written by a member; its
// relay job delivers it. A resolved or closed ticket must be reopened
// first: the member is told so, and ok is false.
func (e *Edge) replyForStaff(ctx context.Context, t *tickets.Ticket, by tickets.Staff, nm tickets.NewMessage, at deskPlace) (ok bool, err error) {
	_, added, err := e.tickets.AddStaffReply(ctx, t.ID, by, nm)
	if errors.Is(err, tickets.ErrConflict) {
		return false, e.deskAnswer(ctx, at, "staff.reopen_first", map[string]string{"ref": t.Ref})
	}
	if err != nil {
		return false, fmt.Errorf("bot: staff reply on %s: %w", t.Ref, err)
	}
	if added {
		e.log.Info("staff reply stored", "ticket", t.Ref, "staff", by.UserID, "message", nm.MessageID)
	}
	return true, nil
}

// cannedReply sends the customer a ready answer from the policy, in the
// customer's language, with the ticket's fields filled in.
func (e *Edge) cannedReply(ctx context.Context, t *tickets.Ticket, by tickets.Staff, name string, m *models.Message, at deskPlace) error {
	c, ok := e.pol.Canned(name)
	if !ok {
		return e.deskAnswer(ctx, at, "staff.usage.reply_unknown", map[string]string{"name": name})
	}
	lang := t.CustomerLang
	if c.Text[lang] == "" {
		lang = "en"
	}
	text := c.Fill(lang, e.cannedValues(t, lang))
	if text == "" {
		return e.deskAnswer(ctx, at, "staff.usage.reply_unknown", map[string]string{"name": name})
	}
	nm := staffMessageOf(m)
	nm.Text, nm.Attachments = text, nil
	if ok, err := e.replyForStaff(ctx, t, by, nm, at); !ok || err != nil {
		return err
	}
	return e.react(ctx, m)
}

// cannedValues are the ticket's fields a canned reply may name
// (policy.CannedFields), in the customer's language, as plain text.
func (e *Edge) cannedValues(t *tickets.Ticket, lang string) map[string]string {
	category := t.Category
	if c, ok := e.pol.Category(t.Category); ok && c.Name[lang] != "" {
		category = c.Name[lang]
	}
	outcome := ""
	if t.Outcome != "" {
		outcome = plainText(e.cat.Text(lang, "conversation.outcome."+t.Outcome, nil))
	}
	return map[string]string{"name": t.CustomerName, "ref": t.Ref, "order": t.OrderNo,
		"category": category, "outcome": outcome}
}

// deskOp is a change of a ticket asked for by a command or a button.
type deskOp struct {
	Act     staffAct
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
func (e *Edge) applyOp(ctx context.Context, t *tickets.Ticket, by tickets.Staff, op deskOp) (*tickets.Ticket, *refusal, error) {
	var after *tickets.Ticket
	var err error
	switch op.Act {
	case doClaim:
		after, err = e.tickets.Claim(ctx, t.ID, by)
	case doAssign, doReassign:
		after, err = e.tickets.Assign(ctx, t.ID, by, *op.To)
	case doRelease, doReleaseOther:
		if t.AssigneeUserID == 0 {
			return nil, &refusal{Key: "staff.not_held"}, nil
		}
		after, err = e.tickets.Release(ctx, t.ID, by)
	case doNeedInfo:
		after, err = e.tickets.NeedInfo(ctx, t.ID, by)
	case doResolve:
		after, err = e.tickets.Resolve(ctx, t.ID, by, op.Summary)
	case doClose:
		after, err = e.tickets.CloseTicket(ctx, t.ID, by.Actor())
	case doReopen:
		after, err = e.tickets.Reopen(ctx, t.ID, by.Actor())
	case doPriority:
		after, err = e.tickets.ShiftPriority(ctx, t.ID, by, op.Delta)
	case doUrgent, doUrgentOff:
		after, err = e.tickets.SetUrgent(ctx, t.ID, by, op.Act == doUrgent)
	default:
		return nil, nil, fmt.Errorf("bot: no desk operation %q", op.Act)
	}
	switch {
	case err == nil:
		e.log.Info("desk action", "ticket", t.Ref, "staff", by.UserID, "act", string(op.Act))
		return after, nil, nil
	case errors.Is(err, tickets.ErrConflict) && op.Act == doClaim:
		return nil, &refusal{Key: "staff.taken_by", Params: holderParams(t)}, nil
	case errors.Is(err, tickets.ErrConflict):
		return nil, &refusal{Key: "staff.conflict", Params: map[string]string{
			"ref": t.Ref, "status": plainText(e.staffText("desk.status."+string(t.Status), nil))}}, nil
	case errors.Is(err, tickets.ErrForbidden):
		key := "staff.refuse.owners." + string(op.Act)
		if !e.cat.Has(e.staffLang(), key) {
			key = "staff.forbidden"
		}
		return nil, &refusal{Key: key, Params: holderParams(t)}, nil
	case errors.Is(err, tickets.ErrInvalid) && op.Act == doResolve:
		return nil, &refusal{Key: "staff.usage.resolve"}, nil
	case errors.Is(err, tickets.ErrInvalid), errors.Is(err, tickets.ErrNotFound):
		return nil, &refusal{Key: "staff.refuse.unknown"}, nil
	}
	return nil, nil, fmt.Errorf("bot: %s on %s: %w", op.Act, t.Ref, err)
}

// doneParams are the parameters of the toast confirming op: who took the
// ticket, its priority now.
func doneParams(op deskOp, after *tickets.Ticket, by tickets.Staff) map[string]string {
	p := map[string]string{"ref": after.Ref}
	switch op.Act {
	case doClaim:
		p["name"] = by.Name
	case doAssign, doReassign:
		p["name"] = op.To.Name
	case doPriority:
		p["priority"] = strconv.Itoa(after.Priority)
	}
	return p
}
