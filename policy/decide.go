package policy

import (
	"strconv"
	"time"
)

// Decide tells what the customer may have for a complaint: the four outcomes
// with whether each is allowed and why, the end of the return window and of
// the warranty. It is a pure function of the policy, the facts and today
// (an instant, read in the shop's time zone). The numbers refer to the
// sections of after-sales-rules.md:
//
//   - Return or exchange (3, "Return / exchange window"): within Returns.WindowDays
//     of purchase or delivery, inclusive, with a receipt when
//     Returns.ReceiptRequired; otherwise refused with "no_receipt" or
//     "return_window_ended" (with the date it ended). Whether the item can
//     still be sold is for staff ("resellable_check").
//   - Not returnable (3, "No return ... sold as a clearance item"): a category
//     with Returnable false refuses a refund ("not_returnable") and an
//     exchange at the customer's wish; an exchange for the shop's own mistake
//     is still allowed.
//   - The shop's mistake (4, quality fault: seller pays): a wrong item, an
//     item not as described, or damage in delivery reported in time, may be
//     exchanged or refunded within the window with a receipt.
//   - Late damage report (3, "Late reports"): damage in delivery reported
//     after DamageReportDays is not refused outright; "damage_reported_late"
//     tells the customer staff will judge it, exchange and refund are not
//     promised, repair follows the warranty as for any fault.
//   - Missing parts (3, warranty per part): the missing part is sent while any
//     warranty runs ("part_replacement_until"), receipt or not; after it, as
//     the shop's mistake within the window.
//   - Warranty (3, "Warranty periods"): repair is free until the warranty of
//     the product and of every listed part ends ("repair_free_until"). When
//     only some parts are still covered, repair is allowed with Paid set and
//     the reason names them ("repair_free_parts", "repair_free_except").
//   - Paid repair (3, "Paid repair"; "repairs for life"): after the warranty,
//     a RepairForLife category still repairs, Paid, the fee quoted and agreed
//     before work ("repair_paid"); a FreeSmallRepairs category still mends
//     small defects free and quotes the rest ("repair_small_free"); any other
//     category does not promise repair ("warranty_ended", "no_warranty"),
//     because staff must not promise more than the policy covers (3, last).
//   - Free repair instead of return (3): FreeSmallRepairs categories add
//     "small_defects_repaired" to a fault's reasons.
//   - Just letting the shop know (6, "a complaint is always answered"): always
//     allowed, with no reason to give.
//
// Not decided here, left to staff: what caused the fault (3, "Not covered"),
// the refund price when prices changed (3). Who pays the freight (4) follows
// from the cause once staff have judged it: see Freight.
func (p *Policy) Decide(f Facts, today time.Time) Verdict {
	d := &decision{p: p, f: f, issue: knownIssue(f.Issue)}
	d.bought = DateOf(f.Purchased)
	d.today = DateOf(today.In(p.Shop.TimeZone))
	cat, ok := p.Category(f.Category)
	if !ok {
		// The policy changed under an open dialogue: judge it as a returnable
		// product without a warranty and tell staff.
		cat = Category{ID: f.Category, Returnable: true, RepairForLife: true}
		d.note(Reason{Code: ReasonCategoryUnknown, Params: map[string]string{"category": f.Category}})
	}
	d.cat = cat
	d.cover = coverageOf(cat, d.bought, d.today)
	d.returnUntil = d.bought.AddDays(p.Returns.WindowDays)

	v := Verdict{
		Options: []Option{
			d.repair(),
			d.replacement(),
			d.refund(),
			{Outcome: OutcomeNone, Allowed: true}, // always; nothing to explain
		},
		ReturnUntil: d.returnUntil.In(p.Shop.TimeZone),
	}
	if !d.cover.last.IsZero() {
		v.WarrantyUntil = d.cover.last.In(p.Shop.TimeZone)
	}
	if d.damagedLate() {
		d.note(d.lateReason())
	}
	if d.issue == IssueFault && cat.FreeSmallRepairs {
		d.note(Reason{Code: ReasonSmallDefectsRepaired})
	}
	v.Reasons = collect(v.Options, d.notes)
	return v
}

// decision holds what Decide works out once and its branches share.
type decision struct {
	p           *Policy
	f           Facts
	issue       Issue
	cat         Category
	bought      Date
	today       Date
	returnUntil Date
	cover       coverage
	notes       []Reason
}

func (d *decision) note(r Reason) { d.notes = append(d.notes, r) }

// sellersFault tells whether the issue is the shop's mistake rather than
// something the customer wants undone.
func (d *decision) sellersFault() bool {
	switch d.issue {
	case IssueWrongItem, IssueNotAsDescribed, IssueMissingParts:
		return true
	case IssueDamaged:
		return !d.damagedLate()
	}
	return false
}

func (d *decision) damagedLate() bool {
	return d.issue == IssueDamaged && d.today.After(d.bought.AddDays(d.p.DamageReportDays))
}

func (d *decision) lateReason() Reason {
	return Reason{Code: ReasonDamageReportedLate, Params: map[string]string{
		"date": d.bought.AddDays(d.p.DamageReportDays).String(),
		"days": strconv.Itoa(d.p.DamageReportDays),
	}}
}

// windowRefusal is why a return or exchange within the window is refused,
// or nil when it is not.
func (d *decision) windowRefusal() *Reason {
	switch {
	case d.f.NoReceipt && d.p.Returns.ReceiptRequired:
		return &Reason{Code: ReasonNoReceipt}
	case d.today.After(d.returnUntil):
		return &Reason{Code: ReasonReturnWindowEnded, Params: d.windowParams()}
	}
	return nil
}

func (d *decision) windowParams() map[string]string {
	return map[string]string{"date": d.returnUntil.String(), "days": strconv.Itoa(d.p.Returns.WindowDays)}
}

func (d *decision) notReturnable() Reason {
	params := map[string]string{"category": d.cat.ID}
	for lang, name := range d.cat.Name {
		params["category_"+lang] = name
	}
	return Reason{Code: ReasonNotReturnable, Params: params}
}
