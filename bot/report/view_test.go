package report

import (
	"strings"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/chart"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// sample is a week's report as the store reads it.
func sample() *tickets.Report {
	zone := policy.Default().Shop.TimeZone
	from := time.Date(2026, 11, 16, 0, 0, 0, 0, zone)
	r := &tickets.Report{From: from, To: from.AddDate(0, 0, 7), Opened: 5, Resolved: 3,
		FirstResponse: 2*time.Hour + 5*time.Minute, HasFirstResponse: true, Resolution: 52 * time.Hour, HasResolution: true,
		Arrange: tickets.Deadlines{Kept: 1, Missed: 2}, Answer: tickets.Deadlines{Kept: 3, Missed: 0},
		Survey:     tickets.SurveyScores{Count: 2, Attitude: 3.5, Quality: 4, Solved: 3.25},
		Categories: []tickets.Count{{Name: "apparel", Count: 3}, {Name: "shoes", Count: 2}},
		Issues:     []tickets.Count{{Name: "fault", Count: 4}, {Name: "damaged", Count: 1}},
	}
	for i := range 7 {
		r.Days = append(r.Days, tickets.Day{Date: from.AddDate(0, 0, i), ByCategory: map[string]int{"apparel": i % 2, "shoes": 1}, Misses: i % 3})
	}
	return r
}

func TestSummary(t *testing.T) {
	t.Parallel()
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	pol := policy.Default()
	for lang, want := range map[string][]string{
		"en": {"After-sales report</b> · Mon 16 Nov – Sun 22 Nov", "Tickets opened: <b>5</b> · resolved: <b>3</b>",
			"first response: 2 h 5 min", "resolution: 2 d 4 h", "Arranged in time: 1 kept, 2 missed", "Answered in time: 3 kept, 0 missed",
			"(2 answered): attitude 3.5 · quality 4.0 · solved 3.2", "Top issues: Fault or defect 4, Damaged in delivery 1"},
		"zh": {"售后报表</b> · 11月16日–11月22日", "新工单：<b>5</b>", "2小时5分", "2天4小时", "按时安排：达标 1，超时 2", "服务态度 3.5"},
	} {
		v := view{cat: cat, pol: pol, lang: lang}
		got := v.summary(sample(), "report.title")
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s summary has no %q:\n%s", lang, w, got)
			}
		}
		c := v.chart(sample())
		if len(c.Bars) != 7 || len(c.Series) != 2 || c.Marks[2] != 2 {
			t.Errorf("%s chart = %+v", lang, c)
		}
		for _, l := range c.Labels() {
			if missing, err := chart.Missing(l); err != nil || len(missing) != 0 {
				t.Errorf("%s chart label %q: no glyph for %q (%v)", lang, l, missing, err)
			}
		}
	}
}

// More categories than the chart has colours for: the smallest share one
// stack.
func TestChartFoldsSmallCategories(t *testing.T) {
	t.Parallel()
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	r := sample()
	r.Categories = nil
	for _, name := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		r.Categories = append(r.Categories, tickets.Count{Name: name, Count: 1})
		r.Days[0].ByCategory[name] = 1
	}
	c := view{cat: cat, pol: policy.Default(), lang: "en"}.chart(r)
	if len(c.Series) != maxSeries || c.Series[maxSeries-1].Name != "Other" || c.Series[maxSeries-1].Values[0] != 3 {
		t.Errorf("series = %+v", c.Series)
	}
}

func TestParseSpan(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int{"": 7, "week": 7, " WEEK ": 7, "周": 7, "month": 30, "月": 30, "year": 0, "7": 0} {
		if got, ok := ParseSpan(in); got != want || ok != (want != 0) {
			t.Errorf("ParseSpan(%q) = %d, %v", in, got, ok)
		}
	}
}
