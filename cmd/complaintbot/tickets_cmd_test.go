package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// ticketsWorld is a shop's tickets on a fresh schema, filed on 20 November
// 2026 in the shop's time zone (Asia/Shanghai):
//   - plain: Li Wei's jacket with a broken zip, filed at 09:30, new;
//   - tricky: the same from a customer whose name carries a terminal escape
//     sequence and a spreadsheet formula, taken in hand by Li, who raised
//     its priority (which tightened its deadlines) and marked it urgent;
//   - heater: a solar water heater bought that day and filed at 10:15,
//     acknowledged by the service at 10:16, claimed by Li at 14:03, answered
//     at 14:05 and resolved at 16:52.
type ticketsWorld struct {
	dbURL                 string
	plain, tricky, heater *tickets.Ticket
}

func ticketsFixture(t *testing.T) ticketsWorld {
	t.Helper()
	ctx := context.Background()
	w := ticketsWorld{dbURL: pgtest.NewURL(t)}
	pool, err := pgxpool.New(ctx, w.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	pol := policy.Default()
	tz := pol.Shop.TimeZone
	at := func(hour, minute int) time.Time { return time.Date(2026, 11, 20, hour, minute, 0, 0, tz) }
	now := at(9, 30)
	store, err := tickets.NewStore(pool, pol, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	li := tickets.Staff{UserID: 9, Name: "Li", Username: "li_desk"}
	check(store.SeeStaff(ctx, li))

	bought := at(0, 0).AddDate(0, 0, -4)
	nt := tickets.NewTicket{
		SubmissionID: "cli-1", ChatID: 501, UserID: 501, FirstName: "Li Wei", Username: "liwei", Lang: "zh",
		Category: "apparel", OrderNo: "SO20261116", Purchased: bought,
		Issue: policy.IssueFault, Description: "The zip broke.\nSecond line.", Outcome: policy.OutcomeRepair,
		Attachments: []tickets.Media{{Kind: "photo", FileID: "file-a", MediaGroupID: "album-1", Caption: "front"}},
		Verdict:     pol.Decide(policy.Facts{Category: "apparel", Issue: policy.IssueFault, Purchased: bought}, now),
	}
	w.plain, _, err = store.File(ctx, nt)
	check(err)
	nt.SubmissionID, nt.ChatID, nt.FirstName, nt.Description = "cli-2", 502, "=HYPERLINK(\"x\")\x1b[2J", "\x1b]0;owned\x07 hi"
	w.tricky, _, err = store.File(ctx, nt)
	check(err)
	check(store.SetStatus(ctx, w.tricky.ID, tickets.StatusInProgress, li.Actor(), nil))
	_, err = store.ShiftPriority(ctx, w.tricky.ID, li, +1)
	check(err)
	_, err = store.SetUrgent(ctx, w.tricky.ID, li, true)
	check(err)

	now = at(10, 15)
	bought = at(0, 0)
	heater, _, err := store.File(ctx, tickets.NewTicket{
		SubmissionID: "cli-3", ChatID: 503, UserID: 503, FirstName: "Zhang Min", Lang: "zh",
		Category: "solar_water_heater", OrderNo: "SO20261120", Purchased: bought,
		Issue: policy.IssueFault, Description: "No hot water since this morning.", Outcome: policy.OutcomeRepair,
		Verdict: pol.Decide(policy.Facts{Category: "solar_water_heater", Issue: policy.IssueFault, Purchased: bought}, now),
	})
	check(err)
	now = at(10, 16)
	check(store.SetStatus(ctx, heater.ID, tickets.StatusAcknowledged, tickets.Actor{Kind: tickets.ActorSystem}, nil))
	now = at(14, 3)
	_, err = store.Claim(ctx, heater.ID, li)
	check(err)
	now = at(14, 5)
	_, _, err = store.AddStaffReply(ctx, heater.ID, li, tickets.NewMessage{
		Text: "A technician comes tomorrow.", ChatID: -1001234567890, MessageID: 77, At: now,
	})
	check(err)
	now = at(16, 52)
	_, err = store.Resolve(ctx, heater.ID, li, "Replaced the pressure valve.")
	check(err)
	w.heater, err = store.Get(ctx, heater.Ref)
	check(err)
	return w
}

// runTickets runs "complaintbot tickets args..." with the staff's language
// English, on the database at dbURL.
func runTickets(t *testing.T, dbURL string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runCommand(t, "tickets", map[string]string{"DATABASE_URL": dbURL, "STAFF_LANG": "en"}, args...)
}

// runCommand runs "complaintbot command args..." with the environment env,
// logging errors only.
func runCommand(t *testing.T, command string, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	env = maps.Clone(env)
	env["LOG_LEVEL"] = "error"
	var out, errOut bytes.Buffer
	code = run(context.Background(), append([]string{command}, args...), func(k string) string { return env[k] }, &out, &errOut)
	return code, out.String(), errOut.String()
}

// A shop owner new to the command asks it for help and gets the commands,
// then each command's own flags — not the service's.
func TestTicketsHelp(t *testing.T) {
	t.Parallel()
	env := map[string]string{"DATABASE_URL": "postgres://owner:hunter2@127.0.0.1:1/shop"}
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}} {
		code, out, errOut := runCommand(t, "tickets", env, args...)
		if code != 0 {
			t.Errorf("tickets %s: exit %d, want 0; stderr %q", args, code, errOut)
		}
		for _, want := range []string{"usage: complaintbot tickets", "list [--status S]", "show REF", "DATABASE_URL", "STAFF_LANG"} {
			if !strings.Contains(out+errOut, want) {
				t.Errorf("tickets %s does not say %q:\n%s", args, want, out+errOut)
			}
		}
	}

	for _, tc := range []struct {
		sub        string
		want, flee []string
	}{
		{"list", []string{"-status", "-format", "-database", "$DATABASE_URL", "-staff-lang", "-policy", "-log-level"},
			[]string{"webhook", "WEBHOOK_URL", "-token", "-redis", "-http", "-staff-chat", "-owners", "hunter2"}},
		{"show", []string{"-format", "-database", "-staff-lang"}, []string{"-status", "webhook", "-redis", "hunter2"}},
	} {
		code, out, errOut := runCommand(t, "tickets", env, tc.sub, "-h")
		help := out + errOut
		if code != 0 || !strings.Contains(help, "usage: complaintbot tickets "+tc.sub) {
			t.Errorf("tickets %s -h: exit %d, want 0 and its usage:\n%s", tc.sub, code, help)
		}
		for _, want := range tc.want {
			if !strings.Contains(help, want) {
				t.Errorf("tickets %s -h does not offer %s:\n%s", tc.sub, want, help)
			}
		}
		for _, other := range tc.flee {
			if strings.Contains(help, other) {
				t.Errorf("tickets %s -h shows %q, which it does not use:\n%s", tc.sub, other, help)
			}
		}
	}

	code, _, errOut := runCommand(t, "tickets", env, "list", "--webhook-url", "https://shop.example/hook")
	if code != 2 || !strings.Contains(errOut, "-webhook-url") {
		t.Errorf("tickets list --webhook-url: exit %d, want 2 naming the flag; stderr %q", code, errOut)
	}
}

func TestTicketsList(t *testing.T) {
	t.Parallel()
	w := ticketsFixture(t)

	// The service's settings mean nothing here, even when they are wrong.
	env := map[string]string{"DATABASE_URL": w.dbURL, "STAFF_LANG": "en",
		"TELEGRAM_BOT_TOKEN": "not a token", "WEBHOOK_URL": "nowhere", "REDIS_URL": "bad"}
	code, out, errOut := runCommand(t, "tickets", env, "list")
	if code != 0 {
		t.Fatalf("list: exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "REF") || !strings.HasPrefix(lines[1], w.heater.Ref) ||
		!strings.HasPrefix(lines[2], w.tricky.Ref) || !strings.HasPrefix(lines[3], w.plain.Ref) {
		t.Fatalf("list table, want the heading and the three tickets newest first:\n%s", out)
	}
	for i, want := range [][]string{
		{"STATUS", "FILED", "CUSTOMER", "PRODUCT", "PROBLEM", "WANTS", "TAKEN BY", "ARRANGE BY"},
		{"Resolved", "2026-11-20 10:15 CST", "Zhang Min", "Solar water heater", "Fault or defect", "Repair", "Li"},
		{"In progress", "Clothing"},
		{"New", "2026-11-20 09:30 CST", "Li Wei @liwei", "Clothing", "Fault or defect", "Repair", "2026-11-20 11:30 CST"},
	} {
		for _, s := range want {
			if !strings.Contains(lines[i], s) {
				t.Errorf("list line %d lacks %q:\n%s", i, s, out)
			}
		}
	}
	for _, id := range []string{"solar_water_heater", "apparel", "in_progress", "resolved", "fault"} {
		if strings.Contains(out, id) {
			t.Errorf("list table shows the id %q instead of its label:\n%s", id, out)
		}
	}
	if strings.ContainsRune(out, '\x1b') {
		t.Errorf("list table passes an escape sequence to the terminal:\n%q", out)
	}

	code, out, _ = runCommand(t, "tickets", map[string]string{"DATABASE_URL": w.dbURL, "STAFF_LANG": "zh"}, "list")
	lines = strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != 0 || len(lines) != 4 || !strings.HasPrefix(lines[0], "编号") {
		t.Fatalf("list in Chinese: exit %d:\n%s", code, out)
	}
	for _, s := range []string{"状态", "提交时间", "商品", "问题", "客户希望", "处理人", "已解决", "太阳能热水器", "质量问题或故障", "维修", "处理中", "服装", "新工单"} {
		if !strings.Contains(out, s) {
			t.Errorf("list in Chinese lacks %q:\n%s", s, out)
		}
	}
	if strings.Contains(out, "solar_water_heater") || strings.Contains(out, "Resolved") {
		t.Errorf("list in Chinese shows an id or English:\n%s", out)
	}
	// A Chinese character takes two cells on a terminal: the columns line
	// up all the same.
	cells := func(s string) int {
		n := 0
		for _, r := range s {
			n++
			if unicode.Is(unicode.Han, r) {
				n++
			}
		}
		return n
	}
	want := cells(lines[0][:strings.Index(lines[0], "提交时间")])
	for i, line := range lines[1:] {
		if got := cells(line[:strings.Index(line, "2026-11-20")]); got != want {
			t.Errorf("list in Chinese, row %d: the filing time starts at cell %d, its heading at %d:\n%s", i+1, got, want, out)
		}
	}

	// JSON is for programs: it keeps the ids.
	code, out, _ = runTickets(t, w.dbURL, "list", "--status", "in_progress", "--format", "json")
	var list []tickets.Ticket
	if err := json.Unmarshal([]byte(out), &list); code != 0 || err != nil {
		t.Fatalf("list json: exit %d, %v\n%s", code, err, out)
	}
	if len(list) != 1 || list[0].Ref != w.tricky.Ref || list[0].Status != tickets.StatusInProgress ||
		list[0].Category != "apparel" || list[0].Issue != "fault" || list[0].Outcome != "repair" {
		t.Errorf("list --status in_progress = %+v, want only %s, with its ids", list, w.tricky.Ref)
	}

	code, out, _ = runTickets(t, w.dbURL, "list", "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil || len(rows) != 4 {
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
	if rows[1][0] != w.heater.Ref || rows[2][0] != w.tricky.Ref || rows[3][0] != w.plain.Ref ||
		!strings.HasPrefix(col(2, "customer_name"), "'=") || col(3, "description") != "The zip broke.\nSecond line." {
		t.Errorf("list csv rows: %q", rows)
	}
	if col(1, "assignee_user_id") != "9" || col(1, "assignee_name") != "Li" ||
		col(1, "resolution") != "Replaced the pressure valve." || col(1, "resolved_at") != "2026-11-20T16:52:00+08:00" ||
		col(1, "category") != "solar_water_heater" {
		t.Errorf("list csv, the resolved ticket: %q", rows[1])
	}
	if col(3, "assignee_user_id") != "" || col(3, "assignee_name") != "" || col(3, "resolution") != "" {
		t.Errorf("list csv, a new ticket has an assignee or a resolution: %q", rows[3])
	}

	code, out, _ = runTickets(t, w.dbURL, "list", "--status", "closed", "--format", "json")
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("empty list json: exit %d, %q", code, out)
	}
	code, out, _ = runTickets(t, w.dbURL, "list", "--status", "closed")
	if code != 0 || out != "No tickets.\n" {
		t.Errorf("empty list: exit %d, %q", code, out)
	}
}

func TestTicketsShow(t *testing.T) {
	t.Parallel()
	w := ticketsFixture(t)

	// The reference as someone would type it, before or after the flags.
	code, out, errOut := runTickets(t, w.dbURL, "show", strings.ToLower(w.plain.Ref))
	if code != 0 {
		t.Fatalf("show: exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{w.plain.Ref + " · New", "Filed", "2026-11-20 09:30 CST",
		"Li Wei @liwei, chat 501, language: Chinese", "Product", "Clothing", "SO20261116",
		"Bought or delivered", "2026-11-16", "Problem", "Fault or defect", "Arrange by", "2026-11-20 11:30 CST",
		"Taken by", "nobody yet", "The zip broke.\n  Second line.",
		"Attachments (1)", "1. photo file-a (album album-1) \"front\"",
		"Events (1)", "2026-11-20 09:30 CST · filed by the customer", "Messages (0)"} {
		if !strings.Contains(out, want) {
			t.Errorf("show is missing %q:\n%s", want, out)
		}
	}

	code, out, _ = runTickets(t, w.dbURL, "show", w.heater.Ref)
	if code != 0 {
		t.Fatalf("show %s: exit %d", w.heater.Ref, code)
	}
	for _, want := range []string{w.heater.Ref + " · Resolved", "Solar water heater",
		"Policy allows", "Repair, Replacement, Return and refund", "• Repair: free under warranty until 20 Nov 2027.",
		"• Return or exchange: possible until 27 Nov 2026 (7 days from purchase or delivery).",
		// Free repair of everything ends with the whole product's year; the
		// main parts are covered for three.
		"whole product until 2027-11-20; storage tank, collector tubes, frame until 2029-11-19",
		"Taken by", "Li", "First answer", "2026-11-20 14:05 CST", "Resolution", "Replaced the pressure valve.",
		"Events (6)",
		"2026-11-20 10:15 CST · filed by the customer",
		"2026-11-20 10:16 CST · the service moved it from New to Acknowledged",
		"2026-11-20 14:03 CST · Li claimed it",
		"2026-11-20 14:05 CST · Li replied to the customer",
		"2026-11-20 14:05 CST · Li moved it from Acknowledged to In progress",
		"2026-11-20 16:52 CST · Li moved it from In progress to Resolved",
		"Messages (1)", "2026-11-20 14:05 CST · Li replied: A technician comes tomorrow."} {
		if !strings.Contains(out, want) {
			t.Errorf("show %s is missing %q:\n%s", w.heater.Ref, want, out)
		}
	}
	for _, raw := range []string{"solar_water_heater", "repair_free_until", "system 0", "staff member 9", "in_progress", `{"`} {
		if strings.Contains(out, raw) {
			t.Errorf("show %s prints %q, an id or raw data:\n%s", w.heater.Ref, raw, out)
		}
	}

	code, out, _ = runCommand(t, "tickets", map[string]string{"DATABASE_URL": w.dbURL}, "show", w.heater.Ref)
	if code != 0 {
		t.Fatalf("show in Chinese: exit %d", code)
	}
	for _, want := range []string{"工单", "已解决", "太阳能热水器", "质量问题或故障", "维修、换货、退货退款", "维修：保修期内免费，保修到 2027年11月20日。",
		"整机保修至 2027-11-20；储热水箱、集热管、支架保修至 2029-11-19", "处理人", "处理结果",
		"2026-11-20 10:16 CST · 系统将状态从“新工单”改为“已受理”", "2026-11-20 14:03 CST · Li认领了工单",
		"操作记录（6）", "消息（1）"} {
		if !strings.Contains(out, want) {
			t.Errorf("show in Chinese (the default) is missing %q:\n%s", want, out)
		}
	}

	// JSON keeps the ids and RFC 3339 times with the shop's offset; its
	// warranty_until is the last date the text gives.
	code, out, _ = runTickets(t, w.dbURL, "show", "--format", "json", w.heater.Ref)
	var got tickets.Ticket
	if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil {
		t.Fatalf("show json: exit %d, %v\n%s", code, err, out)
	}
	if got.Category != "solar_water_heater" || got.Status != tickets.StatusResolved || got.Issue != "fault" ||
		got.Verdict.Options[0].Reason.Code != policy.ReasonRepairFreeUntil || got.Events[2].Kind != "claimed" ||
		got.Events[1].Actor.Kind != tickets.ActorSystem {
		t.Errorf("show json = %+v", got)
	}
	for _, want := range []string{`"warranty_until": "2029-11-19T00:00:00+08:00"`, `"created_at": "2026-11-20T10:15:00+08:00"`} {
		if !strings.Contains(out, want) {
			t.Errorf("show json lacks %s:\n%s", want, out)
		}
	}

	code, out, _ = runTickets(t, w.dbURL, "show", "--format", "json", w.tricky.Ref)
	if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil {
		t.Fatalf("show json: exit %d, %v\n%s", code, err, out)
	}
	if got.Ref != w.tricky.Ref || got.Description != w.tricky.Description || len(got.Attachments) != 1 || len(got.Events) != 5 ||
		got.Events[1].Data["to"] != "in_progress" || len(got.Verdict.Options) != 4 {
		t.Errorf("show json = %+v", got)
	}

	code, out, _ = runTickets(t, w.dbURL, "show", w.tricky.Ref)
	if code != 0 || strings.ContainsRune(out, '\x1b') || strings.ContainsRune(out, '\x07') {
		t.Errorf("show passes control characters to the terminal (exit %d):\n%q", code, out)
	}
	for _, want := range []string{"high (+1), urgent", "Li moved it from New to In progress",
		"Li changed the priority from 0 to 1", "Li moved the deadlines for the higher priority: arrange by 2026-11-20 10:30 CST",
		"Li marked it urgent"} {
		if !strings.Contains(out, want) {
			t.Errorf("show %s is missing %q:\n%s", w.tricky.Ref, want, out)
		}
	}
}

// Mistakes at the terminal get one line and the usage status; a reference
// that does not exist is an error, not an empty page.
func TestTicketsErrors(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.NewURL(t)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "usage: complaintbot tickets"},
		{[]string{"delete"}, 2, `unknown subcommand "delete"`},
		{[]string{"list", "--status", "lost"}, 2, `--status: "lost" is not one of new,`},
		{[]string{"list", "--format", "xml"}, 2, `--format: "xml" is not one of table, json, csv`},
		{[]string{"list", "new"}, 2, `unexpected "new"`},
		{[]string{"show", "AAA-AAA", "--format", "csv"}, 2, `"csv" is not one of table, json`},
		{[]string{"show"}, 2, "want one ticket reference"},
		{[]string{"show", "AAA-AAA"}, 1, `no ticket "AAA-AAA"`},
	} {
		code, _, errOut := runTickets(t, dbURL, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("tickets %q: exit %d, stderr %q; want exit %d and one line with %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}
