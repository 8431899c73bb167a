package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/complaintbot/complaintbot/internal/customersim"
	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/internal/testworld"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// The service is killed with SIGKILL ten times, at random moments, while
// customers in both languages file complaints, add to them and are
// answered by staff, and restarted each time. Afterwards every confirmed
// complaint is exactly one ticket, every customer's later message is on
// its ticket once and in its thread, and every acknowledgement and staff
// answer has arrived. A kill between Telegram taking a message and the
// service recording it may send that message again: duplicates are
// counted and printed, losses fail the test.
func TestKilledAtRandomMomentsUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts the service ten times")
	}
	t.Parallel()
	const customers, kills = 8, 10

	sim, err := telegramsim.New(telegramsim.Options{Token: testToken, BotUsername: testworld.BotUsername})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	ts := httptest.NewServer(sim)
	t.Cleanup(ts.Close)
	people := testworld.AddPeople(sim, false)
	dbURL := pgtest.NewURL(t)
	env := childEnv(t, ts.URL, people, dbURL, "LOG_LEVEL=info", fmt.Sprintf("STAFF_IDS=%d,%d", people.Li.ID, people.Wang.ID))
	var logs syncBuffer

	// The service, killed and started again by the killer while the
	// customers go on.
	var mu sync.Mutex
	service := startChild(t, env, &logs)
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		if service.ProcessState == nil { // not stopped by the test
			_ = service.Process.Kill()
			_ = service.Wait()
		}
	})
	seed := time.Now().UnixNano()
	t.Logf("kill moments drawn with seed %d", seed)
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	var killed int // the killer's, until killerDone
	killerDone := make(chan struct{})
	stopKilling := make(chan struct{})
	go func() {
		defer close(killerDone)
		for range kills {
			select {
			case <-stopKilling:
				return
			case <-time.After(time.Duration(300+rng.IntN(1700)) * time.Millisecond):
			}
			mu.Lock()
			_ = service.Process.Kill()
			_ = service.Wait()
			service = startChild(t, env, &logs)
			mu.Unlock()
			killed++
		}
	}()
	var stopOnce sync.Once
	stopKiller := func() { stopOnce.Do(func() { close(stopKilling) }); <-killerDone }
	t.Cleanup(stopKiller) // before the service's cleanup: the killer starts no more

	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	clothing, _ := policy.Default().Category("apparel")
	type filed struct {
		user     telegramsim.User
		d        *customersim.Driver
		ref, tag string
		err      error
	}
	results := make([]filed, customers)
	var wg sync.WaitGroup
	for i := range customers {
		lang := []string{"en", "zh-hans"}[i%2]
		u := sim.AddUser(telegramsim.User{FirstName: fmt.Sprintf("Customer%02d", i), LanguageCode: lang})
		wg.Go(func() {
			r := filed{user: u, tag: fmt.Sprintf("parcel-note-%02d", i)}
			d := customersim.New(sim, cat, u).WithTimeout(3 * time.Minute)
			r.d = d
			_, r.ref, r.err = d.FileComplaint(customersim.Complaint{
				Category: clothing, Order: fmt.Sprintf("SO2026%06d", i), Issue: policy.IssueFault,
				Description: "The seam under the left sleeve came apart the first time I wore it.",
				Outcome:     policy.OutcomeRepair, Phone: "13812345678",
			})
			if r.err == nil {
				// Said after the acknowledgement: it goes to the ticket.
				r.err = d.Send("One more thing, for the courier: " + r.tag)
			}
			results[i] = r
		})
	}
	wg.Wait()
	for _, r := range results {
		if r.err != nil {
			t.Fatalf("%s: %v\n%s", r.user.FirstName, r.err, logs.String())
		}
	}

	// Staff answer every card, in its topic, while the kills go on.
	const within = 3 * time.Minute // a rescue waits out a dead replica's lease
	for _, r := range results {
		var card telegramsim.Entry
		waitChatWithin(t, sim, people.Staff.ID, within, "the card of "+r.ref, func(e *telegramsim.Entry) bool {
			if strings.Contains(e.Message.Text, r.ref) && e.Message.ReplyMarkup != nil && e.Message.MessageThreadID != 0 {
				card = *e
				return true
			}
			return false
		})
		if _, err := sim.SendText(people.Staff.ID, people.Li.ID, "A courier collects it tomorrow: "+answerToken(r.ref),
			telegramsim.ThreadID(card.Message.MessageThreadID)); err != nil {
			t.Fatal(err)
		}
	}
	<-killerDone
	if killed != kills {
		t.Fatalf("%d kills, want %d", killed, kills)
	}

	// Everything that had to arrive arrives once the last service runs.
	for _, r := range results {
		ctx, cancel := context.WithTimeout(context.Background(), within)
		_, err := sim.WaitEntry(ctx, r.user.ID, func(e telegramsim.Entry) bool {
			return e.FromBot && strings.Contains(e.Message.Text, answerToken(r.ref))
		})
		cancel()
		if err != nil {
			t.Fatalf("%s: the staff's answer to %s: %v\n%s\nthe group:\n%s\nthe service:\n%s", r.user.FirstName, r.ref, err,
				transcriptOf(sim, r.user.ID), transcriptOf(sim, people.Staff.ID), logs.String())
		}
		waitChatWithin(t, sim, people.Staff.ID, within, "the customer's note "+r.tag, func(e *telegramsim.Entry) bool {
			return strings.Contains(e.Message.Text, r.tag)
		})
	}
	mu.Lock()
	err = service.Process.Signal(syscall.SIGTERM)
	if err == nil {
		err = service.Wait()
	}
	mu.Unlock()
	if err != nil {
		t.Fatalf("service stopped with %v\n%s", err, logs.String())
	}

	pool, err := pgxpool.New(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var lost, duplicated, tickets, notes, acks, answers int
	for _, r := range results {
		var n, m int
		if err := pool.QueryRow(context.Background(),
			`SELECT count(*) FROM tickets WHERE customer_chat_id = $1`, r.user.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id
			WHERE t.ref = $1 AND m.direction = 'in' AND m.text LIKE '%' || $2 || '%'`, r.ref, r.tag).Scan(&m); err != nil {
			t.Fatal(err)
		}
		// The acknowledgement names the reference; so does the answer to
		// the customer's note, which is told from it.
		a := 0
		for _, e := range testworld.BotEntries(sim, r.user.ID) {
			if strings.Contains(e.Message.Text, r.ref) && strings.Contains(e.Message.Text, r.d.Fragment("tickets.ack_repair")) {
				a++
			}
		}
		s := countBot(sim, r.user.ID, answerToken(r.ref))
		tickets, notes, acks, answers = tickets+n, notes+m, acks+a, answers+s
		if n != 1 || m != 1 {
			t.Errorf("%s: %d tickets, the note on %s %d times; want 1 and 1", r.user.FirstName, n, r.ref, m)
		}
		for _, c := range []int{n, m, a, s} {
			lost += max(1-c, 0)
			duplicated += max(c-1, 0)
		}
	}
	if lost != 0 {
		t.Errorf("%d lost", lost)
	}
	t.Logf("updates %d, kills %d, customers %d, tickets %d, notes on tickets %d, acknowledgements %d, staff answers %d: lost %d, duplicated %d",
		sim.LastUpdateID(), kills, customers, tickets, notes, acks, answers, lost, duplicated)
}

// answerToken marks a staff answer to ref; unlike the reference itself, it
// is not found in the acknowledgement.
func answerToken(ref string) string { return "answer " + strings.ReplaceAll(ref, "-", "") }
