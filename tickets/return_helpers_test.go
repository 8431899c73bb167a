package tickets_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/complaintbot/complaintbot/tickets"
)

// The actors of the return tests: the owner and a staff member of the desk
// tests, and a ticket's customer.
var (
	ownerActor = owner.Actor()
	staffActor = li.Actor()
)

// customerOf is the ticket's customer as an actor.
func customerOf(tk *tickets.Ticket) tickets.Actor {
	return tickets.Actor{Kind: tickets.ActorCustomer, ID: tk.CustomerUserID}
}

// nov is a time in November 2026, shop time.
func nov(day, hour, minute int) time.Time {
	return time.Date(2026, 11, day, hour, minute, 0, 0, shopZone)
}

// defaultDeadline is where a deadline left zero at filedAt lands: seven days
// on, at the end of the day.
var defaultDeadline = time.Date(2026, 11, 27, 23, 59, 59, 0, shopZone)

// instructions is an approval as the edge sends it for a refund the shop
// pays the freight of.
func instructions() tickets.ReturnApproval {
	return tickets.ReturnApproval{
		Instructions: "请将商品寄回：上海市 … 收件人 王五 <b>13800000000</b>",
		Lang:         "zh",
		Freight:      tickets.Freight{Payer: tickets.PayerShop, Reason: "quality_fault"},
		WarehouseID:  "sh-main",
	}
}

// startReturn files a ticket for chat and starts a return of kind on it.
func startReturn(t testing.TB, s *tickets.Store, chat int64, kind tickets.ReturnKind) (*tickets.Ticket, *tickets.Return) {
	t.Helper()
	tk := file(t, s, chat)
	r, err := s.StartReturn(context.Background(), tk.Ref, kind, tickets.CauseQualityFault, ownerActor)
	if err != nil {
		t.Fatalf("StartReturn: %v", err)
	}
	return tk, r
}

// approvedReturn is startReturn then ApproveReturn with a.
func approvedReturn(t testing.TB, s *tickets.Store, chat int64, kind tickets.ReturnKind, a tickets.ReturnApproval) (*tickets.Ticket, *tickets.Return) {
	t.Helper()
	tk, r := startReturn(t, s, chat, kind)
	r, err := s.ApproveReturn(context.Background(), r.RMA, a, ownerActor)
	if err != nil {
		t.Fatalf("ApproveReturn: %v", err)
	}
	return tk, r
}

// noticeJob is a customer notice as queued.
type noticeJob struct {
	Key    string            `json:"key"`
	Params map[string]string `json:"params"`
}

// noticesOf lists the customer notices queued for the ticket, in order.
func noticesOf(t testing.TB, pool *pgxpool.Pool, ticketID int64) []noticeJob {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT args FROM river_job
		WHERE kind = 'customer_notice' AND (args->>'ticket_id')::bigint = $1 ORDER BY id`, ticketID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []noticeJob
	for rows.Next() {
		var n noticeJob
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// noticeKeys lists the keys of the ticket's customer notices, in order.
func noticeKeys(t testing.TB, pool *pgxpool.Pool, ticketID int64) []string {
	t.Helper()
	var keys []string
	for _, n := range noticesOf(t, pool, ticketID) {
		keys = append(keys, n.Key)
	}
	return keys
}

// returnJob is a reminder or expiry job of a return as River holds it.
type returnJob struct {
	ID          int64
	Kind        string
	State       string
	ScheduledAt time.Time
	Args        json.RawMessage
	Reminder    string
}

// returnJobs lists the return's reminder and expiry jobs, in order of
// insertion.
func returnJobs(t testing.TB, pool *pgxpool.Pool, returnID int64) []returnJob {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT id, kind, state, scheduled_at, args, coalesce(args->>'reminder', '')
		FROM river_job WHERE kind IN ('return_reminder', 'return_expiry') AND (args->>'return_id')::bigint = $1
		ORDER BY id`, returnID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []returnJob
	for rows.Next() {
		var j returnJob
		if err := rows.Scan(&j.ID, &j.Kind, &j.State, &j.ScheduledAt, &j.Args, &j.Reminder); err != nil {
			t.Fatal(err)
		}
		j.ScheduledAt = j.ScheduledAt.In(shopZone)
		out = append(out, j)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// waitingJobs keeps the jobs River has still to run.
func waitingJobs(list []returnJob) []returnJob {
	var out []returnJob
	for _, j := range list {
		if j.State == "scheduled" || j.State == "available" {
			out = append(out, j)
		}
	}
	return out
}

// workReminder works a reminder job as River would hand it to the worker.
func workReminder(t testing.TB, s *tickets.Store, j returnJob) error {
	t.Helper()
	w, _ := tickets.ReturnWorkers(s)
	var args tickets.ReturnReminderArgs
	if err := json.Unmarshal(j.Args, &args); err != nil {
		t.Fatal(err)
	}
	return w.Work(context.Background(), &river.Job[tickets.ReturnReminderArgs]{
		JobRow: &rivertype.JobRow{ID: j.ID, Kind: j.Kind, Attempt: 1, State: rivertype.JobStateRunning}, Args: args})
}

// workExpiry works an expiry job as River would hand it to the worker.
func workExpiry(t testing.TB, s *tickets.Store, j returnJob) error {
	t.Helper()
	_, w := tickets.ReturnWorkers(s)
	var args tickets.ReturnExpiryArgs
	if err := json.Unmarshal(j.Args, &args); err != nil {
		t.Fatal(err)
	}
	return w.Work(context.Background(), &river.Job[tickets.ReturnExpiryArgs]{
		JobRow: &rivertype.JobRow{ID: j.ID, Kind: j.Kind, Attempt: 1, State: rivertype.JobStateRunning}, Args: args})
}

// jobOf finds the return's job of kind (and reminder), failing the test
// when there is none.
func jobOf(t testing.TB, list []returnJob, kind, reminder string) returnJob {
	t.Helper()
	for _, j := range list {
		if j.Kind == kind && j.Reminder == reminder {
			return j
		}
	}
	t.Fatalf("no %s %s job in %+v", kind, reminder, list)
	return returnJob{}
}

// returnEvents lists the ticket's return events as "kind by actor".
func returnEvents(t testing.TB, s *tickets.Store, ref string) []tickets.Event {
	t.Helper()
	got, err := s.Get(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	var out []tickets.Event
	for _, e := range got.Events {
		if len(e.Kind) > 7 && e.Kind[:7] == "return_" {
			out = append(out, e)
		}
	}
	return out
}

// sameMark reports whether two marks name the same actor and instant.
func sameMark(a, b tickets.ReturnMark) bool { return a.By == b.By && a.At.Equal(b.At) }
