package desk

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/complaintbot/complaintbot/internal/testworld"
	"github.com/complaintbot/complaintbot/tickets"
)

// A claim shows on its card while the cards of newer tickets wait for
// their turn on the desk queue, as they do in a rush, when the group takes
// twenty posts a minute: an edit is not a post and does not queue behind
// them. Here no replica holds the desk lock, so nothing is posted at all,
// and the claim's edit goes out nonetheless.
func TestAClaimShowsWhileNewCardsWait(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := newEnv(t, envOpts{held: true})
	first := d.file(t)
	if err := (&cardWorker{job[tickets.DeskCardArgs]{desk: d.staff}}).Work(ctx, jobOf(tickets.DeskCardArgs{TicketID: first.ID})); err != nil {
		t.Fatal(err)
	}
	if _, err := d.pool.Exec(ctx, `DELETE FROM river_job WHERE kind = $1 AND args->>'ticket_id' = $2::bigint::text`,
		tickets.DeskCardArgs{}.Kind(), first.ID); err != nil {
		t.Fatal(err)
	}
	second := d.file(t) // its card waits on the desk queue

	jobs, err := tickets.NewRiverClient(d.pool, tickets.Workers(d.store, noNotices{}, d.staff.Workers), nil, tickets.WithDeskOnLock())
	if err != nil {
		t.Fatal(err)
	}
	events, cancelEvents := jobs.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
	defer cancelEvents()
	if err := jobs.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = jobs.Stop(stop)
	}()

	if _, err := d.store.Claim(ctx, first.ID, liOf(d)); err != nil {
		t.Fatal(err)
	}
	deadline := time.NewTimer(testworld.Bound)
	defer deadline.Stop()
	for edited := false; !edited; {
		select {
		case ev := <-events:
			if ev.Job.Kind != (tickets.DeskCardEditArgs{}).Kind() {
				continue
			}
			if ev.Kind != river.EventKindJobCompleted {
				t.Fatalf("the card's edit failed: %v", ev.Job.Errors)
			}
			edited = true
		case <-deadline.C:
			t.Fatalf("the claimed card was not edited; the group:\n%s", d.Transcript(d.desk.ID))
		}
	}
	th, err := d.store.Thread(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if text := d.entry(t, th.CardMessageID).Message.Text; !strings.Contains(text, "Taken by Li") {
		t.Errorf("the card after the claim:\n%s", text)
	}
	if topics := d.sim.Topics(d.desk.ID); len(topics) != 1 {
		t.Errorf("%d topics in the group, want the first ticket's alone (%s's card waits)", len(topics), second.Ref)
	}
}

// An edit queued while the ticket's card is being posted (a change made
// meanwhile) waits for the card instead of queueing a second post behind
// every card waiting, and then finds it.
func TestAnEditWaitsForItsCard(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := newEnv(t, envOpts{held: true})
	tk := d.file(t)
	if _, err := d.pool.Exec(ctx, `UPDATE river_job SET state = 'running', attempt = 1, attempted_at = now()
		WHERE kind = $1 AND args->>'ticket_id' = $2::bigint::text`, tickets.DeskCardArgs{}.Kind(), tk.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.store.Claim(ctx, tk.ID, liOf(d)); err != nil {
		t.Fatal(err)
	}
	edit := &editWorker{job[tickets.DeskCardEditArgs]{desk: d.staff}}
	err := edit.Work(ctx, jobOf(tickets.DeskCardEditArgs{TicketID: tk.ID}))
	var snooze *river.JobSnoozeError
	if !errors.As(err, &snooze) {
		t.Fatalf("an edit while the card is posted: %v; want it to wait for the card", err)
	}
	var posts int
	if err := d.pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = $1 AND state = 'available'`,
		tickets.DeskCardArgs{}.Kind()).Scan(&posts); err != nil {
		t.Fatal(err)
	}
	if posts != 0 {
		t.Fatalf("%d card jobs queued by the waiting edit, want none", posts)
	}

	if err := (&cardWorker{job[tickets.DeskCardArgs]{desk: d.staff}}).Work(ctx, jobOf(tickets.DeskCardArgs{TicketID: tk.ID})); err != nil {
		t.Fatal(err)
	}
	if _, err := d.pool.Exec(ctx, `UPDATE river_job SET state = 'completed', finalized_at = now()
		WHERE kind = $1 AND args->>'ticket_id' = $2::bigint::text`, tickets.DeskCardArgs{}.Kind(), tk.ID); err != nil {
		t.Fatal(err)
	}
	if err := edit.Work(ctx, jobOf(tickets.DeskCardEditArgs{TicketID: tk.ID})); err != nil {
		t.Fatal(err)
	}
	th, err := d.store.Thread(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if text := d.entry(t, th.CardMessageID).Message.Text; !strings.Contains(text, "Taken by Li") {
		t.Errorf("the card after the claim:\n%s", text)
	}
}
