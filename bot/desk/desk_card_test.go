package desk

import (
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/telegramsim/wire"
	"github.com/complaintbot/complaintbot/tickets"
)

// cardTestNow is "now" for card tests: Friday 20 November 2026, 10:00 in
// the shop's zone (Asia/Shanghai in the default policy).
func cardTestNow(pol *policy.Policy) time.Time {
	return time.Date(2026, 11, 20, 10, 0, 0, 0, pol.Shop.TimeZone)
}

func newView(t testing.TB, lang string) view {
	t.Helper()
	pol := policy.Default()
	cat, err := locale.New(locale.WithClock(func() time.Time { return cardTestNow(pol) }), locale.WithZone(pol.Shop.TimeZone))
	if err != nil {
		t.Fatal(err)
	}
	return view{cat: cat, pol: pol, lang: lang}
}

// cardTicket is a filed ticket as the store returns it.
func cardTicket(d view) *tickets.Ticket {
	now := cardTestNow(d.pol)
	purchased := time.Date(2026, 11, 2, 0, 0, 0, 0, d.pol.Shop.TimeZone)
	v := d.pol.Decide(policy.Facts{Category: "apparel", Issue: policy.IssueFault, Purchased: purchased}, now)
	return &tickets.Ticket{
		ID: 42, Ref: "K7M-4QX", Status: tickets.StatusAcknowledged,
		CustomerChatID: 700000001, CustomerUserID: 700000001, CustomerName: "Ann <Lee>", CustomerUsername: "ann_lee", CustomerLang: "zh",
		Phone:    "+8613812345678",
		Category: "apparel", OrderNo: "SO-1234", Purchased: purchased,
		Issue: string(policy.IssueFault), Description: "The zip broke on day 2 & the seam <split>.",
		Outcome: string(policy.OutcomeReplacement), Verdict: v,
		ArrangeBy: now.Add(3 * time.Hour), AnswerBy: now.Add(26 * time.Hour),
		CreatedAt: now, UpdatedAt: now,
	}
}

// parsed is the card as Telegram stores it: the HTML read, tags gone.
func parsed(t *testing.T, html string) string {
	t.Helper()
	f, werr := wire.FormatText(html, "HTML", "")
	if werr != nil {
		t.Fatalf("Telegram refuses the card's HTML: %v\n%s", werr, html)
	}
	return f.Text
}

func buttonData(kb *models.InlineKeyboardMarkup) []string {
	var out []string
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			out = append(out, b.CallbackData)
		}
	}
	return out
}

func TestCardShowsTheTicket(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{"en", []string{
			"K7M-4QX · Acknowledged", "Customer: Ann <Lee> (@ann_lee) · Chinese", "Product: Clothing",
			"Order: SO-1234", "Bought or delivered: 2 Nov", "Problem: Fault or defect", "Wants: Replacement",
			"Policy allows: Repair\n", "• Repair: free under warranty until 2 Dec.",
			"• Return or exchange: the 7-day window ended on 9 Nov.", "Phone: +8613812345678",
			"Arrange by 13:00 today (Beijing time) · answer by 12:00 tomorrow", "Unassigned",
			"The zip broke on day 2 & the seam <split>.",
		}},
		{"zh", []string{
			"K7M-4QX · 已受理", "客户：Ann <Lee>（@ann_lee） · 中文", "商品：服装", "订单号：SO-1234",
			"购买或收货日期：11月2日", "问题：质量问题或故障", "客户希望：换货", "政策允许：维修\n", "电话：+8613812345678",
			"安排期限 北京时间 今天 13:00 · 答复期限 明天 12:00", "未分配",
		}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			d := newView(t, tc.lang)
			html, kb := d.card(cardTicket(d), nil)
			text := parsed(t, html)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("the card lacks %q:\n%s", w, text)
				}
			}
			if strings.Contains(html, "<Lee>") || strings.Contains(html, "<split>") {
				t.Errorf("customer text reached the HTML unescaped:\n%s", html)
			}
			if strings.Contains(text, "desk.") || strings.Contains(text, "conversation.") {
				t.Errorf("a raw key shows:\n%s", text)
			}
			if got := buttonData(kb); len(got) != 9 {
				t.Errorf("buttons %v", got)
			}
		})
	}
}

func TestCardFollowsTheTicketsState(t *testing.T) {
	t.Parallel()
	d := newView(t, "en")
	cases := []struct {
		name    string
		change  func(*tickets.Ticket)
		buttons []string
		shows   []string
		hides   []string
	}{
		{"unassigned", func(*tickets.Ticket) {},
			[]string{"d:claim:42", "d:assign:42", "d:needinfo:42", "d:resolve:42", "d:prio:42:+1", "d:prio:42:-1", "d:urgent:42:on", "d:close:42", "d:return:42"},
			[]string{"Unassigned"}, []string{"Taken by"}},
		{"taken", func(t *tickets.Ticket) {
			t.AssigneeUserID, t.AssigneeName, t.Status = 5, "Li", tickets.StatusInProgress
		},
			[]string{"d:release:42", "d:assign:42", "d:needinfo:42", "d:resolve:42", "d:prio:42:+1", "d:prio:42:-1", "d:urgent:42:on", "d:close:42", "d:return:42"},
			[]string{"Taken by Li", "In progress"}, []string{"Unassigned"}},
		{"urgent", func(t *tickets.Ticket) { t.Urgent = true },
			[]string{"d:claim:42", "d:assign:42", "d:needinfo:42", "d:resolve:42", "d:prio:42:+1", "d:prio:42:-1", "d:urgent:42:off", "d:close:42", "d:return:42"},
			[]string{"🔴 URGENT\nK7M-4QX"}, nil},
		{"resolved with a summary", func(t *tickets.Ticket) {
			t.Status, t.Resolution = tickets.StatusResolved, "Replacement sent, tracking SF123."
		}, nil, []string{"Resolution: Replacement sent, tracking SF123."}, nil},
		{"reopened keeps its summary off the card", func(t *tickets.Ticket) {
			t.Status, t.Resolution = tickets.StatusReopened, "Replacement sent."
		}, nil, nil, []string{"Resolution"}},
		{"high priority", func(t *tickets.Ticket) { t.Priority = 2 }, nil, []string{"Priority: high (+2)"}, nil},
		{"low priority", func(t *tickets.Ticket) { t.Priority = -1 }, nil, []string{"Priority: low (−1)"}, nil},
		{"no receipt", func(t *tickets.Ticket) { t.NoReceipt, t.OrderNo = true, "" }, nil, []string{"Order: no receipt"}, []string{"SO-1234"}},
		{"no phone", func(t *tickets.Ticket) { t.Phone = "" }, nil, nil, []string{"Phone"}},
		{"no description", func(t *tickets.Ticket) { t.Description = "" }, nil, []string{"No description."}, nil},
		{"resolved", func(t *tickets.Ticket) { t.Status = tickets.StatusResolved },
			[]string{"d:close:42", "d:reopen:42"}, []string{"K7M-4QX · Resolved"}, nil},
		{"closed", func(t *tickets.Ticket) { t.Status = tickets.StatusClosed },
			[]string{"d:reopen:42"}, []string{"K7M-4QX · Closed"}, nil},
		{"reopened", func(t *tickets.Ticket) { t.Status = tickets.StatusReopened },
			[]string{"d:claim:42", "d:assign:42", "d:needinfo:42", "d:resolve:42", "d:prio:42:+1", "d:prio:42:-1", "d:urgent:42:on", "d:close:42", "d:return:42"},
			[]string{"Reopened"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tk := cardTicket(d)
			tc.change(tk)
			html, kb := d.card(tk, nil)
			text := parsed(t, html)
			if tc.buttons != nil && strings.Join(buttonData(kb), " ") != strings.Join(tc.buttons, " ") {
				t.Errorf("buttons %v, want %v", buttonData(kb), tc.buttons)
			}
			for _, w := range tc.shows {
				if !strings.Contains(text, w) {
					t.Errorf("the card lacks %q:\n%s", w, text)
				}
			}
			for _, w := range tc.hides {
				if strings.Contains(text, w) {
					t.Errorf("the card shows %q:\n%s", w, text)
				}
			}
		})
	}
}

func TestCardFitsOneMessage(t *testing.T) {
	t.Parallel()
	d := newView(t, "zh")
	tk := cardTicket(d)
	// Characters that take two UTF-16 units and entities that grow when
	// escaped, well over the limit.
	tk.Description = strings.Repeat("😀<&>字", 2000)
	html, _ := d.card(tk, nil)
	text := parsed(t, html)
	if n := wire.UTF16Len(text); n > maxMessageText {
		t.Fatalf("the card has %d UTF-16 units, over %d", n, maxMessageText)
	}
	if n := htmlTextLen(html); n != wire.UTF16Len(text) {
		t.Errorf("htmlTextLen = %d, Telegram counts %d", n, wire.UTF16Len(text))
	}
	if !strings.Contains(text, "…") || !strings.Contains(text, "K7M-4QX") || !strings.Contains(text, "未分配") {
		t.Errorf("the cut card lost its fields or its mark:\n%.300s", text)
	}
	// A short description is not cut.
	tk.Description = "short"
	if html, _ := d.card(tk, nil); strings.Contains(parsed(t, html), "…") {
		t.Error("a short description was cut")
	}
}

func TestCardHashChangesWithTheCard(t *testing.T) {
	t.Parallel()
	d := newView(t, "en")
	tk := cardTicket(d)
	h1 := cardHash(d.card(tk, nil))
	if h2 := cardHash(d.card(tk, nil)); h1 != h2 {
		t.Error("the same card hashes differently")
	}
	tk.AssigneeUserID, tk.AssigneeName = 5, "Li"
	if h3 := cardHash(d.card(tk, nil)); h3 == h1 {
		t.Error("a claimed ticket's card hashes as before")
	}
	html, kb := d.card(cardTicket(d), nil)
	kb.InlineKeyboard = kb.InlineKeyboard[:1]
	if cardHash(html, kb) == h1 {
		t.Error("a different keyboard hashes as before")
	}
}

func TestTopicName(t *testing.T) {
	t.Parallel()
	d := newView(t, "en")
	tk := cardTicket(d)
	tk.CustomerName = "Ann\n  Lee"
	if got := d.topicName(tk); got != "K7M-4QX · Clothing · Ann Lee" {
		t.Errorf("topicName = %q", got)
	}
	tk.Category = "gone_category"
	if got := d.topicName(tk); got != "K7M-4QX · gone_category · Ann Lee" {
		t.Errorf("unknown category: topicName = %q", got)
	}
	tk.CustomerName = strings.Repeat("名", 200)
	got := d.topicName(tk)
	if n := len([]rune(got)); n > maxTopicName || !strings.HasSuffix(got, "…") || !strings.HasPrefix(got, "K7M-4QX · ") {
		t.Errorf("long name: %d characters, %q", n, got)
	}
	zh := newView(t, "zh")
	if got := zh.topicName(cardTicket(zh)); got != "K7M-4QX · 服装 · Ann <Lee>" {
		t.Errorf("zh topicName = %q", got)
	}
}

func TestAssignPicker(t *testing.T) {
	t.Parallel()
	d := newView(t, "en")
	tk := cardTicket(d)
	tk.AssigneeUserID = 12
	kb := d.assignPicker(tk, []tickets.Staff{
		{UserID: 11, Name: "Wang", Username: "wang_desk"},
		{UserID: 12, Name: "Li"}, // holds it already
		{UserID: 13, Name: "Zhao"},
		{UserID: 14, Name: "Sun"},
	})
	var got []string
	for _, row := range kb.InlineKeyboard {
		var labels []string
		for _, b := range row {
			labels = append(labels, b.Text+"="+b.CallbackData)
		}
		got = append(got, strings.Join(labels, " "))
	}
	want := []string{
		"Wang @wang_desk=d:assignto:42:11 Zhao=d:assignto:42:13",
		"Sun=d:assignto:42:14",
		"⬅️ Back=d:back:42",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("picker\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if kb := d.assignPicker(tk, nil); len(kb.InlineKeyboard) != 1 {
		t.Errorf("with nobody to pick, the picker is %v", kb.InlineKeyboard)
	}
}

// A ticket's return shows on its card with the buttons of its next steps;
// while it is under way no other can be started from the card.
func TestCardShowsTheReturn(t *testing.T) {
	t.Parallel()
	d := newView(t, "en")
	tk := cardTicket(d)
	r := &tickets.Return{TicketID: tk.ID, RMA: "RMA-K7M-4QX", Kind: tickets.ReturnKindRefund,
		Cause: tickets.CauseQualityFault, State: tickets.ReturnRequested}
	html, kb := d.card(tk, r)
	text := parsed(t, html)
	if !strings.Contains(text, "Return RMA-K7M-4QX · Refund · not sent yet\nWhy it comes back: Quality fault") {
		t.Errorf("the card lacks the return:\n%s", text)
	}
	got := strings.Join(buttonData(kb), " ")
	if strings.Contains(got, "d:return:") || !strings.HasSuffix(got, "d:close:42 rt:pv:K7M4QX rt:rf:K7M4QX rt:cx:K7M4QX") {
		t.Errorf("buttons %s", got)
	}
	r.State = tickets.ReturnClosed
	if _, kb := d.card(tk, r); !strings.HasSuffix(strings.Join(buttonData(kb), " "), "d:close:42 d:return:42") {
		t.Errorf("a closed return's card: %v", buttonData(kb))
	}
}
