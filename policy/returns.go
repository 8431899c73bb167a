package policy

import (
	"slices"
	"strings"
	"time"
)

// ReturnKind is what an owner-approved return is for: the money back, another
// item, or a repair at the shop.
type ReturnKind string

// The kinds of return.
const (
	ReturnRefund   ReturnKind = "refund"
	ReturnExchange ReturnKind = "exchange"
	ReturnRepair   ReturnKind = "repair"
)

// ReturnKinds lists every kind of return in the order the owner is offered them.
func ReturnKinds() []ReturnKind {
	return []ReturnKind{ReturnRefund, ReturnExchange, ReturnRepair}
}

// ReturnCause is why the item goes back, as the owner judges it; the freight
// rules decide on it (after-sales-rules.md §4).
type ReturnCause string

// The causes of a return.
const (
	// CauseQualityFault: a fault the shop answers for — a defect under
	// warranty, a wrong item, an item not as described, damage in delivery.
	CauseQualityFault ReturnCause = "quality_fault"
	// CauseCustomerDamage: damage the customer caused (wrong use, taking the
	// item apart, an unauthorised repair).
	CauseCustomerDamage ReturnCause = "customer_damage"
	// CauseChangeOfMind: the customer no longer wants an item that has
	// nothing wrong with it, or any other return the shop is not at fault for.
	CauseChangeOfMind ReturnCause = "change_of_mind"
	// CauseOutOfWarranty: a fault after the warranty ended, or one it does
	// not cover such as wear; the repair is paid.
	CauseOutOfWarranty ReturnCause = "out_of_warranty"
)

// ReturnCauses lists every cause of a return.
func ReturnCauses() []ReturnCause {
	return []ReturnCause{CauseQualityFault, CauseCustomerDamage, CauseChangeOfMind, CauseOutOfWarranty}
}

// Payer is who pays a freight: the shop or the customer.
type Payer string

// The payers.
const (
	PayerShop     Payer = "shop"
	PayerCustomer Payer = "customer"
)

// Valid reports whether k is one of the kinds above.
func (k ReturnKind) Valid() bool { return slices.Contains(ReturnKinds(), k) }

// Valid reports whether c is one of the causes above.
func (c ReturnCause) Valid() bool { return slices.Contains(ReturnCauses(), c) }

// Valid reports whether p is one of the payers above.
func (p Payer) Valid() bool { return slices.Contains(Payers(), p) }

// Payers lists both payers.
func Payers() []Payer {
	return []Payer{PayerShop, PayerCustomer}
}

// Warehouse is an address returned items are sent to.
type Warehouse struct {
	// ID is a short stable identifier (lower case letters, digits, underscore).
	ID string
	// Categories are the ids of the categories it takes; none means every
	// category no earlier warehouse names.
	Categories []string
	// Address is the postal address per language code.
	Address map[string]string
	// Recipient is the name the parcel is addressed to.
	Recipient string
	// Phone is the recipient's phone number, for the courier.
	Phone string
}

// FreightRule is one rule of who pays the freight of a return. The rules are
// tried in order; the first whose cause, and kind when it names one, fit
// decides.
type FreightRule struct {
	// Cause is the cause the rule is for.
	Cause ReturnCause
	// Kind narrows the rule to one kind of return; "" fits every kind.
	Kind ReturnKind
	// Payer pays the postage of sending the item to the shop.
	Payer Payer
	// RefundPostage means the customer pays the postage when sending and the
	// shop refunds it; only with Payer PayerShop.
	RefundPostage bool
	// ShippingBack pays to send the repaired item or the replacement back to
	// the customer; nothing is sent back after a refund.
	ShippingBack Payer
	// RepairCharged means the customer pays for the repair itself (parts and
	// labour), quoted and accepted before work starts; repairs only.
	RepairCharged bool
	// Reason explains the decision to the customer, per language code.
	Reason map[string]string
}

// Freight is who pays for carrying one return, and why.
type Freight struct {
	// Payer pays the postage of sending the item to the shop.
	Payer Payer
	// RefundPostage means the customer pays when sending and the shop
	// refunds the postage.
	RefundPostage bool
	// ShippingBack pays to send the repaired item or the replacement back;
	// "" for a refund, where nothing goes back.
	ShippingBack Payer
	// RepairCharged means the customer pays for the repair work, quoted and
	// accepted first; only ever set for a repair.
	RepairCharged bool
	// Reason explains it to the customer, per language code.
	Reason map[string]string
	// Rule is the index in Returns.FreightRules of the rule that decided;
	// -1 when none did (a kind or cause the package does not define).
	Rule int
}

// Advice is a list of short instructions per language code, with additions
// for some categories: how to pack a return, or what not to put in it.
type Advice struct {
	// All applies to every category: lines per language code.
	All map[string][]string
	// ByCategory adds lines for a category: category id → language → lines.
	ByCategory map[string]map[string][]string
}

// For lists the lines for a category in lang: those for every category,
// then the category's own.
func (a Advice) For(categoryID, lang string) []string {
	out := slices.Clone(a.All[lang])
	return append(out, a.ByCategory[categoryID][lang]...)
}

// AfterArrival are the shop's promises of what happens once a returned item
// has arrived, with the text telling each to the customer.
type AfterArrival struct {
	// RefundDays: the money goes back, by the original payment method,
	// within this many days of arrival.
	RefundDays int
	// ExchangeDays: the replacement is shipped within this many days.
	ExchangeDays int
	// RepairWorkingDays: the repaired item is shipped back within this many
	// working days.
	RepairWorkingDays int
	// Texts tell each promise, per kind; {{.Days}} is its number.
	Texts map[ReturnKind]Template
}

// Days is the number of days (working days for a repair) promised for kind.
func (a AfterArrival) Days(kind ReturnKind) int {
	switch kind {
	case ReturnRefund:
		return a.RefundDays
	case ReturnExchange:
		return a.ExchangeDays
	case ReturnRepair:
		return a.RepairWorkingDays
	}
	return 0
}

// Exclusion is a reason an owner may give to refuse a return
// (after-sales-rules.md §3, "No return"), with what the customer can still do.
type Exclusion struct {
	// ID is a short stable identifier, e.g. "washed".
	ID string
	// Reason says why the return is refused, per language code.
	Reason map[string]string
	// Alternative says what is still open to the customer (a repair under
	// warranty, a paid repair), per language code.
	Alternative map[string]string
}

// Warehouse returns where items of the category are returned: the first
// warehouse naming it, else the first naming no category. A category no
// warehouse takes (the policy's check allows that only for one neither
// returnable nor repairable, or an unknown id) gets the first warehouse.
func (p *Policy) Warehouse(categoryID string) Warehouse {
	list := p.Returns.Warehouses
	for _, w := range list {
		if slices.Contains(w.Categories, categoryID) {
			return w
		}
	}
	for _, w := range list {
		if len(w.Categories) == 0 {
			return w
		}
	}
	if len(list) > 0 {
		return list[0]
	}
	return Warehouse{}
}

// Freight decides who pays the freight of a return of kind for cause, from
// the first freight rule that fits. The policy's check makes sure a rule fits
// every kind and cause the package defines.
func (p *Policy) Freight(kind ReturnKind, cause ReturnCause) Freight {
	if !slices.Contains(ReturnKinds(), kind) {
		return Freight{Rule: -1}
	}
	i := matchRule(p.Returns.FreightRules, kind, cause)
	if i < 0 {
		return Freight{Rule: -1}
	}
	r := p.Returns.FreightRules[i]
	f := Freight{Payer: r.Payer, RefundPostage: r.RefundPostage, Reason: r.Reason, Rule: i}
	if kind != ReturnRefund {
		f.ShippingBack = r.ShippingBack
	}
	if kind == ReturnRepair {
		f.RepairCharged = r.RepairCharged
	}
	return f
}

// matchRule is the index of the first rule fitting kind and cause; -1 for none.
func matchRule(rules []FreightRule, kind ReturnKind, cause ReturnCause) int {
	for i, r := range rules {
		if r.Cause == cause && (r.Kind == "" || r.Kind == kind) {
			return i
		}
	}
	return -1
}

// Exclusion returns the exclusion with the given id.
func (p *Policy) Exclusion(id string) (Exclusion, bool) {
	for _, e := range p.Returns.Exclusions {
		if e.ID == id {
			return e, true
		}
	}
	return Exclusion{}, false
}

// KindName is the name of a kind of return in lang (the shop's first
// language when lang is not offered).
func (p *Policy) KindName(kind ReturnKind, lang string) string {
	return p.inLang(p.Returns.KindNames[kind], lang)
}

// PayerName names a payer in lang as the instructions show it ("the shop",
// "you"), in the shop's first language when lang is not offered.
func (p *Policy) PayerName(payer Payer, lang string) string {
	return p.inLang(p.Returns.PayerNames[payer], lang)
}

// inLang picks lang's text, or the shop's first language's.
func (p *Policy) inLang(m map[string]string, lang string) string {
	return m[p.language(lang)]
}

// language is lang when the shop offers it, else the shop's first language.
func (p *Policy) language(lang string) string {
	if len(p.Shop.Languages) == 0 || slices.Contains(p.Shop.Languages, lang) {
		return lang
	}
	return p.Shop.Languages[0]
}

// SendBy is the last day to send the item back when the instructions go out
// at sent: Returns.SendWithinDays after sent's date in the shop's time zone.
func (p *Policy) SendBy(sent time.Time) Date {
	return DateOf(sent.In(p.Shop.TimeZone)).AddDays(p.Returns.SendWithinDays)
}

// ReturnFacts are what the instructions of one return depend on.
type ReturnFacts struct {
	// Kind is what the return is for.
	Kind ReturnKind
	// Cause is why the item goes back, as the owner judged it.
	Cause ReturnCause
	// Category is the product category id.
	Category string
	// Sent is when the instructions go out; the deadline counts from it.
	Sent time.Time
}

// InstructionsFor fills the fields of the return instructions that the
// policy decides, in lang: the kind's name, the warehouse, the deadline (as
// "2006-01-02"), the freight, packing, what not to send and what happens after
// arrival. The caller adds Ref, RMA, Name, Product and, for a paid repair,
// Fee (see RenderRepairFee), and may change any field before rendering. The
// values are plain text.
func (p *Policy) InstructionsFor(lang string, f ReturnFacts) (InstructionFields, error) {
	lang = p.language(lang)
	w := p.Warehouse(f.Category)
	fr := p.Freight(f.Kind, f.Cause)
	after, err := p.AfterArrivalText(f.Kind, lang)
	if err != nil {
		return InstructionFields{}, err
	}
	return InstructionFields{
		Kind:          p.KindName(f.Kind, lang),
		Address:       p.inLang(w.Address, lang),
		Recipient:     w.Recipient,
		Phone:         w.Phone,
		Deadline:      p.SendBy(f.Sent).String(),
		FreightPayer:  p.PayerName(fr.Payer, lang),
		FreightReason: p.inLang(fr.Reason, lang),
		Packing:       bullets(p.Returns.Packing.For(f.Category, lang)),
		DoNotSend:     bullets(p.Returns.DoNotSend.For(f.Category, lang)),
		AfterArrival:  after,
	}, nil
}

// bullets writes lines as a list, one "• line" a line.
func bullets(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("• ")
		b.WriteString(l)
	}
	return b.String()
}
