package policy

import (
	"strings"
	"testing"
)

// categoriesYAML is a valid list of categories with room for a broken value,
// so that the line numbers in the cases below are easy to count.
const categoriesYAML = `shop:
  name: Test shop
  languages: [zh, en]
categories:
  - id: apparel
    name: {zh: 服装, en: Clothing}
    warranty_days: 30
  - id: knitwear
    name: {zh: 毛衣, en: Knitwear}
    warranty_days: 30
`

func TestParseReportsFileLineAndProblem(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"negative warranty", categoriesYAML + `  - id: heater
    name: {zh: 热水器, en: Heater}
    parts:
      - {id: tank, name: {zh: 水箱, en: tank}, warranty_days: 1095}
    warranty_days: -1
`, "shop.yaml:15: categories[2].warranty_days: must be ≥ 0"},
		{"unknown field", "shop:\n  name: X\n  colour: red\n", "shop.yaml:3: shop.colour: unknown field; the fields here are name, time_zone, languages"},
		{"unknown top-level field", "phone_requird: true\n", `shop.yaml:1: phone_requird: unknown field — did you mean "phone_required"?`},
		{"misspelt nested field", "returns:\n  receipt_required: true\n  windw_days: 14\n", `shop.yaml:3: returns.windw_days: unknown field — did you mean "window_days"?`},
		{"field in capitals", "shop:\n  Time_Zone: Asia/Shanghai\n", `shop.yaml:2: shop.Time_Zone: unknown field — did you mean "time_zone"?`},
		{"bad language code", "shop:\n  languages: [zh, english]\n", `shop.yaml:2: shop.languages[1]: "english" is not a language code such as "zh" or "en"`},
		{"bad time zone", "shop:\n  time_zone: Mars/Olympus\n",
			`shop.yaml:2: shop.time_zone: unknown time zone "Mars/Olympus" (use a name such as "Asia/Shanghai")`},
		{"local time zone", "shop:\n  time_zone: Local\n",
			`shop.yaml:2: shop.time_zone: unknown time zone "Local" (use a name such as "Asia/Shanghai")`},
		{"bad regexp", "order:\n  pattern: '[A-Z'\n",
			"shop.yaml:2: order.pattern: not a regular expression: missing closing ]: `[A-Z`"},
		{"example does not match", "order:\n  pattern: 'SO\\d+'\n  example: AB12\n",
			`shop.yaml:3: order.example: "AB12" does not match order.pattern`},
		{"overlapping hours", "hours:\n  week:\n    mon: ['09:00-13:00', '12:00-18:00']\n",
			"shop.yaml:3: hours.week.mon[1]: 12:00-18:00 overlaps 09:00-13:00"},
		{"closes before it opens", "hours:\n  week:\n    tue: ['18:00-09:00']\n    wed: ['09:00-18:00']\n",
			`shop.yaml:3: hours.week.tue[0]: "18:00-09:00" closes before it opens`},
		{"bad clock", "hours:\n  week:\n    tue: ['9-18']\n    wed: ['09:00-18:00']\n",
			`shop.yaml:3: hours.week.tue[0]: "9-18" is not written as HH:MM-HH:MM`},
		{"never open", "hours:\n  week: {}\n",
			"shop.yaml:2: hours.week: the shop must open on at least one day of the week"},
		{"bad holiday", "hours:\n  holidays:\n    - 2026-02-30\n",
			`shop.yaml:3: hours.holidays[0]: "2026-02-30" is not a date written as YYYY-MM-DD`},
		{"holiday and workday", "hours:\n  holidays: ['2026-05-01']\n  extra_workdays: ['2026-05-01']\n",
			"shop.yaml:3: hours.extra_workdays[0]: 2026-05-01 is also a holiday"},
		{"missing en name", categoriesYAML + "  - id: led\n    name: {zh: 显示屏}\n",
			`shop.yaml:12: categories[2].name: missing the "en" name`},
		{"missing zh name", categoriesYAML + "  - id: led\n    name:\n      en: LED display\n",
			`shop.yaml:12: categories[2].name: missing the "zh" name`},
		{"no name at all", categoriesYAML + "  - id: led\n    warranty_days: 1\n",
			`shop.yaml:11: categories[2].name: missing the "zh" name` + "\n" +
				`shop.yaml:11: categories[2].name: missing the "en" name`},
		{"name in a language not offered", categoriesYAML + "  - id: led\n    name: {zh: 屏, en: LED, fr: Écran}\n",
			`shop.yaml:12: categories[2].name.fr: "fr" is not one of shop.languages`},
		{"duplicate category", categoriesYAML + "  - id: apparel\n    name: {zh: 服装, en: Clothing}\n",
			`shop.yaml:11: categories[2].id: "apparel" is used twice`},
		{"bad category id", categoriesYAML + "  - id: LED Screens\n    name: {zh: 屏, en: LED}\n",
			`shop.yaml:11: categories[2].id: "LED Screens" must be 1 to 32 lower-case letters, digits or _`},
		{"no categories", "categories: []\n", "shop.yaml:1: categories: must list at least one category"},
		{"wrong kind", "max_attachments: many\n", `shop.yaml:1: max_attachments: must be a whole number, not "many"`},
		{"bool wanted", "phone_required: sometimes\n", `shop.yaml:1: phone_required: must be true or false, not "sometimes"`},
		{"list wanted", "shop:\n  languages: zh\n", "shop.yaml:2: shop.languages: must be a list"},
		{"bad duration", "service:\n  arrange: two hours\n",
			`shop.yaml:2: service.arrange: "two hours" is not a duration such as "2h" or "90m"`},
		{"check before arrange", "service:\n  arrange: 4h\n  check: 2h\n",
			"shop.yaml:3: service.check: must not be sooner than service.arrange (4h)"},
		{"nudge out of range", "service:\n  nudge_after_days: 0\n",
			"shop.yaml:2: service.nudge_after_days: must be between 1 and 90"},
		{"auto-close before the nudge", "service:\n  nudge_after_days: 5\n  auto_close_after_days: 3\n",
			"shop.yaml:3: service.auto_close_after_days: must be later than service.nudge_after_days (5)"},
		{"warning too long", "service:\n  arrange: 2h\n  warn_before: 2h\n",
			"shop.yaml:3: service.warn_before: must be shorter than service.arrange (2h)"},
		{"warning not a duration", "service:\n  warn_before: soon\n",
			`shop.yaml:2: service.warn_before: "soon" is not a duration such as "2h" or "90m"`},
		{"survey quiet hours", "survey:\n  quiet_hours: 21:00-21:00\n",
			`shop.yaml:2: survey.quiet_hours: "21:00-21:00" starts and ends at the same time`},
		{"survey reminder after expiry", "survey:\n  reminder_after: 80h\n",
			"shop.yaml:2: survey.reminder_after: must be sooner than survey.expires_after (72h)"},
		{"survey closes before it expires", "survey:\n  close_after: 24h\n",
			"shop.yaml:2: survey.close_after: must not be sooner than survey.expires_after (72h)"},
		{"survey low score", "survey:\n  low_score: 5\n",
			"shop.yaml:2: survey.low_score: must be between 1 and 4"},
		{"survey on low", "survey:\n  on_low: refund\n",
			`shop.yaml:2: survey.on_low: "refund" is not "reopen", "follow_up" or "alert"`},
		{"description bounds", "description:\n  min: 50\n  max: 20\n",
			"shop.yaml:3: description.max: must not be less than description.min (50)"},
		{"description too long for the summary", "description:\n  max: 4000\n",
			"shop.yaml:2: description.max: must be 3000 or less (the summary shows it in one Telegram message)"},
		{"flood", "flood_per_minute: 0\n", "shop.yaml:1: flood_per_minute: must be 1 or more"},
		{"duplicate key", "shop:\n  name: A\n  name: B\n", "shop.yaml:3: shop.name: given twice (first on line 2)"},
		{"anchors", "shop: &s {name: X}\n", "shop.yaml:1: shop: anchors and aliases are not supported"},
		{"canned text missing", "canned_replies:\n  - name: hello\n    text: {en: Hello}\n",
			`shop.yaml:3: canned_replies[0].text: missing the "zh" text`},
		{"canned name staff cannot type", "canned_replies:\n  - name: Size Guide\n    text: {en: Hello, zh: 你好}\n",
			`shop.yaml:2: canned_replies[0].name: "Size Guide": use lowercase letters, digits and -, up to 32, as staff type it after /reply`},
		{"canned unknown field", "canned_replies:\n  - name: hello\n    text: {en: 'Hello {customer}', zh: 你好}\n",
			`shop.yaml:3: canned_replies[0].text.en: unknown field {customer}; known: {name}, {ref}, {order}, {category}, {outcome}`},
		{"not a mapping", "- a\n- b\n", "shop.yaml:1: must be a mapping of names to values, not a list"},
		{"empty", "# nothing yet\n", "shop.yaml:1: the file is empty"},
		{"two documents", "shop: {name: A}\n---\nshop: {name: B}\n", "shop.yaml:2: only one YAML document is allowed"},
		{"broken YAML", "shop: [\n", "shop.yaml:1: did not find expected node content"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse("shop.yaml", []byte(tt.src))
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Fatalf("error:\n%v\nwant:\n%s", err, tt.want)
			}
		})
	}
}

func TestParseListsEveryProblemInFileOrder(t *testing.T) {
	t.Parallel()
	src := "flood_per_minute: 0\nshop:\n  time_zone: Nowhere\nmax_attachments: -1\n"
	_, err := Parse("shop.yaml", []byte(src))
	if err == nil {
		t.Fatal("no error")
	}
	lines := strings.Split(err.Error(), "\n")
	want := []string{"shop.yaml:1: flood_per_minute", "shop.yaml:3: shop.time_zone", "shop.yaml:4: max_attachments"}
	if len(lines) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%v", len(lines), len(want), err)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("problem %d = %q, want it to start with %q", i, lines[i], w)
		}
	}
}
