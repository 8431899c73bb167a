package locale

import (
	"fmt"
	"time"
)

// FormatDate renders the calendar date of t as a customer reads it: "27 Nov"
// in English, "11月27日" in Chinese, with the year added ("27 Nov 2027",
// "2027年11月27日") when it is not the year of now. The date is t's own in
// t's location.
func FormatDate(lang string, t, now time.Time) string {
	withYear := t.Year() != now.In(t.Location()).Year()
	if Match(lang) == "zh" {
		if withYear {
			return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
		}
		return fmt.Sprintf("%d月%d日", int(t.Month()), t.Day())
	}
	if withYear {
		return t.Format("2 Jan 2006")
	}
	return t.Format("2 Jan")
}

// FormatTime renders a moment near now, in t's location: "11:30 today" /
// "今天 11:30", "tomorrow" / "明天" and "yesterday" / "昨天" for the
// neighbouring days, the weekday ("Monday 09:30" / "周一 09:30") for the rest
// of the coming week, and the date ("27 Nov 09:30" / "11月27日 09:30")
// otherwise.
func FormatTime(lang string, t, now time.Time) string {
	zh := Match(lang) == "zh"
	clock := t.Format("15:04")
	switch days := dayDiff(now.In(t.Location()), t); {
	case days == 0:
		return pick(zh, "今天 "+clock, clock+" today")
	case days == 1:
		return pick(zh, "明天 "+clock, clock+" tomorrow")
	case days == -1:
		return pick(zh, "昨天 "+clock, clock+" yesterday")
	case days > 1 && days < 7:
		return pick(zh, weekdayZH(t.Weekday())+" "+clock, t.Weekday().String()+" "+clock)
	default:
		return FormatDate(lang, t, now) + " " + clock
	}
}

// dayDiff counts calendar days from a to b, both read in b's location.
func dayDiff(a, b time.Time) int {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	da := time.Date(ay, am, ad, 12, 0, 0, 0, time.UTC)
	db := time.Date(by, bm, bd, 12, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours() / 24)
}

func weekdayZH(d time.Weekday) string {
	return [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}[d]
}

func pick(zh bool, zhText, enText string) string {
	if zh {
		return zhText
	}
	return enText
}

// FormatDate renders t's date as FormatDate does, the year judged by the
// catalogue's clock.
func (c *Catalog) FormatDate(lang string, t time.Time) string { return FormatDate(lang, t, c.now()) }

// FormatTime renders t as FormatTime does, "today" judged by the catalogue's clock.
func (c *Catalog) FormatTime(lang string, t time.Time) string { return FormatTime(lang, t, c.now()) }
