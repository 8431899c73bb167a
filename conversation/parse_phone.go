package conversation

import (
	"errors"
	"regexp"
	"strings"
)

// errPhoneInvalid means the text is not a phone number we can call back.
var errPhoneInvalid = errors.New("not a phone number")

var (
	cnMobileRE   = regexp.MustCompile(`^1[3-9]\d{9}$`)
	cnLandlineRE = regexp.MustCompile(`^0[1-9]\d{8,10}$`)
	e164RE       = regexp.MustCompile(`^[1-9]\d{7,14}$`)
)

// parsePhone reads a phone number typed or shared by the customer and
// returns it in E.164 form ("+8613812345678"). It takes spaces, dashes, dots
// and brackets, full-width digits, a "+" or "00" international prefix, a
// Chinese mobile number with or without +86 ("138 1234 5678") and a Chinese
// landline with its area code ("021-1234 5678"). Anything else is
// errPhoneInvalid.
func parsePhone(s string) (string, error) {
	s = oneLine(s)
	s = strings.NewReplacer(" ", "", "-", "", ".", "", "(", "", ")", "", "\u00a0", "").Replace(s)
	if s == "" {
		return "", errPhoneInvalid
	}
	international := false
	switch {
	case strings.HasPrefix(s, "+"):
		s, international = s[1:], true
	case strings.HasPrefix(s, "00"):
		s, international = s[2:], true
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return "", errPhoneInvalid
		}
	}
	if international {
		if strings.HasPrefix(s, "860") {
			s = "86" + s[3:] // "+86 021 …": the trunk 0 is dropped after a country code
		}
		if e164RE.MatchString(s) {
			return "+" + s, nil
		}
		return "", errPhoneInvalid
	}
	switch {
	case cnMobileRE.MatchString(s):
		return "+86" + s, nil
	case strings.HasPrefix(s, "86") && cnMobileRE.MatchString(s[2:]):
		return "+" + s, nil
	case cnLandlineRE.MatchString(s):
		return "+86" + s[1:], nil
	}
	return "", errPhoneInvalid
}
