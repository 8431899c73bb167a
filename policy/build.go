package policy

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Bounds on values a policy file may hold. They keep a typo (a warranty of a
// million days) from passing as a policy.
const (
	maxDays          = 36500 // a hundred years
	maxAnswerDays    = 60
	maxWaitDays      = 90   // the longest wait for a customer's information
	maxDescription   = 3000 // the summary shows it inside one Telegram message (4096)
	maxAttachments   = 100
	maxNameLen       = 100
	maxPatternLength = 200
)

var (
	idPattern   = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)
	langPattern = regexp.MustCompile(`^[a-z]{2,3}$`)
)

// build turns the merged raw policy into a Policy, recording every problem.
func build(r *rawPolicy, probs *problems) (*Policy, error) {
	p := &Policy{}
	buildShop(p, r.Shop, probs)
	buildCategories(p, *r.Categories, probs)
	buildReturns(p, r.Returns, probs)
	p.DamageReportDays = *r.DamageReportDays
	days(probs, "damage_report_days", p.DamageReportDays)
	buildService(p, r.Service, probs)
	buildSurvey(p, r.Survey, probs)
	p.Hours = buildHours(r.Hours, probs)
	buildOrder(p, r.Order, probs)
	p.PhoneRequired = *r.PhoneRequired
	p.Description = Range{Min: *r.Description.Min, Max: *r.Description.Max}
	switch {
	case p.Description.Min < 1:
		probs.add("description.min", "must be 1 or more")
	case p.Description.Max < p.Description.Min:
		probs.add("description.max", "must not be less than description.min (%d)", p.Description.Min)
	case p.Description.Max > maxDescription:
		probs.add("description.max", "must be %d or less (the summary shows it in one Telegram message)", maxDescription)
	}
	p.MaxAttachments = *r.MaxAttachments
	if p.MaxAttachments < 0 || p.MaxAttachments > maxAttachments {
		probs.add("max_attachments", "must be between 0 and %d", maxAttachments)
	}
	p.FloodPerMinute = *r.FloodPerMinute
	if p.FloodPerMinute < 1 {
		probs.add("flood_per_minute", "must be 1 or more")
	}
	buildCanned(p, *r.CannedReplies, probs)
	if err := probs.err(); err != nil {
		return nil, err
	}
	return p, nil
}

func buildShop(p *Policy, r *rawShop, probs *problems) {
	p.Shop.Name = *r.Name
	if p.Shop.Name == "" || utf8.RuneCountInString(p.Shop.Name) > maxNameLen {
		probs.add("shop.name", "must be 1 to %d characters", maxNameLen)
	}
	tz := *r.TimeZone
	loc, err := time.LoadLocation(tz)
	if tz == "" || tz == "Local" || err != nil {
		probs.add("shop.time_zone", "unknown time zone %q (use a name such as \"Asia/Shanghai\")", tz)
		loc = time.UTC
	}
	p.Shop.TimeZone = loc
	p.Shop.Languages = *r.Languages
	if len(p.Shop.Languages) == 0 {
		probs.add("shop.languages", "must list at least one language")
	}
	seen := map[string]bool{}
	wrong := false
	for i, l := range p.Shop.Languages {
		path := "shop.languages[" + strconv.Itoa(i) + "]"
		switch {
		case !langPattern.MatchString(l):
			probs.add(path, "%q is not a language code such as \"zh\" or \"en\"", l)
			wrong = true
		case seen[l]:
			probs.add(path, "%q is listed twice", l)
			wrong = true
		}
		seen[l] = true
	}
	if wrong {
		// Names and texts are checked against the languages once these
		// are right; until then each of them would be reported besides.
		p.Shop.Languages = nil
	}
}

// names checks that a name is given in every language the shop offers;
// with no languages to check against (they are wrong) it checks nothing.
func names(probs *problems, path string, name map[string]string, langs []string) {
	if len(langs) == 0 {
		return
	}
	for _, l := range langs {
		n := name[l]
		if n == "" {
			probs.add(path, "missing the %q name", l)
		} else if utf8.RuneCountInString(n) > maxNameLen {
			probs.add(path+"."+l, "longer than %d characters", maxNameLen)
		}
	}
	for l := range name {
		if !contains(langs, l) {
			probs.add(path+"."+l, "%q is not one of shop.languages", l)
		}
	}
}

func days(probs *problems, path string, n int) {
	switch {
	case n < 0:
		probs.add(path, "must be ≥ 0")
	case n > maxDays:
		probs.add(path, "must be ≤ %d", maxDays)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func buildService(p *Policy, r *rawService, probs *problems) {
	p.Service.Arrange = duration(probs, "service.arrange", *r.Arrange)
	p.Service.Check = duration(probs, "service.check", *r.Check)
	if p.Service.Check > 0 && p.Service.Check < p.Service.Arrange {
		probs.add("service.check", "must not be sooner than service.arrange (%s)", *r.Arrange)
	}
	p.Service.Answer = *r.AnswerWorkingDays
	if p.Service.Answer < 1 || p.Service.Answer > maxAnswerDays {
		probs.add("service.answer_working_days", "must be between 1 and %d", maxAnswerDays)
	}
	p.Service.UrgentEscalate = *r.UrgentEscalate
	p.Service.NudgeAfterDays = *r.NudgeAfterDays
	p.Service.AutoCloseAfterDays = *r.AutoCloseAfter
	if p.Service.NudgeAfterDays < 1 || p.Service.NudgeAfterDays > maxWaitDays {
		probs.add("service.nudge_after_days", "must be between 1 and %d", maxWaitDays)
	}
	if p.Service.AutoCloseAfterDays < 1 || p.Service.AutoCloseAfterDays > maxWaitDays {
		probs.add("service.auto_close_after_days", "must be between 1 and %d", maxWaitDays)
	} else if p.Service.AutoCloseAfterDays <= p.Service.NudgeAfterDays {
		probs.add("service.auto_close_after_days", "must be later than service.nudge_after_days (%d)", p.Service.NudgeAfterDays)
	}
	p.Service.WarnBefore = duration(probs, "service.warn_before", *r.WarnBefore)
	if p.Service.WarnBefore > 0 && p.Service.Arrange > 0 && p.Service.WarnBefore >= p.Service.Arrange {
		// A warning due at filing or before it tells nobody anything.
		probs.add("service.warn_before", "must be shorter than service.arrange (%s)", *r.Arrange)
	}
}

func duration(probs *problems, path, s string) time.Duration {
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		probs.add(path, "%q is not a duration such as \"2h\" or \"90m\"", s)
	case d < time.Minute || d > 30*24*time.Hour:
		probs.add(path, "must be between 1m and 720h")
	}
	return d
}

func buildOrder(p *Policy, r *rawOrder, probs *problems) {
	pat := *r.Pattern
	_, err := regexp.Compile(pat)
	switch {
	case pat == "" || len(pat) > maxPatternLength:
		probs.add("order.pattern", "must be 1 to %d characters", maxPatternLength)
	case err != nil:
		probs.add("order.pattern", "not a regular expression: %s", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	default:
		// The whole order number must match, not a piece of it.
		p.OrderPattern = regexp.MustCompile(`^(?:` + pat + `)$`)
	}
	p.OrderExample = *r.Example
	if p.OrderPattern != nil && !p.OrderPattern.MatchString(p.OrderExample) {
		probs.add("order.example", "%q does not match order.pattern", p.OrderExample)
	}
}

func buildCanned(p *Policy, list []rawCanned, probs *problems) {
	seen := map[string]bool{}
	for i, c := range list {
		path := fmt.Sprintf("canned_replies[%d]", i)
		switch {
		case c.Name == "":
			probs.add(path+".name", "must not be empty")
		case seen[c.Name]:
			probs.add(path+".name", "%q is used twice", c.Name)
		case !cannedNameRE.MatchString(c.Name):
			probs.add(path+".name", "%q: use lowercase letters, digits and -, up to 32, as staff type it after /reply", c.Name)
		}
		seen[c.Name] = true
		for _, l := range p.Shop.Languages {
			if c.Text[l] == "" {
				probs.add(path+".text", "missing the %q text", l)
			}
			if bad := unknownFields(c.Text[l]); len(bad) > 0 {
				probs.add(path+".text."+l, "unknown field %s; known: %s", strings.Join(bad, ", "), knownFieldList())
			}
		}
		p.CannedReplies = append(p.CannedReplies, Canned{Name: c.Name, Text: c.Text})
	}
}
