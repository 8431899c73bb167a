package locale

import (
	"fmt"
	"time"
)

// WithZone sets the shop's time zone. The catalogue's {{when}} names the
// zone of the first time a text gives, so that a reader elsewhere — a
// customer abroad, a member of staff travelling — knows which clock a
// promise is on.
func WithZone(loc *time.Location) Option {
	return func(c *Catalog) { c.zone = loc }
}

// zoneNames are the zones readers know by name; any other zone is named
// by its offset from UTC.
var zoneNames = map[string][2]string{ // IANA name → English, Chinese
	"Asia/Shanghai":  {"Beijing time", "北京时间"},
	"Asia/Chongqing": {"Beijing time", "北京时间"},
	"Asia/Harbin":    {"Beijing time", "北京时间"},
	"PRC":            {"Beijing time", "北京时间"},
	"Asia/Hong_Kong": {"Hong Kong time", "香港时间"},
	"Asia/Macau":     {"Macau time", "澳门时间"},
	"Asia/Taipei":    {"Taipei time", "台北时间"},
	"Asia/Singapore": {"Singapore time", "新加坡时间"},
	"UTC":            {"UTC", "UTC"},
}

// ZoneName names the time zone t is read in, for a reader in lang: the
// shop's zone by its common name when t is on the shop's clock ("Beijing
// time", "北京时间"), else its offset from UTC ("UTC+8", "UTC-3:30").
func ZoneName(lang string, t time.Time, shop *time.Location) string {
	_, offset := t.Zone()
	for _, loc := range []*time.Location{t.Location(), shop} {
		if loc == nil {
			continue
		}
		if _, o := t.In(loc).Zone(); o != offset {
			continue
		}
		if n, ok := zoneNames[loc.String()]; ok {
			return pick(Match(lang) == "zh", n[1], n[0])
		}
	}
	return utcOffset(offset)
}

func utcOffset(seconds int) string {
	sign := "+"
	if seconds < 0 {
		sign, seconds = "-", -seconds
	}
	h, m := seconds/3600, seconds%3600/60
	if m == 0 {
		return fmt.Sprintf("UTC%s%d", sign, h)
	}
	return fmt.Sprintf("UTC%s%d:%02d", sign, h, m)
}

// withZoneName adds the zone's name to a rendered time: "11:30 today
// (Beijing time)", "北京时间 今天 11:30".
func withZoneName(lang, when, zone string) string {
	if Match(lang) == "zh" {
		return zone + " " + when
	}
	return when + " (" + zone + ")"
}
