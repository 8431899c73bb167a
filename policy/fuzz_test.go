package policy

import (
	"strings"
	"testing"
	"time"
)

// FuzzParse checks that no policy file, however broken, makes Parse panic,
// and that a policy it accepts can be used: a verdict and due times come out
// without a panic. The normal test run uses only the seed corpus; search with
// go test -fuzz FuzzParse ./policy/.
func FuzzParse(f *testing.F) {
	f.Add(defaultYAML)
	for _, s := range []string{
		"", "{}", "[]", "~", "shop:", "shop: {name: X}\n", berlinYAML, kolkataYAML, extraCategories,
		"hours:\n  week:\n    mon: ['00:00-24:00']\n",
		"categories:\n  - id: a\n    name: {zh: 甲, en: A}\n    parts: [{id: p, name: {zh: 乙, en: B}, warranty_days: 36500}]\n",
		"shop: &a {name: x}\nreturns: *a\n",
		"a: !!binary aGVsbG8=\n",
		"? [a, b]\n: c\n",
		"order: {pattern: '(a+)+$', example: aaa}\n",
		"description: {min: 1, max: 4096}\nmax_attachments: 0x10\n",
		"---\n...\n---\n",
		shopFreight, shopWarehouses, goodShopReturns, templateYAML + "        {{if .Product}}x{{else}}{{.Reason}}{{end}}\n",
	} {
		f.Add([]byte(s))
	}
	today := time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("fuzz.yaml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, c := range p.Categories {
			v := p.Decide(Facts{Category: c.ID, Issue: IssueFault, Purchased: today.AddDate(0, -1, 0)}, today)
			if len(v.Options) != 4 {
				t.Fatalf("%d options", len(v.Options))
			}
		}
		p.Due(today)
		// A policy that loads can draft every kind of return for every
		// category and cause, in every language, and refuse with every
		// exclusion.
		for _, lang := range p.Shop.Languages {
			for _, c := range p.Categories {
				for _, kind := range ReturnKinds() {
					for _, cause := range ReturnCauses() {
						if f := p.Freight(kind, cause); f.Rule < 0 {
							t.Fatalf("no freight rule for %s, %s", kind, cause)
						}
						fields, err := p.InstructionsFor(lang, ReturnFacts{Kind: kind, Cause: cause, Category: c.ID, Sent: today})
						if err != nil {
							t.Fatal(err)
						}
						if _, err := p.RenderInstructions(lang, fields); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
			for _, e := range p.Returns.Exclusions {
				f, _ := p.RefusalFor(e.ID, lang, "R", "P")
				if _, err := p.RenderRefusal(lang, f); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := p.RenderRepairFee(lang, RepairFeeFields{Amount: "1"}); err != nil {
				t.Fatal(err)
			}
		}
	})
}
