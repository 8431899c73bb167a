package policy

import (
	"strings"
	"testing"
)

// goodShopReturns is a shop's whole returns section, every key given.
const goodShopReturns = `shop:
  name: Lotus Knitwear
categories:
  - id: knitwear
    name: {zh: 毛衣, en: Knitwear}
    warranty_days: 30
    free_small_repairs: true
  - id: scarves
    name: {zh: 围巾, en: Scarves}
    warranty_days: 0
    returnable: false
returns:
  window_days: 14
  receipt_required: false
  resellable: true
  send_within_days: 10
  warehouses:
    - id: studio
      categories: [knitwear]
      address: {zh: 上海市示例路 1 号, en: "1 Example Road, Shanghai"}
      recipient: 陈静
      phone: "021 5555 0101"
  kinds:
    refund: {zh: 退款, en: refund}
    exchange: {zh: 换货, en: exchange}
    repair: {zh: 返修, en: repair}
  freight:
    payers:
      shop: {zh: 我们, en: us}
      customer: {zh: 您, en: you}
    rules:
      - {cause: quality_fault, payer: shop, refund_postage: true, reason: {zh: 质量问题, en: A fault}}
      - {cause: customer_damage, kind: repair, payer: customer, repair_charged: true, reason: {zh: 人为, en: Damage}}
      - {cause: customer_damage, payer: customer, return_shipping_paid_by: customer, reason: {zh: 人为, en: Damage}}
      - {cause: change_of_mind, payer: customer, reason: {zh: 不要了, en: Unwanted}}
      - {cause: out_of_warranty, payer: customer, repair_charged: true, reason: {zh: 过保, en: Expired}}
  packing:
    all: {zh: [叠好], en: [Fold it]}
    by_category:
      knitwear: {zh: [不要洗, 留吊牌], en: [Unwashed, Tags on]}
  do_not_send:
    all: {zh: [], en: []}
    by_category: {}
  after_arrival:
    refund: {days: 5, text: {zh: "{{.Days}} 天内退款", en: "Refund within {{.Days}} days"}}
    exchange: {days: 2, text: {zh: "{{.Days}} 天内寄出", en: "Shipped within {{.Days}} days"}}
    repair: {working_days: 10, text: {zh: "{{.Days}} 个工作日", en: "{{.Days}} working days"}}
  exclusions:
    - {id: worn, reason: {zh: 已穿过, en: It was worn}, alternative: {zh: 可以修补, en: We can mend it}}
  templates:
    instructions: {zh: "{{.RMA}} {{.Address}}", en: "{{.RMA}} to {{.Address}}"}
    repair_fee: {zh: "费用 {{.Amount}}", en: "Fee {{.Amount}}"}
    refusal: {zh: "{{.Reason}}", en: "{{.Reason}} {{.Alternative}}"}
`

func TestAGoodShopReturnsSection(t *testing.T) {
	t.Parallel()
	p := mustParse(t, goodShopReturns)
	r := p.Returns
	if r.WindowDays != 14 || r.ReceiptRequired || r.SendWithinDays != 10 {
		t.Errorf("returns = window %d, receipt %v, send within %d", r.WindowDays, r.ReceiptRequired, r.SendWithinDays)
	}
	// The scarves are neither returnable nor repairable: no warehouse needed.
	if w := p.Warehouse("knitwear"); w.ID != "studio" || w.Address["en"] != "1 Example Road, Shanghai" {
		t.Errorf("warehouse = %+v", w)
	}
	if p.KindName(ReturnRepair, "zh") != "返修" || p.PayerName(PayerShop, "en") != "us" {
		t.Errorf("names = %v, %v", r.KindNames, r.PayerNames)
	}
	if f := p.Freight(ReturnRepair, CauseQualityFault); f.Rule != 0 || !f.RefundPostage || f.ShippingBack != PayerShop {
		t.Errorf("freight = %+v", f)
	}
	if got := strings.Join(r.Packing.For("knitwear", "en"), "|"); got != "Fold it|Unwashed|Tags on" {
		t.Errorf("packing = %s", got)
	}
	if got := r.DoNotSend.For("knitwear", "zh"); len(got) != 0 {
		t.Errorf("do not send = %q", got)
	}
	if a := r.AfterArrival; a.RefundDays != 5 || a.ExchangeDays != 2 || a.RepairWorkingDays != 10 {
		t.Errorf("after arrival = %+v", a)
	}
	if text, err := p.AfterArrivalText(ReturnRepair, "zh"); err != nil || text != "10 个工作日" {
		t.Errorf("repair promise = %q, %v", text, err)
	}
	if _, ok := p.Exclusion("washed"); ok {
		t.Error("the default exclusions were kept beside the shop's")
	}
	if e, ok := p.Exclusion("worn"); !ok || e.Alternative["en"] != "We can mend it" {
		t.Errorf("exclusion = %+v, %v", e, ok)
	}
	text, err := p.RenderInstructions("en", InstructionFields{RMA: "R-1", Address: "here"})
	if err != nil || text != "R-1 to here" {
		t.Errorf("instructions = %q, %v", text, err)
	}
}

// warehouseYAML is a valid warehouse with room for broken values below.
const warehouseYAML = `returns:
  warehouses:
    - id: main
      address: {zh: 地址, en: Address}
      recipient: Li
      phone: "0571 1234 5678"
`

// rulesYAML decides every cause for every kind, one rule a cause; a rule
// added below it is on line 8.
const rulesYAML = `returns:
  freight:
    rules:
      - {cause: quality_fault, payer: shop, reason: {zh: 质量, en: Fault}}
      - {cause: customer_damage, payer: customer, reason: {zh: 损坏, en: Damage}}
      - {cause: change_of_mind, payer: customer, reason: {zh: 不要, en: Unwanted}}
      - {cause: out_of_warranty, payer: customer, reason: {zh: 过保, en: Expired}}
`

func TestReturnsProblemsAreReportedWithTheirLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src, want string
	}{
		{"misspelt section key", "returns:\n  window_days: 7\n  send_whithin_days: 5\n",
			`shop.yaml:3: returns.send_whithin_days: unknown field — did you mean "send_within_days"?`},
		{"deadline of no days", "returns:\n  send_within_days: 0\n",
			"shop.yaml:2: returns.send_within_days: must be between 1 and 90"},

		// Warehouses.
		{"no warehouse", "returns:\n  warehouses: []\n", "shop.yaml:2: returns.warehouses: must list at least one warehouse"},
		{"misspelt warehouse key", warehouseYAML + "      adress: {zh: 地址, en: Address}\n",
			`shop.yaml:7: returns.warehouses[0].adress: unknown field — did you mean "address"?`},
		{"misspelt category", warehouseYAML + "    - id: knits\n      categories: [knitware]\n      address: {zh: 地址, en: Address}\n      recipient: Li\n      phone: '12345'\n",
			`shop.yaml:8: returns.warehouses[1].categories[0]: unknown category "knitware" — did you mean "knitwear"?`},
		{"unknown category", warehouseYAML + "    - id: toys\n      categories: [apparel, toys]\n      address: {zh: 地址, en: Address}\n      recipient: Li\n      phone: '12345'\n",
			`shop.yaml:8: returns.warehouses[1].categories[1]: unknown category "toys"; the categories are apparel, knitwear, solar_water_heater, led_display, software`},
		{"category twice", warehouseYAML + "    - id: knits\n      categories: [knitwear, knitwear]\n      address: {zh: 地址, en: Address}\n      recipient: Li\n      phone: '12345'\n",
			`shop.yaml:8: returns.warehouses[1].categories[1]: "knitwear" is listed twice`},
		{"no phone", "returns:\n  warehouses:\n    - id: main\n      address: {zh: 地址, en: Address}\n      recipient: Li\n",
			"shop.yaml:3: returns.warehouses[0].phone: must give the recipient's phone number, which the courier needs"},
		{"not a phone", "returns:\n  warehouses:\n    - id: main\n      address: {zh: 地址, en: Address}\n      recipient: Li\n      phone: call Li\n",
			`shop.yaml:6: returns.warehouses[0].phone: "call Li" is not a phone number (digits, spaces and + - ( ) only)`},
		{"no recipient", "returns:\n  warehouses:\n    - id: main\n      address: {zh: 地址, en: Address}\n      phone: '12345'\n",
			"shop.yaml:3: returns.warehouses[0].recipient: must name who receives the parcel, 1 to 100 characters"},
		{"address in one language", "returns:\n  warehouses:\n    - id: main\n      address: {zh: 地址}\n      recipient: Li\n      phone: '12345'\n",
			`shop.yaml:4: returns.warehouses[0].address: missing the "en" text`},
		{"a category without a warehouse", "returns:\n  warehouses:\n    - id: main\n      categories: [apparel, knitwear, solar_water_heater, led_display]\n      address: {zh: 地址, en: Address}\n      recipient: Li\n      phone: '12345'\n",
			`shop.yaml:2: returns.warehouses: no warehouse takes software, which can be returned or repaired (name it in a warehouse's categories, or add a warehouse without categories)`},
		{"several categories without a warehouse", "returns:\n  warehouses:\n    - id: main\n      categories: [apparel, knitwear, led_display]\n      address: {zh: 地址, en: Address}\n      recipient: Li\n      phone: '12345'\n",
			`shop.yaml:2: returns.warehouses: no warehouse takes solar_water_heater, software, which can be returned or repaired (name it in a warehouse's categories, or add a warehouse without categories)`},
		{"a category neither returnable nor repairable needs none", "categories:\n  - {id: gift, name: {zh: 礼品, en: Gift}, returnable: false}\n  - {id: toy, name: {zh: 玩具, en: Toy}}\n" +
			"returns:\n  warehouses:\n    - id: toys\n      categories: [toy]\n      address: {zh: 地址, en: Address}\n      recipient: Li\n      phone: '12345'\n  window_days: -1\n",
			"shop.yaml:11: returns.window_days: must be ≥ 0"},
		{"warehouse id twice", warehouseYAML + "    - id: main\n      address: {zh: 地址, en: Address}\n      recipient: Li\n      phone: '12345'\n",
			`shop.yaml:7: returns.warehouses[1].id: "main" is used twice`},

		// Kinds and payers.
		{"misspelt kind", "returns:\n  kinds:\n    exchang: {zh: 换, en: swap}\n",
			`shop.yaml:3: returns.kinds.exchang: unknown field — did you mean "exchange"?`},
		{"kind name missing", "returns:\n  kinds:\n    repair: {zh: 修}\n",
			`shop.yaml:3: returns.kinds.repair: missing the "en" name`},
		{"payer name missing", "returns:\n  freight:\n    payers:\n      customer: {en: you}\n",
			`shop.yaml:4: returns.freight.payers.customer: missing the "zh" name`},

		// Freight rules.
		{"misspelt cause", rulesYAML + "      - {cause: qualty_fault, payer: shop, reason: {zh: 甲, en: A}}\n",
			`shop.yaml:8: returns.freight.rules[4].cause: unknown cause "qualty_fault" — did you mean "quality_fault"?`},
		{"unknown cause", rulesYAML + "      - {cause: bad_luck, payer: shop, reason: {zh: 甲, en: A}}\n",
			`shop.yaml:8: returns.freight.rules[4].cause: unknown cause "bad_luck"; use one of quality_fault, customer_damage, change_of_mind, out_of_warranty`},
		{"no cause", rulesYAML + "      - {payer: shop, reason: {zh: 甲, en: A}}\n",
			`shop.yaml:8: returns.freight.rules[4].cause: must give the cause: quality_fault, customer_damage, change_of_mind, out_of_warranty`},
		{"misspelt kind in a rule", rulesYAML + "      - {cause: quality_fault, kind: refnd, payer: shop, reason: {zh: 甲, en: A}}\n",
			`shop.yaml:8: returns.freight.rules[4].kind: unknown kind "refnd" — did you mean "refund"?`},
		{"misspelt payer", rulesYAML + "      - {cause: quality_fault, payer: shopp, reason: {zh: 甲, en: A}}\n",
			`shop.yaml:8: returns.freight.rules[4].payer: unknown payer "shopp" — did you mean "shop"?`},
		{"misspelt payer of the way back", rulesYAML + "      - {cause: quality_fault, payer: shop, return_shipping_paid_by: costumer, reason: {zh: 甲, en: A}}\n",
			`shop.yaml:8: returns.freight.rules[4].return_shipping_paid_by: unknown payer "costumer" — did you mean "customer"?`},
		{"misspelt rule key", strings.Replace(rulesYAML, "payer: shop,", "payer: shop, refund_postag: true,", 1),
			`shop.yaml:4: returns.freight.rules[0].refund_postag: unknown field — did you mean "refund_postage"?`},
		{"postage refunded to a customer who pays it", "returns:\n  freight:\n    rules:\n      - {cause: quality_fault, payer: shop, reason: {zh: 质量, en: Fault}}\n      - {cause: customer_damage, payer: customer, refund_postage: true, reason: {zh: 损坏, en: Damage}}\n      - {cause: change_of_mind, payer: customer, reason: {zh: 不要, en: Unwanted}}\n      - {cause: out_of_warranty, payer: customer, reason: {zh: 过保, en: Expired}}\n",
			"shop.yaml:5: returns.freight.rules[1].refund_postage: only with payer: shop (the customer pays the postage and the shop refunds it)"},
		{"shipping back after a refund", "returns:\n  freight:\n    rules:\n      - {cause: quality_fault, kind: refund, payer: shop, return_shipping_paid_by: shop, reason: {zh: 质量, en: Fault}}\n" + strings.TrimPrefix(rulesYAML, "returns:\n  freight:\n    rules:\n"),
			"shop.yaml:4: returns.freight.rules[0].return_shipping_paid_by: nothing is shipped back after a refund"},
		{"charging for an exchange", "returns:\n  freight:\n    rules:\n      - {cause: customer_damage, kind: exchange, payer: customer, repair_charged: true, reason: {zh: 损坏, en: Damage}}\n" + strings.TrimPrefix(rulesYAML, "returns:\n  freight:\n    rules:\n"),
			"shop.yaml:4: returns.freight.rules[0].repair_charged: only a repair is charged for (this rule is for kind exchange)"},
		{"a cause left undecided", strings.Replace(rulesYAML, "{cause: out_of_warranty,", "{cause: out_of_warranty, kind: repair,", 1),
			"shop.yaml:3: returns.freight.rules: no rule decides cause out_of_warranty for kind refund, exchange (a rule without a kind fits every kind)"},
		{"a rule that never applies", rulesYAML + "      - {cause: quality_fault, kind: repair, payer: customer, reason: {zh: 甲, en: A}}\n",
			"shop.yaml:8: returns.freight.rules[4]: never applies: the rules above it already decide every case it fits"},
		{"reason in one language", rulesYAML + "      - {cause: quality_fault, kind: repair, payer: customer, reason: {zh: 甲}}\n",
			"shop.yaml:8: returns.freight.rules[4].reason: missing the \"en\" text\n" +
				"shop.yaml:8: returns.freight.rules[4]: never applies: the rules above it already decide every case it fits"},
		{"no rules", "returns:\n  freight:\n    rules: []\n", "shop.yaml:3: returns.freight.rules: must list at least one rule"},

		// Packing and what not to send.
		{"misspelt category of advice", "returns:\n  packing:\n    by_category:\n      knitware: {zh: [叠好], en: [Fold it]}\n",
			`shop.yaml:4: returns.packing.by_category.knitware: unknown category "knitware" — did you mean "knitwear"?`},
		{"advice not translated line for line", "returns:\n  do_not_send:\n    all:\n      zh: [现金, 电池]\n      en: [Cash]\n",
			`shop.yaml:5: returns.do_not_send.all.en: has 1 lines but "zh" has 2; give each line in every language`},
		{"advice in one language", "returns:\n  packing:\n    all:\n      en: [Box it]\n",
			`shop.yaml:3: returns.packing.all: missing the "zh" lines`},
		{"empty line of advice", "returns:\n  packing:\n    all:\n      zh: ['']\n      en: [Box it]\n",
			"shop.yaml:4: returns.packing.all.zh[0]: must be 1 to 1000 characters"},
		{"misspelt advice key", "returns:\n  packing:\n    al: {zh: [a], en: [b]}\n",
			`shop.yaml:3: returns.packing.al: unknown field — did you mean "all"?`},

		// After arrival.
		{"refund of no days", "returns:\n  after_arrival:\n    refund:\n      days: 0\n",
			"shop.yaml:4: returns.after_arrival.refund.days: must be between 1 and 90"},
		{"repair counted in days", "returns:\n  after_arrival:\n    repair:\n      days: 5\n",
			`shop.yaml:4: returns.after_arrival.repair.days: unknown field; the fields here are working_days, text`},
		{"misspelt working days", "returns:\n  after_arrival:\n    repair:\n      workingdays: 5\n",
			`shop.yaml:4: returns.after_arrival.repair.workingdays: unknown field — did you mean "working_days"?`},

		// Exclusions.
		{"exclusion without an alternative", "returns:\n  exclusions:\n    - id: worn\n      reason: {zh: 穿过, en: Worn}\n",
			`shop.yaml:3: returns.exclusions[0].alternative: missing the "zh" text` + "\n" +
				`shop.yaml:3: returns.exclusions[0].alternative: missing the "en" text`},
		{"exclusion twice", "returns:\n  exclusions:\n    - {id: worn, reason: {zh: 甲, en: A}, alternative: {zh: 乙, en: B}}\n    - {id: worn, reason: {zh: 甲, en: A}, alternative: {zh: 乙, en: B}}\n",
			`shop.yaml:4: returns.exclusions[1].id: "worn" is used twice`},
		{"misspelt exclusion key", "returns:\n  exclusions:\n    - {id: worn, reason: {zh: 甲, en: A}, alternatve: {zh: 乙, en: B}}\n",
			`shop.yaml:3: returns.exclusions[0].alternatve: unknown field — did you mean "alternative"?` + "\n" +
				`shop.yaml:3: returns.exclusions[0].alternative: missing the "zh" text` + "\n" +
				`shop.yaml:3: returns.exclusions[0].alternative: missing the "en" text`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse("shop.yaml", []byte(tt.src))
			if err == nil || err.Error() != tt.want {
				t.Fatalf("error:\n%v\nwant:\n%s", err, tt.want)
			}
		})
	}
}

// Every mistake in the returns section is reported at once, in file order.
func TestReturnsProblemsAllAtOnce(t *testing.T) {
	t.Parallel()
	src := warehouseYAML + `      categories: [aparel]
  send_within_days: 0
  freight:
    rules:
      - {cause: qualty_fault, payer: shop, reason: {zh: 甲, en: A}}
  templates:
    refusal:
      zh: "{{.Reason}}"
      en: "{{.Reasn}}"
`
	_, err := Parse("shop.yaml", []byte(src))
	want := []string{
		`shop.yaml:7: returns.warehouses[0].categories[0]: unknown category "aparel" — did you mean "apparel"?`,
		"shop.yaml:8: returns.send_within_days: must be between 1 and 90",
		`shop.yaml:11: returns.freight.rules[0].cause: unknown cause "qualty_fault" — did you mean "quality_fault"?`,
		`shop.yaml:15: returns.templates.refusal.en: unknown field .Reasn — did you mean .Reason?`,
	}
	if err == nil || err.Error() != strings.Join(want, "\n") {
		t.Fatalf("error:\n%v\nwant:\n%s", err, strings.Join(want, "\n"))
	}
}
