package policy

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// buildHours reads the opening hours, holidays and make-up workdays.
func buildHours(r *rawHours, probs *problems) BusinessHours {
	var h BusinessHours
	w := r.Week
	if w == nil {
		w = &rawWeek{}
	}
	days := []struct {
		key  string
		day  time.Weekday
		list []string
	}{
		{"mon", time.Monday, w.Mon}, {"tue", time.Tuesday, w.Tue}, {"wed", time.Wednesday, w.Wed},
		{"thu", time.Thursday, w.Thu}, {"fri", time.Friday, w.Fri}, {"sat", time.Saturday, w.Sat},
		{"sun", time.Sunday, w.Sun},
	}
	open := false
	for _, d := range days {
		h.Week[d.day] = spans(probs, "hours.week."+d.key, d.list)
		open = open || len(h.Week[d.day]) > 0
	}
	if !open {
		probs.add("hours.week", "the shop must open on at least one day of the week")
	}
	h.Holidays = dates(probs, "hours.holidays", *r.Holidays)
	h.ExtraWorkdays = dates(probs, "hours.extra_workdays", *r.ExtraWorkdays)
	for i, d := range h.ExtraWorkdays {
		if slices.Contains(h.Holidays, d) {
			probs.add(fmt.Sprintf("hours.extra_workdays[%d]", i), "%s is also a holiday", d)
		}
	}
	h.ExtraWorkdayHours = spans(probs, "hours.extra_workday_hours", *r.ExtraWorkdayHours)
	if len(h.ExtraWorkdays) > 0 && len(h.ExtraWorkdayHours) == 0 {
		probs.add("hours.extra_workday_hours", "must give the hours of the make-up workdays")
	}
	return h
}

// spans reads a day's opening spans ("09:00-12:00") and checks they are in
// order and do not overlap.
func spans(probs *problems, path string, list []string) []Span {
	var out []Span
	for i, s := range list {
		sp, err := parseSpan(s)
		if err != nil {
			probs.add(path+"["+strconv.Itoa(i)+"]", "%v", err)
			continue
		}
		for _, prev := range out {
			if sp.Open < prev.Close && prev.Open < sp.Close {
				probs.add(path+"["+strconv.Itoa(i)+"]", "%s overlaps %s", sp, prev)
			}
		}
		out = append(out, sp)
	}
	slices.SortFunc(out, func(a, b Span) int { return int(a.Open - b.Open) })
	return out
}

// parseSpan reads "09:00-18:00"; the close may be "24:00".
func parseSpan(s string) (Span, error) {
	a, b, ok := strings.Cut(strings.ReplaceAll(s, " ", ""), "-")
	if !ok {
		return Span{}, fmt.Errorf("%q is not written as HH:MM-HH:MM", s)
	}
	open, err1 := parseClock(a)
	closing, err2 := parseClock(b)
	switch {
	case err1 != nil || err2 != nil:
		return Span{}, fmt.Errorf("%q is not written as HH:MM-HH:MM", s)
	case closing <= open:
		return Span{}, fmt.Errorf("%q closes before it opens", s)
	}
	return Span{Open: open, Close: closing}, nil
}

func parseClock(s string) (time.Duration, error) {
	hh, mm, ok := strings.Cut(s, ":")
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if !ok || len(hh) != 2 || len(mm) != 2 || err1 != nil || err2 != nil ||
		h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, fmt.Errorf("bad clock time %q", s)
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute, nil
}

// dates reads a list of "2006-01-02" dates.
func dates(probs *problems, path string, list []string) []Date {
	var out []Date
	for i, s := range list {
		d, err := ParseDate(s)
		if err != nil {
			probs.add(path+"["+strconv.Itoa(i)+"]", "%q is not a date written as YYYY-MM-DD", s)
			continue
		}
		out = append(out, d)
	}
	return out
}
