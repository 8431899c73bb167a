package returns

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/tickets"
)

// maxInstructions is the longest text of instructions, in characters, as
// the ticket store takes it.
const maxInstructions = 4000

// askFee asks the owner, at p, to reply with the fee estimate of the
// charged repair r; before the question, the catalogue text why (if any)
// says what was wrong with an earlier answer.
func (f *Flow) askFee(ctx context.Context, p Place, t *tickets.Ticket, r *tickets.Return, by tickets.Actor, why string) error {
	html := f.text("staff.return.ask_fee", map[string]string{"rma": r.RMA, "ref": t.Ref, "currency": f.cfg.Currency})
	if why != "" {
		html = f.text(why, nil) + "\n\n" + html
	}
	return f.ask(ctx, p, html, f.plain("staff.return.fee_placeholder", nil), question{Ask: askFee, RMA: r.RMA, TicketID: t.ID, Owner: by.ID})
}

// askText asks the owner, at p, to reply with the full new text of r's
// instructions, in the customer's language.
func (f *Flow) askText(ctx context.Context, p Place, t *tickets.Ticket, r *tickets.Return, by tickets.Actor) error {
	html := f.text("staff.return.ask_text", map[string]string{"rma": r.RMA, "lang": f.langName(f.customerLang(t)),
		"max": strconv.Itoa(maxInstructions)})
	return f.ask(ctx, p, html, f.plain("staff.return.text_placeholder", nil), question{Ask: askText, RMA: r.RMA, TicketID: t.ID, Owner: by.ID})
}

// ask posts a question at p that the owner answers by replying to it (the
// app opens the reply at once), and remembers what it asks.
func (f *Flow) ask(ctx context.Context, p Place, html, placeholder string, q question) error {
	markup := &models.ForceReply{ForceReply: true, InputFieldPlaceholder: placeholder}
	id, err := f.post(ctx, p, html, markup)
	if err != nil {
		return err
	}
	return f.drafts.ask(ctx, p.ChatID, id, q)
}

// answer takes message m, at p, as the answer to the flow's question it
// replies to, from the person by; handled is false when it replies to none
// (it is then none of the flow's business). An answer from anyone but the
// owner asked is turned down; a bad one is explained and the question asked
// again.
func (f *Flow) answer(ctx context.Context, m *models.Message, p Place, by tickets.Actor) (handled bool, err error) {
	if m.ReplyToMessage == nil {
		return false, nil
	}
	asked := m.ReplyToMessage.ID
	q, ok, err := f.drafts.asked(ctx, m.Chat.ID, asked)
	if err != nil || !ok {
		return false, err
	}
	if by.ID != q.Owner {
		return true, f.say(ctx, p, "staff.return.not_asked", nil)
	}
	r, err := f.tickets.GetReturn(ctx, q.RMA)
	if errors.Is(err, tickets.ErrNotFound) {
		return true, f.drafts.answered(ctx, m.Chat.ID, asked)
	}
	if err != nil {
		return true, fmt.Errorf("returns: return %s: %w", q.RMA, err)
	}
	if _, err := tickets.NextReturn(r, tickets.StepApprove, by.Kind); err != nil {
		// Sent, refused or cancelled meanwhile: the question is moot.
		if err := f.drafts.answered(ctx, m.Chat.ID, asked); err != nil {
			return true, err
		}
		text, _ := f.refusal(f.cfg.Lang, err, r)
		_, perr := f.post(ctx, p, text, nil)
		return true, perr
	}
	t, err := f.tickets.GetByID(ctx, r.TicketID)
	if err != nil {
		return true, fmt.Errorf("returns: ticket of %s: %w", r.RMA, err)
	}
	dr, err := f.drafts.get(ctx, r.RMA)
	if err != nil {
		return true, err
	}
	switch q.Ask {
	case askFee:
		cents, ok := ParseAmount(m.Text)
		if !ok {
			// Asked again: the owner replies to the new question.
			if err := f.drafts.answered(ctx, m.Chat.ID, asked); err != nil {
				return true, err
			}
			return true, f.askFee(ctx, p, t, r, by, "staff.return.fee_bad")
		}
		dr.FeeCents = cents
	case askText:
		text := strings.TrimSpace(m.Text)
		switch n := utf8.RuneCountInString(text); {
		case n == 0:
			return true, f.say(ctx, p, "staff.return.text_only", nil)
		case n > maxInstructions:
			return true, f.say(ctx, p, "staff.return.text_long", map[string]string{"count": strconv.Itoa(n), "max": strconv.Itoa(maxInstructions)})
		}
		dr.Text, dr.Deadline = text, f.pol.SendBy(f.now()).String()
	default:
		return true, f.drafts.answered(ctx, m.Chat.ID, asked)
	}
	if err := f.drafts.put(ctx, r.RMA, dr); err != nil {
		return true, err
	}
	if err := f.drafts.answered(ctx, m.Chat.ID, asked); err != nil {
		return true, err
	}
	f.log.Info("return draft changed", "rma", r.RMA, "ask", q.Ask, "owner", by.ID)
	return true, f.showPreview(ctx, p, t, r, by)
}
