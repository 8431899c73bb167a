package main

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/internal/customersim"
	"github.com/complaintbot/complaintbot/internal/redistest"
	"github.com/complaintbot/complaintbot/internal/testworld"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// Redis restarted without its data, while customers are in the middle of
// their reports and keep writing: the service recreates what it keeps in
// Redis, says it is not ready while Redis is away, and answers every
// customer afterwards — the ones whose report was lost are told so in their
// language and start again with one tap; a customer new to the bot is
// greeted as before.
func TestRedisRestartedEmptyLosesNoCustomer(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts a Redis server")
	}
	t.Parallel()
	for _, mode := range []struct {
		name    string
		webhook bool
	}{{"long polling", false}, {"webhook", true}} {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			redisRestartedEmpty(t, mode.webhook)
		})
	}
}

func redisRestartedEmpty(t *testing.T, webhook bool) {
	const customers = 8
	rs := redistest.Spawn(t)
	h := startService(t, harnessOpts{redisURL: rs.URL(), webhook: webhook})
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	pol := policy.Default()

	// Customers in both languages, half answering a question they type
	// (the order number), half one asked with buttons (the date).
	drivers := make([]*customersim.Driver, customers)
	buttons := func(i int) bool { return i%4 >= 2 }
	var wg sync.WaitGroup
	errs := make(chan error, customers)
	for i := range customers {
		lang := []string{"en", "zh-hans"}[i%2]
		u := h.sim.AddUser(telegramsim.User{FirstName: fmt.Sprintf("Customer%d", i), LanguageCode: lang})
		d := customersim.New(h.sim, cat, u)
		drivers[i] = d
		steps := []customersim.Turn{
			{Do: func() error { return d.Send("/start") }, Want: "conversation.ask_category"},
			{Do: func() error { return d.Press(pol.Categories[0].Name[d.Lang]) }, Want: "conversation.ask_order"},
		}
		if buttons(i) {
			steps = append(steps, customersim.Turn{Do: func() error { return d.Send("SO20261120") }, Want: "conversation.ask_date"})
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- d.Run(steps)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	h.quiet(t)

	rs.Kill()
	if code, body := h.get(t, "/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "redis") {
		t.Errorf("with Redis down, /readyz = %d %q; want 503 naming redis", code, body)
	}
	next := func(i int) error {
		d := drivers[i]
		if buttons(i) {
			return d.Press(d.Label("conversation.button.yesterday"))
		}
		return d.Send("SO20261120")
	}
	// Half the customers write while Redis is down: Telegram keeps their
	// updates until the service can store them. The rest write once it is
	// back, empty, together with a customer new to the bot.
	for i := range customers / 2 {
		if err := next(i); err != nil {
			t.Fatal(err)
		}
	}
	rs.Start()
	newcomer := customersim.New(h.sim, cat, h.sim.AddUser(telegramsim.User{FirstName: "Newcomer", LanguageCode: "en"}))
	if err := newcomer.Send("hello"); err != nil {
		t.Fatal(err)
	}
	for i := customers / 2; i < customers; i++ {
		if err := next(i); err != nil {
			t.Fatal(err)
		}
	}

	// Every one of them is told, and starts again with one tap.
	answered := 0
	for i, d := range drivers {
		if _, err := d.WaitFor("conversation.dialogue_lost"); err != nil {
			t.Errorf("customer %d (%s, %s): %v", i, d.Lang, map[bool]string{true: "a button", false: "typed"}[buttons(i)], err)
			continue
		}
		if err := d.Run([]customersim.Turn{{Do: func() error { return d.Press(d.Label("conversation.button.report")) }, Want: "conversation.ask_category"}}); err != nil {
			t.Error(err)
			continue
		}
		answered++
	}
	if _, err := newcomer.WaitFor("conversation.offer_start"); err != nil {
		t.Error(err)
	}
	for _, e := range h.sim.Transcript(newcomer.User.ID) {
		if e.FromBot && strings.Contains(e.Message.Text, newcomer.Fragment("conversation.dialogue_lost")) {
			t.Errorf("a customer new to the bot was told a report was lost:\n%s", newcomer.Transcript())
		}
	}
	t.Logf("Redis restarted empty: %d customers mid-report (%d wrote while it was down), %d told and started again", customers, customers/2, answered)

	// Ready again once the intake reads from the recreated streams.
	deadline := time.Now().Add(testworld.Bound)
	for {
		code, body := h.get(t, "/readyz")
		if code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Redis back and customers answered, but /readyz = %d %q", code, body)
		}
		time.Sleep(100 * time.Millisecond) // polling a status endpoint; not a timing assertion
	}
}

// get fetches one of the service's own endpoints.
func (h *harness) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(h.http + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}
