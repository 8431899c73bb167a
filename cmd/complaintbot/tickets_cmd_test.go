package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// ticketsFixture files two tickets on a fresh schema — one from a customer
// whose name carries a terminal escape sequence and a spreadsheet formula —
// and returns the database URL with both references.
func ticketsFixture(t *testing.T) (dbURL string, plain, tricky *tickets.Ticket) {
	t.Helper()
	ctx := context.Background()
	dbURL = pgtest.NewURL(t)
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	pol := policy.Default()
	filed := time.Date(2026, 11, 20, 9, 30, 0, 0, pol.Shop.TimeZone)
	store, err := tickets.NewStore(pool, pol, func() time.Time { return filed })
	if err != nil {
		t.Fatal(err)
	}
	nt := tickets.NewTicket{
		SubmissionID: "cli-1", ChatID: 501, UserID: 501, FirstName: "Li Wei", Username: "liwei", Lang: "zh",
		Category: "apparel", OrderNo: "SO20261116", Purchased: filed.AddDate(0, 0, -4),
		Issue: policy.IssueFault, Description: "The zip broke.\nSecond line.", Outcome: policy.OutcomeRepair,
		Attachments: []tickets.Media{{Kind: "photo", FileID: "file-a", MediaGroupID: "album-1", Caption: "front"}},
		Verdict:     pol.Decide(policy.Facts{Category: "apparel", Issue: policy.IssueFault, Purchased: filed.AddDate(0, 0, -4)}, filed),
	}
	if plain, _, err = store.File(ctx, nt); err != nil {
		t.Fatal(err)
	}
	nt.SubmissionID, nt.ChatID, nt.FirstName, nt.Description = "cli-2", 502, "=HYPERLINK(\"x\")\x1b[2J", "\x1b]0;owned\x07 hi"
	if tricky, _, err = store.File(ctx, nt); err != nil {
		t.Fatal(err)
	}
	if err := store.SetStatus(ctx, tricky.ID, tickets.StatusInProgress, tickets.Actor{Kind: tickets.ActorStaff, ID: 9}, nil); err != nil {
		t.Fatal(err)
	}
	return dbURL, plain, tricky
}

func runTickets(t *testing.T, dbURL string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	env := map[string]string{"DATABASE_URL": dbURL, "LOG_LEVEL": "error"}
	var out, errOut bytes.Buffer
	code = run(context.Background(), append([]string{"tickets"}, args...), func(k string) string { return env[k] }, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestTicketsList(t *testing.T) {
	t.Parallel()
	dbURL, plain, tricky := ticketsFixture(t)

	code, out, errOut := runTickets(t, dbURL, "list")
	if code != 0 {
		t.Fatalf("list: exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "REF") ||
		!strings.HasPrefix(lines[1], tricky.Ref) || !strings.HasPrefix(lines[2], plain.Ref) ||
		!strings.Contains(lines[2], "2026-11-20 09:30") || !strings.Contains(lines[2], "Li Wei @liwei") {
		t.Errorf("list table:\n%s", out)
	}
	if strings.ContainsRune(out, '\x1b') {
		t.Errorf("list table passes an escape sequence to the terminal:\n%q", out)
	}

	code, out, _ = runTickets(t, dbURL, "list", "--status", "in_progress", "--format", "json")
	var list []tickets.Ticket
	if err := json.Unmarshal([]byte(out), &list); code != 0 || err != nil {
		t.Fatalf("list json: exit %d, %v\n%s", code, err, out)
	}
	if len(list) != 1 || list[0].Ref != tricky.Ref || list[0].Status != tickets.StatusInProgress {
		t.Errorf("list --status in_progress = %+v, want only %s", list, tricky.Ref)
	}

	code, out, _ = runTickets(t, dbURL, "list", "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil || len(rows) != 3 {
		t.Fatalf("list csv: exit %d, %v, %d rows\n%s", code, err, len(rows), out)
	}
	name := rows[0][5]
	if rows[1][0] != tricky.Ref || rows[2][0] != plain.Ref || name != "customer_name" ||
		!strings.HasPrefix(rows[1][5], "'=") || rows[2][18] != "The zip broke.\nSecond line." {
		t.Errorf("list csv rows: %q", rows)
	}

	code, out, _ = runTickets(t, dbURL, "list", "--status", "closed", "--format", "json")
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("empty list json: exit %d, %q", code, out)
	}
}

func TestTicketsShow(t *testing.T) {
	t.Parallel()
	dbURL, plain, tricky := ticketsFixture(t)

	// The reference as someone would type it, before or after the flags.
	code, out, errOut := runTickets(t, dbURL, "show", strings.ToLower(plain.Ref))
	if code != 0 {
		t.Fatalf("show: exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{plain.Ref + " (new)", "Li Wei @liwei, chat 501, language zh", "order SO20261116",
		"Purchased", "2026-11-16", "Arrange by", "2026-11-20 11:30", "The zip broke.\n  Second line.",
		"Attachments (1)", "1. photo file-a (album album-1) \"front\"", "Events (1)", "customer 501  filed", "Messages (0)"} {
		if !strings.Contains(out, want) {
			t.Errorf("show is missing %q:\n%s", want, out)
		}
	}

	code, out, _ = runTickets(t, dbURL, "show", "--format", "json", tricky.Ref)
	var got tickets.Ticket
	if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil {
		t.Fatalf("show json: exit %d, %v\n%s", code, err, out)
	}
	if got.Ref != tricky.Ref || got.Description != tricky.Description || len(got.Attachments) != 1 || len(got.Events) != 2 ||
		got.Events[1].Data["to"] != "in_progress" || len(got.Verdict.Options) != 4 {
		t.Errorf("show json = %+v", got)
	}

	code, out, _ = runTickets(t, dbURL, "show", tricky.Ref)
	if code != 0 || strings.ContainsRune(out, '\x1b') || strings.ContainsRune(out, '\x07') {
		t.Errorf("show passes control characters to the terminal (exit %d):\n%q", code, out)
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
