package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/internal/customersim"
	"github.com/complaintbot/complaintbot/internal/testworld"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// Every update reaches the service two or three times (Telegram retrying a
// webhook it thinks failed, or a getUpdates answer lost), the copies
// arriving late and out of order across chats, while customers in both
// languages file complaints, add to them and are answered by staff. Each
// complaint is still one ticket, each later message on it once, and each
// customer hears every answer once: no bot message repeated in a chat.
func TestEveryUpdateRedeliveredAndInterleavedIsHandledOnce(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"polling", "webhook"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			redeliveredLoad(t, harnessOpts{webhook: mode == "webhook"})
		})
	}
}

// redeliverer delivers every update again, once or twice more, in an order
// of its own.
type redeliverer struct {
	sim        *telegramsim.Server
	rng        *rand.Rand
	seen       int64   // the last update id taken
	backlog    []int64 // copies still to deliver
	deliveries int     // copies delivered
}

// round takes the updates that came since the last round, and delivers a
// random half of the copies waiting (all of them when flush is set).
func (r *redeliverer) round(t *testing.T, flush bool) {
	t.Helper()
	for last := r.sim.LastUpdateID(); r.seen < last; {
		r.seen++
		for range 1 + r.rng.IntN(2) {
			r.backlog = append(r.backlog, r.seen)
		}
	}
	r.rng.Shuffle(len(r.backlog), func(i, j int) { r.backlog[i], r.backlog[j] = r.backlog[j], r.backlog[i] })
	n := len(r.backlog)
	if !flush {
		n = (n + 1) / 2
	}
	for _, id := range r.backlog[:n] {
		if err := r.sim.InjectDuplicate(id); err != nil {
			t.Error(err) // called from the redelivering goroutine too
			return
		}
		r.deliveries++
	}
	r.backlog = r.backlog[n:]
}

func redeliveredLoad(t *testing.T, o harnessOpts) {
	const customers = 8
	h := startService(t, o)
	seed := time.Now().UnixNano()
	t.Logf("redelivery order drawn with seed %d", seed)
	rd := &redeliverer{sim: h.sim, rng: rand.New(rand.NewPCG(uint64(seed), 0)), seen: h.sim.LastUpdateID()}

	// The copies go out while the customers and staff go on: a round
	// whenever the bot has said something anywhere.
	stop, stopped := make(chan struct{}), make(chan struct{})
	events, unsubscribe := h.sim.Subscribe()
	defer unsubscribe()
	go func() {
		defer close(stopped)
		for {
			select {
			case <-stop:
				return
			case <-events:
				rd.round(t, false)
			}
		}
	}()

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
		u := h.sim.AddUser(telegramsim.User{FirstName: fmt.Sprintf("Customer%02d", i), LanguageCode: []string{"en", "zh-hans"}[i%2]})
		wg.Go(func() {
			r := filed{user: u, tag: fmt.Sprintf("parcel-note-%02d", i)}
			r.d = customersim.New(h.sim, cat, u).WithTimeout(testworld.Bound)
			_, r.ref, r.err = r.d.FileComplaint(customersim.Complaint{
				Category: clothing, Order: fmt.Sprintf("SO2026%06d", i), Issue: policy.IssueFault,
				Description: "The seam under the left sleeve came apart the first time I wore it.",
				Outcome:     policy.OutcomeRepair, Phone: "13812345678",
			})
			if r.err == nil {
				r.err = r.d.Send("One more thing, for the courier: " + r.tag)
			}
			results[i] = r
		})
	}
	wg.Wait()
	for _, r := range results {
		if r.err != nil {
			t.Fatalf("%s: %v", r.user.FirstName, r.err)
		}
	}
	for _, r := range results {
		card := h.cardOf(t, r.ref)
		h.staffSay(t, h.li, card, "A courier collects it tomorrow: "+answerToken(r.ref))
	}
	for _, r := range results {
		waitChatWithin(t, h.sim, r.user.ID, testworld.Bound, "the staff's answer to "+r.ref, func(e *telegramsim.Entry) bool {
			return e.FromBot && strings.Contains(e.Message.Text, answerToken(r.ref))
		})
		waitChatWithin(t, h.sim, h.staff.ID, testworld.Bound, "the customer's note "+r.tag, func(e *telegramsim.Entry) bool {
			return strings.Contains(e.Message.Text, r.tag)
		})
	}
	close(stop)
	<-stopped
	rd.round(t, true) // the last copies, then quiet
	h.quiet(t)

	h.ticketStore(t)
	pool := h.pool
	ctx := context.Background()
	var lost, duplicated, tickets, notes, messages int
	for _, r := range results {
		var n, m int
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM tickets WHERE customer_chat_id = $1`, r.user.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id
			WHERE t.ref = $1 AND m.direction = 'in' AND m.text LIKE '%' || $2 || '%'`, r.ref, r.tag).Scan(&m); err != nil {
			t.Fatal(err)
		}
		answers := countBot(h.sim, r.user.ID, answerToken(r.ref))
		tickets, notes = tickets+n, notes+m
		for _, c := range []int{n, m, answers} {
			lost += max(1-c, 0)
			duplicated += max(c-1, 0)
		}
		// No answer twice: every bot message in the chat says something
		// the chat has not heard before.
		heard := map[string]bool{}
		for _, e := range testworld.BotEntries(h.sim, r.user.ID) {
			messages++
			text := e.Message.Text + e.Message.Caption
			if heard[text] {
				duplicated++
				t.Errorf("%s heard twice: %q\n%s", r.user.FirstName, text, transcriptOf(h.sim, r.user.ID))
			}
			heard[text] = true
		}
		if n != 1 || m != 1 || answers != 1 {
			t.Errorf("%s: %d tickets, the note on %s %d times, the staff's answer %d times; want 1, 1, 1", r.user.FirstName, n, r.ref, m, answers)
		}
	}
	if tickets != customers {
		t.Errorf("%d tickets for %d customers", tickets, customers)
	}
	t.Logf("updates %d, deliveries %d, tickets %d, notes on tickets %d, bot messages to customers %d: lost %d, duplicated %d",
		rd.seen, int(rd.seen)+rd.deliveries, tickets, notes, messages, lost, duplicated)
}
