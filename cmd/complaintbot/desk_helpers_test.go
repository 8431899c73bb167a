package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// deskWait bounds how long a test waits for the staff group to show
// something: the desk posts through a queue, a few seconds apart at worst.
const deskWait = 30 * time.Second

// deskTicket is a ticket as the staff group shows it: its card and, in a
// forum, its topic.
type deskTicket struct {
	ref    string
	card   *models.Message
	thread int // the forum topic; 0 in a plain group
}

// waitGroup waits for a message in the staff group that match accepts.
func (h *harness) waitGroup(t *testing.T, what string, match func(telegramsim.Entry) bool) telegramsim.Entry {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), deskWait)
	defer cancel()
	e, err := h.sim.WaitEntry(ctx, h.staff.ID, match)
	if err != nil {
		t.Fatalf("staff group: %s: %v\n%s", what, err, h.groupTranscript())
	}
	return e
}

// waitChat waits for a message from the bot in a private chat that match
// accepts.
func (h *harness) waitChat(t *testing.T, chatID int64, what string, match func(*models.Message) bool) *models.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), deskWait)
	defer cancel()
	e, err := h.sim.WaitEntry(ctx, chatID, func(e telegramsim.Entry) bool { return e.FromBot && !e.Deleted && match(e.Message) })
	if err != nil {
		t.Fatalf("chat %d: %s: %v\n%s", chatID, what, err, transcriptOf(h.sim, chatID))
	}
	return e.Message
}

func (h *harness) groupTranscript() string { return transcriptOf(h.sim, h.staff.ID) }

func transcriptOf(sim *telegramsim.Server, chatID int64) string {
	var b strings.Builder
	for _, e := range sim.Transcript(chatID) {
		thread := ""
		if e.Message.MessageThreadID != 0 {
			thread = fmt.Sprintf("[topic %d] ", e.Message.MessageThreadID)
		}
		fmt.Fprintf(&b, "  %s%s\n", thread, e)
	}
	return b.String()
}

// cardOf waits for the ticket's card in the staff group: the bot's message
// naming the reference and carrying the staff's buttons. In a forum it must
// be in a topic named with the reference.
func (h *harness) cardOf(t *testing.T, ref string) deskTicket {
	t.Helper()
	e := h.waitGroup(t, "the card of "+ref, func(e telegramsim.Entry) bool {
		m := e.Message
		return e.FromBot && !e.Deleted && strings.Contains(m.Text, ref) && m.ReplyMarkup != nil && len(m.ReplyMarkup.InlineKeyboard) > 0
	})
	dt := deskTicket{ref: ref, card: e.Message, thread: e.Message.MessageThreadID}
	// The desk records the card right after posting it; buttons pressed
	// before that are refused as not the ticket's.
	tk, err := h.ticketStore(t).Get(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	h.quiet(t)
	if th, err := h.ticketStore(t).Thread(context.Background(), tk.ID); err != nil || th.CardMessageID != int64(e.Message.ID) {
		t.Fatalf("card %d of %s not recorded once the service was quiet: %+v %v", e.Message.ID, ref, th, err)
	}
	if !h.staff.Forum {
		if dt.thread != 0 {
			t.Errorf("card of %s in topic %d of a plain group", ref, dt.thread)
		}
		return dt
	}
	var topic *telegramsim.Topic
	for _, tp := range h.sim.Topics(h.staff.ID) {
		if tp.ThreadID == dt.thread && !tp.Deleted {
			topic = &tp
		}
	}
	if topic == nil || !strings.Contains(topic.Name, ref) {
		t.Fatalf("card of %s is in thread %d, not a topic named with it; topics %+v", ref, dt.thread, h.sim.Topics(h.staff.ID))
	}
	return dt
}

// opts places a staff message in the ticket's thread: in its topic, or as a
// reply to its card in a plain group.
func (dt deskTicket) opts() []telegramsim.SendOption {
	if dt.thread != 0 {
		return []telegramsim.SendOption{telegramsim.ThreadID(dt.thread)}
	}
	return []telegramsim.SendOption{telegramsim.ReplyTo(dt.card.ID)}
}

// inThread reports whether a group message belongs to the ticket's
// thread: in its topic, or replying to its card.
func (dt deskTicket) inThread(m *models.Message) bool {
	if dt.thread != 0 {
		return m.MessageThreadID == dt.thread
	}
	return m.ReplyToMessage != nil && m.ReplyToMessage.ID == dt.card.ID
}

// staffSay writes text as a staff member in the ticket's thread.
func (h *harness) staffSay(t *testing.T, from telegramsim.User, dt deskTicket, text string) *models.Message {
	t.Helper()
	m, err := h.sim.SendText(h.staff.ID, from.ID, text, dt.opts()...)
	if err != nil {
		t.Fatalf("%s says %q: %v", from.FirstName, text, err)
	}
	return m
}

// pressCard presses the card's button whose callback data starts with
// prefix, as a staff member, and returns the toast it was answered with.
func (h *harness) pressCard(t *testing.T, from telegramsim.User, dt deskTicket, prefix string) string {
	t.Helper()
	card := h.currentCard(t, dt)
	for _, row := range card.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if strings.HasPrefix(b.CallbackData, prefix) {
				return h.press(t, from, card.ID, b.CallbackData)
			}
		}
	}
	t.Fatalf("card of %s has no button %q: %s\n%s", dt.ref, prefix, describeKeyboard(card), h.groupTranscript())
	return ""
}

// press presses a button in the staff group and waits for its answer.
func (h *harness) press(t *testing.T, from telegramsim.User, msgID int, data string) string {
	t.Helper()
	q, err := h.sim.PressButton(h.staff.ID, from.ID, msgID, data)
	if err != nil {
		t.Fatalf("press %q: %v", data, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), deskWait)
	defer cancel()
	a, err := h.sim.WaitCallbackAnswer(ctx, q)
	if err != nil {
		t.Fatalf("press %q was not answered: %v", data, err)
	}
	t.Logf("%s pressed %s on #%d: %q", from.FirstName, data, msgID, a.Text)
	return a.Text
}

// currentCard is the card's message as it is now (the desk edits it).
func (h *harness) currentCard(t *testing.T, dt deskTicket) *models.Message {
	t.Helper()
	for _, e := range h.sim.Transcript(h.staff.ID) {
		if e.Message.ID == dt.card.ID {
			return e.Message
		}
	}
	t.Fatalf("card %d of %s is gone", dt.card.ID, dt.ref)
	return nil
}

// waitCard waits until the card shows something.
func (h *harness) waitCard(t *testing.T, dt deskTicket, what string, ok func(text string) bool) {
	t.Helper()
	h.waitGroup(t, "card of "+dt.ref+" "+what, func(e telegramsim.Entry) bool {
		return e.Message.ID == dt.card.ID && ok(e.Message.Text)
	})
}

func describeKeyboard(m *models.Message) string {
	if m.ReplyMarkup == nil {
		return "no keyboard"
	}
	var out []string
	for _, row := range m.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			out = append(out, b.Text+"="+b.CallbackData)
		}
	}
	return strings.Join(out, " ")
}

// settledTicket reads the ticket once the service is quiet and fails the
// test unless it satisfies ok.
func (h *harness) settledTicket(t *testing.T, ref, what string, ok func(*tickets.Ticket) bool) *tickets.Ticket {
	t.Helper()
	h.quiet(t)
	tk, err := h.ticketStore(t).Get(context.Background(), ref)
	if err != nil || !ok(tk) {
		t.Fatalf("ticket %s not %s once the service was quiet (err %v): %+v", ref, what, err, tk)
	}
	return tk
}
