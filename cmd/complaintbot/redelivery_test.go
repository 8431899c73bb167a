package main

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/internal/testworld"
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

	results := fileUnderLoad(t, h.sim, customers, 0, testworld.Bound)(nil)
	for _, r := range results {
		card := h.cardOf(t, r.ref)
		h.staffSay(t, h.li, card, "A courier collects it tomorrow: "+answerToken(r.ref))
	}
	waitAnswered(t, h.sim, h.staff.ID, results, testworld.Bound, nil)
	close(stop)
	<-stopped
	rd.round(t, true) // the last copies, then quiet
	h.quiet(t)

	h.ticketStore(t)
	var lost, duplicated, tickets, notes, messages int
	for _, r := range results {
		n, m := filedOnce(t, h.pool, r.user.ID, r.ref, r.tag)
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
