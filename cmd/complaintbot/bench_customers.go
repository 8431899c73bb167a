//go:build demo

package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/complaintbot/complaintbot/internal/customersim"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// customerResult is what one virtual customer did and saw.
type customerResult struct {
	chatID    int64
	turns     []time.Duration // each turn's latency, message to complete answer
	turnNames []string        // what the customer did in each of turns
	ref       string
	confirmed bool // Confirm was pressed
	replySent bool // a staff member answered in the ticket's topic
	replied   bool // and the answer reached the customer
	reply     time.Duration
	err       error
}

// customerRun is the customers and the staff of one service run.
type customerRun struct {
	w *benchWorld
	// apparel is the category every customer reports, read once: parsing
	// the policy for each customer took a tenth of the run's CPU.
	apparel policy.Category
	paused  time.Duration // the customers held at the summary while Redis was measured

	mu      sync.Mutex
	answers map[string]time.Time // ref → when the staff answered in its topic
	cards   map[string]int       // ref → the card the staff answered under
	// lastPost is when the staff last saw a new message of the bot's in
	// the group.
	lastPost time.Time
	stop     chan struct{}
	stopped  chan struct{}
}

func newCustomerRun(w *benchWorld) *customerRun {
	apparel, _ := policy.Default().Category("apparel")
	return &customerRun{w: w, apparel: apparel, answers: map[string]time.Time{}, cards: map[string]int{}, stop: make(chan struct{}), stopped: make(chan struct{})}
}

func (w *benchWorld) customerChats() []int64 { return w.chats }

// replyToken marks the staff's answer to a ticket; it does not look like a
// reference, so the customer's acknowledgements are told from it.
func replyToken(ref string) string { return "load-answer " + strings.ReplaceAll(ref, "-", "") }

// play runs every customer at once and returns when they are all done.
// Without pauses every customer waits at the summary until all are there,
// and atSummary is called then, while they wait (or have failed before
// it). With pauses nobody waits and atSummary is not called: customers
// who take their time do not confirm together, and held back they would
// all file within one pause of each other, a burst no real day has.
func (run *customerRun) play(ctx context.Context, atSummary func()) []customerResult {
	o := run.w.o
	hold := o.pause == 0
	results := make([]customerResult, o.customers)
	var arrived, done sync.WaitGroup
	release := make(chan struct{})
	arrived.Add(o.customers)
	done.Add(o.customers)
	for i := range o.customers {
		u := run.w.sim.AddUser(telegramsim.User{FirstName: fmt.Sprintf("Customer%04d", i), LanguageCode: "en"})
		run.w.chats = append(run.w.chats, u.ID)
		go func() {
			defer done.Done()
			var once sync.Once
			arrive := func() {
				once.Do(func() {
					arrived.Done()
					if hold {
						<-release
					}
				})
			}
			defer once.Do(arrived.Done) // failed before the summary
			results[i] = run.customer(ctx, i, u, arrive)
		}()
	}
	arrived.Wait()
	if hold {
		held := time.Now()
		atSummary()
		run.paused = time.Since(held)
	}
	close(release)
	done.Wait()
	return results
}

// customer files one complaint with photos, timing each turn, then waits
// for the staff's answer.
func (run *customerRun) customer(ctx context.Context, i int, u telegramsim.User, atSummary func()) customerResult {
	o := run.w.o
	res := customerResult{chatID: u.ID}
	d := customersim.New(run.w.sim, run.w.cat, u).WithTimeout(o.timeout)
	apparel := run.apparel
	think := pauses(o.pause, uint64(i))
	timed := func(name string, do func() error, want string) error {
		if err := think(ctx); err != nil {
			return err
		}
		start := time.Now()
		if err := do(); err != nil {
			return err
		}
		if _, err := d.WaitFor(want); err != nil {
			return err
		}
		res.turns, res.turnNames = append(res.turns, time.Since(start)), append(res.turnNames, name)
		return nil
	}
	steps := []customersim.Turn{
		{Do: func() error { return d.Send("/start") }, Want: "conversation.ask_category"},
		{Do: func() error { return d.Press(apparel.Name[d.Lang]) }, Want: "conversation.ask_order"},
		{Do: func() error { return d.Send(fmt.Sprintf("SO%08d", 20260000+i)) }, Want: "conversation.ask_date"},
		{Do: func() error { return d.Press(d.Label("conversation.button.yesterday")) }, Want: "conversation.ask_issue"},
		{Do: func() error { return d.Press(d.Label("conversation.issue.fault")) }, Want: "conversation.ask_description"},
		{Do: func() error { return d.Send("The seam under the left sleeve came apart the first time I wore it.") }, Want: "conversation.ask_attachments"},
	}
	for k, st := range steps {
		if res.err = timed([]string{"start", "category", "order", "date", "issue", "description"}[k], st.Do, st.Want); res.err != nil {
			return res
		}
	}
	moveOn := "conversation.button.no_attachments"
	if o.photos > 0 {
		photos := make([][]byte, o.photos)
		for p := range photos {
			photos[p] = customersim.SamplePhoto(uint8(i), uint8(40*p), 90)
		}
		// The album's answer is a counter edited as the photos come in,
		// which the driver polls for: not timed.
		if res.err = think(ctx); res.err != nil {
			return res
		}
		if res.err = d.Album(photos...); res.err != nil {
			return res
		}
		if res.err = d.WaitCounter(o.photos); res.err != nil {
			return res
		}
		moveOn = "conversation.button.done"
	}
	steps = []customersim.Turn{
		{Do: func() error { return d.Press(d.Label(moveOn)) }, Want: "conversation.ask_outcome"},
		{Do: func() error { return d.Press(d.Label("conversation.outcome.repair")) }, Want: "conversation.ask_phone"},
		{Do: func() error { return d.ShareContact(fmt.Sprintf("86138%08d", i)) }, Want: "conversation.summary"},
	}
	for k, st := range steps {
		if res.err = timed([]string{"attachments done", "outcome", "phone"}[k], st.Do, st.Want); res.err != nil {
			return res
		}
	}
	atSummary()

	msgID, data, ok := d.FindButton(d.Label("conversation.button.confirm"))
	if !ok {
		res.err = fmt.Errorf("%s: the summary has no Confirm button", u.FirstName)
		return res
	}
	if res.err = think(ctx); res.err != nil {
		return res
	}
	start := time.Now()
	if res.err = d.PressOn(msgID, data); res.err != nil {
		return res
	}
	res.confirmed = true
	ack, err := d.WaitMatch(customersim.RefRE)
	if err != nil {
		res.err = err
		return res
	}
	res.turns, res.turnNames = append(res.turns, time.Since(start)), append(res.turnNames, "confirm")
	res.ref = customersim.RefRE.FindString(ack.Text)
	res.err = run.awaitAnswer(ctx, d, &res, ack.ID)
	return res
}

// pauses returns the pauses of customer i before each of its turns: none
// when mean is zero, else each drawn uniformly between zero and twice mean,
// the same from one run to the next.
func pauses(mean time.Duration, i uint64) func(context.Context) error {
	if mean <= 0 {
		return func(context.Context) error { return nil }
	}
	rng := rand.New(rand.NewPCG(0x636f6d706c61696e, i))
	return func(ctx context.Context) error {
		t := time.NewTimer(time.Duration(rng.Int64N(int64(2 * mean))))
		defer t.Stop()
		select {
		case <-t.C:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// awaitAnswer waits for the staff's answer to the ticket in the customer's
// chat.
func (run *customerRun) awaitAnswer(ctx context.Context, d *customersim.Driver, res *customerResult, after int) error {
	wait := run.w.o.timeout
	if run.w.o.limits {
		// The staff group takes 20 messages a minute: a topic's card
		// waits its turn behind the others'.
		wait += time.Duration(run.w.o.customers) * 6 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	token := replyToken(res.ref)
	for {
		m, err := run.w.sim.WaitBotMessage(ctx, res.chatID, after)
		if err != nil {
			run.mu.Lock()
			_, res.replySent = run.answers[res.ref]
			run.mu.Unlock()
			return fmt.Errorf("%s: waiting for the staff's answer to %s: %w", d.User.FirstName, res.ref, err)
		}
		after = m.ID
		if strings.Contains(m.Text+m.Caption, token) {
			run.mu.Lock()
			sent := run.answers[res.ref]
			run.mu.Unlock()
			res.replySent, res.replied, res.reply = true, true, time.Since(sent)
			return nil
		}
	}
}

// staffDesk is the virtual staff: it watches the staff group and answers
// each new ticket's card in its topic, once, until stopDesk.
func (run *customerRun) staffDesk(ctx context.Context) {
	defer close(run.stopped)
	w := run.w
	answered := map[string]bool{}
	tick := time.NewTicker(20 * time.Millisecond) // the staff read the group
	defer tick.Stop()
	// The staff read what is new since they last looked: a card comes with
	// its buttons. Reading the whole group every time cost the run more and
	// more as the group grew.
	read := 0
	for {
		select {
		case <-ctx.Done():
			return
		case <-run.stop:
			return
		case <-tick.C:
		}
		var fresh []telegramsim.Entry
		fresh, read = w.sim.TranscriptFrom(w.staff.ID, read)
		for _, e := range fresh {
			if e.FromBot {
				run.mu.Lock()
				run.lastPost = time.Now()
				run.mu.Unlock()
			}
			m := e.Message
			if !e.FromBot || e.Deleted || m.MessageThreadID == 0 || m.ReplyMarkup == nil || len(m.ReplyMarkup.InlineKeyboard) == 0 {
				continue
			}
			ref := customersim.RefRE.FindString(m.Text)
			if ref == "" || answered[ref] {
				continue
			}
			answered[ref] = true
			run.mu.Lock()
			run.answers[ref] = time.Now()
			run.cards[ref] = m.ID
			run.mu.Unlock()
			text := "Thank you for the photos; a courier will collect it tomorrow. " + replyToken(ref)
			if _, err := w.sim.SendText(w.staff.ID, w.staffer.ID, text, telegramsim.ThreadID(m.MessageThreadID)); err != nil {
				w.o.logger.Warn("bench: staff answer not sent", "err", err)
			}
		}
	}
}

func (run *customerRun) stopDesk() {
	close(run.stop)
	<-run.stopped
}

// deliveries counts, in the customer's chat, the acknowledgements (the
// bot's messages naming a reference) and the staff's answers.
func (run *customerRun) deliveries(res customerResult) (acks, answers int) {
	token := ""
	if res.ref != "" {
		token = replyToken(res.ref)
	}
	for _, e := range run.w.sim.Transcript(res.chatID) {
		if !e.FromBot || e.Deleted {
			continue
		}
		text := e.Message.Text + e.Message.Caption
		switch {
		case token != "" && strings.Contains(text, token):
			answers++
		case customersim.RefRE.MatchString(text):
			acks++
		}
	}
	return acks, answers
}
