package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// writeList prints the tickets as a table for a person, in the staff's
// language, or as JSON or CSV, which keep the ids (status, category, issue,
// outcome) for programs and spreadsheets.
func (v ticketView) writeList(w io.Writer, format string, list []tickets.Ticket) error {
	switch format {
	case "json":
		if list == nil {
			list = []tickets.Ticket{}
		}
		return writeJSON(w, list)
	case "csv":
		return writeTicketsCSV(w, list)
	}
	if len(list) == 0 {
		_, err := fmt.Fprintln(w, v.text("terminal.list.none", nil))
		return err
	}
	var c columns
	var head []string
	for _, key := range []string{"ref", "status", "filed", "customer", "product", "issue", "outcome", "assignee", "arrange_by"} {
		head = append(head, v.text("terminal.list."+key, nil))
	}
	c.row(head...)
	for _, t := range list {
		c.row(t.Ref, v.status(t.Status), v.time(t.CreatedAt), clip(customer(t), 28), v.category(t.Category),
			v.issue(t.Issue), v.outcome(policy.Outcome(t.Outcome)), clip(orDash(t.AssigneeName), 20), v.time(t.ArrangeBy))
	}
	_, err := io.WriteString(w, c.String())
	return err
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeTicketsCSV writes one row per ticket. Columns are only ever added
// at the end, so that a spreadsheet built on the file keeps working.
func writeTicketsCSV(w io.Writer, list []tickets.Ticket) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"ref", "status", "priority", "created_at", "customer_chat_id", "customer_name", "customer_username",
		"customer_lang", "phone", "category", "order_no", "no_receipt", "purchased", "issue", "outcome",
		"arrange_by", "check_at", "answer_by", "description",
		"assignee_user_id", "assignee_name", "resolved_at", "resolution"})
	for _, t := range list {
		purchased := ""
		if !t.Purchased.IsZero() {
			purchased = t.Purchased.Format(time.DateOnly)
		}
		assignee := ""
		if t.AssigneeUserID != 0 {
			assignee = strconv.FormatInt(t.AssigneeUserID, 10)
		}
		_ = cw.Write([]string{t.Ref, string(t.Status), strconv.Itoa(t.Priority), csvTime(t.CreatedAt),
			strconv.FormatInt(t.CustomerChatID, 10), cell(t.CustomerName), cell(t.CustomerUsername), t.CustomerLang,
			t.Phone, t.Category, cell(t.OrderNo), strconv.FormatBool(t.NoReceipt), purchased, t.Issue, t.Outcome,
			csvTime(t.ArrangeBy), csvTime(t.CheckAt), csvTime(t.AnswerBy), cell(t.Description),
			assignee, cell(t.AssigneeName), csvTime(t.ResolvedAt), cell(t.Resolution)})
	}
	cw.Flush()
	return cw.Error()
}

// csvTime writes a moment in RFC 3339 with the shop's offset; none is empty.
func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// cell guards a CSV cell of typed text against being read as a formula
// when the file is opened in a spreadsheet.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// customer names a ticket's customer for a terminal: "Li Wei @liwei".
func customer(t tickets.Ticket) string {
	s := clean(t.CustomerName)
	if t.CustomerUsername != "" {
		s += " @" + clean(t.CustomerUsername)
	}
	return s
}
