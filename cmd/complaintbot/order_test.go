package main

import (
	"bytes"
	"context"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/internal/testworld"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// holdChat stands between the service and the simulator and, while held
// is set, fails every message sent to one chat with a 502, as Telegram
// does in an outage.
type holdChat struct {
	chatID atomic.Int64
	held   atomic.Bool
	failed atomic.Int64
}

func (hc *holdChat) api(sim http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hc.held.Load() && strings.HasSuffix(r.URL.Path, "/sendMessage") && hc.isHeldChat(r) {
			hc.failed.Add(1)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadGateway)
			_, _ = w.Write([]byte(`{"ok":false,"error_code":502,"description":"Bad Gateway"}`))
			return
		}
		sim.ServeHTTP(w, r)
	})
}

// isHeldChat reads the request's chat_id, leaving the body for the
// simulator.
func (hc *holdChat) isHeldChat(r *http.Request) bool {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return false
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	var chat string
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case strings.HasPrefix(mediaType, "multipart/"):
		probe := r.Clone(r.Context())
		probe.Body = io.NopCloser(bytes.NewReader(body))
		if err := probe.ParseMultipartForm(1 << 20); err == nil {
			chat = probe.FormValue("chat_id")
		}
	case mediaType == "application/x-www-form-urlencoded":
		if v, err := url.ParseQuery(string(body)); err == nil {
			chat = v.Get("chat_id")
		}
	default: // JSON
		if i := bytes.Index(body, []byte(`"chat_id":`)); i >= 0 {
			rest := strings.TrimLeft(string(body[i+len(`"chat_id":`):]), " \"")
			chat = rest[:strings.IndexAny(rest, "\",}")]
		}
	}
	return chat != "" && chat == strconv.FormatInt(hc.chatID.Load(), 10)
}

// Everything the bot sends one customer arrives in the order it was
// decided, whichever path sends it, with Telegram's per-chat limits on: the
// answer to Confirm (the dialogue's outbox) comes before the
// acknowledgement (a follow-up job), which comes before a staff member's
// answer (a desk relay job) — even when Telegram fails the answer to
// Confirm until the acknowledgement's job has run and failed too.
func TestOneCustomerHearsEverythingInOrder(t *testing.T) {
	t.Parallel()
	hc := &holdChat{}
	h := startService(t, harnessOpts{rateLimits: true, api: hc.api})
	d := h.driver(t, telegramsim.User{FirstName: "Anna", LanguageCode: "en"})
	hc.chatID.Store(d.User.ID)

	err := d.Run(d.PlainReport())
	if err != nil {
		t.Fatal(err)
	}

	hc.held.Store(true)
	if err := d.Press(d.Label("conversation.button.confirm")); err != nil {
		t.Fatal(err)
	}
	// The acknowledgement's job has run and failed at least once: the
	// answer to Confirm is still held in the outbox, and the job found it
	// there.
	h.waitFor(t, "the acknowledgement's job to fail", func() bool {
		var n int
		err := h.pool.QueryRow(context.Background(),
			`SELECT count(*) FROM river_job WHERE kind = 'ticket_ack' AND cardinality(errors) > 0`).Scan(&n)
		return err == nil && n > 0
	})
	hc.held.Store(false)

	ticket, err := h.ticketStore(t).OpenForCustomer(context.Background(), d.User.ID)
	if err != nil {
		t.Fatal(err)
	}
	dt := h.cardOf(t, ticket.Ref)
	h.staffSay(t, h.li, dt, "We will collect it tomorrow morning.")
	if _, err := d.WaitMatch(regexp.MustCompile(`We will collect it tomorrow morning\.`)); err != nil {
		t.Fatal(err)
	}

	submitted := d.Fragment("conversation.submitted")
	ack := ticket.Ref
	var order []string
	for _, e := range h.sim.Transcript(d.User.ID) {
		switch text := e.Message.Text; {
		case !e.FromBot:
		case strings.Contains(text, "We will collect it"):
			order = append(order, "staff answer")
		case strings.Contains(text, ack):
			order = append(order, "acknowledgement")
		case strings.Contains(text, submitted):
			order = append(order, "submitted")
		}
	}
	want := []string{"submitted", "acknowledgement", "staff answer"}
	if strings.Join(order, ", ") != strings.Join(want, ", ") {
		t.Errorf("the customer read %v, want %v\n%s", order, want, d.Transcript())
	}
	t.Logf("%d sends to the customer failed while held; the customer read %v", hc.failed.Load(), order)
}

// A staff member who answers a card before the customer was acknowledged
// (Telegram failing the customer's chat meanwhile) does not cost the
// customer their reference: the acknowledgement is still sent, once, and
// the answer waits for it.
func TestStaffQuickerThanTheAcknowledgement(t *testing.T) {
	t.Parallel()
	hc := &holdChat{}
	h := startService(t, harnessOpts{api: hc.api})
	d := h.driver(t, telegramsim.User{FirstName: "Bo", LanguageCode: "en"})
	hc.chatID.Store(d.User.ID)
	if err := d.Run(d.PlainReport()); err != nil {
		t.Fatal(err)
	}

	hc.held.Store(true)
	if err := d.Press(d.Label("conversation.button.confirm")); err != nil {
		t.Fatal(err)
	}
	store := h.ticketStore(t)
	var ticket *tickets.Ticket
	h.waitFor(t, "the ticket", func() bool {
		var err error
		ticket, err = store.OpenForCustomer(context.Background(), d.User.ID)
		return err == nil
	})
	// The card, found without waiting for the service to be quiet: the
	// acknowledgement's job is backing off meanwhile.
	card := h.waitGroup(t, "the card of "+ticket.Ref, func(e telegramsim.Entry) bool {
		m := e.Message
		return e.FromBot && !e.Deleted && strings.Contains(m.Text, ticket.Ref) && m.ReplyMarkup != nil
	})
	h.waitFor(t, "the card recorded", func() bool {
		th, err := store.Thread(context.Background(), ticket.ID)
		return err == nil && th.CardMessageID == int64(card.Message.ID)
	})
	dt := deskTicket{ref: ticket.Ref, card: card.Message, thread: card.Message.MessageThreadID}
	h.staffSay(t, h.li, dt, "We will collect it tomorrow morning.")
	h.waitFor(t, "the answer to take the ticket up, unacknowledged", func() bool {
		got, err := store.Get(context.Background(), ticket.Ref)
		return err == nil && got.Status == tickets.StatusInProgress && got.AcknowledgedAt.IsZero()
	})
	hc.held.Store(false)

	if _, err := d.WaitMatch(regexp.MustCompile(`We will collect it tomorrow morning\.`)); err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, e := range h.sim.Transcript(d.User.ID) {
		switch text := e.Message.Text; {
		case !e.FromBot:
		case strings.Contains(text, "We will collect it"):
			order = append(order, "staff answer")
		case strings.Contains(text, ticket.Ref):
			order = append(order, "acknowledgement")
		}
	}
	want := []string{"acknowledgement", "staff answer"}
	if strings.Join(order, ", ") != strings.Join(want, ", ") {
		t.Errorf("the customer read %v, want %v\n%s", order, want, d.Transcript())
	}
	got, err := store.Get(context.Background(), ticket.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != tickets.StatusInProgress || got.AcknowledgedAt.IsZero() {
		t.Errorf("ticket %s acknowledged at %v, want stamped and still in progress", got.Status, got.AcknowledgedAt)
	}
	t.Logf("%d sends to the customer failed while held; the customer read %v", hc.failed.Load(), order)
}

// waitFor waits until ok holds, woken by the service's signals (a job
// failing is one); it fails the test if they stop before it does.
func (h *harness) waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	h.ticketStore(t)
	timeout := time.NewTimer(testworld.Bound)
	defer timeout.Stop()
	for !ok() {
		select {
		case <-h.heard.poke:
		case <-timeout.C:
			t.Fatalf("waited in vain for %s", what)
		}
	}
}
