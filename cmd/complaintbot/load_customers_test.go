package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/complaintbot/complaintbot/internal/customersim"
	"github.com/complaintbot/complaintbot/internal/testworld"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// loadCustomer is one customer of a fault test's load: who they are, their
// driver, the reference their complaint was filed under, and the tag of
// the note they add once acknowledged.
type loadCustomer struct {
	user     telegramsim.User
	d        *customersim.Driver
	ref, tag string
}

// fileUnderLoad has n customers, English and Chinese by turns, each file a
// complaint at once (with photos photos) and add a note once acknowledged,
// each waiting up to timeout for every answer. The test goes on meanwhile;
// done waits for them all and fails the test with the first customer's
// error, followed by more() when more is set (the service's logs, say).
func fileUnderLoad(t *testing.T, sim *telegramsim.Server, n, photos int, timeout time.Duration) (done func(more func() string) []loadCustomer) {
	t.Helper()
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	clothing, _ := policy.Default().Category("apparel")
	customers := make([]loadCustomer, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		u := sim.AddUser(telegramsim.User{FirstName: fmt.Sprintf("Customer%02d", i), LanguageCode: []string{"en", "zh-hans"}[i%2]})
		customers[i] = loadCustomer{user: u, d: customersim.New(sim, cat, u).WithTimeout(timeout), tag: fmt.Sprintf("parcel-note-%02d", i)}
		wg.Go(func() {
			c := &customers[i]
			pics := make([][]byte, photos)
			for p := range pics {
				pics[p] = customersim.SamplePhoto(uint8(i*40), uint8(90+40*p), 90)
			}
			_, c.ref, errs[i] = c.d.FileComplaint(customersim.Complaint{
				Category: clothing, Order: fmt.Sprintf("SO2026%06d", i), Issue: policy.IssueFault,
				Description: "The seam under the left sleeve came apart the first time I wore it.",
				Photos:      pics, Outcome: policy.OutcomeRepair, Phone: "13812345678",
			})
			if errs[i] == nil {
				// Said after the acknowledgement: it goes to the ticket.
				errs[i] = c.d.Send("One more thing, for the courier: " + c.tag)
			}
		})
	}
	return func(more func() string) []loadCustomer {
		t.Helper()
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				extra := ""
				if more != nil {
					extra = "\n" + more()
				}
				t.Fatalf("%s: %v%s", customers[i].user.FirstName, err, extra)
			}
		}
		return customers
	}
}

// answerInTopics has staffer answer every customer's card in its topic of
// the staff group, each card awaited up to within, and returns the cards
// by reference.
func answerInTopics(t *testing.T, sim *telegramsim.Server, staff, staffer int64, customers []loadCustomer, within time.Duration) map[string]telegramsim.Entry {
	t.Helper()
	cards := map[string]telegramsim.Entry{}
	for _, c := range customers {
		waitChatWithin(t, sim, staff, within, "the card of "+c.ref, func(e *telegramsim.Entry) bool {
			if strings.Contains(e.Message.Text, c.ref) && e.Message.ReplyMarkup != nil && e.Message.MessageThreadID != 0 {
				cards[c.ref] = *e
				return true
			}
			return false
		})
		if _, err := sim.SendText(staff, staffer, "A courier collects it tomorrow: "+answerToken(c.ref),
			telegramsim.ThreadID(cards[c.ref].Message.MessageThreadID)); err != nil {
			t.Fatal(err)
		}
	}
	return cards
}

// waitAnswered waits up to within for each customer to hear the staff's
// answer and for their note to be in the staff group; a customer not
// answered fails the test, followed by more() when more is set.
func waitAnswered(t *testing.T, sim *telegramsim.Server, staff int64, customers []loadCustomer, within time.Duration, more func() string) {
	t.Helper()
	for _, c := range customers {
		ctx, cancel := context.WithTimeout(context.Background(), within)
		_, err := sim.WaitEntry(ctx, c.user.ID, func(e telegramsim.Entry) bool {
			return e.FromBot && strings.Contains(e.Message.Text, answerToken(c.ref))
		})
		cancel()
		if err != nil {
			extra := ""
			if more != nil {
				extra = "\n" + more()
			}
			t.Fatalf("%s: the staff's answer to %s: %v\n%s%s", c.user.FirstName, c.ref, err, transcriptOf(sim, c.user.ID), extra)
		}
		waitChatWithin(t, sim, staff, within, "the customer's note "+c.tag, func(e *telegramsim.Entry) bool {
			return strings.Contains(e.Message.Text, c.tag)
		})
	}
}

// filedOnce reads in PostgreSQL how many tickets the customer of chat has,
// and how many times the note tagged tag is on the ticket ref: one and one
// when nothing was lost or repeated.
func filedOnce(t *testing.T, pool *pgxpool.Pool, chat int64, ref, tag string) (tickets, notes int) {
	t.Helper()
	ctx := context.Background()
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM tickets WHERE customer_chat_id = $1`, chat).Scan(&tickets); err != nil {
		t.Fatal(err)
	}
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id
		WHERE t.ref = $1 AND m.direction = 'in' AND m.text LIKE '%' || $2 || '%'`, ref, tag).Scan(&notes); err != nil {
		t.Fatal(err)
	}
	return tickets, notes
}

// acknowledgements counts the acknowledgements of ref (a repair's, as the
// load's customers ask for) in the chat of d's customer.
func acknowledgements(sim *telegramsim.Server, d *customersim.Driver, ref string) int {
	n := 0
	for _, e := range testworld.BotEntries(sim, d.User.ID) {
		if strings.Contains(e.Message.Text, ref) && strings.Contains(e.Message.Text, d.Fragment("tickets.ack_repair")) {
			n++
		}
	}
	return n
}
