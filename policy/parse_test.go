package policy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDefaultLoads(t *testing.T) {
	t.Parallel()
	p, err := Parse("default.yaml", defaultYAML)
	if err != nil {
		t.Fatalf("the built-in policy does not load:\n%v", err)
	}
	if got := p.Shop.TimeZone.String(); got != "Asia/Shanghai" {
		t.Errorf("time zone = %s, want Asia/Shanghai", got)
	}
	if len(p.Categories) < 4 || len(p.Categories) > 6 {
		t.Errorf("%d categories, want 4 to 6", len(p.Categories))
	}
	for _, c := range p.Categories {
		if c.Name["zh"] == "" || c.Name["en"] == "" {
			t.Errorf("category %s lacks a zh or en name: %v", c.ID, c.Name)
		}
	}
	heater, ok := p.Category("solar_water_heater")
	if !ok || len(heater.Parts) != 5 || !heater.RepairForLife {
		t.Errorf("solar water heater = %+v, want 5 parts and repair for life", heater)
	}
	if sw, _ := p.Category("software"); sw.Returnable || sw.WarrantyDays != 365 {
		t.Errorf("software = %+v, want 365 days and not returnable", sw)
	}
	if r := p.Returns; r.WindowDays != 7 || !r.ReceiptRequired || !r.Resellable || r.SendWithinDays != 7 {
		t.Errorf("returns = window %d, receipt %v, resellable %v, send within %d",
			r.WindowDays, r.ReceiptRequired, r.Resellable, r.SendWithinDays)
	}
	wantSurvey := Survey{Enabled: true, After: 24 * time.Hour, Quiet: QuietHours{From: 21 * time.Hour, To: 9 * time.Hour},
		ReminderAfter: 24 * time.Hour, ExpiresAfter: 72 * time.Hour, CloseAfter: 72 * time.Hour, LowScore: 2, OnLow: OnLowReopen}
	if p.Survey != wantSurvey {
		t.Errorf("survey = %+v, want %+v", p.Survey, wantSurvey)
	}
	want := ServiceLevels{Arrange: 2 * time.Hour, Check: 4 * time.Hour, Answer: 3, UrgentEscalate: true,
		NudgeAfterDays: 2, AutoCloseAfterDays: 7, WarnBefore: 30 * time.Minute}
	if p.Service != want {
		t.Errorf("service = %+v, want %+v", p.Service, want)
	}
	if !p.OrderPattern.MatchString(p.OrderExample) || p.OrderPattern.MatchString("x"+p.OrderExample) {
		t.Errorf("order pattern %v must match %q whole", p.OrderPattern, p.OrderExample)
	}
	if p.PhoneRequired || p.Description != (Range{10, 1000}) || p.MaxAttachments != 10 || p.FloodPerMinute != 20 {
		t.Errorf("limits = phone %v, description %+v, attachments %d, flood %d",
			p.PhoneRequired, p.Description, p.MaxAttachments, p.FloodPerMinute)
	}
	var names []string
	for _, c := range p.CannedReplies {
		names = append(names, c.Name)
		if c.Text["zh"] == "" || c.Text["en"] == "" {
			t.Errorf("canned reply %s lacks a language", c.Name)
		}
	}
	if strings.Join(names, ",") != "size-guide,return-address,thanks" {
		t.Errorf("canned replies = %v", names)
	}
}

func TestDefaultIsAFreshCopy(t *testing.T) {
	t.Parallel()
	a, b := Default(), Default()
	a.Categories[0].Name["en"] = "changed"
	if b.Categories[0].Name["en"] == "changed" {
		t.Fatal("two Default policies share their categories")
	}
}

func TestMissingFieldsTakeTheDefault(t *testing.T) {
	t.Parallel()
	src := `shop:
  name: "Lotus Knitwear"
service:
  arrange: 1h
hours:
  week:
    mon: ["10:00-12:00", "13:00-17:00"]
order:
  pattern: 'K\d{4}'
  example: K1234
`
	p, err := Parse("shop.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	def := Default()
	if p.Shop.Name != "Lotus Knitwear" || p.Shop.TimeZone.String() != "Asia/Shanghai" {
		t.Errorf("shop = %+v, want the given name and the default zone", p.Shop)
	}
	if p.Service.Arrange != time.Hour || p.Service.Check != def.Service.Check || p.Service.Answer != 3 {
		t.Errorf("service = %+v, want arrange 1h and the rest from the default", p.Service)
	}
	if len(p.Hours.Week[time.Monday]) != 2 || len(p.Hours.Week[time.Tuesday]) != 0 {
		t.Errorf("week = %v, want Monday's two spans and the other days closed", p.Hours.Week)
	}
	if len(p.Hours.Holidays) != len(def.Hours.Holidays) {
		t.Errorf("holidays not taken from the default")
	}
	if len(p.Categories) != len(def.Categories) || !p.OrderPattern.MatchString("K1234") {
		t.Errorf("categories or order pattern wrong: %d, %v", len(p.Categories), p.OrderPattern)
	}
}

func TestLoadNamesThePath(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "shop.yaml")
	if err := os.WriteFile(path, []byte("shop:\n  name: X\n\n  time_zone: Nowhere/City\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	want := path + `:4: shop.time_zone: unknown time zone "Nowhere/City" (use a name such as "Asia/Shanghai")`
	if err == nil || err.Error() != want {
		t.Fatalf("Load error = %v\nwant %s", err, want)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "absent.yaml")); err == nil || !strings.Contains(err.Error(), "absent.yaml") {
		t.Fatalf("Load of a missing file = %v, want an error naming it", err)
	}
}

func TestLoadDefaultFileFromDisk(t *testing.T) {
	t.Parallel()
	p, err := Load("default.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Categories) == 0 {
		t.Fatal("no categories")
	}
}

func BenchmarkParseDefault(b *testing.B) {
	for b.Loop() {
		if _, err := Parse("default.yaml", defaultYAML); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCannedRepliesFillTheTicketsFields(t *testing.T) {
	t.Parallel()
	p := Default()
	c, ok := p.Canned("thanks")
	if !ok {
		t.Fatal("no canned reply thanks in the default policy")
	}
	values := map[string]string{"name": "Anna", "ref": "K7M-4QX"}
	if got, want := c.Fill("en", values), "Thank you for taking the time to tell us, Anna. We have noted everything on ticket K7M-4QX and will stay with your case until it is resolved."; got != want {
		t.Errorf("en:\n got %s\nwant %s", got, want)
	}
	if got := c.Fill("zh", map[string]string{"name": "小明", "ref": "K7M-4QX"}); !strings.HasPrefix(got, "小明，") || !strings.Contains(got, "K7M-4QX") {
		t.Errorf("zh: %s", got)
	}
	if got := c.Fill("en", nil); strings.Contains(got, "{") {
		t.Errorf("fields without values stay as braces: %s", got)
	}
	if _, ok := p.Canned("no-such-reply"); ok {
		t.Error("an unknown name was found")
	}
}

func TestLoadOfAFileThatCannotBeRead(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name, path, want string
	}{
		{"missing", filepath.Join(dir, "absent.yaml"), filepath.Join(dir, "absent.yaml") + ": no such file"},
		{"in a missing directory", filepath.Join(dir, "nowhere", "shop.yaml"), filepath.Join(dir, "nowhere", "shop.yaml") + ": no such file"},
		{"a directory", dir, dir + ": is a directory, not a file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load(tt.path)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("Load error = %v, want %s", err, tt.want)
			}
		})
	}
}

// TestSyntaxErrorsNameTheLineOfTheMistake checks that a YAML mistake is
// reported on the line where it is, not where the block around it starts.
func TestSyntaxErrorsNameTheLineOfTheMistake(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src, want string
	}{
		{"key indented less", "shop:\n  name: X\n time_zone: Asia/Shanghai\n",
			"shop.yaml:3: did not find expected key (is this line indented like the lines above it?)"},
		{"key indented more", "shop:\n  name: X\nreturns:\n  window_days: 7\n    receipt_required: true\n",
			`shop.yaml:5: mapping values are not allowed in this context (is this line indented like the lines above it? a value containing ": " needs quotes)`},
		{"list item left of its list", "categories:\n  - id: a\n    name: {zh: 甲, en: A}\n  warranty_days: 3\n  - id: b\n",
			"shop.yaml:4: did not find expected '-' indicator (is this line indented like the lines above it?)"},
		{"after a list over two lines", "hours:\n  week:\n    mon: ['09:00-12:00',\n      '13:00-17:00']\n    tue: ['09:00-12:00']\n   wed: ['09:00-12:00']\n",
			"shop.yaml:6: did not find expected key (is this line indented like the lines above it?)"},
		{"after blank lines and comments", "shop:\n  name: X\n\n  # languages offered\n\n languages: [zh]\n",
			"shop.yaml:6: did not find expected key (is this line indented like the lines above it?)"},
		{"Windows line ends", "shop:\r\n  name: X\r\n time_zone: Asia/Shanghai\r\n",
			"shop.yaml:3: did not find expected key (is this line indented like the lines above it?)"},
		{"tab", "shop:\n  name: X\n\ttime_zone: Asia/Shanghai\n",
			"shop.yaml:3: found a tab character that violates indentation (YAML is indented with spaces, not tabs)"},
		{"quote never closed", "shop:\n  name: \"X\n  time_zone: Asia/Shanghai\n",
			"shop.yaml:2: found unexpected end of stream"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse("shop.yaml", []byte(tt.src))
			if err == nil || err.Error() != tt.want {
				t.Fatalf("error = %v\nwant %s", err, tt.want)
			}
		})
	}
}

// TestALanguageMistakeIsReportedOnce checks that a list item indented into
// the one above it, which YAML reads as one language "zh - en", is reported
// on its line alone, not again for every name the policy gives.
func TestALanguageMistakeIsReportedOnce(t *testing.T) {
	t.Parallel()
	_, err := Parse("shop.yaml", []byte("shop:\n  languages:\n  - zh\n   - en\n"))
	want := `shop.yaml:3: shop.languages[0]: "zh - en" is not a language code such as "zh" or "en"`
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v\nwant %s", err, want)
	}
}

func TestNearest(t *testing.T) {
	t.Parallel()
	known := []string{"window_days", "receipt_required", "resellable"}
	tests := map[string]string{
		"windw_days":       "window_days",
		"window_day":       "window_days",
		"WINDOW_DAYS":      "window_days",
		"reciept_required": "receipt_required",
		"resaleable":       "resellable",
		"colour":           "",
		"days":             "",
		"":                 "",
	}
	for key, want := range tests {
		if got := nearest(key, known); got != want {
			t.Errorf("nearest(%q) = %q, want %q", key, got, want)
		}
	}
	if d := editDistance("kitten", "sitting"); d != 3 {
		t.Errorf("editDistance(kitten, sitting) = %d, want 3", d)
	}
	if d := editDistance("时区", "时间"); d != 1 {
		t.Errorf("editDistance counts bytes, not letters: %d", d)
	}
}

// A misspelt field does not hide the rest of the file's mistakes, and a
// value found wrong in form is not faulted again for what it says.
func TestUnknownFieldsAndValueProblemsTogether(t *testing.T) {
	t.Parallel()
	src := "returns:\n  windw_days: 3\nflood_per_minute: 0\nmax_attachments: 99999999999\n"
	_, err := Parse("shop.yaml", []byte(src))
	want := `shop.yaml:2: returns.windw_days: unknown field — did you mean "window_days"?` + "\n" +
		"shop.yaml:3: flood_per_minute: must be 1 or more\n" +
		"shop.yaml:4: max_attachments: 99999999999 is out of range"
	if err == nil || err.Error() != want {
		t.Fatalf("error:\n%v\nwant:\n%s", err, want)
	}
}
