package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/internal/shoptest"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// newSLAHarness is a shop with two owners who both started the bot, so
// that an escalation is seen to reach every owner.
func newSLAHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t, harnessOpts{secondOwner: true})
	h.Pump()
	h.Settle()
	return h
}

// runSLA runs the ticket's timers up to step as if their time had come.
// They come one after another (each step's job queues the next): each step
// still waiting before step runs in turn, then step's own job; a step that
// ran already runs again.
func (h *harness) runSLA(ticketID int64, step string) {
	h.T.Helper()
	ctx := context.Background()
	for range 6 {
		var (
			id  int64
			ran string
		)
		err := h.Pool.QueryRow(ctx, `SELECT id, args->>'step' FROM river_job
			WHERE kind = 'sla_timer' AND (args->>'ticket_id')::bigint = $1 AND state <> 'cancelled'
			  AND (args->>'step' = $2 OR state IN ('available', 'pending', 'retryable', 'scheduled'))
			ORDER BY args->>'step' = $2 DESC, id DESC LIMIT 1`, ticketID, step).Scan(&id, &ran)
		if err != nil {
			h.T.Fatalf("%s of ticket %d: %v", step, ticketID, err)
		}
		if _, err := h.Inserter.JobRetry(ctx, id); err != nil {
			h.T.Fatal(err)
		}
		h.Settle()
		if ran == step {
			return
		}
	}
	h.T.Fatalf("ticket %d's timers never came to %s", ticketID, step)
}

// clockTo moves the shop's clock on to at.
func (h *harness) clockTo(at time.Time) {
	h.T.Helper()
	if d := at.Sub(h.Clock.Now()); d > 0 {
		h.Clock.Advance(d)
	}
}

// inThread lists the bot's texts in the ticket's thread after its card.
func (h *harness) inThread(ticketID int64) []string {
	h.T.Helper()
	th := h.Thread(ticketID)
	var out []string
	for _, e := range h.Sim.Transcript(h.Staff.ID) {
		if e.FromBot && e.Message.MessageThreadID == int(th.ThreadID) && e.Message.ID > int(th.CardMessageID) {
			out = append(out, e.Message.Text)
		}
	}
	return out
}

// card is the ticket's card as the staff group shows it now.
func (h *harness) card(ticketID int64) string {
	h.T.Helper()
	th := h.Thread(ticketID)
	for _, e := range h.Sim.Transcript(h.Staff.ID) {
		if e.Message.ID == int(th.CardMessageID) {
			return e.Message.Text
		}
	}
	h.T.Fatalf("no card for ticket %d", ticketID)
	return ""
}

// countFromBot counts the bot's messages to chat containing want.
func countFromBot(h *harness, chat int64, want string) int {
	n := 0
	for _, e := range h.Sim.Transcript(chat) {
		if e.FromBot && strings.Contains(e.Message.Text, want) {
			n++
		}
	}
	return n
}

// Nobody takes Anna's ticket up, while Li claims Mei's in time: 30
// minutes before the arrange deadline Anna's thread is warned and her card
// says so, at the deadline the thread and the card say it was missed, and
// at the check every owner is told privately, once however often the job
// runs. Mei's ticket hears nothing.
func TestSLAArrangeAndCheckEndToEnd(t *testing.T) {
	t.Parallel()
	h := newSLAHarness(t)
	anna, mei := h.Customer("Anna", "en"), h.Customer("Mei", "zh")
	ta, tm := h.File(anna), h.File(mei)
	h.Say(h.Li, "/claim", shoptest.In(h.Thread(tm.ID)))
	h.Settle()
	warn := h.Policy.Service.WarnBefore

	h.clockTo(ta.ArrangeBy.Add(-warn))
	for _, tk := range []*tickets.Ticket{ta, tm} {
		h.runSLA(tk.ID, tickets.SLAArrangeWarn)
	}
	h.GroupText("Nobody has taken this ticket up yet")
	if c := h.card(ta.ID); !strings.Contains(c, "Nobody has taken it up yet: to be arranged by") {
		t.Errorf("Anna's card before the deadline:\n%s", c)
	}

	h.clockTo(ta.ArrangeBy)
	for _, tk := range []*tickets.Ticket{ta, tm} {
		h.runSLA(tk.ID, tickets.SLAArrange)
	}
	h.GroupText("The deadline to arrange this ticket")
	if c := h.card(ta.ID); !strings.Contains(c, "Overdue: it was to be arranged by") {
		t.Errorf("Anna's card after the deadline:\n%s", c)
	}
	for _, o := range h.Owners {
		if n := countFromBot(h, o.ID, ta.Ref); n != 0 {
			t.Errorf("owner %s alerted at the arrange deadline", o.FirstName)
		}
	}

	h.clockTo(ta.CheckAt)
	for range 2 {
		for _, tk := range []*tickets.Ticket{ta, tm} {
			h.runSLA(tk.ID, tickets.SLACheck)
		}
	}
	for _, o := range h.Owners {
		alert := h.WaitEntry(o.ID, o.FirstName+"'s alert", func(e telegramsim.Entry) bool {
			return e.FromBot && strings.Contains(e.Message.Text, "Not taken up in time")
		}).Message
		if !strings.Contains(alert.Text, ta.Ref) || !strings.Contains(alert.Text, "Clothing") {
			t.Errorf("%s's alert: %q", o.FirstName, alert.Text)
		}
		if n := countFromBot(h, o.ID, "Not taken up in time"); n != 1 {
			t.Errorf("%s got %d alerts, want 1", o.FirstName, n)
		}
		if n := countFromBot(h, o.ID, tm.Ref); n != 0 {
			t.Errorf("%s was alerted about Mei's claimed ticket", o.FirstName)
		}
	}
	if got := h.inThread(tm.ID); len(got) != 0 {
		t.Errorf("Mei's claimed ticket's thread got %q", got)
	}
	th := h.inThread(ta.ID)
	if len(th) != 3 || !strings.Contains(th[2], "the owners have been told") {
		t.Errorf("Anna's thread: %q", th)
	}
	got := h.Ticket(ta.Ref)
	var escalated int
	for _, e := range got.Events {
		if e.Kind == "escalated" {
			escalated++
		}
	}
	if escalated != 1 {
		t.Errorf("%d escalated events, want 1", escalated)
	}
}

// Bob (English) and Mei (Chinese) are taken up but not resolved: 30
// minutes before the answer deadline each is told, in their language, that
// it takes longer and why, and at the deadline the owners hear of it. /sla
// lists what is overdue and due, by who holds it.
func TestSLAAnswerEndToEnd(t *testing.T) {
	t.Parallel()
	h := newSLAHarness(t)
	anna, bob, mei := h.Customer("Anna", "en"), h.Customer("Bob", "en"), h.Customer("Mei", "zh")
	ta, tb, tm := h.File(anna), h.File(bob), h.File(mei)
	h.Say(h.Li, "/claim", shoptest.In(h.Thread(tb.ID)))
	h.Say(h.Li, "/claim", shoptest.In(h.Thread(tm.ID)))
	h.Settle()

	h.clockTo(tb.AnswerBy.Add(-time.Hour))
	list := h.Say(h.Wang, "/sla")
	answer := h.GroupAnswer(list.ID, "Deadlines").Text
	nobody, li := strings.Index(answer, "Nobody holds"), strings.Index(answer, "Li")
	if nobody < 0 || li < nobody {
		t.Fatalf("/sla does not list the unassigned before Li's:\n%s", answer)
	}
	if a := strings.Index(answer, ta.Ref); a < nobody || a > li || !strings.Contains(answer[a:li], "was due") {
		t.Errorf("/sla: Anna's ticket is not overdue under nobody:\n%s", answer)
	}
	if b := strings.Index(answer, tb.Ref); b < li || !strings.Contains(answer[b:], "the answer due") {
		t.Errorf("/sla: Bob's ticket is not due under Li:\n%s", answer)
	}

	mb, mm := h.mark(bob), h.mark(mei)
	h.clockTo(tb.AnswerBy.Add(-h.Policy.Service.WarnBefore))
	for _, tk := range []*tickets.Ticket{tb, tm} {
		h.runSLA(tk.ID, tickets.SLAAnswerWarn)
	}
	late := h.after(bob, mb, "we need a little longer")
	if !strings.Contains(late.Text, tb.Ref) {
		t.Errorf("Bob's notice: %q", late.Text)
	}
	if zh := h.after(mei, mm, "还需要一些时间"); !strings.Contains(zh.Text, tm.Ref) {
		t.Errorf("Mei's notice: %q", zh.Text)
	}
	for _, o := range h.Owners {
		if n := countFromBot(h, o.ID, "Answer overdue"); n != 0 {
			t.Fatalf("%s alerted before the answer deadline", o.FirstName)
		}
	}

	h.clockTo(tb.AnswerBy)
	h.runSLA(tb.ID, tickets.SLAAnswer)
	for _, o := range h.Owners {
		alert := h.WaitEntry(o.ID, o.FirstName+"'s alert", func(e telegramsim.Entry) bool {
			return e.FromBot && strings.Contains(e.Message.Text, "Answer overdue") && strings.Contains(e.Message.Text, tb.Ref)
		}).Message
		if !strings.Contains(alert.Text, "Li holds it") {
			t.Errorf("%s's alert: %q", o.FirstName, alert.Text)
		}
	}
	if n := countFromBot(h, bob.ID, "we need a little longer"); n != 1 {
		t.Errorf("Bob was told %d times", n)
	}
}
