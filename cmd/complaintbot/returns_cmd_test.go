package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// returnsShop is a shop's tickets and returns on a fresh schema, with a
// clock the test moves: the owner Zhang and Li of the desk, and tickets
// filed on 20 November 2026 in the shop's time zone (Asia/Shanghai).
type returnsShop struct {
	t     *testing.T
	dbURL string
	pool  *pgxpool.Pool
	store *tickets.Store
	now   time.Time
	chat  int64
}

var (
	returnsOwner = tickets.Staff{UserID: 7, Name: "Zhang", Owner: true}
	returnsLi    = tickets.Staff{UserID: 9, Name: "Li", Username: "li_desk"}
)

func newReturnsShop(t *testing.T) *returnsShop {
	t.Helper()
	ctx := context.Background()
	s := &returnsShop{t: t, dbURL: pgtest.NewURL(t), now: novAt(20, 9, 0), chat: 600}
	var err error
	if s.pool, err = pgxpool.New(ctx, s.dbURL); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.pool.Close)
	if s.store, err = tickets.NewStore(s.pool, policy.Default(), func() time.Time { return s.now }); err != nil {
		t.Fatal(err)
	}
	s.check(s.store.SeeStaff(ctx, returnsOwner))
	s.check(s.store.SeeStaff(ctx, returnsLi))
	return s
}

// returnsZone is the default policy's time zone, Asia/Shanghai.
var returnsZone = sync.OnceValue(func() *time.Location { return policy.Default().Shop.TimeZone })

// novAt is a time in November 2026, shop time.
func novAt(day, hour, minute int) time.Time {
	return time.Date(2026, 11, day, hour, minute, 0, 0, returnsZone())
}

func (s *returnsShop) check(err error) {
	s.t.Helper()
	if err != nil {
		s.t.Fatal(err)
	}
}

// at moves the clock to 20 November, hour:minute.
func (s *returnsShop) at(hour, minute int) *returnsShop {
	s.now = novAt(20, hour, minute)
	return s
}

// file files a ticket from a new customer called name about category.
func (s *returnsShop) file(name, category string) *tickets.Ticket {
	s.t.Helper()
	s.chat++
	pol := policy.Default()
	bought := novAt(18, 0, 0)
	tk, _, err := s.store.File(context.Background(), tickets.NewTicket{
		SubmissionID: "ret-" + name, ChatID: s.chat, UserID: s.chat, FirstName: name, Lang: "zh",
		Category: category, OrderNo: "SO20261118", Purchased: bought,
		Issue: policy.IssueFault, Description: "It broke.", Outcome: policy.OutcomeRefund,
		Verdict: pol.Decide(policy.Facts{Category: category, Issue: policy.IssueFault, Purchased: bought}, s.now),
	})
	s.check(err)
	return tk
}

func (s *returnsShop) start(tk *tickets.Ticket, kind tickets.ReturnKind, cause tickets.ReturnCause) string {
	s.t.Helper()
	r, err := s.store.StartReturn(context.Background(), tk.Ref, kind, cause, returnsOwner.Actor())
	s.check(err)
	return r.RMA
}

// approve approves the return; a zero deadline is the default, seven days
// on at the end of the day.
func (s *returnsShop) approve(rma string, deadline time.Time, freight tickets.Freight, fee tickets.Fee) {
	s.t.Helper()
	_, err := s.store.ApproveReturn(context.Background(), rma, tickets.ReturnApproval{
		Instructions: "请将商品寄回：浙江省杭州市西湖区示例路 88 号", Lang: "zh",
		Deadline: deadline, Freight: freight, WarehouseID: "main", Fee: fee,
	}, returnsOwner.Actor())
	s.check(err)
}

func (s *returnsShop) ship(rma string, by tickets.Actor, sh tickets.Shipment) {
	s.t.Helper()
	_, err := s.store.RecordShipped(context.Background(), rma, sh, by)
	s.check(err)
}

func customerActor(tk *tickets.Ticket) tickets.Actor {
	return tickets.Actor{Kind: tickets.ActorCustomer, ID: tk.CustomerUserID}
}

var shopPays = tickets.Freight{Payer: tickets.PayerShop, Reason: "quality fault"}

// returnsWorld is the warehouse's week, seen on 20 November:
//   - heater: Zhang Min's solar water heater to exchange, approved, to be
//     sent by 24 November 18:00;
//   - jacket: Li Wei's jacket for a refund, approved and sent by the
//     customer with SF Express, to be sent by 27 November (the default);
//   - refused: Wang Fang's return for a refund, refused as washed;
//   - tricky: a return only requested, from a customer whose name carries a
//     spreadsheet formula and a terminal escape sequence.
//
// They were started in that order, so the newest is tricky.
type returnsWorld struct {
	dbURL                           string
	heater, jacket, refused, tricky string // the returns' RMAs
	heaterRef, trickyRef            string
}

func returnsFixture(t *testing.T) returnsWorld {
	t.Helper()
	s := newReturnsShop(t)
	var w returnsWorld
	w.dbURL = s.dbURL

	tk := s.at(9, 30).file("Zhang Min", "solar_water_heater")
	w.heaterRef = tk.Ref
	w.heater = s.start(tk, tickets.ReturnKindExchange, tickets.CauseQualityFault)
	s.at(9, 35).approve(w.heater, novAt(24, 18, 0), shopPays, tickets.Fee{})

	tk = s.at(10, 0).file("Li Wei", "apparel")
	w.jacket = s.start(tk, tickets.ReturnKindRefund, tickets.CauseQualityFault)
	s.at(10, 5).approve(w.jacket, time.Time{}, shopPays, tickets.Fee{})
	s.at(10, 20).ship(w.jacket, customerActor(tk), tickets.Shipment{Carrier: "SF Express", Tracking: "SF1234567890"})

	tk = s.at(11, 0).file("Wang Fang", "apparel")
	w.refused = s.start(tk, tickets.ReturnKindRefund, tickets.CauseChangeOfMind)
	_, err := s.store.RefuseReturn(context.Background(), w.refused,
		tickets.ReturnRefusal{Exclusion: "washed", Alternatives: []string{"repair"}}, returnsOwner.Actor())
	s.check(err)

	tk = s.at(12, 0).file("=HYPERLINK(\"x\")\x1b[2J", "apparel")
	w.trickyRef = tk.Ref
	w.tricky = s.start(tk, tickets.ReturnKindRepair, tickets.CauseQualityFault)
	return w
}

// runReturns runs "complaintbot returns args..." with the staff's language
// English, on the database at dbURL.
func runReturns(t *testing.T, dbURL string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runCommand(t, "returns", map[string]string{"DATABASE_URL": dbURL, "STAFF_LANG": "en"}, args...)
}

// tableLines splits a table into its lines.
func tableLines(out string) []string {
	return strings.Split(strings.TrimSuffix(out, "\n"), "\n")
}

// A warehouse worker asks for help and gets the command and its own flags,
// not the service's.
func TestReturnsHelp(t *testing.T) {
	t.Parallel()
	env := map[string]string{"DATABASE_URL": "postgres://owner:hunter2@127.0.0.1:1/shop"}
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}} {
		code, out, errOut := runCommand(t, "returns", env, args...)
		if code != 0 {
			t.Errorf("returns %s: exit %d, want 0; stderr %q", args, code, errOut)
		}
		for _, want := range []string{"usage: complaintbot returns", "list [--state S] [--open]", "DATABASE_URL", "STAFF_LANG"} {
			if !strings.Contains(out+errOut, want) {
				t.Errorf("returns %s does not say %q:\n%s", args, want, out+errOut)
			}
		}
	}

	code, out, errOut := runCommand(t, "returns", env, "list", "-h")
	help := out + errOut
	if code != 0 || !strings.Contains(help, "usage: complaintbot returns list") {
		t.Errorf("returns list -h: exit %d, want 0 and its usage:\n%s", code, help)
	}
	for _, want := range []string{"-state", "requested, approved, shipped", "-open", "-format", "-database", "$DATABASE_URL",
		"-staff-lang", "-policy", "-log-level"} {
		if !strings.Contains(help, want) {
			t.Errorf("returns list -h does not offer %s:\n%s", want, help)
		}
	}
	for _, other := range []string{"webhook", "WEBHOOK_URL", "-token", "-redis", "-http", "-staff-chat", "-owners", "-status", "hunter2"} {
		if strings.Contains(help, other) {
			t.Errorf("returns list -h shows %q, which it does not use:\n%s", other, help)
		}
	}

	code, out, _ = runCommand(t, "returns", env)
	if code != 2 || out != "" {
		t.Errorf("returns without a subcommand: exit %d, want 2", code)
	}
	var top bytes.Buffer
	run(context.Background(), []string{"-h"}, func(string) string { return "" }, &top, &top)
	if !strings.Contains(top.String(), "returns") {
		t.Errorf("complaintbot -h does not list the returns command:\n%s", top.String())
	}
}

func TestReturnsList(t *testing.T) {
	t.Parallel()
	w := returnsFixture(t)

	// The service's settings mean nothing here, even when they are wrong.
	env := map[string]string{"DATABASE_URL": w.dbURL, "STAFF_LANG": "en",
		"TELEGRAM_BOT_TOKEN": "not a token", "WEBHOOK_URL": "nowhere", "REDIS_URL": "bad"}
	code, out, errOut := runCommand(t, "returns", env, "list")
	if code != 0 {
		t.Fatalf("list: exit %d, stderr %q", code, errOut)
	}
	// Those the warehouse expects come first, the earliest send-by deadline
	// first; then the others, newest first.
	lines := tableLines(out)
	if len(lines) != 5 || !strings.HasPrefix(lines[0], "RMA") || !strings.HasPrefix(lines[1], w.heater) ||
		!strings.HasPrefix(lines[2], w.jacket) || !strings.HasPrefix(lines[3], w.tricky) || !strings.HasPrefix(lines[4], w.refused) {
		t.Fatalf("list table, want the heading, then %s, %s, %s, %s:\n%s", w.heater, w.jacket, w.tricky, w.refused, out)
	}
	for i, want := range [][]string{
		{"TICKET", "CUSTOMER", "PRODUCT", "KIND", "STATE", "SEND BY", "CARRIER", "TRACKING", "UPDATED"},
		{w.heaterRef, "Zhang Min", "Solar water heater", "Exchange", "Approved, to be sent", "2026-11-24 18:00 CST",
			"2026-11-20 09:35 CST"},
		{"Li Wei", "Clothing", "Refund", "Sent", "2026-11-27 23:59 CST", "SF Express", "SF1234567890", "2026-11-20 10:20 CST"},
		{w.trickyRef, "Clothing", "Repair", "Requested"},
		{"Wang Fang", "Refund", "Refused"},
	} {
		for _, s := range want {
			if !strings.Contains(lines[i], s) {
				t.Errorf("list line %d lacks %q:\n%s", i, s, out)
			}
		}
	}
	for _, id := range []string{"solar_water_heater", "apparel", "shipped", "approved", "exchange", "+08:00"} {
		if strings.Contains(out, id) {
			t.Errorf("list table shows the id %q instead of its label:\n%s", id, out)
		}
	}
	if strings.ContainsRune(out, '\x1b') {
		t.Errorf("list table passes an escape sequence to the terminal:\n%q", out)
	}

	code, out, _ = runReturns(t, w.dbURL, "list", "--state", "shipped")
	if lines = tableLines(out); code != 0 || len(lines) != 2 || !strings.HasPrefix(lines[1], w.jacket) {
		t.Errorf("list --state shipped: exit %d, want only %s:\n%s", code, w.jacket, out)
	}
	code, out, _ = runReturns(t, w.dbURL, "list", "--open")
	if lines = tableLines(out); code != 0 || len(lines) != 4 || strings.Contains(out, w.refused) {
		t.Errorf("list --open: exit %d, want all but the refused %s:\n%s", code, w.refused, out)
	}
	code, out, _ = runReturns(t, w.dbURL, "list", "--open", "--state", "refused")
	if code != 0 || out != "No returns.\n" {
		t.Errorf("list --open --state refused: exit %d, %q; want none", code, out)
	}

	// In Chinese, with the columns lined up however wide the characters.
	code, out, _ = runCommand(t, "returns", map[string]string{"DATABASE_URL": w.dbURL, "STAFF_LANG": "zh"}, "list")
	lines = tableLines(out)
	if code != 0 || len(lines) != 5 || !strings.HasPrefix(lines[0], "退回编号") {
		t.Fatalf("list in Chinese: exit %d:\n%s", code, out)
	}
	for _, s := range []string{"工单", "客户", "商品", "类型", "状态", "寄出期限", "快递公司", "运单号", "更新时间",
		"太阳能热水器", "服装", "换货", "退货退款", "寄回维修", "已批准，待寄出", "已寄出", "待批准", "已拒绝"} {
		if !strings.Contains(out, s) {
			t.Errorf("list in Chinese lacks %q:\n%s", s, out)
		}
	}
	if strings.Contains(out, "Refund") || strings.Contains(out, "Clothing") || strings.Contains(out, "apparel") {
		t.Errorf("list in Chinese shows English or an id:\n%s", out)
	}
	want := displayWidth(lines[0][:strings.Index(lines[0], "更新时间")])
	for i, line := range lines[1:] {
		if got := displayWidth(line[:strings.LastIndex(line, "2026-11-20")]); got != want {
			t.Errorf("list in Chinese, row %d: the update starts at cell %d, its heading at %d:\n%s", i+1, got, want, out)
		}
	}

	// JSON is for programs: ids, and RFC 3339 times with the shop's offset.
	code, out, _ = runReturns(t, w.dbURL, "list", "--format", "json")
	var list []tickets.Return
	if err := json.Unmarshal([]byte(out), &list); code != 0 || err != nil {
		t.Fatalf("list json: exit %d, %v\n%s", code, err, out)
	}
	var rmas []string
	for _, r := range list {
		rmas = append(rmas, r.RMA)
	}
	if !slices.Equal(rmas, []string{w.heater, w.jacket, w.tricky, w.refused}) {
		t.Errorf("list json in the order %q", rmas)
	}
	if h := list[0]; h.Kind != tickets.ReturnKindExchange || h.State != tickets.ReturnApproved ||
		h.Category != "solar_water_heater" || h.TicketRef != w.heaterRef || h.CustomerName != "Zhang Min" {
		t.Errorf("list json, the heater: %+v", h)
	}
	for _, s := range []string{`"deadline": "2026-11-24T18:00:00+08:00"`, `"state": "shipped"`, `"carrier": "SF Express"`,
		`"tracking": "SF1234567890"`, `"kind": "refund"`, `"refusal_exclusion": "washed"`} {
		if !strings.Contains(out, s) {
			t.Errorf("list json lacks %s:\n%s", s, out)
		}
	}
	code, out, _ = runReturns(t, w.dbURL, "list", "--state", "closed", "--format", "json")
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("empty list json: exit %d, %q", code, out)
	}

	code, out, _ = runReturns(t, w.dbURL, "list", "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil || len(rows) != 5 {
		t.Fatalf("list csv: exit %d, %v, %d rows\n%s", code, err, len(rows), out)
	}
	col := func(row int, name string) string {
		t.Helper()
		i := slices.Index(rows[0], name)
		if i < 0 {
			t.Fatalf("list csv has no column %q: %q", name, rows[0])
		}
		return rows[row][i]
	}
	if rows[0][0] != "rma" || rows[1][0] != w.heater || rows[2][0] != w.jacket || rows[3][0] != w.tricky || rows[4][0] != w.refused {
		t.Errorf("list csv rows: %q", rows)
	}
	if col(2, "ticket_ref") == "" || col(2, "state") != "shipped" || col(2, "kind") != "refund" || col(2, "category") != "apparel" ||
		col(2, "deadline") != "2026-11-27T23:59:59+08:00" || col(2, "carrier") != "SF Express" ||
		col(2, "tracking") != "SF1234567890" || col(2, "shipped_at") != "2026-11-20T10:20:00+08:00" ||
		col(2, "freight_payer") != "shop" || col(2, "customer_name") != "Li Wei" {
		t.Errorf("list csv, the jacket: %q", rows[2])
	}
	if !strings.HasPrefix(col(3, "customer_name"), "'=") || col(3, "deadline") != "" || col(3, "state") != "requested" {
		t.Errorf("list csv, the requested return: %q", rows[3])
	}
}

// Mistakes at the terminal get one line and the usage status.
func TestReturnsErrors(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.NewURL(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "usage: complaintbot returns"},
		{[]string{"show"}, `unknown subcommand "show"`},
		{[]string{"list", "--state", "lost"}, `--state: "lost" is not one of requested, approved, shipped, received, refunded, exchanged, repaired, closed, refused, cancelled, expired`},
		{[]string{"list", "--format", "xml"}, `--format: "xml" is not one of table, json, csv`},
		{[]string{"list", "shipped"}, `unexpected "shipped"`},
	} {
		code, _, errOut := runReturns(t, dbURL, tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("returns %q: exit %d, stderr %q; want exit 2 and one line with %q", tc.args, code, errOut, tc.want)
		}
	}
	// A flag of the tickets command, or of the service, is not one of this.
	for _, flag := range []string{"--status", "--webhook-url"} {
		code, _, errOut := runReturns(t, dbURL, "list", flag, "x")
		if code != 2 || !strings.Contains(errOut, flag[1:]) {
			t.Errorf("returns list %s: exit %d, want 2 naming the flag; stderr %q", flag, code, errOut)
		}
	}
}

// "tickets show" tells every step of a return as a sentence, in the staff's
// language, with what the customer typed made safe for the terminal.
func TestTicketsShowReturnEvents(t *testing.T) {
	t.Parallel()
	s := newReturnsShop(t)
	ctx := context.Background()
	owner, li := returnsOwner.Actor(), returnsLi.Actor()
	tk := s.at(9, 30).file("Li Wei", "apparel")
	buyer := customerActor(tk)

	// A paid repair the customer declines.
	paid := s.at(10, 0).start(tk, tickets.ReturnKindRepair, tickets.CauseOutOfWarranty)
	s.at(10, 5).approve(paid, time.Time{}, tickets.Freight{Payer: tickets.PayerCustomer}, tickets.Fee{Cents: 12000, Currency: "CNY"})
	_, err := s.at(10, 10).store.DeclineFee(ctx, paid, buyer)
	s.check(err)

	// A refund refused: the item was washed; a repair is still open.
	refused := s.at(10, 20).start(tk, tickets.ReturnKindRefund, tickets.CauseChangeOfMind)
	_, err = s.at(10, 25).store.RefuseReturn(ctx, refused,
		tickets.ReturnRefusal{Exclusion: "washed", Alternatives: []string{"repair"}}, owner)
	s.check(err)

	// An exchange started and cancelled.
	cancelled := s.at(10, 30).start(tk, tickets.ReturnKindExchange, tickets.CauseQualityFault)
	_, err = s.at(10, 35).store.CancelReturn(ctx, cancelled, owner)
	s.check(err)

	// A paid repair accepted, given more time, recorded sent by Li with a
	// photo of the receipt, received damaged, repaired and closed.
	repair := s.at(10, 40).start(tk, tickets.ReturnKindRepair, tickets.CauseOutOfWarranty)
	s.at(10, 45).approve(repair, novAt(22, 18, 0), tickets.Freight{Payer: tickets.PayerShop, PostageRefunded: true},
		tickets.Fee{Cents: 8000, Currency: "CNY"})
	_, err = s.at(10, 50).store.AcceptFee(ctx, repair, buyer)
	s.check(err)
	_, err = s.at(11, 0).store.ExtendReturn(ctx, repair, novAt(25, 18, 0), owner)
	s.check(err)
	s.at(11, 5).ship(repair, li, tickets.Shipment{Receipt: []tickets.Media{{Kind: "photo", FileID: "receipt-1"}}})
	_, err = s.at(11, 10).store.RecordReceived(ctx, repair, tickets.Inspection{Result: tickets.InspectionCustomerDamage,
		Media: []tickets.Media{{Kind: "photo", FileID: "box-1"}, {Kind: "photo", FileID: "box-2"}}}, li)
	s.check(err)
	_, err = s.at(11, 15).store.CompleteReturn(ctx, repair, tickets.ReturnRepaired, owner)
	s.check(err)
	_, err = s.at(11, 20).store.CloseReturn(ctx, repair, owner)
	s.check(err)

	// A refund sent by the customer with SF Express, received, refunded,
	// closed.
	refund := s.at(11, 30).start(tk, tickets.ReturnKindRefund, tickets.CauseQualityFault)
	s.at(11, 35).approve(refund, time.Time{}, shopPays, tickets.Fee{})
	s.at(11, 40).ship(refund, buyer, tickets.Shipment{Carrier: "SF Express", Tracking: "SF1234567890"})
	_, err = s.at(11, 45).store.RecordReceived(ctx, refund, tickets.Inspection{Result: tickets.InspectionAsDescribed}, li)
	s.check(err)
	_, err = s.at(11, 50).store.CompleteReturn(ctx, refund, tickets.ReturnRefunded, owner)
	s.check(err)
	_, err = s.at(11, 55).store.CloseReturn(ctx, refund, owner)
	s.check(err)

	// An exchange whose carrier, as the customer typed it, carries an
	// escape sequence, exchanged.
	exchange := s.at(12, 0).start(tk, tickets.ReturnKindExchange, tickets.CauseQualityFault)
	s.at(12, 5).approve(exchange, novAt(25, 18, 0), shopPays, tickets.Fee{})
	// The reminders and the expiry are River's jobs, which this test does
	// not run: their events are logged as the workers log them.
	for _, e := range []struct {
		at   time.Time
		kind string
		data string
	}{
		{novAt(20, 12, 6), "return_reminded", `{"rma": "` + exchange + `", "reminder": "before", "deadline": "2026-11-25T18:00:00+08:00"}`},
		{novAt(20, 12, 7), "return_reminded", `{"rma": "` + exchange + `", "reminder": "due", "deadline": "2026-11-25T18:00:00+08:00"}`},
		{novAt(20, 12, 8), "return_expired", `{"rma": "` + exchange + `", "from": "approved", "to": "expired", "deadline": "2026-11-25T18:00:00+08:00"}`},
	} {
		_, err := s.pool.Exec(ctx, `INSERT INTO ticket_events (ticket_id, actor_kind, actor_id, kind, data, at)
			VALUES ($1, 'system', 0, $2, $3::jsonb, $4)`, tk.ID, e.kind, e.data, e.at)
		s.check(err)
	}
	s.at(12, 10).ship(exchange, buyer, tickets.Shipment{Carrier: "顺丰\x1b[2J速运", Tracking: "SF9876543210"})
	_, err = s.at(12, 15).store.RecordReceived(ctx, exchange, tickets.Inspection{Result: tickets.InspectionAsDescribed}, li)
	s.check(err)
	_, err = s.at(12, 20).store.CompleteReturn(ctx, exchange, tickets.ReturnExchanged, owner)
	s.check(err)

	code, out, errOut := runTickets(t, s.dbURL, "show", tk.Ref)
	if code != 0 {
		t.Fatalf("show: exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{
		"2026-11-20 10:00 CST · Zhang (owner) started a return for repair (" + paid + ") because of a fault out of warranty",
		"2026-11-20 10:05 CST · Zhang (owner) approved the return and sent the instructions: send by 2026-11-27 23:59 CST, freight paid by the customer, a repair fee of 120.00 for the customer to accept first",
		"2026-11-20 10:10 CST · the customer declined the repair fee of 120.00; the return is cancelled",
		"Zhang (owner) started a return for a refund (" + refused + ") because of a change of mind",
		"2026-11-20 10:25 CST · Zhang (owner) refused the return: The item has been washed, so it can no longer be sold as new. Still open: Repair.",
		"Zhang (owner) started a return for an exchange (" + cancelled + ") because of a quality fault",
		"2026-11-20 10:35 CST · Zhang (owner) cancelled the return",
		"freight paid by the customer, refunded by the shop, a repair fee of 80.00",
		"2026-11-20 10:50 CST · the customer accepted the repair fee of 80.00",
		"2026-11-20 11:00 CST · Zhang (owner) moved the send-by deadline from 2026-11-22 18:00 CST to 2026-11-25 18:00 CST",
		"2026-11-20 11:05 CST · Li recorded it sent (photo of the receipt)",
		"2026-11-20 11:10 CST · Li received it: damaged by the customer (photos: 2)",
		"2026-11-20 11:15 CST · Zhang (owner) confirmed the repair",
		"2026-11-20 11:20 CST · Zhang (owner) closed the return",
		"2026-11-20 11:35 CST · Zhang (owner) approved the return and sent the instructions: send by 2026-11-27 23:59 CST, freight paid by the shop\n",
		"2026-11-20 11:40 CST · the customer sent it with SF Express, SF1234567890\n",
		"2026-11-20 11:45 CST · Li received it: as described\n",
		"2026-11-20 11:50 CST · Zhang (owner) confirmed the refund",
		"2026-11-20 11:55 CST · Zhang (owner) closed the return",
		"2026-11-20 12:06 CST · the service reminded the customer to send it by 2026-11-25 18:00 CST",
		"2026-11-20 12:07 CST · the service reminded the customer that today is the last day to send it (by 2026-11-25 18:00 CST)",
		"2026-11-20 12:08 CST · the service marked the return expired: nothing was sent by 2026-11-25 18:00 CST",
		"2026-11-20 12:10 CST · the customer sent it with 顺丰\uFFFD[2J速运, SF9876543210",
		"2026-11-20 12:20 CST · Zhang (owner) confirmed the replacement was sent",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("show is missing %q:\n%s", want, out)
		}
	}
	for _, raw := range []string{"return_", "out_of_warranty", "RFC", "+08:00", "owner 7", "staff member 9"} {
		if strings.Contains(out, raw) {
			t.Errorf("show prints %q, an id or raw data:\n%s", raw, out)
		}
	}
	if strings.ContainsRune(out, '\x1b') {
		t.Errorf("show passes an escape sequence to the terminal:\n%q", out)
	}

	code, out, _ = runCommand(t, "tickets", map[string]string{"DATABASE_URL": s.dbURL, "STAFF_LANG": "zh"}, "show", tk.Ref)
	if code != 0 {
		t.Fatalf("show in Chinese: exit %d", code)
	}
	for _, want := range []string{
		"Zhang（店主）发起了寄回维修（" + paid + "），原因：保修期外的故障",
		"Zhang（店主）批准了退回并发送了说明：请在 2026-11-27 23:59 CST 前寄出，运费由客户承担，维修费 120.00 需客户先确认",
		"客户拒绝了维修费 120.00，退回已取消",
		"Zhang（店主）拒绝了退回：商品已经洗过，不能再作为新品出售。仍可选择：维修。",
		"Li登记为已寄出（附寄件凭证照片）",
		"Li确认收到：客户造成损坏（照片 2 张）",
		"客户已寄出：SF Express，SF1234567890",
		"Zhang（店主）确认已退款",
		"Zhang（店主）完结了退回",
		"系统提醒客户在 2026-11-25 18:00 CST 前寄出",
		"系统将退回标为逾期：2026-11-25 18:00 CST 前未寄出",
		"Zhang（店主）把寄出期限从 2026-11-22 18:00 CST 延长到 2026-11-25 18:00 CST",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("show in Chinese is missing %q:\n%s", want, out)
		}
	}
}
