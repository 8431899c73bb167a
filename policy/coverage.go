package policy

import (
	"maps"
	"slices"
)

// coverage is what the warranty covers on a given day.
type coverage struct {
	whole     bool   // the product as a whole (and unlisted parts) is covered
	all       bool   // the product and every listed part are covered
	any       bool   // something is still covered
	covered   []Part // listed parts still covered
	ended     []Part // listed parts no longer covered
	firstEnd  Date   // the earliest last day among what is still covered
	lastEnded Date   // the latest last day among what has ended
	last      Date   // the last day any warranty runs; zero without warranty
}

// coverageOf works out the warranty of cat bought on bought, as of today.
// A warranty of n days runs through the n-th day after purchase.
func coverageOf(cat Category, bought, today Date) coverage {
	var c coverage
	consider := func(days int) (Date, bool) {
		if days <= 0 {
			return Date{}, false
		}
		end := bought.AddDays(days)
		if c.last.IsZero() || end.After(c.last) {
			c.last = end
		}
		if today.After(end) {
			if end.After(c.lastEnded) {
				c.lastEnded = end
			}
			return end, false
		}
		if c.firstEnd.IsZero() || end.Before(c.firstEnd) {
			c.firstEnd = end
		}
		return end, true
	}
	_, c.whole = consider(cat.WarrantyDays)
	c.all, c.any = c.whole, c.whole
	for _, pt := range cat.Parts {
		if _, ok := consider(pt.WarrantyDays); ok {
			c.covered = append(c.covered, pt)
			c.any = true
		} else {
			c.ended = append(c.ended, pt)
			c.all = false
		}
	}
	return c
}

func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}

// knownIssue maps an issue the policy does not know to "other".
func knownIssue(i Issue) Issue {
	if slices.Contains(Issues(), i) {
		return i
	}
	return IssueOther
}
