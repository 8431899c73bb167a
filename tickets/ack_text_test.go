package tickets_test

import (
	"strings"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// Every acknowledgement the worker can send has a text in each language that
// names the reference and the time handling will be arranged by, rendered
// the customer's way.
func TestAckTexts(t *testing.T) {
	t.Parallel()
	cat, err := locale.New(locale.WithClock(func() time.Time { return filedAt }), locale.WithZone(shopZone))
	if err != nil {
		t.Fatal(err)
	}
	paid := policy.Verdict{Options: []policy.Option{{Outcome: policy.OutcomeRepair, Allowed: true, Paid: true}}}
	var notices []tickets.Notice
	for _, o := range policy.Outcomes() {
		tk := &tickets.Ticket{Ref: "K7M-4QX", Outcome: string(o),
			ArrangeBy: filedAt.Add(2 * time.Hour), AnswerBy: filedAt.AddDate(0, 0, 4)}
		notices = append(notices, tickets.AckNotice(tk, shopZone))
		if o == policy.OutcomeRepair {
			tk.Verdict = paid
			notices = append(notices, tickets.AckNotice(tk, shopZone))
		}
	}
	// The promise names the shop's zone: the customer may be elsewhere.
	arranged := map[string]string{"en": "11:30 today (Beijing time)", "zh": "北京时间 今天 11:30"}
	for _, n := range notices {
		for _, lang := range locale.Languages() {
			if !cat.Has(lang, n.Key) {
				t.Errorf("%s: no %s text", n.Key, lang)
				continue
			}
			params := map[string]any{}
			for k, v := range n.Params {
				params[k] = v
			}
			text := cat.Text(lang, n.Key, params)
			if !strings.Contains(text, "K7M-4QX") || !strings.Contains(text, arranged[lang]) || !strings.Contains(text, "/status") {
				t.Errorf("%s %s = %q; want the reference, %q and /status", lang, n.Key, text, arranged[lang])
			}
		}
	}
	for _, s := range tickets.Statuses() {
		for _, lang := range locale.Languages() {
			if key := "tickets.status." + string(s); !cat.Has(lang, key) {
				t.Errorf("no %s name for status %s (%s)", lang, s, key)
			}
		}
	}
}
