package conversation

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// maxPurchaseAge is how far back a purchase or delivery date may lie. An
// older date is almost always a typing slip; a customer who really means it
// is asked to mention it in the description instead.
const maxPurchaseAge = 5 // years

// Why a typed date was refused; each has its own hint for the customer.
var (
	errDateUnreadable = errors.New("date not understood")
	errDateImpossible = errors.New("no such day in the calendar")
	errDateFuture     = errors.New("date in the future")
	errDateTooOld     = errors.New("date older than the limit")
)

// dateForm is one way people write a date: a pattern and how to read its
// groups into a day relative to today.
type dateForm struct {
	re   *regexp.Regexp
	read func(m []string, today time.Time) (time.Time, error)
}

// parseDate reads a purchase or delivery date typed in one of the forms
// customers use — "2026-11-20", "2026/11/20", "20.11.2026", "11/20" (month
// and day: this year, or last year when that would be in the future),
// "11月20日", "2026年11月20日", "20 Nov", "3 days ago", "三天前", "3天前",
// "today"/"今天", "yesterday"/"昨天", "前天", "last Monday", "上周一" — with
// now in the shop's time zone. It returns midnight of that day in now's
// location, or one of the errDate* errors: unreadable, impossible (30 Feb),
// in the future, or more than maxPurchaseAge years ago.
func parseDate(s string, now time.Time) (time.Time, error) {
	s = strings.ToLower(oneLine(s))
	s = strings.TrimRight(s, ".。｡!！")
	today := midnight(now)
	for _, f := range dateForms() {
		m := f.re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		d, err := f.read(m, today)
		if err != nil {
			return time.Time{}, err
		}
		switch {
		case d.After(today):
			return time.Time{}, errDateFuture
		case d.Before(today.AddDate(-maxPurchaseAge, 0, 0)):
			return time.Time{}, errDateTooOld
		}
		return d, nil
	}
	return time.Time{}, errDateUnreadable
}

func dateForms() []dateForm {
	const mon = `(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?`
	return []dateForm{
		{regexp.MustCompile(`^(\d{4})\s?[-/.]\s?(\d{1,2})\s?[-/.]\s?(\d{1,2})$`), ymd(1, 2, 3)},
		{regexp.MustCompile(`^(\d{4})\s?年\s?(\d{1,2})\s?月\s?(\d{1,2})\s?[日号號]?$`), ymd(1, 2, 3)},
		{regexp.MustCompile(`^(\d{1,2})\s?月\s?(\d{1,2})\s?[日号號]?$`), ymd(0, 1, 2)},
		{regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})\.(\d{4})$`), ymd(3, 2, 1)},
		{regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})$`), ymd(0, 2, 1)},
		{regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`), slashed},
		{regexp.MustCompile(`^(\d{1,2})[/-](\d{1,2})$`), slashed},
		{regexp.MustCompile(`^(\d{1,2})(?:st|nd|rd|th)?\s` + mon + `,?(?:\s(\d{4}))?$`), named(2, 1, 3)},
		{regexp.MustCompile(`^` + mon + `\s(\d{1,2})(?:st|nd|rd|th)?,?(?:\s(\d{4}))?$`), named(1, 2, 3)},
		{regexp.MustCompile(`^(today|now|今天|今日|今儿)$`), daysAgo(0)},
		{regexp.MustCompile(`^(yesterday|昨天|昨日|昨儿)$`), daysAgo(1)},
		{regexp.MustCompile(`^((the )?day before yesterday|前天|前日)$`), daysAgo(2)},
		{regexp.MustCompile(`^(\S+)\s?(day|days|week|weeks)\s(ago|back)$`), countAgo},
		{regexp.MustCompile(`^(.+?)\s?[个個]?\s?(天|日|周|週|星期|礼拜|禮拜)\s?(前|以前|之前)$`), countAgo},
		{regexp.MustCompile(`^(last |this |on )?(mon|tue|wed|thu|fri|sat|sun)[a-z]*$`), weekdayEN},
		{regexp.MustCompile(`^(上|这|這|本)?\s?(周|週|星期|礼拜|禮拜)\s?([一二三四五六日天1-7])$`), weekdayZH},
	}
}

// ymd reads year, month and day from the numbered groups; a year group of 0
// means the year is left out.
func ymd(y, m, d int) func([]string, time.Time) (time.Time, error) {
	return func(g []string, today time.Time) (time.Time, error) {
		month, _ := strconv.Atoi(g[m])
		day, _ := strconv.Atoi(g[d])
		if y == 0 {
			return recentDate(month, day, today)
		}
		year, _ := strconv.Atoi(g[y])
		return civilDate(year, month, day, today.Location())
	}
}

// slashed reads "11/20" and "11/20/2026" as month first, unless the first
// number cannot be a month ("20/11/2026").
func slashed(g []string, today time.Time) (time.Time, error) {
	a, _ := strconv.Atoi(g[1])
	b, _ := strconv.Atoi(g[2])
	month, day := a, b
	if a > 12 && b <= 12 {
		month, day = b, a
	}
	if len(g) < 4 || g[3] == "" {
		return recentDate(month, day, today)
	}
	year, _ := strconv.Atoi(g[3])
	return civilDate(year, month, day, today.Location())
}

// named reads "20 Nov", "Nov 20" and "20 November 2026".
func named(m, d, y int) func([]string, time.Time) (time.Time, error) {
	return func(g []string, today time.Time) (time.Time, error) {
		month := strings.Index("janfebmaraprmayjunjulaugsepoctnovdec", g[m])/3 + 1
		day, _ := strconv.Atoi(g[d])
		if g[y] == "" {
			return recentDate(month, day, today)
		}
		year, _ := strconv.Atoi(g[y])
		return civilDate(year, month, day, today.Location())
	}
}

func daysAgo(n int) func([]string, time.Time) (time.Time, error) {
	return func(_ []string, today time.Time) (time.Time, error) { return today.AddDate(0, 0, -n), nil }
}

// countAgo reads "3 days ago", "a week ago", "三天前", "两周前", "10天前".
func countAgo(g []string, today time.Time) (time.Time, error) {
	n, ok := readCount(g[1])
	if !ok {
		return time.Time{}, errDateUnreadable
	}
	if u := g[2]; strings.HasPrefix(u, "week") || u == "周" || u == "週" || u == "星期" || u == "礼拜" || u == "禮拜" {
		n *= 7
	}
	if n > 366*maxPurchaseAge {
		return time.Time{}, errDateTooOld
	}
	return today.AddDate(0, 0, -n), nil
}

// recentDate places a month and day without a year in the last twelve
// months: this year, or last year when this year's would be in the future.
func recentDate(month, day int, today time.Time) (time.Time, error) {
	d, err := civilDate(today.Year(), month, day, today.Location())
	if err != nil && month == 2 && day == 29 {
		d, err = civilDate(today.Year()-1, month, day, today.Location())
	}
	if err != nil {
		return time.Time{}, err
	}
	if d.After(today) {
		return civilDate(today.Year()-1, month, day, today.Location())
	}
	return d, nil
}

// civilDate builds midnight of a calendar day, refusing days that do not
// exist (time.Date would turn 30 February into 2 March).
func civilDate(year, month, day int, loc *time.Location) (time.Time, error) {
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return time.Time{}, errDateImpossible
	}
	d := time.Date(year, time.Month(month), day, 0, 0, 0, 0, loc)
	if d.Day() != day {
		return time.Time{}, errDateImpossible
	}
	return d, nil
}

// midnight is the start of t's calendar day in t's location.
func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}
