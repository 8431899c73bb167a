package policy

// Reason codes. A catalogue renders each as a sentence; the params every code
// carries are listed beside it. Dates are "2006-01-02"; "<lang>" stands for
// each of the shop's languages ("parts_zh", "parts_en").
const (
	// ReasonReturnUntil: a return or exchange is possible until date. {date, days}
	ReasonReturnUntil = "return_until"
	// ReasonReturnWindowEnded: the days-day window ended on date. {date, days}
	ReasonReturnWindowEnded = "return_window_ended"
	// ReasonNoReceipt: no return or exchange without a receipt. {}
	ReasonNoReceipt = "no_receipt"
	// ReasonNotReturnable: the category cannot be returned. {category, category_<lang>}
	ReasonNotReturnable = "not_returnable"
	// ReasonDamageReportedLate: damage in delivery was to be reported within
	// days days, by date; staff will look at it. {date, days}
	ReasonDamageReportedLate = "damage_reported_late"
	// ReasonRepairFreeUntil: repair is free under warranty until date. {date}
	ReasonRepairFreeUntil = "repair_free_until"
	// ReasonRepairFreeParts: repair of the listed parts is free until date;
	// other repairs are quoted first. {date, parts_<lang>}
	ReasonRepairFreeParts = "repair_free_parts"
	// ReasonRepairFreeExcept: repair is free until date except for the listed
	// parts, whose warranty ended on ended; those are quoted first.
	// {date, ended, parts_<lang>}
	ReasonRepairFreeExcept = "repair_free_except"
	// ReasonRepairPaid: the warranty ended on date (no date: there was none);
	// repair is still available, the fee quoted and agreed first. {date?}
	ReasonRepairPaid = "repair_paid"
	// ReasonRepairSmallFree: the warranty ended on date; small defects are
	// still mended free, other repairs are quoted first. {date?}
	ReasonRepairSmallFree = "repair_small_free"
	// ReasonWarrantyEnded: the warranty ended on date; repair is not offered. {date}
	ReasonWarrantyEnded = "warranty_ended"
	// ReasonNoWarranty: the category has no warranty; repair is not offered. {}
	ReasonNoWarranty = "no_warranty"
	// ReasonRepairNotApplicable: the issue is not something a repair fixes. {issue}
	ReasonRepairNotApplicable = "repair_not_applicable"
	// ReasonPartReplacementUntil: a missing part is sent free until date. {date}
	ReasonPartReplacementUntil = "part_replacement_until"
	// ReasonCategoryUnknown: the category is not in the policy; staff judge. {category}
	ReasonCategoryUnknown = "category_unknown"
	// ReasonResellableCheck: staff check the item can still be sold. {}
	ReasonResellableCheck = "resellable_check"
	// ReasonSmallDefectsRepaired: small defects are mended free rather than
	// taken back. {}
	ReasonSmallDefectsRepaired = "small_defects_repaired"
)

// ReasonCodes lists every code Decide may give, so that a catalogue can be
// checked to have a sentence for each.
func ReasonCodes() []string {
	return []string{
		ReasonReturnUntil, ReasonReturnWindowEnded, ReasonNoReceipt, ReasonNotReturnable,
		ReasonDamageReportedLate, ReasonRepairFreeUntil, ReasonRepairFreeParts,
		ReasonRepairFreeExcept, ReasonRepairPaid, ReasonRepairSmallFree, ReasonWarrantyEnded,
		ReasonNoWarranty, ReasonRepairNotApplicable, ReasonPartReplacementUntil,
		ReasonCategoryUnknown, ReasonResellableCheck, ReasonSmallDefectsRepaired,
	}
}
