package policy

import (
	"fmt"
	"strings"
	"time"
)

// What a low survey score does (Survey.OnLow).
const (
	// OnLowReopen reopens the ticket, alerts the owners and tells the
	// thread and the customer.
	OnLowReopen = "reopen"
	// OnLowFollowUp leaves the ticket as it is and files a follow-up
	// ticket for the customer, with the scores and their comment; the
	// owners, the thread and the customer are told as for OnLowReopen.
	OnLowFollowUp = "follow_up"
	// OnLowAlert leaves the ticket as it is and only alerts: the owners,
	// the thread and the customer are told someone will be in touch.
	OnLowAlert = "alert"
)

// Survey is the callback survey (回访) a customer is asked after their ticket
// is resolved: three questions scored 1 to 5, then an optional comment.
type Survey struct {
	// Enabled turns the survey on; off, resolved tickets still close after
	// CloseAfter.
	Enabled bool
	// After is how long after the resolution the first question is due.
	After time.Duration
	// Quiet are the hours, in the shop's time zone, when no question or
	// reminder goes out; one due then waits for their end.
	Quiet QuietHours
	// ReminderAfter is how long after the question the customer is
	// reminded, once; 0 for no reminder.
	ReminderAfter time.Duration
	// ExpiresAfter is how long after the question the survey takes
	// answers.
	ExpiresAfter time.Duration
	// CloseAfter is how long after the survey was due a resolved ticket
	// without a complaint closes; never before the survey expires.
	CloseAfter time.Duration
	// LowScore is the highest score that counts as a complaint.
	LowScore int
	// OnLow is OnLowReopen, OnLowFollowUp or OnLowAlert.
	OnLow string
}

// QuietHours are the hours of the night, From to To in the shop's time
// zone; From after To wraps past midnight ("21:00-09:00"). The zero value
// has no quiet hours.
type QuietHours struct {
	From, To time.Duration
}

// String writes the hours as "21:00-09:00".
func (q QuietHours) String() string { return clock(q.From) + "-" + clock(q.To) }

// NotBefore is t, or the end of the quiet hours t falls in — the morning —
// counted on the clock of loc, so a night that is shorter or longer for a
// change of daylight saving time still ends at To.
func (q QuietHours) NotBefore(t time.Time, loc *time.Location) time.Time {
	if q.From == q.To {
		return t
	}
	lt := t.In(loc)
	tod := time.Duration(lt.Hour())*time.Hour + time.Duration(lt.Minute())*time.Minute +
		time.Duration(lt.Second())*time.Second + time.Duration(lt.Nanosecond())
	at := func(days int) time.Time {
		d := lt.AddDate(0, 0, days)
		return time.Date(d.Year(), d.Month(), d.Day(), int(q.To/time.Hour), int(q.To%time.Hour/time.Minute), 0, 0, loc)
	}
	switch {
	case q.From < q.To && tod >= q.From && tod < q.To:
		return at(0)
	case q.From > q.To && tod >= q.From:
		return at(1)
	case q.From > q.To && tod < q.To:
		return at(0)
	}
	return t
}

// maxLowScore is the highest low_score: a 5 is never a complaint.
const maxLowScore = 4

func buildSurvey(p *Policy, r *rawSurvey, probs *problems) {
	sv := &p.Survey
	sv.Enabled = *r.Enabled
	sv.After = duration(probs, "survey.after", *r.After)
	if q, err := parseQuiet(*r.QuietHours); err != nil {
		probs.add("survey.quiet_hours", "%s", err)
	} else {
		sv.Quiet = q
	}
	if *r.ReminderAfter != "0" {
		sv.ReminderAfter = duration(probs, "survey.reminder_after", *r.ReminderAfter)
	}
	sv.ExpiresAfter = duration(probs, "survey.expires_after", *r.ExpiresAfter)
	if sv.ReminderAfter > 0 && sv.ExpiresAfter > 0 && sv.ReminderAfter >= sv.ExpiresAfter {
		probs.add("survey.reminder_after", "must be sooner than survey.expires_after (%s)", *r.ExpiresAfter)
	}
	sv.CloseAfter = duration(probs, "survey.close_after", *r.CloseAfter)
	if sv.CloseAfter > 0 && sv.CloseAfter < sv.ExpiresAfter {
		probs.add("survey.close_after", "must not be sooner than survey.expires_after (%s)", *r.ExpiresAfter)
	}
	sv.LowScore = *r.LowScore
	if sv.LowScore < 1 || sv.LowScore > maxLowScore {
		probs.add("survey.low_score", "must be between 1 and %d", maxLowScore)
	}
	sv.OnLow = *r.OnLow
	if sv.OnLow != OnLowReopen && sv.OnLow != OnLowFollowUp && sv.OnLow != OnLowAlert {
		probs.add("survey.on_low", "%q is not %q, %q or %q", sv.OnLow, OnLowReopen, OnLowFollowUp, OnLowAlert)
	}
}

// parseQuiet reads "21:00-09:00", which may wrap past midnight; "" is no
// quiet hours.
func parseQuiet(s string) (QuietHours, error) {
	if s == "" {
		return QuietHours{}, nil
	}
	a, b, ok := strings.Cut(strings.ReplaceAll(s, " ", ""), "-")
	if !ok {
		return QuietHours{}, fmt.Errorf("%q is not written as HH:MM-HH:MM", s)
	}
	from, err1 := parseClock(a)
	to, err2 := parseClock(b)
	switch {
	case err1 != nil || err2 != nil || from == 24*time.Hour:
		return QuietHours{}, fmt.Errorf("%q is not written as HH:MM-HH:MM", s)
	case from == to:
		return QuietHours{}, fmt.Errorf("%q starts and ends at the same time", s)
	}
	return QuietHours{From: from, To: to % (24 * time.Hour)}, nil
}
