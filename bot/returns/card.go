package returns

import (
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// Card draws a ticket's return on the ticket's card in the staff group, in
// the staff's language: what it is and where it stands, and the buttons of
// its next steps. It is what the desk's card shows of a return; it needs
// no flow, only the catalogue and the policy.
type Card struct {
	Catalog *locale.Catalog
	Policy  *policy.Policy
	Lang    string
}

func (c Card) text(key string, params map[string]string) string {
	return c.Catalog.HTML(c.Lang, key, params)
}

// Lines are the card's lines about r: its number, kind and state, why it
// comes back, the day to send it by, the fee of a charged repair, the
// parcel and what was found in it, or why it was refused. None for no
// return.
func (c Card) Lines(r *tickets.Return) []string {
	if r == nil {
		return nil
	}
	var out []string
	add := func(key string, params map[string]string) { out = append(out, c.text(key, params)) }
	add("desk.card.return", map[string]string{"rma": r.RMA, "kind": c.KindName(r.Kind), "state": c.StateName(r.State)})
	add("desk.card.return_cause", map[string]string{"cause": c.CauseName(r.Cause)})
	if !r.Deadline.IsZero() && (r.State == tickets.ReturnApproved || r.State == tickets.ReturnExpired) {
		add("desk.card.return_deadline", map[string]string{"date": r.Deadline.In(c.tz()).Format(time.DateOnly)})
	}
	if r.Fee.Cents > 0 {
		key := "desk.card.return_fee_pending"
		switch {
		case !r.FeeDecided.At.IsZero() && r.FeeAccepted:
			key = "desk.card.return_fee_accepted"
		case !r.FeeDecided.At.IsZero():
			key = "desk.card.return_fee_declined"
		}
		add(key, map[string]string{"amount": Amount(r.Fee)})
	}
	if !r.Shipped.At.IsZero() {
		add("desk.card.return_shipped", map[string]string{"carrier": r.Carrier, "tracking": r.Tracking,
			"receipt": flag(len(r.ShippingMedia) > 0)})
	}
	if r.InspectionResult != "" {
		add("desk.card.return_received."+string(r.InspectionResult), map[string]string{"note": r.InspectionNote})
	}
	if r.State == tickets.ReturnRefused {
		add("desk.card.return_refused", map[string]string{"reason": c.ExclusionName(r.RefusalExclusion, r.RefusalReason)})
	}
	return out
}

// Buttons are the rows of buttons for r's next steps: every step an owner
// or staff may take now that has a button (recording a parcel sent is
// /shipped). An owner-only button is shown to staff too and refused when
// they press it, with the reason. None for no return.
func (c Card) Buttons(r *tickets.Return) [][]models.InlineKeyboardButton {
	if r == nil {
		return nil
	}
	var steps []tickets.ReturnStep
	for _, role := range []tickets.ActorKind{tickets.ActorOwner, tickets.ActorStaff} {
		for _, s := range tickets.ReturnActions(r, role) {
			if !slices.Contains(steps, s) {
				steps = append(steps, s)
			}
		}
	}
	var list []models.InlineKeyboardButton
	for _, s := range tickets.ReturnSteps() {
		if slices.Contains(steps, s) {
			list = append(list, c.stepButtons(r, s)...)
		}
	}
	var rows [][]models.InlineKeyboardButton
	for len(list) > 0 {
		n := min(2, len(list))
		rows, list = append(rows, list[:n]), list[n:]
	}
	return rows
}

// stepButtons are the buttons of one step on r's card.
func (c Card) stepButtons(r *tickets.Return, s tickets.ReturnStep) []models.InlineKeyboardButton {
	on := func(v verb, args ...string) button { return button{Verb: v, RMA: r.RMA, Args: args} }
	switch s {
	case tickets.StepApprove:
		return []models.InlineKeyboardButton{c.btn("desk.button.return_preview", nil, on(verbPreview))}
	case tickets.StepRefuse:
		return []models.InlineKeyboardButton{c.btn("desk.button.return_refuse", nil, on(verbRefuse))}
	case tickets.StepReceive:
		return []models.InlineKeyboardButton{
			c.btn("desk.button.return_received_ok", nil, on(verbReceive, receivedOK)),
			c.btn("desk.button.return_received_damaged", nil, on(verbReceive, receivedDamaged)),
		}
	case tickets.StepRefund, tickets.StepExchange, tickets.StepRepair:
		return []models.InlineKeyboardButton{c.btn("desk.button.return_"+string(outcome(r.Kind)), nil, on(verbComplete))}
	case tickets.StepClose:
		return []models.InlineKeyboardButton{c.btn("desk.button.return_close", nil, on(verbClose))}
	case tickets.StepCancel:
		return []models.InlineKeyboardButton{c.btn("desk.button.return_cancel", nil, on(verbCancel))}
	case tickets.StepExtend:
		return []models.InlineKeyboardButton{c.btn("desk.button.return_extend", c.days(), on(verbExtend))}
	}
	return nil // shipped is /shipped; the fee is the customer's; expiry the service's
}

// Expired is the keyboard of the owners' alert that a return's deadline
// passed: give the customer more days, or cancel it. It is nil for a
// malformed return number.
func (c Card) Expired(rma string) *models.InlineKeyboardMarkup {
	rma, ok := tickets.NormalizeRMA(rma)
	if !ok {
		return nil
	}
	return keyboard([]models.InlineKeyboardButton{
		c.btn("desk.button.return_extend", c.days(), button{Verb: verbExtend, RMA: rma}),
		c.btn("desk.button.return_cancel", nil, button{Verb: verbCancel, RMA: rma}),
	})
}

// days is the number of days an extension gives, as the button says it.
func (c Card) days() map[string]string {
	return map[string]string{"days": strconv.Itoa(ExtensionDays(c.Policy))}
}

func (c Card) btn(key string, params map[string]string, b button) models.InlineKeyboardButton {
	return models.InlineKeyboardButton{Text: locale.PlainText(c.text(key, params)), CallbackData: b.encode()}
}

// KindName names a kind of return for staff.
func (c Card) KindName(k tickets.ReturnKind) string { return c.name("desk.return.kind.", string(k)) }

// CauseName names a cause for staff.
func (c Card) CauseName(k tickets.ReturnCause) string { return c.name("desk.return.cause.", string(k)) }

// StateName names a state for staff.
func (c Card) StateName(s tickets.ReturnState) string { return c.name("desk.return.state.", string(s)) }

// name is the catalogue's name under prefix+id, or id itself when the
// catalogue has none.
func (c Card) name(prefix, id string) string {
	if !c.Catalog.Has(c.Lang, prefix+id) {
		return id
	}
	return c.Catalog.Text(c.Lang, prefix+id, nil)
}

// ExclusionName says an exclusion briefly for staff: the catalogue's name
// for the default policy's, else the policy's reason in the staff's
// language (or fallback), cut to fit a button.
func (c Card) ExclusionName(id, fallback string) string {
	if key := "desk.return.exclusion." + id; c.Catalog.Has(c.Lang, key) {
		return c.Catalog.Text(c.Lang, key, nil)
	}
	text := fallback
	if e, ok := c.Policy.Exclusion(id); ok && e.Reason[c.Lang] != "" {
		text = e.Reason[c.Lang]
	}
	if text == "" {
		return id
	}
	if utf8.RuneCountInString(text) > maxLabel {
		text = string([]rune(text)[:maxLabel-1]) + "…"
	}
	return text
}

// maxLabel is the longest label the flow gives a button, in characters.
const maxLabel = 40

func (c Card) tz() *time.Location {
	if c.Policy != nil && c.Policy.Shop.TimeZone != nil {
		return c.Policy.Shop.TimeZone
	}
	return time.UTC
}

// flag is a template's boolean parameter: "true" or "".
func flag(b bool) string {
	if b {
		return "true"
	}
	return ""
}

// ExtensionDays is how many days "+N days" gives the customer: as many as
// the policy gives to send the item in the first place.
func ExtensionDays(p *policy.Policy) int {
	if p == nil || p.Returns.SendWithinDays <= 0 {
		return tickets.DefaultReturnDays
	}
	return p.Returns.SendWithinDays
}
