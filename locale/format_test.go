package locale

import (
	"sync"
	"testing"
	"time"
)

func TestFormatDate(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		lang string
		date time.Time
		want string
	}{
		{"en", time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC), "27 Nov"},
		{"zh", time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC), "11月27日"},
		{"en", time.Date(2027, 11, 20, 0, 0, 0, 0, time.UTC), "20 Nov 2027"},
		{"zh", time.Date(2027, 11, 20, 0, 0, 0, 0, time.UTC), "2027年11月20日"},
		{"en", time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), "5 Jan"},
		{"zh-CN", time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), "2025年3月1日"},
	}
	for _, tc := range cases {
		if got := FormatDate(tc.lang, tc.date, now); got != tc.want {
			t.Errorf("FormatDate(%s, %s) = %q, want %q", tc.lang, tc.date.Format(time.DateOnly), got, tc.want)
		}
	}
}

func TestFormatTime(t *testing.T) {
	t.Parallel()
	sh := time.FixedZone("CST", 8*3600)
	now := time.Date(2026, 11, 20, 9, 30, 0, 0, sh) // a Friday
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, sh) }
	cases := []struct {
		lang string
		t    time.Time
		want string
	}{
		{"en", at(20, 11, 30), "11:30 today"},
		{"zh", at(20, 11, 30), "今天 11:30"},
		{"en", at(21, 9, 0), "09:00 tomorrow"},
		{"zh", at(21, 9, 0), "明天 09:00"},
		{"en", at(19, 17, 45), "17:45 yesterday"},
		{"zh", at(19, 17, 45), "昨天 17:45"},
		{"en", at(23, 9, 30), "Monday 09:30"},
		{"zh", at(23, 9, 30), "周一 09:30"},
		{"zh", at(22, 10, 0), "周日 10:00"},
		{"en", at(27, 9, 30), "27 Nov 09:30"},
		{"zh", at(27, 9, 30), "11月27日 09:30"},
		{"en", time.Date(2027, 1, 4, 9, 0, 0, 0, sh), "4 Jan 2027 09:00"},
		// Read in t's own zone: 01:30 UTC on the 20th is 09:30 in Shanghai, not "yesterday".
		{"en", time.Date(2026, 11, 20, 1, 30, 0, 0, time.UTC).In(sh), "09:30 today"},
	}
	for _, tc := range cases {
		if got := FormatTime(tc.lang, tc.t, now); got != tc.want {
			t.Errorf("FormatTime(%s, %s) = %q, want %q", tc.lang, tc.t, got, tc.want)
		}
	}
}

// The catalogue's {{when}} renders an RFC 3339 time the same way, and
// names the zone of a text's first time: by its common name when it is
// the shop's zone, else by its offset.
func TestWhenFunction(t *testing.T) {
	t.Parallel()
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	files := mapFS("x.en.yaml", "x.due: \"by {{when .at}}\"\nx.two: \"by {{when .at}}, done by {{when .end}}\"",
		"x.zh.yaml", "x.due: \"{{when .at}}前\"\nx.two: \"{{when .at}}前，{{when .end}}前完成\"")
	clock := WithClock(func() time.Time { return time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC) })
	p := map[string]any{"at": "2026-11-20T11:30:00+08:00", "end": "2026-11-21T18:00:00+08:00"}
	cases := []struct {
		zone      *time.Location
		lang, key string
		params    map[string]any
		want      string
	}{
		{shanghai, "en", "x.due", p, "by 11:30 today (Beijing time)"},
		{shanghai, "zh", "x.due", p, "北京时间 今天 11:30前"},
		{shanghai, "en", "x.two", p, "by 11:30 today (Beijing time), done by 18:00 tomorrow"},
		{shanghai, "zh", "x.two", p, "北京时间 今天 11:30前，明天 18:00前完成"},
		{nil, "en", "x.due", p, "by 11:30 today (UTC+8)"},
		{shanghai, "en", "x.due", map[string]any{"at": "2026-11-20T07:00:00+05:30"}, "by 07:00 today (UTC+5:30)"},
		{time.UTC, "zh", "x.due", map[string]any{"at": "2026-11-20T11:30:00Z"}, "UTC 今天 11:30前"},
	}
	for _, tc := range cases {
		c, err := load(files, clock, WithZone(tc.zone))
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Text(tc.lang, tc.key, tc.params); got != tc.want {
			t.Errorf("zone %v, %s %s: %q, want %q", tc.zone, tc.lang, tc.key, got, tc.want)
		}
	}
}

func TestCatalogFormatsWithItsClock(t *testing.T) {
	t.Parallel()
	sh := time.FixedZone("CST", 8*3600)
	c, err := New(WithClock(func() time.Time { return time.Date(2026, 11, 20, 9, 0, 0, 0, sh) }))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.FormatDate("en", time.Date(2027, 11, 20, 0, 0, 0, 0, sh)); got != "20 Nov 2027" {
		t.Errorf("FormatDate = %q", got)
	}
	if got := c.FormatTime("zh", time.Date(2026, 11, 20, 11, 30, 0, 0, sh)); got != "今天 11:30" {
		t.Errorf("FormatTime = %q", got)
	}
}

// Renderings of one text share its parsed template: each names the zone
// of its own first time, however many run at once and one after another.
func TestRenderingsOfOneTextAreSeparate(t *testing.T) {
	t.Parallel()
	files := mapFS("x.en.yaml", "x.two: \"by {{when .at}}, done by {{when .end}}\"", "x.zh.yaml", "x.two: \"{{when .at}}前，{{when .end}}前完成\"")
	c, err := load(files, WithClock(func() time.Time { return time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC) }))
	if err != nil {
		t.Fatal(err)
	}
	p := map[string]any{"at": "2026-11-20T11:30:00+08:00", "end": "2026-11-21T18:00:00+08:00"}
	const want = "by 11:30 today (UTC+8), done by 18:00 tomorrow"
	var wg sync.WaitGroup
	errs := make(chan string, 8*50)
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if got := c.Text("en", "x.two", p); got != want {
					errs <- got
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for got := range errs {
		t.Errorf("rendered %q, want %q", got, want)
	}
}
