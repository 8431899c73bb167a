package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/complaintbot/complaintbot/chart"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// view renders a report in one language.
type view struct {
	cat  *locale.Catalog
	pol  *policy.Policy
	lang string
}

// topN is how many categories and issues the summary names.
const topN = 3

// maxSeries is how many categories the chart stacks one by one; the rest
// share one stack, so that the colours stay apart.
const maxSeries = 6

func (v view) text(key string, params map[string]string) string {
	return v.cat.HTML(v.lang, key, params)
}

// period is "Mon 16 Nov – Sun 22 Nov": the first and last day of [From, To).
func (v view) period(r *tickets.Report) string {
	layout := v.cat.Text(v.lang, "report.date_layout", nil)
	last := r.To.AddDate(0, 0, -1)
	return locale.PlainText(v.text("report.period", map[string]string{"from": r.From.Format(layout), "to": last.Format(layout)}))
}

// summary is the report's text: one line per figure.
func (v view) summary(r *tickets.Report, titleKey string) string {
	lines := []string{
		v.text(titleKey, map[string]string{"period": v.period(r)}),
		"",
		v.text("report.opened", map[string]string{"opened": strconv.Itoa(r.Opened), "resolved": strconv.Itoa(r.Resolved)}),
		v.text("report.first_response", map[string]string{"time": v.median(r.FirstResponse, r.HasFirstResponse)}),
		v.text("report.resolution", map[string]string{"time": v.median(r.Resolution, r.HasResolution)}),
		v.text("report.arrange", map[string]string{"kept": strconv.Itoa(r.Arrange.Kept), "missed": strconv.Itoa(r.Arrange.Missed)}),
		v.text("report.answer", map[string]string{"kept": strconv.Itoa(r.Answer.Kept), "missed": strconv.Itoa(r.Answer.Missed)}),
	}
	if s := r.Survey; s.Count > 0 {
		lines = append(lines, v.text("report.survey", map[string]string{"count": strconv.Itoa(s.Count),
			"attitude": score(s.Attitude), "quality": score(s.Quality), "solved": score(s.Solved)}))
	} else {
		lines = append(lines, v.text("report.survey_none", nil))
	}
	lines = append(lines,
		v.text("report.top_categories", map[string]string{"list": v.top(r.Categories, v.categoryName)}),
		v.text("report.top_issues", map[string]string{"list": v.top(r.Issues, v.issueName)}))
	return strings.Join(lines, "\n")
}

// score is an average to one decimal.
func score(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

// median is a duration as a person reads it: days and hours, hours and
// minutes, or minutes.
func (v view) median(d time.Duration, ok bool) string {
	if !ok {
		return locale.PlainText(v.text("report.no_time", nil))
	}
	d = d.Round(time.Minute)
	days, hours, minutes := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	var s string
	switch {
	case days > 0:
		s = v.text("report.duration.days", map[string]string{"d": strconv.Itoa(days), "h": strconv.Itoa(hours)})
	case hours > 0:
		s = v.text("report.duration.hours", map[string]string{"h": strconv.Itoa(hours), "m": strconv.Itoa(minutes)})
	default:
		s = v.text("report.duration.minutes", map[string]string{"m": strconv.Itoa(minutes)})
	}
	return locale.PlainText(s)
}

// top is "Apparel 3, Shoes 2": the first topN, named.
func (v view) top(list []tickets.Count, name func(string) string) string {
	if len(list) == 0 {
		return locale.PlainText(v.text("report.top_none", nil))
	}
	parts := make([]string, 0, topN)
	for _, c := range list[:min(topN, len(list))] {
		parts = append(parts, fmt.Sprintf("%s %d", name(c.Name), c.Count))
	}
	return strings.Join(parts, ", ")
}

// categoryName is the policy's name of a category in the language.
func (v view) categoryName(id string) string {
	if c, ok := v.pol.Category(id); ok {
		if name := c.Name[v.lang]; name != "" {
			return name
		}
	}
	return id
}

// issueName is the dialogue's name of an issue in the language.
func (v view) issueName(id string) string {
	if key := "conversation.issue." + id; v.cat.Has(v.lang, key) {
		return v.cat.Text(v.lang, key, nil)
	}
	return id
}

// chart is the tickets per day, stacked by category (the busiest at the
// bottom), with the day's missed deadlines marked.
func (v view) chart(r *tickets.Report) chart.Stacked {
	c := chart.Stacked{
		Title:     locale.PlainText(v.text("report.chart.title", map[string]string{"period": v.period(r)})),
		YLabel:    locale.PlainText(v.text("report.chart.tickets", nil)),
		MarkLabel: locale.PlainText(v.text("report.chart.misses", nil)),
	}
	for _, d := range r.Days {
		c.Bars = append(c.Bars, d.Date.Format("1/2"))
		c.Marks = append(c.Marks, d.Misses)
	}
	var other []float64
	for i, cat := range r.Categories {
		values := make([]float64, len(r.Days))
		for j, d := range r.Days {
			values[j] = float64(d.ByCategory[cat.Name])
		}
		if i < maxSeries-1 || len(r.Categories) == maxSeries {
			c.Series = append(c.Series, chart.Series{Name: v.categoryName(cat.Name), Values: values})
			continue
		}
		if other == nil {
			other = make([]float64, len(r.Days))
		}
		for j := range values {
			other[j] += values[j]
		}
	}
	if other != nil {
		c.Series = append(c.Series, chart.Series{Name: locale.PlainText(v.text("report.chart.other", nil)), Values: other})
	}
	return c
}
