package policy

import (
	"maps"
	"slices"
	"testing"
	"time"
)

// extraCategories adds categories the built-in policy lacks: one with a plain
// warranty, one without any, one whose part wears out before the product.
const extraCategories = `categories:
  - id: gadget
    name: {zh: 小电器, en: Gadget}
    warranty_days: 90
  - id: clearance
    name: {zh: 处理品, en: Clearance item}
    warranty_days: 0
    returnable: false
  - id: bundle
    name: {zh: 套装, en: Bundle}
    warranty_days: 365
    parts:
      - {id: battery, name: {zh: 电池, en: battery}, warranty_days: 180}
`

// want is what one option of a verdict should be.
type want struct {
	allowed bool
	paid    bool
	code    string
	params  map[string]string // nil: not checked
}

func TestDecide(t *testing.T) {
	t.Parallel()
	def := Default()
	extra := mustParse(t, extraCategories)
	sh := def.Shop.TimeZone
	bought := time.Date(2026, 11, 20, 0, 0, 0, 0, sh)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 15, 0, 0, 0, sh) }
	window := func(code string) want {
		return want{code: code, params: map[string]string{"date": "2026-11-27", "days": "7"}}
	}
	open := want{allowed: true, code: ReasonReturnUntil, params: map[string]string{"date": "2026-11-27", "days": "7"}}
	notFor := func(issue Issue) want {
		return want{code: ReasonRepairNotApplicable, params: map[string]string{"issue": string(issue)}}
	}
	tests := []struct {
		name        string
		pol         *Policy
		facts       Facts
		today       time.Time
		repair      want
		replacement want
		refund      want
		notes       []string // codes that must be among the verdict's reasons
		absent      []string // codes that must not be
	}{
		{
			name: "3 return window: within 7 days with the receipt, return or exchange",
			pol:  def, facts: Facts{Category: "apparel", Issue: IssueFault, Purchased: bought}, today: day(2026, 11, 25),
			repair:      want{allowed: true, code: ReasonRepairFreeUntil, params: map[string]string{"date": "2026-12-20"}},
			replacement: open, refund: open,
			notes: []string{ReasonResellableCheck},
		},
		{
			name: "3 return window: the seventh day still counts",
			pol:  def, facts: Facts{Category: "apparel", Issue: IssueOther, Purchased: bought}, today: day(2026, 11, 27),
			repair: want{allowed: true, code: ReasonRepairFreeUntil}, replacement: open, refund: open,
		},
		{
			name: "3 no return: the window has passed, the reason gives the day it ended",
			pol:  def, facts: Facts{Category: "apparel", Issue: IssueFault, Purchased: bought}, today: day(2026, 11, 28),
			repair:      want{allowed: true, code: ReasonRepairFreeUntil, params: map[string]string{"date": "2026-12-20"}},
			replacement: window(ReasonReturnWindowEnded), refund: window(ReasonReturnWindowEnded),
			absent: []string{ReasonResellableCheck},
		},
		{
			name: "3 no return: the day is the shop's, not UTC's",
			pol:  def, facts: Facts{Category: "apparel", Issue: IssueOther, Purchased: bought},
			today:       time.Date(2026, 11, 27, 16, 30, 0, 0, time.UTC), // 00:30 on the 28th in Shanghai
			repair:      want{allowed: true, code: ReasonRepairFreeUntil},
			replacement: window(ReasonReturnWindowEnded), refund: window(ReasonReturnWindowEnded),
		},
		{
			name: "3 no return: no receipt, no refund and no exchange; repair unaffected",
			pol:  def, facts: Facts{Category: "knitwear", Issue: IssueFault, Purchased: bought, NoReceipt: true}, today: day(2026, 11, 22),
			repair:      want{allowed: true, code: ReasonRepairFreeUntil},
			replacement: want{code: ReasonNoReceipt}, refund: want{code: ReasonNoReceipt},
		},
		{
			name: "3 no return: a category sold as not returnable (activated software)",
			pol:  def, facts: Facts{Category: "software", Issue: IssueOther, Purchased: bought}, today: day(2026, 11, 21),
			repair:      want{allowed: true, code: ReasonRepairFreeUntil, params: map[string]string{"date": "2027-11-20"}},
			replacement: want{code: ReasonNotReturnable, params: map[string]string{"category": "software", "category_en": "Software", "category_zh": "软件"}},
			refund:      want{code: ReasonNotReturnable},
		},
		{
			name: "4 the shop's mistake: a wrong item is exchanged even when not returnable",
			pol:  def, facts: Facts{Category: "software", Issue: IssueWrongItem, Purchased: bought}, today: day(2026, 11, 21),
			repair: notFor(IssueWrongItem), replacement: open, refund: want{code: ReasonNotReturnable},
		},
		{
			name: "4 the shop's mistake: a wrong item within the window, no resale check",
			pol:  def, facts: Facts{Category: "apparel", Issue: IssueWrongItem, Purchased: bought}, today: day(2026, 11, 23),
			repair: notFor(IssueWrongItem), replacement: open, refund: open,
			absent: []string{ReasonResellableCheck},
		},
		{
			name: "4 the shop's mistake: not as described, after the window",
			pol:  def, facts: Facts{Category: "apparel", Issue: IssueNotAsDescribed, Purchased: bought}, today: day(2026, 12, 1),
			repair:      notFor(IssueNotAsDescribed),
			replacement: window(ReasonReturnWindowEnded), refund: window(ReasonReturnWindowEnded),
		},
		{
			name: "3 late reports: damage in delivery reported within 3 days",
			pol:  def, facts: Facts{Category: "knitwear", Issue: IssueDamaged, Purchased: bought}, today: day(2026, 11, 23),
			repair: want{allowed: true, code: ReasonRepairFreeUntil}, replacement: open, refund: open,
			absent: []string{ReasonDamageReportedLate, ReasonResellableCheck},
		},
		{
			name: "3 late reports: damage reported on the fourth day is left to staff, repair still offered",
			pol:  def, facts: Facts{Category: "knitwear", Issue: IssueDamaged, Purchased: bought}, today: day(2026, 11, 24),
			repair:      want{allowed: true, code: ReasonRepairFreeUntil, params: map[string]string{"date": "2026-12-20"}},
			replacement: want{code: ReasonDamageReportedLate, params: map[string]string{"date": "2026-11-23", "days": "3"}},
			refund:      want{code: ReasonDamageReportedLate},
			notes:       []string{ReasonDamageReportedLate},
		},
		{
			name: "3 warranty per part: every part of the heater covered in the first year",
			pol:  def, facts: Facts{Category: "solar_water_heater", Issue: IssueFault, Purchased: bought}, today: day(2027, 6, 1),
			repair:      want{allowed: true, code: ReasonRepairFreeUntil, params: map[string]string{"date": "2027-11-20"}},
			replacement: window(ReasonReturnWindowEnded), refund: window(ReasonReturnWindowEnded),
		},
		{
			name: "3 warranty per part: only tank, tubes and frame in the third year",
			pol:  def, facts: Facts{Category: "solar_water_heater", Issue: IssueFault, Purchased: bought}, today: day(2028, 6, 1),
			repair: want{allowed: true, paid: true, code: ReasonRepairFreeParts, params: map[string]string{
				"date": "2029-11-19", "parts_en": "storage tank, collector tubes, frame", "parts_zh": "储热水箱、集热管、支架"}},
			replacement: window(ReasonReturnWindowEnded), refund: window(ReasonReturnWindowEnded),
		},
		{
			name: "3 warranty per part: the product covered, a part's warranty over",
			pol:  extra, facts: Facts{Category: "bundle", Issue: IssueFault, Purchased: bought}, today: day(2027, 6, 1),
			repair: want{allowed: true, paid: true, code: ReasonRepairFreeExcept, params: map[string]string{
				"date": "2027-11-20", "ended": "2027-05-19", "parts_en": "battery", "parts_zh": "电池"}},
			replacement: window(ReasonReturnWindowEnded), refund: window(ReasonReturnWindowEnded),
		},
		{
			name: "3 repairs for life: after every warranty, paid, quoted first",
			pol:  def, facts: Facts{Category: "solar_water_heater", Issue: IssueFault, Purchased: bought}, today: day(2030, 1, 10),
			repair:      want{allowed: true, paid: true, code: ReasonRepairPaid, params: map[string]string{"date": "2029-11-19"}},
			replacement: window(ReasonReturnWindowEnded), refund: window(ReasonReturnWindowEnded),
		},
		{
			name: "3 warranty periods: LED display components and workmanship free for two years",
			pol:  def, facts: Facts{Category: "led_display", Issue: IssueFault, Purchased: bought}, today: day(2028, 11, 19),
			repair:      want{allowed: true, code: ReasonRepairFreeUntil, params: map[string]string{"date": "2028-11-19"}},
			replacement: window(ReasonReturnWindowEnded), refund: window(ReasonReturnWindowEnded),
		},
		{
			name: "3 warranty periods: software maintenance free for 12 months, then paid",
			pol:  def, facts: Facts{Category: "software", Issue: IssueFault, Purchased: bought}, today: day(2027, 11, 21),
			repair:      want{allowed: true, paid: true, code: ReasonRepairPaid, params: map[string]string{"date": "2027-11-20"}},
			replacement: window(ReasonReturnWindowEnded), refund: window(ReasonReturnWindowEnded),
		},
		{
			name: "3 free repair instead of return: small defects mended after the warranty",
			pol:  def, facts: Facts{Category: "apparel", Issue: IssueFault, Purchased: bought}, today: day(2027, 1, 10),
			repair:      want{allowed: true, paid: true, code: ReasonRepairSmallFree, params: map[string]string{"date": "2026-12-20"}},
			replacement: window(ReasonReturnWindowEnded), refund: window(ReasonReturnWindowEnded),
			notes: []string{ReasonSmallDefectsRepaired},
		},
		{
			name: "3 staff must not promise more: no repair after a plain warranty",
			pol:  extra, facts: Facts{Category: "gadget", Issue: IssueFault, Purchased: bought}, today: day(2027, 3, 1),
			repair:      want{code: ReasonWarrantyEnded, params: map[string]string{"date": "2027-02-18"}},
			replacement: window(ReasonReturnWindowEnded), refund: window(ReasonReturnWindowEnded),
		},
		{
			name: "3 no return: a clearance item without warranty",
			pol:  extra, facts: Facts{Category: "clearance", Issue: IssueFault, Purchased: bought}, today: day(2026, 11, 21),
			repair: want{code: ReasonNoWarranty}, replacement: want{code: ReasonNotReturnable}, refund: want{code: ReasonNotReturnable},
		},
		{
			name: "3 missing parts: the part is sent under warranty, after the window, without receipt",
			pol:  def, facts: Facts{Category: "solar_water_heater", Issue: IssueMissingParts, Purchased: bought, NoReceipt: true}, today: day(2027, 3, 1),
			repair:      notFor(IssueMissingParts),
			replacement: want{allowed: true, code: ReasonPartReplacementUntil, params: map[string]string{"date": "2029-11-19"}},
			refund:      want{code: ReasonNoReceipt},
		},
		{
			name: "3 missing parts: after the warranty and the window, nothing promised",
			pol:  extra, facts: Facts{Category: "gadget", Issue: IssueMissingParts, Purchased: bought}, today: day(2027, 6, 1),
			repair:      notFor(IssueMissingParts),
			replacement: window(ReasonReturnWindowEnded), refund: window(ReasonReturnWindowEnded),
		},
		{
			name: "a category the policy no longer has: judged without a warranty, staff told",
			pol:  def, facts: Facts{Category: "bicycles", Issue: IssueFault, Purchased: bought}, today: day(2026, 11, 22),
			repair:      want{allowed: true, paid: true, code: ReasonRepairPaid, params: map[string]string{}},
			replacement: open, refund: open,
			notes: []string{ReasonCategoryUnknown},
		},
		{
			name: "an issue the policy does not know is taken as other",
			pol:  def, facts: Facts{Category: "apparel", Issue: Issue("smells"), Purchased: bought}, today: day(2026, 11, 22),
			repair: want{allowed: true, code: ReasonRepairFreeUntil}, replacement: open, refund: open,
			absent: []string{ReasonSmallDefectsRepaired},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := tt.pol.Decide(tt.facts, tt.today)
			if len(v.Options) != 4 {
				t.Fatalf("%d options, want 4", len(v.Options))
			}
			for i, o := range Outcomes() {
				if v.Options[i].Outcome != o {
					t.Fatalf("option %d is %s, want %s", i, v.Options[i].Outcome, o)
				}
			}
			check(t, v, OutcomeRepair, tt.repair)
			check(t, v, OutcomeReplacement, tt.replacement)
			check(t, v, OutcomeRefund, tt.refund)
			// 6: a complaint is always answered, so "just letting you know" is always there.
			check(t, v, OutcomeNone, want{allowed: true})
			codes := map[string]bool{}
			for _, r := range v.Reasons {
				codes[r.Code] = true
			}
			for _, o := range v.Options {
				if o.Reason.Code != "" && !codes[o.Reason.Code] {
					t.Errorf("reason %s of %s missing from Reasons", o.Reason.Code, o.Outcome)
				}
			}
			for _, c := range tt.notes {
				if !codes[c] {
					t.Errorf("reasons %v lack %s", v.Reasons, c)
				}
			}
			for _, c := range tt.absent {
				if codes[c] {
					t.Errorf("reasons %v hold %s", v.Reasons, c)
				}
			}
			if !v.ReturnUntil.Equal(time.Date(2026, 11, 27, 0, 0, 0, 0, sh)) {
				t.Errorf("ReturnUntil = %s, want 2026-11-27", v.ReturnUntil)
			}
		})
	}
}

func check(t *testing.T, v Verdict, o Outcome, w want) {
	t.Helper()
	got, allowed := v.Allowed(o)
	if allowed != w.allowed || got.Paid != w.paid || got.Reason.Code != w.code {
		t.Errorf("%s = allowed %v, paid %v, %q; want allowed %v, paid %v, %q",
			o, allowed, got.Paid, got.Reason.Code, w.allowed, w.paid, w.code)
		return
	}
	if w.params != nil && !maps.Equal(got.Reason.Params, w.params) {
		t.Errorf("%s params = %v, want %v", o, got.Reason.Params, w.params)
	}
}

func TestDecideWarrantyUntil(t *testing.T) {
	t.Parallel()
	p := Default()
	bought := time.Date(2026, 11, 20, 0, 0, 0, 0, p.Shop.TimeZone)
	today := time.Date(2026, 11, 22, 10, 0, 0, 0, p.Shop.TimeZone)
	v := p.Decide(Facts{Category: "solar_water_heater", Issue: IssueFault, Purchased: bought}, today)
	if want := time.Date(2029, 11, 19, 0, 0, 0, 0, p.Shop.TimeZone); !v.WarrantyUntil.Equal(want) {
		t.Errorf("heater WarrantyUntil = %s, want %s (the tank's three years)", v.WarrantyUntil, want)
	}
	extra := mustParse(t, extraCategories)
	if v := extra.Decide(Facts{Category: "clearance", Issue: IssueFault, Purchased: bought}, today); !v.WarrantyUntil.IsZero() {
		t.Errorf("clearance WarrantyUntil = %s, want none", v.WarrantyUntil)
	}
}

func TestDecideReasonsAreKnownCodes(t *testing.T) {
	t.Parallel()
	p := mustParse(t, extraCategories)
	def := Default()
	p.Categories = append(p.Categories, def.Categories...)
	known := ReasonCodes()
	bought := time.Date(2026, 11, 20, 0, 0, 0, 0, p.Shop.TimeZone)
	seen := map[string]bool{}
	for _, c := range append(p.Categories, Category{ID: "unknown"}) {
		for _, issue := range Issues() {
			for _, days := range []int{0, 2, 5, 20, 100, 200, 400, 800, 1200} {
				for _, noReceipt := range []bool{false, true} {
					f := Facts{Category: c.ID, Issue: issue, Purchased: bought, NoReceipt: noReceipt}
					for _, r := range p.Decide(f, bought.AddDate(0, 0, days)).Reasons {
						if !slices.Contains(known, r.Code) {
							t.Fatalf("%+v gives code %q, not in ReasonCodes", f, r.Code)
						}
						seen[r.Code] = true
					}
				}
			}
		}
	}
	for _, c := range known {
		if !seen[c] {
			t.Errorf("ReasonCodes lists %q but no verdict gives it", c)
		}
	}
}

func BenchmarkDecide(b *testing.B) {
	p := Default()
	bought := time.Date(2026, 11, 20, 0, 0, 0, 0, p.Shop.TimeZone)
	f := Facts{Category: "solar_water_heater", Issue: IssueFault, Purchased: bought}
	today := bought.AddDate(2, 0, 0)
	for b.Loop() {
		p.Decide(f, today)
	}
}
