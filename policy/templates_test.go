package policy

import (
	"html"
	"reflect"
	"strings"
	"testing"
	"time"
)

// everyField sets each field of the instructions to a value that names it.
func everyField() InstructionFields {
	var f InstructionFields
	v := reflect.ValueOf(&f).Elem()
	for i := range v.NumField() {
		v.Field(i).SetString("<" + v.Type().Field(i).Name + ">")
	}
	return f
}

func TestInstructionsShowEveryField(t *testing.T) {
	t.Parallel()
	p := Default()
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			f := everyField()
			text, err := p.RenderInstructions(lang, f)
			if err != nil {
				t.Fatal(err)
			}
			v := reflect.ValueOf(f)
			for i := range v.NumField() {
				if val := v.Field(i).String(); !strings.Contains(text, val) {
					t.Errorf("%s lacks %s:\n%s", lang, val, text)
				}
			}
			if strings.Contains(text, "\n\n\n") || text != strings.TrimSpace(text) {
				t.Errorf("stray blank lines:\n%q", text)
			}
			// The optional parts go away with their fields.
			f.Fee, f.DoNotSend, f.Name = "", "", ""
			short, err := p.RenderInstructions(lang, f)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(short, "<Fee>") || strings.Contains(short, "\n\n\n") || !strings.HasSuffix(short, "<AfterArrival>") {
				t.Errorf("without fee and do-not-send:\n%s", short)
			}
		})
	}
}

func TestInstructionsForAReturn(t *testing.T) {
	t.Parallel()
	p := Default()
	sent := time.Date(2026, 11, 20, 10, 0, 0, 0, p.Shop.TimeZone)
	tests := []struct {
		lang  string
		facts ReturnFacts
		want  []string
	}{
		{"en", ReturnFacts{Kind: ReturnRefund, Cause: CauseQualityFault, Category: "apparel", Sent: sent}, []string{
			"Hello Anna, here is how to send Wool coat back for ticket K7M-4QX (return for a refund).",
			"Return number: RMA-1\n",
			"Send it to: After-sales, Example Shop, 88 Shili Road",
			"Recipient: 王丽 (Wang Li), phone +86 571 8765 4321",
			"by 2026-11-27.",
			"Postage: paid by the shop. The item has a quality fault, so the postage is on us",
			"Packing:\n• Use a sturdy box",
			"• Leave the tags attached",
			"Please leave out:\n• Cash",
			"After it arrives: Once it has arrived and been checked, we refund you by the original payment method within 7 days.",
		}},
		{"zh", ReturnFacts{Kind: ReturnRepair, Cause: CauseCustomerDamage, Category: "solar_water_heater", Sent: sent}, []string{
			"Anna，您好！以下是工单 K7M-4QX「Wool coat」的寄回说明（寄回维修）。",
			"退货授权号：RMA-1\n",
			"寄往：浙江省杭州市",
			"请在 2026-11-27 之前",
			"运费：由您承担。损坏不是产品质量原因造成的",
			"• 寄出前把水箱和管路里的水全部放干",
			"• 支架和安装螺丝",
			"到货之后：我们会在收到后 5 个工作日内修好并寄回给您",
			"维修费用预估：¥120（配件和人工）。",
		}},
	}
	for _, tt := range tests {
		f, err := p.InstructionsFor(tt.lang, tt.facts)
		if err != nil {
			t.Fatal(err)
		}
		f.Ref, f.RMA, f.Name, f.Product = "K7M-4QX", "RMA-1", "Anna", "Wool coat"
		if p.Freight(tt.facts.Kind, tt.facts.Cause).RepairCharged {
			if f.Fee, err = p.RenderRepairFee(tt.lang, RepairFeeFields{Amount: "¥120", Note: "配件和人工"}); err != nil {
				t.Fatal(err)
			}
		}
		text, err := p.RenderInstructions(tt.lang, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s instructions lack %q:\n%s", tt.lang, w, text)
			}
		}
	}
}

func TestRepairFeeAndRefusalTexts(t *testing.T) {
	t.Parallel()
	p := Default()
	tests := []struct {
		name string
		got  func() (string, error)
		want string
	}{
		{"fee en", func() (string, error) {
			return p.RenderRepairFee("en", RepairFeeFields{Ref: "R", Amount: "¥80", Note: "a new zip and labour"})
		}, "Estimated repair fee: ¥80 (a new zip and labour). We start the repair only once you have accepted this estimate with the button below."},
		{"fee en without a note", func() (string, error) { return p.RenderRepairFee("en", RepairFeeFields{Amount: "¥80"}) },
			"Estimated repair fee: ¥80. We start the repair only once you have accepted this estimate with the button below."},
		{"fee zh", func() (string, error) {
			return p.RenderRepairFee("zh", RepairFeeFields{Amount: "¥80", Note: "换拉链"})
		},
			"维修费用预估：¥80（换拉链）。请先用下方的按钮接受这份报价，您接受之后我们才开始维修。"},
		{"refusal en", func() (string, error) {
			return p.RenderRefusal("en", RefusalFields{Ref: "K7M-4QX", Product: "Wool coat", Reason: "It was washed.", Alternative: "A paid repair."})
		}, "We are sorry: the return on ticket K7M-4QX (Wool coat) cannot be accepted. It was washed.\nWhat you can still do: A paid repair."},
		{"refusal zh without a product", func() (string, error) {
			return p.RenderRefusal("zh", RefusalFields{Ref: "K7M-4QX", Reason: "已洗过。", Alternative: "付费维修。"})
		}, "很抱歉，工单 K7M-4QX 的退换申请无法受理：已洗过。\n您仍然可以：付费维修。"},
		{"a language not offered is the first", func() (string, error) {
			return p.RenderRefusal("fr", RefusalFields{Ref: "K7M-4QX", Product: "外套", Reason: "已洗过。", Alternative: "付费维修。"})
		}, "很抱歉，工单 K7M-4QX（外套）的退换申请无法受理：已洗过。\n您仍然可以：付费维修。"},
	}
	for _, tt := range tests {
		got, err := tt.got()
		if err != nil || got != tt.want {
			t.Errorf("%s:\n got %q, %v\nwant %q", tt.name, got, err, tt.want)
		}
	}
	if _, err := (&Policy{}).RenderRefusal("en", RefusalFields{}); err == nil {
		t.Error("a policy without templates rendered")
	}
}

// The rendered text is plain: a field is put in as it is, never run as a
// template, and the caller escapes the whole text for Telegram HTML.
func TestRenderedTextIsPlainAndEscapedWhole(t *testing.T) {
	t.Parallel()
	p := Default()
	hostile := `<b>&</b> {{.RMA}} <a href="x">`
	for _, lang := range []string{"zh", "en"} {
		f := everyField()
		f.Product, f.Name, f.Address = hostile, hostile, hostile
		text, err := p.RenderInstructions(lang, f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Count(text, hostile) != 3 {
			t.Errorf("%s: the fields are not put in as they are:\n%s", lang, text)
		}
		sent := html.EscapeString(text)
		if strings.Contains(sent, "<b>") || strings.Contains(sent, "<a ") || !strings.Contains(sent, "&lt;b&gt;&amp;&lt;/b&gt;") {
			t.Errorf("%s: escaped whole, the text still holds markup:\n%s", lang, sent)
		}
		if html.UnescapeString(sent) != text {
			t.Errorf("%s: escaping does not round-trip", lang)
		}
		refusal, err := p.RenderRefusal(lang, RefusalFields{Ref: "R", Reason: "<b>&", Alternative: "x"})
		if err != nil || !strings.Contains(refusal, "<b>&") || strings.Contains(html.EscapeString(refusal), "<b>") {
			t.Errorf("%s refusal: %q, %v", lang, refusal, err)
		}
	}
}

// templateYAML gives the refusal in zh on one line and in en as a block, so
// that a mistake's line in the block is easy to count: the block's first
// line is line 6.
const templateYAML = `returns:
  templates:
    refusal:
      zh: "{{.Reason}} {{.Alternative}}"
      en: |
        Sorry, ticket {{.Ref}}.
`

func TestTemplateProblemsAreReportedOnTheirLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src, want string
	}{
		{"misspelt field", templateYAML + "        {{.Reasn}}\n",
			"shop.yaml:7: returns.templates.refusal.en: unknown field .Reasn — did you mean .Reason?"},
		{"field in lower case", templateYAML + "        {{.alternative}}\n",
			"shop.yaml:7: returns.templates.refusal.en: unknown field .alternative — did you mean .Alternative?"},
		{"field of another template", templateYAML + "\n        Send it to {{.Address}}\n",
			"shop.yaml:8: returns.templates.refusal.en: unknown field .Address; the fields here are .Ref, .Product, .Reason, .Alternative"},
		{"field of a field", templateYAML + "        {{.Ref.Number}}\n",
			"shop.yaml:7: returns.templates.refusal.en: unknown field .Ref.Number (.Ref is text and has no fields)"},
		{"does not parse", templateYAML + "        {{.Reason}\n",
			"shop.yaml:7: returns.templates.refusal.en: does not parse: bad character U+007D '}'"},
		{"if without end", templateYAML + "        {{if .Product}}({{.Product}})\n        {{.Reason}}\n",
			"shop.yaml:8: returns.templates.refusal.en: does not parse: the text ends before the {{end}} of an {{if}}, {{range}} or {{with}}"},
		{"escaping function", templateYAML + "        {{html .Reason}}\n",
			`shop.yaml:7: returns.templates.refusal.en: function "html" is not available (use and, or, not, eq, ne, lt, le, gt, ge, len, print, println); the text is plain and the bot escapes it`},
		{"unknown function", templateYAML + "        {{upper .Reason}}\n",
			`shop.yaml:7: returns.templates.refusal.en: does not parse: function "upper" not defined`},
		{"printf", templateYAML + "        {{printf \"%0999999999d\" 1}}\n",
			`shop.yaml:7: returns.templates.refusal.en: function "printf" is not available (use and, or, not, eq, ne, lt, le, gt, ge, len, print, println)`},
		{"range", templateYAML + "        {{range 99999999999}}x{{end}}\n",
			"shop.yaml:7: returns.templates.refusal.en: {{range}} is not supported: every field is a single text"},
		{"other templates", templateYAML + "        {{template \"x\"}}\n",
			"shop.yaml:7: returns.templates.refusal.en: {{template}} is not supported"},
		{"fails when filled in", templateYAML + "\n        {{if lt .Ref 3}}short{{end}}\n",
			"shop.yaml:8: returns.templates.refusal.en: cannot be filled in: <lt .Ref 3>: error calling lt: incompatible types for comparison: string and int"},
		{"one-line text", "returns:\n  templates:\n    repair_fee:\n      zh: \"{{.Amount}}\"\n      en: \"Fee: {{.Amout}}\"\n",
			"shop.yaml:5: returns.templates.repair_fee.en: unknown field .Amout — did you mean .Amount?"},
		{"text over lines in quotes: the key's line", "returns:\n  templates:\n    repair_fee:\n      zh: \"{{.Amount}}\"\n      en: \"Fee:\\n{{.Amout}}\"\n",
			"shop.yaml:5: returns.templates.repair_fee.en: unknown field .Amout — did you mean .Amount?"},
		{"missing language", "returns:\n  templates:\n    instructions:\n      en: \"{{.Ref}}\"\n",
			`shop.yaml:3: returns.templates.instructions: missing the "zh" text`},
		{"language not offered", "returns:\n  templates:\n    refusal:\n      zh: \"{{.Reason}}\"\n      en: \"{{.Reason}}\"\n      fr: \"{{.Reason}}\"\n",
			`shop.yaml:6: returns.templates.refusal.fr: "fr" is not one of shop.languages`},
		{"promise with a field it lacks", "returns:\n  after_arrival:\n    refund:\n      text: {zh: \"{{.Days}} 天\", en: \"within {{.Dayz}} days\"}\n",
			"shop.yaml:4: returns.after_arrival.refund.text.en: unknown field .Dayz — did you mean .Days?"},
		{"misspelt template name", "returns:\n  templates:\n    refusel: {zh: a, en: b}\n",
			`shop.yaml:3: returns.templates.refusel: unknown field — did you mean "refusal"?`},
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

func TestAShopTemplateOverridesOneLanguageSet(t *testing.T) {
	t.Parallel()
	p := mustParse(t, templateYAML+"        {{.Reason}} {{if .Product}}[{{.Product}}]{{end}}\n")
	got, err := p.RenderRefusal("en", RefusalFields{Ref: "R1", Reason: "Washed."})
	if want := "Sorry, ticket R1.\nWashed."; err != nil || got != want {
		t.Errorf("refusal = %q, %v; want %q", got, err, want)
	}
	// The other templates stay the default's.
	if p.Returns.Templates.Instructions.Source["en"] != Default().Returns.Templates.Instructions.Source["en"] {
		t.Error("the instructions were not taken from the default")
	}
}
