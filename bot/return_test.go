package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/bot"
	"github.com/complaintbot/complaintbot/conversation"
	"github.com/complaintbot/complaintbot/internal/customersim"
	"github.com/complaintbot/complaintbot/internal/shoptest"
	"github.com/complaintbot/complaintbot/internal/testworld"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// approve starts and approves a return on the ticket through the store, as
// an owner does from the desk, and returns it with the notice that brings
// the customer its instructions. From then on its reminders and expiry wait
// in River, days ahead: a test waits for messages, never Settles.
func (h *harness) approve(tk *tickets.Ticket, u telegramsim.User, kind tickets.ReturnKind, cause tickets.ReturnCause, a tickets.ReturnApproval) (*tickets.Return, *models.Message) {
	h.T.Helper()
	ctx := context.Background()
	owner := tickets.Actor{Kind: tickets.ActorOwner, ID: h.Owner.ID}
	r, err := h.Store.StartReturn(ctx, tk.Ref, kind, cause, owner)
	if err != nil {
		h.T.Fatal(err)
	}
	if a.Lang == "" {
		a.Lang = tk.CustomerLang
	}
	if a.Instructions == "" {
		a.Instructions = "Send it to the shop."
	}
	if a.Freight.Payer == "" {
		a.Freight.Payer = tickets.PayerShop
	}
	if r, err = h.Store.ApproveReturn(ctx, r.RMA, a, owner); err != nil {
		h.T.Fatal(err)
	}
	return r, h.CustomerText(u, r.RMA)
}

// after waits for the bot's message to u, newer than message after, that
// contains want.
func (h *harness) after(u telegramsim.User, after int, want string) *models.Message {
	h.T.Helper()
	return h.WaitEntry(u.ID, u.FirstName+" reading "+want, func(e telegramsim.Entry) bool {
		return e.FromBot && e.Message.ID > after && strings.Contains(e.Message.Text, want)
	}).Message
}

// mark is the newest message of u's chat.
func (h *harness) mark(u telegramsim.User) int { return shoptest.LastID(h.Sim.Transcript(u.ID)) }

// send sends text as u and handles it, without waiting for an answer.
func (h *harness) send(u telegramsim.User, text string) {
	h.T.Helper()
	if _, err := h.Sim.SendText(u.ID, u.ID, text); err != nil {
		h.T.Fatal(err)
	}
	h.Pump()
}

// buttonData is the data of m's button labelled label; "" for none.
func buttonData(m *models.Message, label string) string {
	if m.ReplyMarkup == nil {
		return ""
	}
	for _, row := range m.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if b.Text == label {
				return b.CallbackData
			}
		}
	}
	return ""
}

// press presses m's button labelled label as u and returns the notice
// shown on it.
func (h *harness) press(u telegramsim.User, m *models.Message, label string) string {
	h.T.Helper()
	data := buttonData(m, label)
	if data == "" {
		h.T.Fatalf("no button %q on %q: %+v", label, m.Text, m.ReplyMarkup)
	}
	return h.pressPrivate(u, m.ID, data, data)
}

// message is message id of u's chat as it is now.
func (h *harness) message(u telegramsim.User, id int) *models.Message {
	h.T.Helper()
	for _, e := range h.Sim.Transcript(u.ID) {
		if e.Message.ID == id {
			return e.Message
		}
	}
	h.T.Fatalf("no message %d in %s's chat", id, u.FirstName)
	return nil
}

func (h *harness) getReturn(rma string) *tickets.Return {
	h.T.Helper()
	r, err := h.Store.GetReturn(context.Background(), rma)
	if err != nil {
		h.T.Fatal(err)
	}
	return r
}

// A customer reads the instructions as the owner wrote them, with their
// buttons; after "I've sent it" a text with no tracking number is asked
// again, and "顺丰 SF1234567890" records the return shipped, confirmed in
// Chinese. The same update handled again changes nothing, the wait is over
// after it, and /status shows the return under its ticket.
func TestReturnShippedWithTrackingNumber(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{})
	mei := h.Customer("Mei", "zh-hans")
	tk := h.File(mei)
	r, m := h.approve(tk, mei, tickets.ReturnKindRefund, tickets.CauseQualityFault, tickets.ReturnApproval{
		Instructions: "寄往：杭州市西湖区文三路 1 号\n备注 <b>& 请保留原包装",
		Freight:      tickets.Freight{Payer: tickets.PayerShop, PostageRefunded: true},
	})
	if !strings.Contains(m.Text, "备注 <b>& 请保留原包装") || !strings.Contains(m.Text, "寄往：杭州市西湖区文三路 1 号") {
		t.Errorf("the instructions are not as written: %q", m.Text)
	}
	if buttonData(m, "我已寄出") != bot.ReturnData("s", r.RMA) || buttonData(m, "我有疑问") != bot.ReturnData("q", r.RMA) {
		t.Fatalf("the instructions' buttons: %+v", m.ReplyMarkup)
	}

	mark := h.mark(mei)
	if toast := h.press(mei, m, "我已寄出"); toast != "" {
		t.Errorf("I've sent it: notice %q", toast)
	}
	h.after(mei, mark, "顺丰 SF1234567890")
	if again := h.ask(mei, "明天就寄").Text; !strings.Contains(again, "没有从中找到快递单号") || !strings.Contains(again, "中通 78912345678901") {
		t.Errorf("a text without a number: %q", again)
	}
	mark = h.mark(mei)
	h.send(mei, "顺丰 SF1234567890")
	update := h.Sim.LastUpdateID()
	if note := h.after(mei, mark, "已在寄回途中"); !strings.Contains(note.Text, "顺丰速运 SF1234567890") {
		t.Errorf("the confirmation: %q", note.Text)
	}
	got := h.getReturn(r.RMA)
	if got.State != tickets.ReturnShipped || got.Carrier != "SF Express" || got.Tracking != "SF1234567890" ||
		got.Shipped.By != (tickets.Actor{Kind: tickets.ActorCustomer, ID: mei.ID}) {
		t.Fatalf("after the tracking number: %+v", got)
	}

	if toast := h.press(mei, m, "我已寄出"); toast != "这个包裹已登记为寄出，谢谢！" {
		t.Errorf("I've sent it, pressed again: %q", toast)
	}

	mark = h.mark(mei)
	if err := h.Sim.InjectDuplicate(update); err != nil {
		t.Fatal(err)
	}
	h.Pump()
	if h.mark(mei) != mark || len(h.Ticket(tk.Ref).Messages) != 0 {
		t.Errorf("the tracking number handled again said or kept something:\n%s", h.Transcript(mei.ID))
	}
	if m := h.ask(mei, "谢谢"); !strings.Contains(m.Text, "已补充到您的工单") {
		t.Errorf("after the return was sent: %q", m.Text)
	}
	status := h.ask(mei, "/status").Text
	for _, want := range []string{tk.Ref, "退货 " + r.RMA + "（退货退款）：正在寄回途中", "快递 顺丰速运 SF1234567890"} {
		if !strings.Contains(status, want) {
			t.Errorf("/status lacks %q: %q", want, status)
		}
	}
}

// A photo of the shipping receipt does instead of a tracking number; /status
// shows the date to send it by, then that the receipt is in.
func TestReturnShippedWithReceiptPhoto(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{})
	anna := h.Customer("Anna", "en")
	tk := h.File(anna)
	r, m := h.approve(tk, anna, tickets.ReturnKindExchange, tickets.CauseChangeOfMind, tickets.ReturnApproval{
		Freight: tickets.Freight{Payer: tickets.PayerCustomer},
	})
	sendBy := h.Catalog.FormatDate("en", r.Deadline.In(h.Policy.Shop.TimeZone))
	if status := h.ask(anna, "/status").Text; !strings.Contains(status, "Return "+r.RMA+" (exchange): waiting for you to send it · send it by "+sendBy) {
		t.Errorf("/status before sending: %q", status)
	}

	mark := h.mark(anna)
	h.press(anna, m, "I've sent it")
	h.after(anna, mark, "SF Express SF1234567890")
	mark = h.mark(anna)
	if _, err := h.Sim.SendPhoto(anna.ID, anna.ID, testworld.PNG(t, 40), ""); err != nil {
		t.Fatal(err)
	}
	h.Pump()
	if note := h.after(anna, mark, "is on its way to us"); !strings.Contains(note.Text, "We have the photo of your receipt") {
		t.Errorf("the confirmation: %q", note.Text)
	}
	got := h.getReturn(r.RMA)
	if got.State != tickets.ReturnShipped || got.Tracking != "" || len(got.ShippingMedia) != 1 || got.ShippingMedia[0].Kind != "photo" {
		t.Fatalf("after the receipt: %+v", got)
	}
	if status := h.ask(anna, "/status").Text; !strings.Contains(status, "on its way to us · we have the photo of your receipt") {
		t.Errorf("/status after sending: %q", status)
	}
}

// A paid repair asks for the estimate to be accepted before anything else;
// once accepted, the customer is asked to send it, and does.
func TestPaidRepairAccepted(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{})
	olga := h.Customer("Olga", "en")
	tk := h.File(olga)
	r, m := h.approve(tk, olga, tickets.ReturnKindRepair, tickets.CauseOutOfWarranty, tickets.ReturnApproval{
		Freight: tickets.Freight{Payer: tickets.PayerCustomer}, Fee: tickets.Fee{Cents: 12000, Currency: "CNY"},
	})
	accept := "Accept the estimate (¥120.00)"
	if !strings.Contains(m.Text, "estimated at ¥120.00") || buttonData(m, accept) == "" || buttonData(m, "Decline") == "" ||
		buttonData(m, "I have a question") == "" || buttonData(m, "I've sent it") != "" {
		t.Fatalf("the paid repair's instructions: %q %+v", m.Text, m.ReplyMarkup)
	}
	// Nothing proceeds before the estimate is accepted.
	if toast := h.pressPrivate(olga, m.ID, buttonData(m, accept), bot.ReturnData("s", r.RMA)); !strings.Contains(toast, "accept or decline the repair estimate first") {
		t.Errorf("sent before accepting: %q", toast)
	}

	mark := h.mark(olga)
	if toast := h.pressPrivate(olga, m.ID, bot.ReturnData("a", r.RMA), bot.ReturnData("a", r.RMA)); toast != "Thank you, the estimate is accepted." {
		t.Errorf("accepting: %q", toast)
	}
	note := h.after(olga, mark, "accepted the repair estimate of ¥120.00")
	if got := h.getReturn(r.RMA); !got.FeeAccepted || got.FeeDecided.At.IsZero() || got.State != tickets.ReturnApproved {
		t.Fatalf("after accepting: %+v", got)
	}
	if kb := h.message(olga, m.ID).ReplyMarkup; kb != nil && len(kb.InlineKeyboard) > 0 {
		t.Errorf("the estimate's buttons stayed after the answer: %+v", kb)
	}
	// An old client presses Accept again.
	if toast := h.pressPrivate(olga, m.ID, bot.ReturnData("q", r.RMA), bot.ReturnData("a", r.RMA)); !strings.Contains(toast, "no longer applies") {
		t.Errorf("accepting twice: %q", toast)
	}

	mark = h.mark(olga)
	h.press(olga, note, "I've sent it")
	h.after(olga, mark, "SF Express SF1234567890")
	mark = h.mark(olga)
	h.send(olga, "JD0012345678901")
	if shipped := h.after(olga, mark, "is on its way to us"); !strings.Contains(shipped.Text, "JD Logistics JD0012345678901") {
		t.Errorf("the confirmation: %q", shipped.Text)
	}
	if got := h.getReturn(r.RMA); got.State != tickets.ReturnShipped || got.Carrier != "JD Logistics" {
		t.Errorf("after sending: %+v", got)
	}
}

// A declined estimate cancels the repair; the customer is told so and that
// staff will be in touch.
func TestPaidRepairDeclined(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{})
	mei := h.Customer("Mei", "zh-hans")
	tk := h.File(mei)
	r, m := h.approve(tk, mei, tickets.ReturnKindRepair, tickets.CauseCustomerDamage, tickets.ReturnApproval{
		Freight: tickets.Freight{Payer: tickets.PayerCustomer}, Fee: tickets.Fee{Cents: 8550, Currency: "CNY"},
	})
	mark := h.mark(mei)
	if toast := h.press(mei, m, "不接受"); toast != "已拒绝报价。" {
		t.Errorf("declining: %q", toast)
	}
	note := h.after(mei, mark, "您没有接受 ¥85.50 的维修报价")
	if !strings.Contains(note.Text, "请不要寄出") || !strings.Contains(note.Text, "售后人员会在这里和您联系") {
		t.Errorf("the decline's confirmation: %q", note.Text)
	}
	if got := h.getReturn(r.RMA); got.State != tickets.ReturnCancelled || got.FeeAccepted || got.FeeDecided.At.IsZero() {
		t.Errorf("after declining: %+v", got)
	}
}

// A refusal tells the customer the owner's reason as written and what the
// policy still offers them.
func TestReturnRefused(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{})
	anna := h.Customer("Anna", "en")
	tk := h.File(anna)
	ctx := context.Background()
	owner := tickets.Actor{Kind: tickets.ActorOwner, ID: h.Owner.ID}
	r, err := h.Store.StartReturn(ctx, tk.Ref, tickets.ReturnKindRefund, tickets.CauseChangeOfMind, owner)
	if err != nil {
		t.Fatal(err)
	}
	reason := "The care label shows a <60°C> wash & tumble dry."
	if _, err := h.Store.RefuseReturn(ctx, r.RMA, tickets.ReturnRefusal{Exclusion: "washed", Reason: reason, Alternatives: []string{"repair"}}, owner); err != nil {
		t.Fatal(err)
	}
	washed, _ := h.Policy.Exclusion("washed")
	note := h.CustomerText(anna, "we can't accept this return")
	if !strings.Contains(note.Text, r.RMA) || !strings.Contains(note.Text, reason) || !strings.Contains(note.Text, "What you can still do: "+washed.Alternative["en"]) {
		t.Errorf("the refusal: %q", note.Text)
	}
	if note.ReplyMarkup != nil && len(note.ReplyMarkup.InlineKeyboard) > 0 {
		t.Errorf("the refusal has buttons: %+v", note.ReplyMarkup)
	}
}

// A button carrying another customer's return, one that does not exist or
// a garbled one is refused politely and changes nothing: no step, and no
// wait for a tracking number.
func TestReturnButtonOfAnotherCustomer(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{})
	anna := h.Customer("Anna", "en")
	bob := h.Customer("Bob", "en")
	ta, tb := h.File(anna), h.File(bob)
	ra, ma := h.approve(ta, anna, tickets.ReturnKindRefund, tickets.CauseQualityFault, tickets.ReturnApproval{})
	rb, _ := h.approve(tb, bob, tickets.ReturnKindRepair, tickets.CauseOutOfWarranty, tickets.ReturnApproval{
		Freight: tickets.Freight{Payer: tickets.PayerCustomer}, Fee: tickets.Fee{Cents: 5000, Currency: "CNY"},
	})
	keep := bot.ReturnData("s", ra.RMA)
	before := h.mark(anna)
	for _, data := range []string{bot.ReturnData("a", rb.RMA), bot.ReturnData("d", rb.RMA), bot.ReturnData("s", rb.RMA),
		bot.ReturnData("q", rb.RMA), bot.ReturnData("s", "RMA-ZZZ-ZZZ"), "rc:s:nonsense", "rc:z:" + ra.RMA} {
		if toast := h.pressPrivate(anna, ma.ID, keep, data); toast != "This button isn't for a return of yours, or it no longer applies." {
			t.Errorf("Anna pressing %q: %q", data, toast)
		}
	}
	if got := h.getReturn(rb.RMA); got.State != tickets.ReturnApproved || !got.FeeDecided.At.IsZero() {
		t.Errorf("Bob's return after Anna's presses: %+v", got)
	}
	if h.mark(anna) != before {
		t.Errorf("a refused press said something:\n%s", h.Transcript(anna.ID))
	}
	if m := h.ask(anna, "SF1234567890"); !strings.Contains(m.Text, "I have added this to your ticket") {
		t.Errorf("Anna's text after the refused presses: %q", m.Text)
	}
	if h.getReturn(ra.RMA).State != tickets.ReturnApproved || h.getReturn(rb.RMA).Tracking != "" {
		t.Error("a refused press let a tracking number through")
	}
}

// "I have a question" sends the customer's next message to the return's
// ticket, and so to its thread in the staff group.
func TestReturnQuestionGoesToTheThread(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{})
	anna := h.Customer("Anna", "en")
	tk := h.File(anna)
	th := h.Thread(tk.ID)
	r, m := h.approve(tk, anna, tickets.ReturnKindRefund, tickets.CauseQualityFault, tickets.ReturnApproval{})

	mark := h.mark(anna)
	h.press(anna, m, "I have a question")
	if prompt := h.after(anna, mark, "goes straight to the team"); !strings.Contains(prompt.Text, tk.Ref) || !strings.Contains(prompt.Text, r.RMA) {
		t.Errorf("the question's prompt: %q", prompt.Text)
	}
	question := "May I send it in a <different> box & bag?"
	if m := h.ask(anna, question); !strings.Contains(m.Text, "I have added this to your ticket "+tk.Ref) {
		t.Errorf("after the question: %q", m.Text)
	}
	relayed := h.GroupText(question)
	if relayed.MessageThreadID != int(th.ThreadID) {
		t.Errorf("the question is in thread %d, the ticket's is %d", relayed.MessageThreadID, th.ThreadID)
	}
	if msgs := h.Ticket(tk.Ref).Messages; len(msgs) != 1 || msgs[0].Text != question {
		t.Errorf("the ticket's messages: %+v", msgs)
	}
}

// The tracking prompt comes first only right after the press: a complaint
// the customer was writing waits untouched, /cancel leaves the prompt (and
// only the prompt), and the dialogue takes its answers again once the
// tracking number is in.
func TestTrackingPromptKeepsTheDialogue(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{})
	lin := h.Customer("Lin", "en")
	tk := h.File(lin)
	r, m := h.approve(tk, lin, tickets.ReturnKindRefund, tickets.CauseQualityFault, tickets.ReturnApproval{})
	d := customersim.New(h.Sim, h.Catalog, lin)
	step := func(do func() error, want string) {
		t.Helper()
		if err := do(); err != nil {
			t.Fatal(err)
		}
		h.Pump()
		if _, err := d.WaitFor(want); err != nil {
			t.Fatal(err)
		}
	}
	step(func() error { return d.Send("/new") }, "conversation.ask_category")

	mark := h.mark(lin)
	h.press(lin, m, "I've sent it")
	h.after(lin, mark, "SF Express SF1234567890")
	if left := h.ask(lin, "/cancel").Text; !strings.Contains(left, "stopped waiting for the tracking number of return "+r.RMA) {
		t.Errorf("/cancel: %q", left)
	}
	apparel, _ := h.Policy.Category("apparel")
	step(func() error { return d.Press(apparel.Name["en"]) }, "conversation.ask_order")

	mark = h.mark(lin)
	h.press(lin, m, "I've sent it")
	h.after(lin, mark, "SF Express SF1234567890")
	mark = h.mark(lin)
	h.send(lin, "YTO YT1234567890123")
	h.after(lin, mark, "YTO Express YT1234567890123")
	step(func() error { return d.Send("SO20261116") }, "conversation.ask_date")
	if got := h.getReturn(r.RMA); got.State != tickets.ReturnShipped || got.Tracking != "YT1234567890123" {
		t.Errorf("the return: %+v", got)
	}
}

// The bot waits for the tracking number in Redis: an edge started afresh,
// as after a restart or on another replica, takes it.
func TestTrackingPromptSurvivesARestart(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{})
	mei := h.Customer("Mei", "zh-hans")
	tk := h.File(mei)
	r, m := h.approve(tk, mei, tickets.ReturnKindExchange, tickets.CauseQualityFault, tickets.ReturnApproval{})
	mark := h.mark(mei)
	h.press(mei, m, "我已寄出")
	h.after(mei, mark, "顺丰 SF1234567890")

	// A new process: its own edge and dialogue engine over the same Redis
	// and PostgreSQL. (Its Start would only learn the bot's name and set
	// the command menus again.)
	dialogue := conversation.NewEngine(conversation.NewStore(h.Redis, conversation.StoreConfig{Prefix: h.Prefix}),
		h.Policy, h.Clock.Now).WithDrafts(h.Store.Drafts())
	h.Edge = bot.NewEdge(bot.EdgeDeps{
		Sender: h.Sender, Dialogue: dialogue, Tickets: h.Store,
		Catalog: h.Catalog, Policy: h.Policy, Redis: h.Redis, Desk: h.Desk,
	}, bot.EdgeConfig{RedisPrefix: h.Prefix, StaffSignature: "name", Clock: h.Clock.Now})

	mark = h.mark(mei)
	h.send(mei, "中通 7891 2345 6789 01")
	if note := h.after(mei, mark, "已在寄回途中"); !strings.Contains(note.Text, "中通快递 78912345678901") {
		t.Errorf("the confirmation: %q", note.Text)
	}
	if got := h.getReturn(r.RMA); got.Carrier != "ZTO Express" || got.Tracking != "78912345678901" {
		t.Errorf("the return: %+v", got)
	}
}

// The reminders before the deadline and on its day read naturally in both
// languages and bring the button the return waits for: "I've sent it", or,
// while a paid repair's estimate waits, accepting it. A new deadline brings
// "I've sent it" again; an expired return only the question.
func TestReturnReminders(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{})
	anna := h.Customer("Anna", "en")
	mei := h.Customer("Mei", "zh-hans")
	ta, tm := h.File(anna), h.File(mei)
	tz := h.Policy.Shop.TimeZone
	start := h.Clock.Now().In(tz)
	day := func(n, hour, minute, sec int) time.Time {
		return time.Date(start.Year(), start.Month(), start.Day()+n, hour, minute, sec, 0, tz)
	}
	deadline := day(5, 23, 59, 59)
	ra, _ := h.approve(ta, anna, tickets.ReturnKindRefund, tickets.CauseQualityFault, tickets.ReturnApproval{Deadline: deadline})
	rm, _ := h.approve(tm, mei, tickets.ReturnKindRepair, tickets.CauseOutOfWarranty, tickets.ReturnApproval{
		Deadline: deadline, Freight: tickets.Freight{Payer: tickets.PayerCustomer}, Fee: tickets.Fee{Cents: 12000, Currency: "CNY"},
	})
	ma, mm := h.mark(anna), h.mark(mei)

	h.Clock.Advance(day(3, 10, 30, 0).Sub(h.Clock.Now()))
	h.runJob("return_reminder", ra.ID, "before")
	h.runJob("return_reminder", rm.ID, "before")
	en := h.after(anna, ma, "A friendly reminder about return "+ra.RMA)
	if !strings.Contains(en.Text, "2 days from now") || !strings.Contains(en.Text, "(Beijing time)") || buttonData(en, "I've sent it") == "" {
		t.Errorf("the reminder in English: %q %+v", en.Text, en.ReplyMarkup)
	}
	zh := h.after(mei, mm, "温馨提醒：退货 "+rm.RMA)
	if !strings.Contains(zh.Text, "还有 2 天") || !strings.Contains(zh.Text, "是否接受维修报价") ||
		buttonData(zh, "接受报价（¥120.00）") == "" || buttonData(zh, "我已寄出") != "" {
		t.Errorf("the reminder in Chinese: %q %+v", zh.Text, zh.ReplyMarkup)
	}

	ma, mm = h.mark(anna), h.mark(mei)
	h.Clock.Advance(day(5, 10, 30, 0).Sub(h.Clock.Now()))
	h.runJob("return_reminder", ra.ID, "due")
	h.runJob("return_reminder", rm.ID, "due")
	en = h.after(anna, ma, "Today is the last day to send return "+ra.RMA)
	if !strings.Contains(en.Text, "23:59 today") || buttonData(en, "I've sent it") == "" {
		t.Errorf("the day's reminder in English: %q %+v", en.Text, en.ReplyMarkup)
	}
	zh = h.after(mei, mm, "今天是退货 "+rm.RMA+"（工单 "+tm.Ref+"）寄出的最后一天")
	if !strings.Contains(zh.Text, "今天 23:59") || buttonData(zh, "不接受") == "" {
		t.Errorf("the day's reminder in Chinese: %q %+v", zh.Text, zh.ReplyMarkup)
	}

	ma, mm = h.mark(anna), h.mark(mei)
	owner := tickets.Actor{Kind: tickets.ActorOwner, ID: h.Owner.ID}
	if _, err := h.Store.ExtendReturn(context.Background(), ra.RMA, day(8, 23, 59, 59), owner); err != nil {
		t.Fatal(err)
	}
	en = h.after(anna, ma, "Good news: you now have until")
	if !strings.Contains(en.Text, ra.RMA) || buttonData(en, "I've sent it") == "" {
		t.Errorf("the new deadline: %q %+v", en.Text, en.ReplyMarkup)
	}
	h.Clock.Advance(day(6, 0, 30, 0).Sub(h.Clock.Now()))
	h.runJob("return_expiry", rm.ID, "")
	zh = h.after(mei, mm, "的寄出期限")
	if !strings.Contains(zh.Text, "已过") || buttonData(zh, "我有疑问") == "" || buttonData(zh, "我已寄出") != "" || buttonData(zh, "不接受") != "" {
		t.Errorf("the expiry in Chinese: %q %+v", zh.Text, zh.ReplyMarkup)
	}
}

// runJob makes a return's scheduled reminder (which: "before" or "due") or
// expiry (which: "") available now, as if its time had come.
func (h *harness) runJob(kind string, returnID int64, which string) {
	h.T.Helper()
	ctx := context.Background()
	var id int64
	err := h.Pool.QueryRow(ctx, `SELECT id FROM river_job WHERE kind = $1 AND state = 'scheduled'
		AND (args->>'return_id')::bigint = $2 AND coalesce(args->>'reminder', '') = $3`, kind, returnID, which).Scan(&id)
	if err != nil {
		h.T.Fatalf("%s %s of return %d: %v", kind, which, returnID, err)
	}
	if _, err := h.Inserter.JobRetry(ctx, id); err != nil {
		h.T.Fatal(err)
	}
}
