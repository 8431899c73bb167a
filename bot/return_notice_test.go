package bot

import (
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// domainReturnParams are the params the domain sends with each return
// notice (tickets/return_notice.go), people's text holding markup that must
// reach the customer as written.
func domainReturnParams() map[string]map[string]string {
	const typed = "Zhang's <b>& note"
	common := func(more map[string]string) map[string]string {
		p := map[string]string{"ref": "K7M-4QX", "rma": "RMA-ABC-DEF", "kind": "repair", "state": "approved"}
		for k, v := range more {
			p[k] = v
		}
		return p
	}
	deadline := "2026-11-27T23:59:59+08:00"
	approved := map[string]string{"deadline": deadline, "instructions": "Send it to 1 Long Road.\n" + typed,
		"warehouse": "main", "freight_payer": "shop", "postage_refunded": "true"}
	paid := map[string]string{"fee": "120.00", "currency": "CNY"}
	for k, v := range approved {
		paid[k] = v
	}
	return map[string]map[string]string{
		tickets.NoticeReturnApproved:       common(approved),
		tickets.NoticeReturnApprovedPaid:   common(paid),
		tickets.NoticeReturnRefused:        common(map[string]string{"exclusion": "washed", "reason": typed, "alternatives": "repair"}),
		tickets.NoticeReturnFeeAccepted:    common(map[string]string{"fee": "120.00", "currency": "CNY", "deadline": deadline}),
		tickets.NoticeReturnFeeDeclined:    common(map[string]string{"fee": "120.00", "currency": "CNY"}),
		tickets.NoticeReturnShipped:        common(map[string]string{"carrier": "<b>& Post", "tracking": "AB<b>&12345678", "receipt": "true"}),
		tickets.NoticeReturnReceived:       common(map[string]string{"inspection": "as_described"}),
		tickets.NoticeReturnRefunded:       common(nil),
		tickets.NoticeReturnExchanged:      common(nil),
		tickets.NoticeReturnRepaired:       common(nil),
		tickets.NoticeReturnClosed:         common(nil),
		tickets.NoticeReturnCancelled:      common(nil),
		tickets.NoticeReturnExtended:       common(map[string]string{"deadline": deadline}),
		tickets.NoticeReturnExpired:        common(map[string]string{"deadline": deadline}),
		tickets.NoticeReturnReminderBefore: common(map[string]string{"deadline": deadline, "days": "2", "fee_pending": "false"}),
		tickets.NoticeReturnReminderDue:    common(map[string]string{"deadline": deadline, "fee_pending": "true"}),
	}
}

// telegramHTMLRE matches what Telegram's HTML allows: its tags and entities.
var telegramHTMLRE = regexp.MustCompile(`</?(b|i|u|s|code|pre)>|&(lt|gt|amp|quot|#[0-9]+);`)

func testEdge(t *testing.T) *Edge {
	t.Helper()
	pol := policy.Default()
	cat, err := locale.New(locale.WithZone(pol.Shop.TimeZone),
		locale.WithClock(func() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, pol.Shop.TimeZone) }))
	if err != nil {
		t.Fatal(err)
	}
	return &Edge{cat: cat, pol: pol, tz: pol.Shop.TimeZone, log: slog.New(slog.DiscardHandler)}
}

// Every notice of a return has a text in both languages that renders with
// the params the domain sends: nothing left out or left raw, every param
// people typed escaped, the send-by time in words.
func TestReturnNoticeTexts(t *testing.T) {
	t.Parallel()
	e := testEdge(t)
	params := domainReturnParams()
	keys := tickets.ReturnNoticeKeys()
	for key := range params {
		if !slices.Contains(keys, key) {
			t.Errorf("%s is not a return notice", key)
		}
	}
	for _, key := range keys {
		p, ok := params[key]
		if !ok {
			t.Errorf("%s: no params to render it with", key)
			continue
		}
		for _, lang := range locale.Languages() {
			if !e.cat.Has(lang, key) {
				t.Errorf("%s has no text in %s", key, lang)
				continue
			}
			text := e.cat.HTML(lang, key, e.returnParams(lang, p, nil))
			bare := telegramHTMLRE.ReplaceAllString(text, "")
			switch {
			case strings.ContainsAny(bare, "<>&"):
				t.Errorf("%s %s: unescaped markup in %q", lang, key, text)
			case strings.Contains(text, "{{") || strings.Contains(text, "no value") || strings.Contains(text, "T23:59:59"):
				t.Errorf("%s %s: a param left raw in %q", lang, key, text)
			case !strings.Contains(text, p["rma"]):
				t.Errorf("%s %s: the return's number is missing from %q", lang, key, text)
			}
			if !fitsMessage(text) {
				t.Errorf("%s %s: too long for one message", lang, key)
			}
		}
	}
}

// What the edge adds to a notice reads in the customer's language: the fee
// as an amount, the courier by its name, and after a refusal the reason and
// what is still open, from the policy when the owner's reason does not
// already say it.
func TestReturnNoticeParams(t *testing.T) {
	t.Parallel()
	e := testEdge(t)
	shipped := e.cat.HTML("zh", tickets.NoticeReturnShipped, e.returnParams("zh",
		map[string]string{"rma": "RMA-ABC-DEF", "carrier": "SF Express", "tracking": "SF1234567890", "receipt": "false"}, nil))
	if !strings.Contains(shipped, "顺丰速运 SF1234567890") || strings.Contains(shipped, "底单") {
		t.Errorf("shipped in zh: %q", shipped)
	}
	paid := e.cat.HTML("en", tickets.NoticeReturnApprovedPaid, e.returnParams("en", domainReturnParams()[tickets.NoticeReturnApprovedPaid], nil))
	if !strings.Contains(paid, "¥120.00") || !strings.Contains(paid, "Zhang&#39;s &lt;b&gt;&amp; note") {
		t.Errorf("paid repair in en: %q", paid)
	}

	washed, _ := e.pol.Exclusion("washed")
	cases := []struct {
		lang, reason, alternatives string
		wantReason, wantAlt        string
	}{
		{"en", "", "", washed.Reason["en"], washed.Alternative["en"]},
		{"zh", "标签显示已洗过。", "repair", "标签显示已洗过。", washed.Alternative["zh"]},
		{"en", "We are sorry. " + washed.Alternative["en"], "", "We are sorry. " + washed.Alternative["en"], ""},
	}
	for _, tc := range cases {
		p := e.returnParams(tc.lang, map[string]string{"exclusion": "washed", "reason": tc.reason, "alternatives": tc.alternatives}, nil)
		if p["reason"] != tc.wantReason || p["alternative"] != tc.wantAlt {
			t.Errorf("%s %q: reason %q, alternative %q; want %q, %q", tc.lang, tc.reason, p["reason"], p["alternative"], tc.wantReason, tc.wantAlt)
		}
	}
	p := e.returnParams("zh", map[string]string{"exclusion": "not_in_policy", "reason": "x", "alternatives": "repair,exchange"}, nil)
	if p["alternative"] != "维修、换货" {
		t.Errorf("outcomes by name: %q", p["alternative"])
	}
}

// The buttons of a return are the steps the domain lets its customer take
// now, and a question while it is under way.
func TestReturnKeyboard(t *testing.T) {
	t.Parallel()
	e := testEdge(t)
	fee := tickets.Fee{Cents: 12000, Currency: "CNY"}
	cases := []struct {
		name string
		r    tickets.Return
		want [][]string
	}{
		{"approved", tickets.Return{State: tickets.ReturnApproved}, [][]string{{"s"}, {"q"}}},
		{"fee to answer", tickets.Return{State: tickets.ReturnApproved, Kind: tickets.ReturnKindRepair, Fee: fee}, [][]string{{"a", "d"}, {"q"}}},
		{"fee accepted", tickets.Return{State: tickets.ReturnApproved, Fee: fee, FeeAccepted: true,
			FeeDecided: tickets.ReturnMark{At: time.Now()}}, [][]string{{"s"}, {"q"}}},
		{"expired", tickets.Return{State: tickets.ReturnExpired}, [][]string{{"q"}}},
		{"shipped", tickets.Return{State: tickets.ReturnShipped}, [][]string{{"q"}}},
		{"closed", tickets.Return{State: tickets.ReturnClosed}, nil},
		{"requested", tickets.Return{State: tickets.ReturnRequested}, nil},
	}
	for _, tc := range cases {
		tc.r.RMA = "RMA-ABC-DEF"
		var got [][]string
		if kb := e.returnKeyboard("en", &tc.r); kb != nil {
			for _, row := range kb.InlineKeyboard {
				var acts []string
				for _, b := range row {
					act, rma, ok := parseReturnData(b.CallbackData)
					if !ok || rma != tc.r.RMA {
						t.Errorf("%s: button data %q", tc.name, b.CallbackData)
					}
					acts = append(acts, act)
				}
				got = append(got, acts)
			}
		}
		if !slices.EqualFunc(got, tc.want, slices.Equal) {
			t.Errorf("%s: buttons %v, want %v", tc.name, got, tc.want)
		}
	}
}

// Instructions too long to share a message with the rest go first, on
// their own, cut at the ends of lines; the buttons stay with the rest.
func TestSplitText(t *testing.T) {
	t.Parallel()
	line := strings.Repeat("退", 99) + "\n"
	s := strings.Repeat(line, 50) // 5000 characters
	parts := splitText(s, maxMessage)
	if len(parts) != 2 || strings.Join(parts, "\n") != s {
		t.Fatalf("%d parts, or the text changed", len(parts))
	}
	if n := utf16Len(parts[0]); n > maxMessage || n%100 != 99 {
		t.Errorf("the first part has %d units: not cut at a line's end", n)
	}
	emoji := strings.Repeat("😀", 3000) // two units each
	for _, p := range splitText(emoji, maxMessage) {
		if utf16Len(p) > maxMessage {
			t.Errorf("a part of %d units", utf16Len(p))
		}
	}
}
