package main

import (
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/internal/customersim"
	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/internal/redistest"
	"github.com/complaintbot/complaintbot/internal/testworld"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// PostgreSQL goes away for 30 s while eight customers (en, zh) are in the
// middle of their dialogues: the dialogues go on as far as they can, each
// Confirm during the outage is answered at once that the complaint is
// received and will be filed, and when PostgreSQL returns every complaint
// is filed once and acknowledged once; the customers' later notes reach
// their tickets and the staff's answers reach the customers, once each.
func TestPostgresUnreachableUnderLoadFilesEverythingOnceItReturns(t *testing.T) {
	if testing.Short() {
		t.Skip("keeps PostgreSQL away for 30 s")
	}
	t.Parallel()
	dbURL := pgtest.NewURL(t)
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := newTCPProxy(t, u.Host)
	u.Host = proxy.addr
	h := startService(t, harnessOpts{databaseURL: u.String()})
	c := loadThroughOutage(t, h, proxy, 30*time.Second)
	if c.held == 0 {
		t.Error("no Confirm fell in the outage: the test tested nothing")
	}
	if c.busy != 0 {
		t.Errorf("%d customers told the bot is busy, though Redis took every update in", c.busy)
	}
	t.Logf("%s", c)
}

// Redis goes away for 10 s the same way: what it holds (the dialogues, the
// intake, the outboxes) waits, customers who write meanwhile are told once
// that the answer is delayed, and when it returns the service catches up:
// every complaint filed and acknowledged once, nothing lost or repeated.
func TestRedisUnreachableUnderLoadCatchesUpAndLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("keeps Redis away for 10 s")
	}
	t.Parallel()
	_, prefix := redistest.New(t)
	u, err := url.Parse(redistest.URL())
	if err != nil {
		t.Fatal(err)
	}
	proxy := newTCPProxy(t, u.Host)
	u.Host = proxy.addr
	h := startService(t, harnessOpts{redisURL: u.String(), redisPrefix: prefix})
	c := loadThroughOutage(t, h, proxy, 10*time.Second)
	if c.busy == 0 {
		t.Error("nobody who wrote during the outage was told the answer is delayed")
	}
	if c.mostBusy > 1 {
		t.Errorf("a customer was told %d times in one outage that the bot is busy, want once", c.mostBusy)
	}
	t.Logf("%s", c)
}

// outageCounts is what a load through an outage ended with.
type outageCounts struct {
	updates                                        int64
	customers, held, tickets, notes, acks, answers int
	busy, mostBusy                                 int // customers told the bot is busy; the most times one was
	lost, duplicated                               int
}

func (c outageCounts) String() string {
	return fmt.Sprintf("updates %d, customers %d, confirmed during the outage %d, told the bot is busy %d, tickets %d, notes on tickets %d, acknowledgements %d, staff answers %d: lost %d, duplicated %d",
		c.updates, c.customers, c.held, c.busy, c.tickets, c.notes, c.acks, c.answers, c.lost, c.duplicated)
}

// loadThroughOutage plays eight customers through an outage of what proxy
// stands before: half are at the summary when it begins, half just past
// /start. Each confirms, adds a note once acknowledged and is answered by
// staff. It fails the test on anything lost, repeated or apologised for.
func loadThroughOutage(t *testing.T, h *harness, proxy *tcpProxy, outage time.Duration) outageCounts {
	t.Helper()
	const customers = 8
	clothing, _ := policy.Default().Category("apparel")
	drivers := make([]*customersim.Driver, customers)
	for i := range drivers {
		drivers[i] = h.driver(t, telegramsim.User{FirstName: fmt.Sprintf("Customer%02d", i), LanguageCode: []string{"en", "zh-hans"}[i%2]}).
			WithTimeout(outage + testworld.Bound)
	}
	// The outage begins with half the customers at the summary and the
	// other half just past /start.
	var ready sync.WaitGroup
	ready.Add(customers)
	cutDone, restored := make(chan struct{}), make(chan struct{})
	go func() {
		ready.Wait()
		proxy.cut()
		close(cutDone)
		time.Sleep(outage) // the outage's length is the scenario, not a wait for a result
		proxy.restore(t)
		close(restored)
	}()

	refs := make([]string, customers)
	held := make([]bool, customers)
	errs := make([]error, customers)
	var wg sync.WaitGroup
	for i, d := range drivers {
		wg.Go(func() {
			steps := d.PlainReport()
			steps[1].Do = func() error { return d.Press(clothing.Name[d.Lang]) }
			before := 1
			if i%2 == 0 {
				before = len(steps)
			}
			errs[i] = d.Run(steps[:before])
			ready.Done()
			if errs[i] != nil {
				return
			}
			<-cutDone
			if errs[i] = d.Run(steps[before:]); errs[i] != nil {
				return
			}
			if errs[i] = d.Press(d.Label("conversation.button.confirm")); errs[i] != nil {
				return
			}
			var ack *models.Message
			if ack, errs[i] = d.WaitMatch(customersim.RefRE); errs[i] != nil {
				return
			}
			refs[i] = customersim.RefRE.FindString(ack.Text)
			held[i] = strings.Contains(d.Transcript(), d.Fragment("bot.filing_held"))
			errs[i] = d.Send("One more thing, for the courier: " + noteTag(i))
		})
	}
	wg.Wait()
	<-restored
	for i, err := range errs {
		if err != nil {
			t.Fatalf("%s: %v\n%s", drivers[i].User.FirstName, err, drivers[i].Transcript())
		}
	}
	for _, ref := range refs {
		card := h.cardOf(t, ref)
		h.staffSay(t, h.li, card, "A courier collects it tomorrow: "+answerToken(ref))
	}
	for i, d := range drivers {
		waitChatWithin(t, h.sim, d.User.ID, testworld.Bound, "the staff's answer to "+refs[i], func(e *telegramsim.Entry) bool {
			return e.FromBot && strings.Contains(e.Message.Text, answerToken(refs[i]))
		})
	}
	h.quiet(t)

	h.ticketStore(t)
	c := outageCounts{customers: customers, updates: h.sim.LastUpdateID()}
	apologies := 0
	for i, d := range drivers {
		n, m := filedOnce(t, h.pool, d.User.ID, refs[i], noteTag(i))
		a, busy := 0, 0
		for _, e := range testworld.BotEntries(h.sim, d.User.ID) {
			switch {
			case strings.Contains(e.Message.Text, refs[i]) && strings.Contains(e.Message.Text, d.Fragment("tickets.ack_repair")):
				a++
			case strings.Contains(e.Message.Text, d.Fragment("bot.sorry")):
				apologies++
			case strings.Contains(e.Message.Text, d.Fragment("bot.busy")):
				busy++
			}
		}
		if busy > 0 {
			c.busy++
		}
		c.mostBusy = max(c.mostBusy, busy)
		s := countBot(h.sim, d.User.ID, answerToken(refs[i]))
		c.tickets, c.notes, c.acks, c.answers = c.tickets+n, c.notes+m, c.acks+a, c.answers+s
		if held[i] {
			c.held++
		}
		for _, k := range []int{n, m, a, s} {
			c.lost += max(1-k, 0)
			c.duplicated += max(k-1, 0)
		}
		if n != 1 || m != 1 || a != 1 || s != 1 {
			t.Errorf("%s: %d tickets, note %d times, %d acknowledgements, staff answer %d times; want 1 each\n%s",
				d.User.FirstName, n, m, a, s, d.Transcript())
		}
	}
	if apologies != 0 {
		t.Errorf("%d apologies: an update was given up during the outage", apologies)
	}
	return c
}

// noteTag marks customer i's note after the acknowledgement.
func noteTag(i int) string { return fmt.Sprintf("parcel-note-%02d", i) }
