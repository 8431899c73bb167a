package policy

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Bounds on the returns section.
const (
	maxReturnDays = 90   // a deadline or a promise after arrival
	maxTextLen    = 1000 // an address, a reason, a line of advice
)

// phonePattern is what a phone number for the courier may be written with.
var phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 ()\-]*$`)

// buildReturns reads the returns section; the categories are built first.
func buildReturns(p *Policy, r *rawReturns, probs *problems) {
	langs := p.Shop.Languages
	ret := &p.Returns
	ret.WindowDays = *r.WindowDays
	ret.ReceiptRequired = *r.ReceiptRequired
	ret.Resellable = *r.Resellable
	days(probs, "returns.window_days", ret.WindowDays)
	ret.SendWithinDays = *r.SendWithinDays
	promiseDays(probs, "returns.send_within_days", ret.SendWithinDays)
	buildWarehouses(p, *r.Warehouses, probs)

	k := r.Kinds
	ret.KindNames = map[ReturnKind]map[string]string{ReturnRefund: *k.Refund, ReturnExchange: *k.Exchange, ReturnRepair: *k.Repair}
	for _, kind := range ReturnKinds() {
		names(probs, "returns.kinds."+string(kind), ret.KindNames[kind], langs)
	}
	buildFreight(p, r.Freight, probs)
	ret.Packing = buildAdvice(p, r.Packing, "returns.packing", probs)
	ret.DoNotSend = buildAdvice(p, r.DoNotSend, "returns.do_not_send", probs)

	a := r.AfterArrival
	ret.AfterArrival = AfterArrival{
		RefundDays:        *a.Refund.Days,
		ExchangeDays:      *a.Exchange.Days,
		RepairWorkingDays: *a.Repair.WorkingDays,
		Texts: map[ReturnKind]Template{
			ReturnRefund:   parseTemplate(probs, "returns.after_arrival.refund.text", *a.Refund.Text, langs, PromiseFields{}),
			ReturnExchange: parseTemplate(probs, "returns.after_arrival.exchange.text", *a.Exchange.Text, langs, PromiseFields{}),
			ReturnRepair:   parseTemplate(probs, "returns.after_arrival.repair.text", *a.Repair.Text, langs, PromiseFields{}),
		},
	}
	promiseDays(probs, "returns.after_arrival.refund.days", ret.AfterArrival.RefundDays)
	promiseDays(probs, "returns.after_arrival.exchange.days", ret.AfterArrival.ExchangeDays)
	promiseDays(probs, "returns.after_arrival.repair.working_days", ret.AfterArrival.RepairWorkingDays)

	seen := map[string]bool{}
	for i, e := range *r.Exclusions {
		path := fmt.Sprintf("returns.exclusions[%d]", i)
		id(probs, path+".id", e.ID, seen)
		texts(probs, path+".reason", e.Reason, langs)
		texts(probs, path+".alternative", e.Alternative, langs)
		ret.Exclusions = append(ret.Exclusions, Exclusion{ID: e.ID, Reason: e.Reason, Alternative: e.Alternative})
	}

	t := r.Templates
	ret.Templates = ReturnTemplates{
		Instructions: parseTemplate(probs, "returns.templates.instructions", *t.Instructions, langs, InstructionFields{}),
		RepairFee:    parseTemplate(probs, "returns.templates.repair_fee", *t.RepairFee, langs, RepairFeeFields{}),
		Refusal:      parseTemplate(probs, "returns.templates.refusal", *t.Refusal, langs, RefusalFields{}),
	}
}

func promiseDays(probs *problems, path string, n int) {
	if n < 1 || n > maxReturnDays {
		probs.add(path, "must be between 1 and %d", maxReturnDays)
	}
}

// buildWarehouses reads the return addresses and checks that every category
// that can be returned or repaired has one.
func buildWarehouses(p *Policy, list []rawWarehouse, probs *problems) {
	if len(list) == 0 {
		probs.add("returns.warehouses", "must list at least one warehouse")
	}
	ids := categoryIDs(p)
	seen := map[string]bool{}
	misnamed := false
	for i, r := range list {
		path := fmt.Sprintf("returns.warehouses[%d]", i)
		id(probs, path+".id", r.ID, seen)
		named := map[string]bool{}
		for j, c := range r.Categories {
			cpath := fmt.Sprintf("%s.categories[%d]", path, j)
			switch {
			case !contains(ids, c):
				unknownCategory(probs, cpath, c, ids)
				misnamed = true
			case named[c]:
				probs.add(cpath, "%q is listed twice", c)
			}
			named[c] = true
		}
		texts(probs, path+".address", r.Address, p.Shop.Languages)
		if r.Recipient == "" || utf8.RuneCountInString(r.Recipient) > maxNameLen {
			probs.add(path+".recipient", "must name who receives the parcel, 1 to %d characters", maxNameLen)
		}
		digits := len(strings.Map(keepDigits, r.Phone))
		switch {
		case r.Phone == "":
			probs.add(path+".phone", "must give the recipient's phone number, which the courier needs")
		case !phonePattern.MatchString(r.Phone) || digits < 5 || len(r.Phone) > 30:
			probs.add(path+".phone", "%q is not a phone number (digits, spaces and + - ( ) only)", r.Phone)
		}
		p.Returns.Warehouses = append(p.Returns.Warehouses, Warehouse{
			ID: r.ID, Categories: r.Categories, Address: r.Address, Recipient: r.Recipient, Phone: r.Phone,
		})
	}
	if len(list) == 0 || misnamed {
		return // a misspelt category would show again as one without a warehouse
	}
	var without []string
	for _, c := range p.Categories {
		if (c.Returnable || c.Repairable()) && !takes(p.Returns.Warehouses, c.ID) {
			without = append(without, c.ID)
		}
	}
	if len(without) > 0 {
		probs.add("returns.warehouses", "no warehouse takes %s, which can be returned or repaired (name it in a warehouse's categories, or add a warehouse without categories)", strings.Join(without, ", "))
	}
}

func keepDigits(r rune) rune {
	if r >= '0' && r <= '9' {
		return r
	}
	return -1
}

// takes tells whether some warehouse takes the category.
func takes(list []Warehouse, categoryID string) bool {
	for _, w := range list {
		if len(w.Categories) == 0 || slices.Contains(w.Categories, categoryID) {
			return true
		}
	}
	return false
}

func categoryIDs(p *Policy) []string {
	ids := make([]string, 0, len(p.Categories))
	for _, c := range p.Categories {
		ids = append(ids, c.ID)
	}
	return ids
}

// unknownCategory reports a category id the policy does not have.
func unknownCategory(probs *problems, path, s string, ids []string) {
	if near := nearest(s, ids); near != "" {
		probs.add(path, "unknown category %q — did you mean %q?", s, near)
	} else {
		probs.add(path, "unknown category %q; the categories are %s", s, strings.Join(ids, ", "))
	}
}

// oneOf checks that s is one of known, reporting it with a did-you-mean when
// it is not; what names the kind of value in the message.
func oneOf(probs *problems, path, what, s string, known []string) bool {
	switch {
	case contains(known, s):
		return true
	case s == "":
		probs.add(path, "must give the %s: %s", what, strings.Join(known, ", "))
	default:
		if near := nearest(s, known); near != "" {
			probs.add(path, "unknown %s %q — did you mean %q?", what, s, near)
		} else {
			probs.add(path, "unknown %s %q; use one of %s", what, s, strings.Join(known, ", "))
		}
	}
	return false
}

// buildFreight reads the payers' names and the freight rules, and checks
// that the rules decide every kind and cause and that each rule is used.
func buildFreight(p *Policy, r *rawFreight, probs *problems) {
	langs := p.Shop.Languages
	p.Returns.PayerNames = map[Payer]map[string]string{PayerShop: *r.Payers.Shop, PayerCustomer: *r.Payers.Customer}
	for _, payer := range Payers() {
		names(probs, "returns.freight.payers."+string(payer), p.Returns.PayerNames[payer], langs)
	}
	causes, kinds, payers := stringsOf(ReturnCauses()), stringsOf(ReturnKinds()), stringsOf(Payers())
	rules := *r.Rules
	if len(rules) == 0 {
		probs.add("returns.freight.rules", "must list at least one rule")
	}
	valid := true
	for i, rr := range rules {
		path := fmt.Sprintf("returns.freight.rules[%d]", i)
		ok := oneOf(probs, path+".cause", "cause", rr.Cause, causes)
		if rr.Kind != "" {
			ok = oneOf(probs, path+".kind", "kind", rr.Kind, kinds) && ok
		}
		ok = oneOf(probs, path+".payer", "payer", rr.Payer, payers) && ok
		back := PayerShop
		if rr.ReturnShippingPaidBy != "" {
			ok = oneOf(probs, path+".return_shipping_paid_by", "payer", rr.ReturnShippingPaidBy, payers) && ok
			back = Payer(rr.ReturnShippingPaidBy)
		}
		valid = valid && ok
		rule := FreightRule{
			Cause: ReturnCause(rr.Cause), Kind: ReturnKind(rr.Kind), Payer: Payer(rr.Payer),
			RefundPostage: rr.RefundPostage, ShippingBack: back, RepairCharged: rr.RepairCharged, Reason: rr.Reason,
		}
		if rule.RefundPostage && rule.Payer == PayerCustomer {
			probs.add(path+".refund_postage", "only with payer: shop (the customer pays the postage and the shop refunds it)")
		}
		if rr.ReturnShippingPaidBy != "" && rule.Kind == ReturnRefund {
			probs.add(path+".return_shipping_paid_by", "nothing is shipped back after a refund")
		}
		if rule.RepairCharged && rule.Kind != "" && rule.Kind != ReturnRepair {
			probs.add(path+".repair_charged", "only a repair is charged for (this rule is for kind %s)", rule.Kind)
		}
		texts(probs, path+".reason", rr.Reason, langs)
		p.Returns.FreightRules = append(p.Returns.FreightRules, rule)
	}
	if !valid || len(rules) == 0 {
		return // the mistakes above would show again as missing rules
	}
	used := make([]bool, len(rules))
	for _, cause := range ReturnCauses() {
		var missing []string
		for _, kind := range ReturnKinds() {
			if i := matchRule(p.Returns.FreightRules, kind, cause); i >= 0 {
				used[i] = true
			} else {
				missing = append(missing, string(kind))
			}
		}
		if len(missing) > 0 {
			probs.add("returns.freight.rules", "no rule decides cause %s for kind %s (a rule without a kind fits every kind)", cause, strings.Join(missing, ", "))
		}
	}
	for i, u := range used {
		if !u {
			probs.add(fmt.Sprintf("returns.freight.rules[%d]", i), "never applies: the rules above it already decide every case it fits")
		}
	}
}

func stringsOf[T ~string](list []T) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[i] = string(v)
	}
	return out
}

// buildAdvice reads lines of advice for every category and per category. A
// category the file names must exist; one the built-in default names that the
// shop's categories lack is left out, as the advice is for goods it does not sell.
func buildAdvice(p *Policy, r *rawAdvice, path string, probs *problems) Advice {
	a := Advice{All: *r.All, ByCategory: map[string]map[string][]string{}}
	lines(probs, path+".all", a.All, p.Shop.Languages)
	ids := categoryIDs(p)
	for _, cat := range slices.Sorted(maps.Keys(*r.ByCategory)) {
		cpath := path + ".by_category." + cat
		if !contains(ids, cat) {
			if probs.inFile(cpath) {
				unknownCategory(probs, cpath, cat, ids)
			}
			continue
		}
		m := (*r.ByCategory)[cat]
		lines(probs, cpath, m, p.Shop.Languages)
		a.ByCategory[cat] = m
	}
	return a
}

// lines checks lists of lines per language: the same number of lines in every
// language the shop offers (a translation line for line), none empty.
func lines(probs *problems, path string, m map[string][]string, langs []string) {
	if len(langs) == 0 || len(m) == 0 {
		return
	}
	for _, l := range slices.Sorted(maps.Keys(m)) {
		if !contains(langs, l) {
			probs.add(path+"."+l, "%q is not one of shop.languages", l)
			continue
		}
		for i, s := range m[l] {
			if strings.TrimSpace(s) == "" || utf8.RuneCountInString(s) > maxTextLen {
				probs.add(fmt.Sprintf("%s.%s[%d]", path, l, i), "must be 1 to %d characters", maxTextLen)
			}
		}
	}
	first := ""
	for _, l := range langs {
		list, ok := m[l]
		switch {
		case !ok:
			probs.add(path, "missing the %q lines", l)
		case first == "":
			first = l
		case len(list) != len(m[first]):
			probs.add(path+"."+l, "has %d lines but %q has %d; give each line in every language", len(list), first, len(m[first]))
		}
	}
}

// texts checks a text given per language: present in every language the
// shop offers and in no other.
func texts(probs *problems, path string, m map[string]string, langs []string) {
	if len(langs) == 0 {
		return
	}
	for _, l := range langs {
		switch s := m[l]; {
		case strings.TrimSpace(s) == "":
			probs.add(path, "missing the %q text", l)
		case utf8.RuneCountInString(s) > maxTextLen:
			probs.add(path+"."+l, "longer than %d characters", maxTextLen)
		}
	}
	for _, l := range sortedKeys(m) {
		if !contains(langs, l) {
			probs.add(path+"."+l, "%q is not one of shop.languages", l)
		}
	}
}
