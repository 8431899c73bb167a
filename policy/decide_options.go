package policy

// repair decides the repair option from the warranty.
func (d *decision) repair() Option {
	o := Option{Outcome: OutcomeRepair}
	switch d.issue {
	case IssueWrongItem, IssueNotAsDescribed, IssueMissingParts:
		o.Reason = Reason{Code: ReasonRepairNotApplicable, Params: map[string]string{"issue": string(d.issue)}}
		return o
	}
	c := d.cover
	switch {
	case c.all:
		o.Allowed, o.Reason = true, dated(ReasonRepairFreeUntil, c.firstEnd)
	case c.any && c.whole:
		o.Allowed, o.Paid = true, true
		o.Reason = dated(ReasonRepairFreeExcept, c.firstEnd)
		o.Reason.Params["ended"] = c.lastEnded.String()
		d.partNames(o.Reason.Params, c.ended)
	case c.any:
		o.Allowed, o.Paid = true, true
		o.Reason = dated(ReasonRepairFreeParts, c.firstEnd)
		d.partNames(o.Reason.Params, c.covered)
	case d.cat.RepairForLife:
		o.Allowed, o.Paid, o.Reason = true, true, endedReason(ReasonRepairPaid, c)
	case d.cat.FreeSmallRepairs:
		o.Allowed, o.Paid, o.Reason = true, true, endedReason(ReasonRepairSmallFree, c)
	case c.last.IsZero():
		o.Reason = Reason{Code: ReasonNoWarranty}
	default:
		o.Reason = dated(ReasonWarrantyEnded, c.last)
	}
	return o
}

// replacement decides an exchange: a missing part under warranty, the shop's
// mistake within the window, or the customer's wish within the window.
func (d *decision) replacement() Option {
	o := Option{Outcome: OutcomeReplacement}
	if d.issue == IssueMissingParts && !d.cover.last.IsZero() && !d.today.After(d.cover.last) {
		o.Allowed, o.Reason = true, dated(ReasonPartReplacementUntil, d.cover.last)
		return o
	}
	if d.damagedLate() {
		o.Reason = d.lateReason()
		return o
	}
	if r := d.windowRefusal(); r != nil {
		o.Reason = *r
		return o
	}
	if !d.cat.Returnable && !d.sellersFault() {
		o.Reason = d.notReturnable()
		return o
	}
	o.Allowed = true
	o.Reason = Reason{Code: ReasonReturnUntil, Params: d.windowParams()}
	d.resellable()
	return o
}

// refund decides a return with the money back: only within the window, and
// never for a category that is not returnable.
func (d *decision) refund() Option {
	o := Option{Outcome: OutcomeRefund}
	if d.damagedLate() {
		o.Reason = d.lateReason()
		return o
	}
	if r := d.windowRefusal(); r != nil {
		o.Reason = *r
		return o
	}
	if !d.cat.Returnable {
		o.Reason = d.notReturnable()
		return o
	}
	o.Allowed = true
	o.Reason = Reason{Code: ReasonReturnUntil, Params: d.windowParams()}
	d.resellable()
	return o
}

// resellable notes that staff check the item can still be sold, when the
// policy asks it and the return is the customer's wish, not the shop's mistake.
func (d *decision) resellable() {
	if d.p.Returns.Resellable && !d.sellersFault() {
		d.note(Reason{Code: ReasonResellableCheck})
	}
}

// partNames adds the names of parts, per language, as "parts_<lang>".
func (d *decision) partNames(params map[string]string, parts []Part) {
	for _, lang := range d.p.Shop.Languages {
		sep := ", "
		if lang == "zh" || lang == "ja" {
			sep = "、"
		}
		s := ""
		for i, pt := range parts {
			if i > 0 {
				s += sep
			}
			s += pt.Name[lang]
		}
		params["parts_"+lang] = s
	}
}

func dated(code string, d Date) Reason {
	return Reason{Code: code, Params: map[string]string{"date": d.String()}}
}

// endedReason gives code with the date the warranty ended, if there was one.
func endedReason(code string, c coverage) Reason {
	if c.last.IsZero() {
		return Reason{Code: code}
	}
	return dated(code, c.last)
}

// collect lists the options' reasons then the notes, each once.
func collect(opts []Option, notes []Reason) []Reason {
	var out []Reason
	seen := map[string]bool{}
	add := func(r Reason) {
		if r.Code == "" {
			return
		}
		key := r.Code
		for _, k := range sortedKeys(r.Params) {
			key += "\x00" + k + "=" + r.Params[k]
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, r)
		}
	}
	for _, o := range opts {
		add(o.Reason)
	}
	for _, n := range notes {
		add(n)
	}
	return out
}
