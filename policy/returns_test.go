package policy

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestFreightDefaultRules decides every kind and cause against the built-in
// rules (after-sales-rules.md §4) and checks that every rule decides some case.
func TestFreightDefaultRules(t *testing.T) {
	t.Parallel()
	p := Default()
	type want struct {
		rule          int
		payer         Payer
		refundPostage bool
		back          Payer
		charged       bool
	}
	tests := []struct {
		name  string
		kind  ReturnKind
		cause ReturnCause
		want  want
	}{
		{"§4 quality fault, refund: the shop pays, the postage refunded with the price", ReturnRefund, CauseQualityFault, want{0, PayerShop, true, "", false}},
		{"§4 quality fault, exchange: the shop pays both ways", ReturnExchange, CauseQualityFault, want{1, PayerShop, false, PayerShop, false}},
		{"§4 quality fault under warranty, repair: free, the shop pays both ways", ReturnRepair, CauseQualityFault, want{1, PayerShop, false, PayerShop, false}},
		{"§4 damage by the customer, refund: the customer pays", ReturnRefund, CauseCustomerDamage, want{3, PayerCustomer, false, "", false}},
		{"§4 damage by the customer, exchange: the customer pays both ways", ReturnExchange, CauseCustomerDamage, want{3, PayerCustomer, false, PayerCustomer, false}},
		{"§4 damage by the customer, repair: freight and labour, the shop ships back", ReturnRepair, CauseCustomerDamage, want{2, PayerCustomer, false, PayerShop, true}},
		{"§4 out of warranty, refund: the customer pays", ReturnRefund, CauseOutOfWarranty, want{5, PayerCustomer, false, "", false}},
		{"§4 out of warranty, exchange: the customer pays both ways", ReturnExchange, CauseOutOfWarranty, want{5, PayerCustomer, false, PayerCustomer, false}},
		{"§4 knitwear: sent in at the customer's postage, paid repair, the shop ships back", ReturnRepair, CauseOutOfWarranty, want{4, PayerCustomer, false, PayerShop, true}},
		{"§4 change of mind, refund: the returning party pays", ReturnRefund, CauseChangeOfMind, want{6, PayerCustomer, false, "", false}},
		{"§4 change of mind, exchange: the customer pays both ways", ReturnExchange, CauseChangeOfMind, want{6, PayerCustomer, false, PayerCustomer, false}},
		{"§4 change of mind, repair: the customer pays", ReturnRepair, CauseChangeOfMind, want{6, PayerCustomer, false, PayerCustomer, false}},
	}
	used := map[int]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := p.Freight(tt.kind, tt.cause)
			got := want{f.Rule, f.Payer, f.RefundPostage, f.ShippingBack, f.RepairCharged}
			if got != tt.want {
				t.Fatalf("Freight(%s, %s) = %+v, want %+v", tt.kind, tt.cause, got, tt.want)
			}
			rule := p.Returns.FreightRules[f.Rule]
			if f.Reason["zh"] == "" || f.Reason["en"] == "" || f.Reason["en"] != rule.Reason["en"] {
				t.Errorf("reason = %v, want the rule's in zh and en", f.Reason)
			}
		})
		used[tt.want.rule] = true
	}
	if len(used) != len(p.Returns.FreightRules) {
		t.Errorf("the cases use rules %v of %d: every default rule must be covered", used, len(p.Returns.FreightRules))
	}
	if n := len(ReturnKinds()) * len(ReturnCauses()); len(tests) != n {
		t.Errorf("%d cases, want one for each of the %d kinds and causes", len(tests), n)
	}
}

func TestFreightOfAnUnknownKindOrCause(t *testing.T) {
	t.Parallel()
	p := Default()
	for _, f := range []Freight{p.Freight("swap", CauseQualityFault), p.Freight(ReturnRefund, "bad_luck"), p.Freight("", "")} {
		if f.Rule != -1 || f.Payer != "" {
			t.Errorf("Freight = %+v, want no rule", f)
		}
	}
}

// shopFreight reorders the rules and overrides them: a free exchange for a
// change of mind, the postage refunded for every quality fault.
const shopFreight = `returns:
  freight:
    rules:
      - cause: change_of_mind
        kind: exchange
        payer: customer
        return_shipping_paid_by: shop
        reason: {zh: 换货我们寄新的, en: We send the new one at our cost}
      - cause: quality_fault
        payer: shop
        refund_postage: true
        reason: {zh: 质量问题退运费, en: Quality fault; we refund the postage}
      - cause: customer_damage
        payer: customer
        repair_charged: true
        reason: {zh: 人为损坏, en: Damage by the customer}
      - cause: change_of_mind
        payer: customer
        reason: {zh: 不想要了, en: Changed your mind}
      - cause: out_of_warranty
        payer: customer
        repair_charged: true
        return_shipping_paid_by: customer
        reason: {zh: 过保, en: Out of warranty}
`

func TestFreightShopRules(t *testing.T) {
	t.Parallel()
	p := mustParse(t, shopFreight)
	tests := []struct {
		kind  ReturnKind
		cause ReturnCause
		want  Freight
	}{
		{ReturnExchange, CauseChangeOfMind, Freight{Rule: 0, Payer: PayerCustomer, ShippingBack: PayerShop}},
		{ReturnRefund, CauseChangeOfMind, Freight{Rule: 3, Payer: PayerCustomer}},
		{ReturnRepair, CauseChangeOfMind, Freight{Rule: 3, Payer: PayerCustomer, ShippingBack: PayerShop}},
		{ReturnRefund, CauseQualityFault, Freight{Rule: 1, Payer: PayerShop, RefundPostage: true}},
		{ReturnRepair, CauseQualityFault, Freight{Rule: 1, Payer: PayerShop, RefundPostage: true, ShippingBack: PayerShop}},
		{ReturnRepair, CauseCustomerDamage, Freight{Rule: 2, Payer: PayerCustomer, ShippingBack: PayerShop, RepairCharged: true}},
		{ReturnExchange, CauseCustomerDamage, Freight{Rule: 2, Payer: PayerCustomer, ShippingBack: PayerShop}},
		{ReturnRepair, CauseOutOfWarranty, Freight{Rule: 4, Payer: PayerCustomer, ShippingBack: PayerCustomer, RepairCharged: true}},
		{ReturnRefund, CauseOutOfWarranty, Freight{Rule: 4, Payer: PayerCustomer}},
	}
	for _, tt := range tests {
		f := p.Freight(tt.kind, tt.cause)
		if f.Reason["en"] != p.Returns.FreightRules[tt.want.Rule].Reason["en"] {
			t.Errorf("Freight(%s, %s) reason = %q", tt.kind, tt.cause, f.Reason["en"])
		}
		if f.Reason = nil; !reflect.DeepEqual(f, tt.want) {
			t.Errorf("Freight(%s, %s) = %+v, want %+v", tt.kind, tt.cause, f, tt.want)
		}
	}
	// The payers' names the file leaves out come from the default.
	if p.PayerName(PayerShop, "en") != "the shop" || p.PayerName(PayerCustomer, "zh") != "您" {
		t.Errorf("payer names = %v", p.Returns.PayerNames)
	}
}

// shopWarehouses sends heaters and displays to the factory, clothing to a
// warehouse of its own (listed after the catch-all, still found by name)
// and everything else to the main address.
const shopWarehouses = `returns:
  warehouses:
    - id: factory
      categories: [solar_water_heater, led_display]
      address: {zh: 工厂地址, en: Factory address}
      recipient: 张工
      phone: "0571-8888 1234"
    - id: main
      address: {zh: 总部地址, en: Main address}
      recipient: Li Na
      phone: "+86 571 1234 5678"
    - id: clothes
      categories: [apparel]
      address: {zh: 服装仓, en: Clothing store}
      recipient: Wang
      phone: "13800138000"
`

func TestWarehouseLookup(t *testing.T) {
	t.Parallel()
	p := mustParse(t, shopWarehouses)
	tests := map[string]string{
		"solar_water_heater": "factory",
		"led_display":        "factory",
		"apparel":            "clothes",
		"knitwear":           "main",
		"software":           "main",
		"no_such_category":   "main",
		"":                   "main",
	}
	for cat, want := range tests {
		if got := p.Warehouse(cat); got.ID != want {
			t.Errorf("Warehouse(%q) = %s, want %s", cat, got.ID, want)
		}
	}
	if w := p.Warehouse("apparel"); w.Address["en"] != "Clothing store" || w.Recipient != "Wang" || w.Phone != "13800138000" {
		t.Errorf("clothes = %+v", w)
	}
	if w := Default().Warehouse("apparel"); w.ID != "main" || w.Address["zh"] == "" || w.Address["en"] == "" || w.Phone == "" {
		t.Errorf("default warehouse = %+v", w)
	}
	// Without a warehouse for every category, the first is the fallback.
	byHand := &Policy{Returns: Returns{Warehouses: []Warehouse{{ID: "a", Categories: []string{"x"}}, {ID: "b", Categories: []string{"y"}}}}}
	if got := byHand.Warehouse("z").ID; got != "a" {
		t.Errorf("fallback = %s, want a", got)
	}
	if got := (&Policy{}).Warehouse("x"); got.ID != "" {
		t.Errorf("no warehouses at all = %+v", got)
	}
}

func TestExclusionLookup(t *testing.T) {
	t.Parallel()
	p := Default()
	var ids []string
	for _, e := range p.Returns.Exclusions {
		ids = append(ids, e.ID)
	}
	if want := []string{"washed", "cut_or_torn", "clearance", "window_passed", "no_receipt"}; !slices.Equal(ids, want) {
		t.Fatalf("exclusions = %v, want %v", ids, want)
	}
	for _, id := range ids {
		e, ok := p.Exclusion(id)
		if !ok || e.ID != id {
			t.Fatalf("Exclusion(%q) = %+v, %v", id, e, ok)
		}
		for _, lang := range []string{"zh", "en"} {
			if e.Reason[lang] == "" || e.Alternative[lang] == "" {
				t.Errorf("%s lacks its %s reason or alternative", id, lang)
			}
			f, ok := p.RefusalFor(id, lang, "K7M-4QX", "")
			if !ok {
				t.Fatalf("RefusalFor(%q) found nothing", id)
			}
			text, err := p.RenderRefusal(lang, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, part := range []string{"K7M-4QX", e.Reason[lang], e.Alternative[lang]} {
				if !strings.Contains(text, part) {
					t.Errorf("%s refusal in %s lacks %q:\n%s", id, lang, part, text)
				}
			}
		}
	}
	if _, ok := p.Exclusion("too_expensive"); ok {
		t.Error("an unknown exclusion was found")
	}
	if _, ok := p.RefusalFor("too_expensive", "en", "R", "P"); ok {
		t.Error("a refusal was made from an unknown exclusion")
	}
}

func TestAdviceAddsTheCategorysLines(t *testing.T) {
	t.Parallel()
	p := Default()
	all := p.Returns.Packing.For("software", "en")
	clothing := p.Returns.Packing.For("apparel", "en")
	if len(all) == 0 || len(clothing) <= len(all) || !slices.Equal(clothing[:len(all)], all) {
		t.Fatalf("packing: every category %q, clothing %q", all, clothing)
	}
	joined := strings.Join(clothing, "\n")
	for _, want := range []string{"wash", "tags", "original bag", "accessories"} {
		if !strings.Contains(joined, want) {
			t.Errorf("clothing packing lacks %q:\n%s", want, joined)
		}
	}
	if zh := p.Returns.Packing.For("apparel", "zh"); len(zh) != len(clothing) {
		t.Errorf("zh has %d lines, en %d", len(zh), len(clothing))
	}
	if got := p.Returns.DoNotSend.For("solar_water_heater", "zh"); len(got) != 3 {
		t.Errorf("do not send for a heater = %q", got)
	}
	// Appending a category's lines never writes into the shared list.
	a := p.Returns.Packing.For("apparel", "en")
	b := p.Returns.Packing.For("knitwear", "en")
	if again := p.Returns.Packing.For("apparel", "en"); !slices.Equal(a, again) || slices.Equal(a, b) {
		t.Errorf("clothing and knitwear advice overwrite each other: %q, %q", a, b)
	}
}

// A shop without clothing drops the default's clothing advice rather than
// failing: the advice is for goods it does not sell.
func TestAdviceForCategoriesTheShopLacks(t *testing.T) {
	t.Parallel()
	p := mustParse(t, extraCategories)
	if len(p.Returns.Packing.ByCategory) != 0 || len(p.Returns.DoNotSend.ByCategory) != 0 {
		t.Errorf("by category = %v, %v", p.Returns.Packing.ByCategory, p.Returns.DoNotSend.ByCategory)
	}
	if got := p.Returns.Packing.For("gadget", "en"); len(got) != 2 {
		t.Errorf("gadget packing = %q", got)
	}
}

func TestSendByAndAfterArrival(t *testing.T) {
	t.Parallel()
	p := Default()
	// 23:30 on the 20th in UTC is the 21st in Shanghai.
	sent := time.Date(2026, 11, 20, 23, 30, 0, 0, time.UTC)
	if got := p.SendBy(sent).String(); got != "2026-11-28" {
		t.Errorf("SendBy = %s, want 2026-11-28", got)
	}
	a := p.Returns.AfterArrival
	if a.RefundDays != 7 || a.ExchangeDays != 3 || a.RepairWorkingDays != 5 || a.Days(ReturnRepair) != 5 || a.Days("x") != 0 {
		t.Errorf("after arrival = %+v", a)
	}
	tests := []struct {
		kind ReturnKind
		lang string
		want string
	}{
		{ReturnRefund, "en", "within 7 days"},
		{ReturnRefund, "zh", "7 天内按原支付方式退款"},
		{ReturnExchange, "en", "replacement within 3 days"},
		{ReturnRepair, "en", "within 5 working days"},
		{ReturnRepair, "zh", "5 个工作日内"},
		{ReturnRepair, "fr", "5 个工作日内"}, // not offered: the first language
	}
	for _, tt := range tests {
		got, err := p.AfterArrivalText(tt.kind, tt.lang)
		if err != nil || !strings.Contains(got, tt.want) {
			t.Errorf("AfterArrivalText(%s, %s) = %q, %v; want it to contain %q", tt.kind, tt.lang, got, err, tt.want)
		}
	}
	if _, err := p.AfterArrivalText("swap", "en"); err == nil {
		t.Error("an unknown kind rendered")
	}
}

func TestKindAndPayerNames(t *testing.T) {
	t.Parallel()
	p := Default()
	for _, k := range ReturnKinds() {
		if p.KindName(k, "zh") == "" || p.KindName(k, "en") == "" {
			t.Errorf("%s lacks a name", k)
		}
	}
	if got := p.KindName(ReturnRepair, "de"); got != p.KindName(ReturnRepair, "zh") {
		t.Errorf("a language not offered = %q, want the first language's", got)
	}
	if p.PayerName(PayerCustomer, "en") != "you" || p.PayerName(PayerShop, "zh") != "本店" {
		t.Errorf("payer names = %v", p.Returns.PayerNames)
	}
}

func TestRepairable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		c    Category
		want bool
	}{
		{Category{}, false},
		{Category{WarrantyDays: 1}, true},
		{Category{RepairForLife: true}, true},
		{Category{FreeSmallRepairs: true}, true},
		{Category{Parts: []Part{{WarrantyDays: 0}}}, false},
		{Category{Parts: []Part{{WarrantyDays: 30}}}, true},
	}
	for _, tt := range tests {
		if got := tt.c.Repairable(); got != tt.want {
			t.Errorf("%+v: Repairable = %v, want %v", tt.c, got, tt.want)
		}
	}
}
