package returns

import (
	"context"
	"html"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// askExclusion asks the owner, at p, which of the policy's exclusions the
// return r is refused for: a button for each, with what the customer will
// read, and one to keep the return after all.
func (f *Flow) askExclusion(ctx context.Context, p Place, t *tickets.Ticket, r *tickets.Return) error {
	list := f.pol.Returns.Exclusions
	if len(list) == 0 {
		return f.say(ctx, p, "staff.return.no_exclusions", nil)
	}
	c := f.card()
	lang := f.customerLang(t)
	var lines []string
	var rows [][]models.InlineKeyboardButton
	for _, e := range list {
		name := c.ExclusionName(e.ID, "")
		lines = append(lines, "• <b>"+html.EscapeString(name)+"</b> — "+html.EscapeString(e.Reason[lang]))
		rows = append(rows, []models.InlineKeyboardButton{{
			Text: name, CallbackData: button{Verb: verbExclude, RMA: r.RMA, Args: []string{e.ID}}.encode(),
		}})
	}
	rows = append(rows, []models.InlineKeyboardButton{f.btn("staff.return.button.keep", nil, button{Verb: verbKeep, RMA: r.RMA})})
	text := f.text("staff.return.ask_exclusion", map[string]string{
		"rma": r.RMA, "ref": t.Ref, "lang": f.langName(lang), locale.HTMLParam + "list": strings.Join(lines, "\n"),
	})
	_, err := f.post(ctx, p, text, keyboard(rows...))
	return err
}

// refuse refuses return r of ticket t for the policy's exclusion id, as
// pressed on the question of askExclusion: the reason in the customer's
// language, and the outcomes still open to them (the customer's side tells
// them, with the policy's alternative).
func (f *Flow) refuse(ctx context.Context, in press, t *tickets.Ticket, r *tickets.Return, id string) (string, error) {
	lang := f.customerLang(t)
	fields, ok := f.pol.RefusalFor(id, lang, t.Ref, f.productName(t, lang))
	if !ok {
		return locale.PlainText(f.cat.HTML(in.lang, "staff.button.invalid", nil)), nil
	}
	after, err := f.tickets.RefuseReturn(ctx, r.RMA, tickets.ReturnRefusal{
		Exclusion: id, Reason: fields.Reason, Alternatives: alternatives(t),
	}, in.by)
	if err != nil {
		return f.failed(in.lang, err, r)
	}
	f.log.Info("return refused", "rma", after.RMA, "exclusion", id, "owner", in.by.ID)
	done := map[string]string{"rma": after.RMA, "reason": f.card().ExclusionName(id, fields.Reason)}
	f.endPreview(ctx, r.RMA, in.msg.Chat.ID, in.msg.ID)
	f.rewrite(ctx, in.msg.Chat.ID, in.msg.ID, f.text("staff.return.refused", done), nil)
	return f.plain("staff.return.done.refused", done), nil
}

// alternatives are the outcomes still open to the customer once their
// return is refused: a repair, when the ticket's verdict allows one.
func alternatives(t *tickets.Ticket) []string {
	var out []string
	for _, o := range t.Verdict.Options {
		if o.Allowed && o.Outcome == policy.OutcomeRepair {
			out = append(out, string(o.Outcome))
		}
	}
	return out
}
