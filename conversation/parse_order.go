package conversation

import (
	"errors"
	"regexp"
	"strings"
)

// errOrderInvalid means the text does not hold an order number of the
// shop's form; the hint shows the policy's example.
var errOrderInvalid = errors.New("not an order number")

// orderLabelRE matches words people put before the number itself.
var orderLabelRE = regexp.MustCompile(`^(order number|order no\.?|order|number|no\.?|订单号码?|订单编号|订单|單號|单号|编号|號碼)\s?[:：#]?\s?`)

// anyOrderRE is the shape accepted when the policy sets no pattern.
var anyOrderRE = regexp.MustCompile(`^[A-Z0-9][A-Z0-9-]{2,39}$`)

// parseOrder reads an order number as customers type it — with spaces, in
// lower case, in full-width characters, with a label ("order no: so 2026
// 1120", "订单号：SO-20261120") — and returns it in the policy's form
// ("SO20261120"), or errOrderInvalid when no reading matches pattern (a nil
// pattern accepts 3-40 letters, digits and dashes).
func parseOrder(s string, pattern *regexp.Regexp) (string, error) {
	if pattern == nil {
		pattern = anyOrderRE
	}
	s = strings.ToUpper(oneLine(s))
	unlabelled := strings.TrimLeft(strings.ToUpper(orderLabelRE.ReplaceAllString(strings.ToLower(s), "")), "#:：")
	// Try the plainest reading first, then strip what people add for
	// readability, so a pattern that itself has dashes still matches them.
	for _, c := range []string{s, unlabelled} {
		squeezed := strings.ReplaceAll(c, " ", "")
		stripped := strings.NewReplacer("-", "", "_", "", ".", "", "/", "", "#", "").Replace(squeezed)
		for _, c := range []string{c, squeezed, stripped} {
			if c != "" && pattern.MatchString(c) {
				return c, nil
			}
		}
	}
	// "my order is SO20261120, thanks": one word of the text may be it.
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '，' }) {
		if pattern.MatchString(w) {
			return w, nil
		}
	}
	return "", errOrderInvalid
}
