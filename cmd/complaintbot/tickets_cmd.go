package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

const ticketsUsage = "usage: complaintbot tickets list [--status S] [--format table|json|csv] | show REF [--format table|json]"

// cmdTickets is the owner's view of the tickets at a terminal:
// "tickets list" and "tickets show REF".
func cmdTickets(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return &configError{Name: "tickets", Msg: ticketsUsage}
	}
	sub, args := args[0], args[1:]
	fs := newFlagSet("tickets "+sub, stderr)
	var status *string
	switch sub {
	case "list":
		status = fs.String("status", "", "only tickets in this status ("+statusNames()+")")
	case "show":
		// The reference may come before the flags: show K7M-4QX --format json.
		if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
			args = append(args[1:], args[0])
		}
	default:
		return &configError{Name: "tickets", Msg: fmt.Sprintf("unknown subcommand %q; %s", sub, ticketsUsage)}
	}
	format := fs.String("format", "table", "output: table or json, or csv for list")
	cfg, err := loadConfig(fs, args, env, needs{database: true})
	if err != nil {
		return err
	}
	formats := map[string]string{"list": "table, json, csv", "show": "table, json"}[sub]
	if !slices.Contains(strings.Split(formats, ", "), *format) {
		return &configError{Name: "--format", Msg: fmt.Sprintf("%q is not one of %s", *format, formats)}
	}

	pol := policy.Default()
	if cfg.PolicyFile != "" {
		if pol, err = policy.Load(cfg.PolicyFile); err != nil {
			return &configError{Name: "POLICY_FILE", Msg: err.Error()}
		}
	}
	pool, err := pgxpool.New(ctx, cfg.DatabaseURL)
	if err != nil {
		return fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	defer pool.Close()
	store, err := tickets.NewStore(pool, pol, nil, tickets.WithLogger(newLogger(stderr, cfg.LogLevel)))
	if err != nil {
		return err
	}

	if sub == "list" {
		st := tickets.Status(*status)
		if st != "" && !st.Valid() {
			return &configError{Name: "--status", Msg: fmt.Sprintf("%q is not one of %s", st, statusNames())}
		}
		list, err := store.List(ctx, tickets.ListFilter{Status: st, Limit: 10000})
		if err != nil {
			return err
		}
		return writeTicketList(stdout, *format, list)
	}
	if fs.NArg() != 1 {
		return &configError{Name: "tickets show", Msg: "want one ticket reference, such as K7M-4QX"}
	}
	t, err := store.Get(ctx, fs.Arg(0))
	if errors.Is(err, tickets.ErrNotFound) {
		return fmt.Errorf("no ticket %q", fs.Arg(0))
	}
	if err != nil {
		return err
	}
	if *format == "json" {
		return writeJSON(stdout, t)
	}
	return writeTicket(stdout, t)
}

func statusNames() string {
	var names []string
	for _, s := range tickets.Statuses() {
		names = append(names, string(s))
	}
	return strings.Join(names, ", ")
}

// shortTime is how the terminal shows a time, in the shop's zone.
func shortTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("2006-01-02 15:04")
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func writeTicketList(w io.Writer, format string, list []tickets.Ticket) error {
	switch format {
	case "json":
		if list == nil {
			list = []tickets.Ticket{}
		}
		return writeJSON(w, list)
	case "csv":
		cw := csv.NewWriter(w)
		_ = cw.Write([]string{"ref", "status", "priority", "created_at", "customer_chat_id", "customer_name", "customer_username",
			"customer_lang", "phone", "category", "order_no", "no_receipt", "purchased", "issue", "outcome",
			"arrange_by", "check_at", "answer_by", "description"})
		for _, t := range list {
			purchased := ""
			if !t.Purchased.IsZero() {
				purchased = t.Purchased.Format(time.DateOnly)
			}
			_ = cw.Write([]string{t.Ref, string(t.Status), strconv.Itoa(t.Priority), t.CreatedAt.Format(time.RFC3339),
				strconv.FormatInt(t.CustomerChatID, 10), cell(t.CustomerName), cell(t.CustomerUsername), t.CustomerLang,
				t.Phone, t.Category, cell(t.OrderNo), strconv.FormatBool(t.NoReceipt), purchased, t.Issue, t.Outcome,
				t.ArrangeBy.Format(time.RFC3339), t.CheckAt.Format(time.RFC3339), t.AnswerBy.Format(time.RFC3339),
				cell(t.Description)})
		}
		cw.Flush()
		return cw.Error()
	}
	if len(list) == 0 {
		_, err := fmt.Fprintln(w, "No tickets.")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "REF\tSTATUS\tFILED\tCUSTOMER\tCATEGORY\tISSUE\tWANTS\tARRANGE BY")
	for _, t := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.Ref, t.Status, shortTime(t.CreatedAt),
			clip(customer(t), 28), t.Category, t.Issue, t.Outcome, shortTime(t.ArrangeBy))
	}
	return tw.Flush()
}

// writeTicket prints one ticket for a person to read.
func writeTicket(w io.Writer, t *tickets.Ticket) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(k, v string) { fmt.Fprintf(tw, "%s\t%s\n", k, v) }
	row("Ticket", t.Ref+" ("+string(t.Status)+")")
	row("Filed", shortTime(t.CreatedAt)+" "+t.CreatedAt.Location().String())
	row("Customer", fmt.Sprintf("%s, chat %d, language %s", customer(*t), t.CustomerChatID, t.CustomerLang))
	row("Phone", orDash(t.Phone))
	order := clean(t.OrderNo)
	if t.NoReceipt {
		order = "no receipt"
	}
	row("Product", t.Category+", order "+order)
	if !t.Purchased.IsZero() {
		row("Purchased", t.Purchased.Format(time.DateOnly))
	}
	row("Issue", t.Issue)
	row("Wants", t.Outcome)
	for _, o := range t.Verdict.Options {
		verdict := "not offered"
		if o.Allowed {
			verdict = "offered"
		}
		if o.Paid {
			verdict += ", paid"
		}
		if o.Reason.Code != "" {
			verdict += " (" + o.Reason.Code + ")"
		}
		row("  "+string(o.Outcome), verdict)
	}
	row("Arrange by", shortTime(t.ArrangeBy))
	row("Check at", shortTime(t.CheckAt))
	row("Answer by", shortTime(t.AnswerBy))
	if t.AssigneeUserID != 0 {
		row("Handled by", fmt.Sprintf("%s (%d)", clean(t.AssigneeName), t.AssigneeUserID))
	}
	if !t.FirstResponseAt.IsZero() {
		row("First answer", shortTime(t.FirstResponseAt))
	}
	if t.Urgent || t.Priority != 0 {
		row("Priority", fmt.Sprintf("%+d, urgent %v", t.Priority, t.Urgent))
	}
	if t.Resolution != "" {
		row("Resolution", clean(t.Resolution))
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintf(w, "\nDescription\n  %s\n", strings.ReplaceAll(clean(t.Description), "\n", "\n  "))
	fmt.Fprintf(w, "\nAttachments (%d)\n", len(t.Attachments))
	for _, a := range t.Attachments {
		fmt.Fprintf(w, "  %d. %s %s", a.Position+1, a.Kind, clean(a.FileID))
		if a.MediaGroupID != "" {
			fmt.Fprintf(w, " (album %s)", clean(a.MediaGroupID))
		}
		if a.Caption != "" {
			fmt.Fprintf(w, " %q", clean(a.Caption))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "\nEvents (%d)\n", len(t.Events))
	for _, e := range t.Events {
		data, _ := json.Marshal(e.Data)
		fmt.Fprintf(w, "  %s  %s %d  %s  %s\n", shortTime(e.At), e.Actor.Kind, e.Actor.ID, e.Kind, clean(string(data)))
	}
	fmt.Fprintf(w, "\nMessages (%d)\n", len(t.Messages))
	for _, m := range t.Messages {
		who := string(m.Author.Kind)
		if m.AuthorName != "" {
			who += " " + clean(m.AuthorName)
		}
		fmt.Fprintf(w, "  %s  %s %s: %s", shortTime(m.At), m.Direction, who,
			strings.ReplaceAll(clean(m.Text), "\n", "\n    "))
		if len(m.Attachments) > 0 {
			fmt.Fprintf(w, " [+%d files]", len(m.Attachments))
		}
		if !m.EditedAt.IsZero() {
			fmt.Fprint(w, " (edited)")
		}
		if m.Delivery == tickets.DeliveryUndeliverable || m.Delivery == tickets.DeliveryHeld {
			fmt.Fprintf(w, " (%s)", m.Delivery)
		}
		fmt.Fprintln(w)
	}
	return nil
}

func customer(t tickets.Ticket) string {
	s := clean(t.CustomerName)
	if t.CustomerUsername != "" {
		s += " @" + clean(t.CustomerUsername)
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return clean(s)
}

// clean makes customer text safe to print on a terminal: control characters
// (an escape sequence could restyle or rewrite the screen) and bidirectional
// overrides (which reorder what is shown) become U+FFFD; line breaks stay.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case unicode.IsControl(r), r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
			return '\uFFFD'
		}
		return r
	}, s)
}

// clip shortens s to n characters for a table column; line breaks become spaces.
func clip(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// cell guards a CSV cell of customer text against being read as a formula
// when the file is opened in a spreadsheet.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
