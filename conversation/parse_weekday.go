package conversation

import (
	"strconv"
	"strings"
	"time"
)

// weekdayEN reads "Monday", "last Monday", "this Mon": the latest such day
// before today ("Monday" said on a Monday is today; "last Monday" said on a
// Monday is a week ago).
func weekdayEN(g []string, today time.Time) (time.Time, error) {
	names := []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}
	want := -1
	for i, n := range names {
		if n == g[2] {
			want = i
		}
	}
	if want < 0 {
		return time.Time{}, errDateUnreadable
	}
	back := (int(today.Weekday()) - want + 7) % 7
	if back == 0 && strings.TrimSpace(g[1]) == "last" {
		back = 7
	}
	return today.AddDate(0, 0, -back), nil
}

// weekdayZH reads "周一", "星期三", "上周五", "上礼拜天". Weeks start on Monday:
// "周三" is this week's Wednesday and "上周三" last week's.
func weekdayZH(g []string, today time.Time) (time.Time, error) {
	day := 0 // Monday = 1 … Sunday = 7
	switch i := strings.Index("一二三四五六", g[3]); {
	case i >= 0:
		day = i/len("一") + 1
	case g[3] == "日" || g[3] == "天":
		day = 7
	default:
		day, _ = strconv.Atoi(g[3])
	}
	if day < 1 || day > 7 {
		return time.Time{}, errDateUnreadable
	}
	todayN := int(today.Weekday())
	if todayN == 0 {
		todayN = 7
	}
	monday := today.AddDate(0, 0, 1-todayN)
	if g[1] == "上" {
		monday = monday.AddDate(0, 0, -7)
	}
	d := monday.AddDate(0, 0, day-1)
	if g[1] == "" && d.After(today) {
		d = d.AddDate(0, 0, -7) // "周五" said on a Wednesday means the Friday just gone
	}
	return d, nil
}

// readCount reads a small count in digits, English words or Chinese
// numerals: "3", "a", "three", "三", "两", "十二".
func readCount(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil && n >= 0 {
		return n, true
	}
	words := map[string]int{"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
		"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a couple of": 2, "couple of": 2}
	if n, ok := words[s]; ok {
		return n, true
	}
	return chineseCount(s)
}

// chineseCount reads Chinese numerals from 0 to 99: "三", "两", "十", "十二",
// "二十", "二十五", "几" is not a number.
func chineseCount(s string) (int, bool) {
	digit := func(r rune) (int, bool) {
		i := strings.IndexRune("零一二三四五六七八九", r)
		if i >= 0 {
			return i / len("零"), true
		}
		if r == '两' || r == '兩' {
			return 2, true
		}
		return 0, false
	}
	rs := []rune(s)
	switch {
	case len(rs) == 1 && rs[0] == '十':
		return 10, true
	case len(rs) == 1:
		return digit(rs[0])
	case len(rs) == 2 && rs[0] == '十':
		d, ok := digit(rs[1])
		return 10 + d, ok
	case len(rs) == 2 && rs[1] == '十':
		d, ok := digit(rs[0])
		return d * 10, ok
	case len(rs) == 3 && rs[1] == '十':
		a, ok1 := digit(rs[0])
		b, ok2 := digit(rs[2])
		return a*10 + b, ok1 && ok2
	}
	return 0, false
}
