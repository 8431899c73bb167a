package returns

import (
	"errors"
	"strings"

	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/tickets"
)

// refusal is the staff text (HTML, in lang) saying why a step of a return
// was turned down: the roles that may take it ("Only owners may confirm
// the refund."), or that the return's state does not allow it now. ok is
// false for an error that is no refusal (a failure to retry, a malformed
// request the caller words itself).
func (f *Flow) refusal(lang string, err error, r *tickets.Return) (string, bool) {
	var re *tickets.ReturnError
	if !errors.As(err, &re) {
		return "", false
	}
	step := f.cat.Text(lang, "staff.return.step."+string(re.Step), nil)
	if errors.Is(err, tickets.ErrReturnNotAllowed) {
		return f.cat.HTML(lang, "staff.return.refuse.roles", map[string]string{"roles": f.rolesName(lang, re.Roles), "step": step}), true
	}
	if re.Step == tickets.StepShip && r != nil && r.FeePending() {
		return f.cat.HTML(lang, "staff.return.refuse.fee_pending", map[string]string{"rma": r.RMA}), true
	}
	state, rma := "", ""
	if r != nil {
		state, rma = Card{Catalog: f.cat, Policy: f.pol, Lang: lang}.StateName(r.State), r.RMA
	}
	return f.cat.HTML(lang, "staff.return.refuse.state", map[string]string{"rma": rma, "state": state, "step": step}), true
}

// rolesName names the roles that may take a step, in lang: "owners",
// "owners and staff".
func (f *Flow) rolesName(lang string, roles []tickets.ActorKind) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	key := "staff.return.roles." + strings.Join(names, "_")
	if !f.cat.Has(lang, key) {
		return strings.Join(names, ", ")
	}
	return f.cat.Text(lang, key, nil)
}

// mayPress checks that by may press a button of step on r (nil before the
// return exists) as it stands, by the return's own rules, and returns the
// notice refusing it, or "".
func (f *Flow) mayPress(lang string, r *tickets.Return, step tickets.ReturnStep, by tickets.Actor) string {
	_, err := tickets.NextReturn(r, step, by.Kind)
	if err == nil {
		return ""
	}
	if text, ok := f.refusal(lang, err, r); ok {
		return locale.PlainText(text)
	}
	return f.plain("staff.button.invalid", nil)
}
