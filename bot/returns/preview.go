package returns

import (
	"context"
	"fmt"
	"html"
	"slices"
	"time"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// maxMessageText is Telegram's limit on a message's text after entity
// parsing, in UTF-16 code units.
const maxMessageText = 4096

// instructions is the text the customer is to be sent for return r of
// ticket t at now: the owner's own (the draft's), or the policy's drafted
// afresh in the customer's language; with that language and the day to
// send the item by. An owner's text keeps the day it was written with, as
// long as that day has not passed.
func (f *Flow) instructions(t *tickets.Ticket, r *tickets.Return, dr draft, now time.Time) (text, lang string, sendBy policy.Date, err error) {
	lang = f.customerLang(t)
	sendBy = f.pol.SendBy(now)
	if dr.Text != "" {
		if d, perr := policy.ParseDate(dr.Deadline); perr == nil && f.endOf(d).After(now) {
			sendBy = d
		}
		return dr.Text, lang, sendBy, nil
	}
	facts := policy.ReturnFacts{Kind: r.Kind, Cause: r.Cause, Category: t.Category, Sent: now}
	fields, err := f.pol.InstructionsFor(lang, facts)
	if err != nil {
		return "", "", policy.Date{}, fmt.Errorf("returns: instructions for %s: %w", r.RMA, err)
	}
	product := f.productName(t, lang)
	fields.Ref, fields.RMA, fields.Name, fields.Product = t.Ref, r.RMA, t.CustomerName, product
	fields.Deadline = sendBy.String()
	if dr.FeeCents > 0 {
		fee := tickets.Fee{Cents: dr.FeeCents, Currency: f.cfg.Currency}
		if fields.Fee, err = f.pol.RenderRepairFee(lang, policy.RepairFeeFields{Ref: t.Ref, Product: product, Amount: Amount(fee)}); err != nil {
			return "", "", policy.Date{}, fmt.Errorf("returns: fee of %s: %w", r.RMA, err)
		}
	}
	if text, err = f.pol.RenderInstructions(lang, fields); err != nil {
		return "", "", policy.Date{}, fmt.Errorf("returns: instructions for %s: %w", r.RMA, err)
	}
	return text, lang, sendBy, nil
}

// customerLang is the language the customer is written to in: the
// ticket's, when the shop offers it, else the shop's first.
func (f *Flow) customerLang(t *tickets.Ticket) string {
	langs := f.pol.Shop.Languages
	if len(langs) == 0 || slices.Contains(langs, t.CustomerLang) {
		return t.CustomerLang
	}
	return langs[0]
}

// productName names the ticket's product as the customer reads it: its
// category, in lang.
func (f *Flow) productName(t *tickets.Ticket, lang string) string {
	if c, ok := f.pol.Category(t.Category); ok && c.Name[lang] != "" {
		return c.Name[lang]
	}
	return t.Category
}

// endOf is the last second of day d in the shop's zone: when a deadline on
// that day runs out.
func (f *Flow) endOf(d policy.Date) time.Time {
	return d.AddDays(1).In(f.tz()).Add(-time.Second)
}

// charged reports whether r is a repair the customer pays for, by the
// policy's freight rules: the owner gives the fee before the preview.
func (f *Flow) charged(r *tickets.Return) bool {
	return f.pol.Freight(r.Kind, r.Cause).RepairCharged
}

// showPreview posts the preview of r's instructions at p, with the buttons
// to send, edit, refuse or cancel, and takes the buttons off the preview
// before it; for a charged repair whose fee the owner has not given yet, it
// asks for the fee instead.
func (f *Flow) showPreview(ctx context.Context, p Place, t *tickets.Ticket, r *tickets.Return, by tickets.Actor) error {
	dr, err := f.drafts.get(ctx, r.RMA)
	if err != nil {
		return err
	}
	if f.charged(r) && dr.FeeCents == 0 {
		return f.askFee(ctx, p, t, r, by, "")
	}
	text, lang, _, err := f.instructions(t, r, dr, f.now())
	if err != nil {
		return err
	}
	id, err := f.post(ctx, p, f.previewHTML(t, r, text, lang, dr.Text != ""), f.previewButtons(r))
	if err != nil {
		return err
	}
	if dr.PreviewMessage != 0 && (dr.PreviewChat != p.ChatID || dr.PreviewMessage != id) {
		f.unbutton(ctx, dr.PreviewChat, dr.PreviewMessage)
	}
	dr.PreviewChat, dr.PreviewMessage = p.ChatID, id
	return f.drafts.put(ctx, r.RMA, dr)
}

// previewHTML is the preview: a header for the owner in the staff's
// language, then the instructions exactly as the customer will read them —
// plain text, escaped as a whole — cut short here should they not fit one
// message (they are sent in full).
func (f *Flow) previewHTML(t *tickets.Ticket, r *tickets.Return, text, lang string, own bool) string {
	c := f.card()
	head := f.text("staff.return.preview", map[string]string{
		"rma": r.RMA, "ref": t.Ref, "kind": c.KindName(r.Kind), "cause": c.CauseName(r.Cause),
		"name": t.CustomerName, "lang": f.langName(lang), "own": flag(own),
	})
	return f.quoted(head, text, f.text("staff.return.preview_actions", nil))
}

// quoted puts the plain text of instructions, escaped as a whole, between
// a head and a foot in the staff's language, cut short here should they not
// fit one message (they are sent in full).
func (f *Flow) quoted(head, text, foot string) string {
	room := maxMessageText - utf16Len(locale.PlainText(head)) - utf16Len(locale.PlainText(foot)) - 4
	if utf16Len(text) > room {
		cut := f.text("staff.return.preview_cut", nil)
		text = cutUTF16(text, room-utf16Len(locale.PlainText(cut))-2) + "…"
		foot = cut + "\n" + foot
	}
	out := head + "\n<blockquote>" + html.EscapeString(text) + "</blockquote>"
	if foot != "" {
		out += "\n" + foot
	}
	return out
}

// previewButtons are the preview's: send, edit, refuse, cancel.
func (f *Flow) previewButtons(r *tickets.Return) *models.InlineKeyboardMarkup {
	on := func(v verb) button { return button{Verb: v, RMA: r.RMA} }
	return keyboard(
		[]models.InlineKeyboardButton{f.btn("staff.return.button.send", nil, on(verbSend)), f.btn("staff.return.button.edit", nil, on(verbEdit))},
		[]models.InlineKeyboardButton{f.btn("desk.button.return_refuse", nil, on(verbRefuse)), f.btn("desk.button.return_cancel", nil, on(verbCancel))},
	)
}

// langName names a language for staff.
func (f *Flow) langName(lang string) string {
	if key := "desk.lang." + lang; f.cat.Has(f.cfg.Lang, key) {
		return f.cat.Text(f.cfg.Lang, key, nil)
	}
	return lang
}

// endPreview takes the buttons off the return's latest preview, once the
// return was sent, refused or cancelled, and forgets its draft. It reports
// whether the message pressed is that preview: the caller then rewrites it
// to say what became of it.
func (f *Flow) endPreview(ctx context.Context, rma string, pressedChat int64, pressed int) bool {
	dr, err := f.drafts.get(ctx, rma)
	if err != nil {
		f.log.Warn("return draft not read", "rma", rma, "err", err)
		return false
	}
	isPreview := dr.PreviewChat == pressedChat && dr.PreviewMessage == pressed
	if dr.PreviewMessage != 0 && !isPreview {
		f.unbutton(ctx, dr.PreviewChat, dr.PreviewMessage)
	}
	if err := f.drafts.drop(ctx, rma); err != nil {
		f.log.Warn("return draft not dropped", "rma", rma, "err", err)
	}
	return isPreview
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// cutUTF16 keeps the start of s that fits in units UTF-16 code units.
func cutUTF16(s string, units int) string {
	n := 0
	for i, r := range s {
		n += utf16.RuneLen(r)
		if n > units {
			return s[:i]
		}
	}
	return s
}
