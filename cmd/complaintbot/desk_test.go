package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/internal/customersim"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// groupModes are the two kinds of staff group the desk works in.
var groupModes = []struct {
	name  string
	plain bool
}{{"forum", false}, {"plain group", true}}

// A ticket's card and thread appear with the customer's album; staff answer
// in the thread (by topic message or by reply) with text and a photo, the
// customer receives both, and the customer's answer reaches the same
// thread.
func TestDeskRelaysBothWays(t *testing.T) {
	t.Parallel()
	for _, mode := range groupModes {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			h := startService(t, harnessOpts{plainGroup: mode.plain})
			apparel, _ := policy.Default().Category("apparel")
			anna := h.driver(t, telegramsim.User{FirstName: "Anna", Username: "anna_b", LanguageCode: "en"})
			_, ref, err := anna.FileComplaint(customersim.Complaint{Category: apparel, Order: "SO20261120", Issue: policy.IssueFault,
				Description: "The seam under the left sleeve came apart.", Outcome: policy.OutcomeReplacement, Phone: "8613812345678",
				Photos: [][]byte{customersim.SamplePhoto(200, 0, 0), customersim.SamplePhoto(0, 200, 0)}})
			if err != nil {
				t.Fatal(err)
			}

			dt := h.cardOf(t, ref)
			for _, want := range []string{"Anna", "@anna_b", "SO20261120", "The seam under the left sleeve came apart.", "+8613812345678"} {
				if !strings.Contains(dt.card.Text, want) {
					t.Errorf("card lacks %q:\n%s", want, dt.card.Text)
				}
			}
			// The customer's two photos follow the card as one album in
			// its thread.
			album := h.waitGroup(t, "the customer's album", func(e telegramsim.Entry) bool {
				m := e.Message
				return e.FromBot && len(m.Photo) > 0 && m.MediaGroupID != "" && dt.inThread(m)
			})
			var items int
			for _, e := range h.sim.Transcript(h.staff.ID) {
				if e.Message.MediaGroupID == album.Message.MediaGroupID {
					items++
				}
			}
			if items != 2 {
				t.Errorf("album in the staff group has %d items, want 2", items)
			}

			// Li answers in the thread; Anna receives it, signed.
			h.staffSay(t, h.li, dt, "Could you send a photo of the label, please?")
			got := h.waitChat(t, anna.User.ID, "Li's answer", func(m *models.Message) bool {
				return strings.Contains(m.Text, "Could you send a photo of the label, please?")
			})
			if !strings.Contains(got.Text, "Li") {
				t.Errorf("staff answer is not signed with Li's name: %q", got.Text)
			}
			tk := h.settledTicket(t, ref, "was answered", func(tk *tickets.Ticket) bool {
				return tk.Status == tickets.StatusInProgress && !tk.FirstResponseAt.IsZero()
			})
			if tk.AssigneeUserID != h.li.ID {
				t.Errorf("first to answer was Li, assignee is %d (%s)", tk.AssigneeUserID, tk.AssigneeName)
			}

			// A photo as a reply to the card, in either kind of group.
			if _, err := h.sim.SendPhoto(h.staff.ID, h.wang.ID, customersim.SamplePhoto(9, 9, 9), "This is where the label is.",
				append(dt.opts(), telegramsim.ReplyTo(dt.card.ID))...); err != nil {
				t.Fatal(err)
			}
			photo := h.waitChat(t, anna.User.ID, "Wang's photo", func(m *models.Message) bool { return len(m.Photo) > 0 })
			if !strings.Contains(photo.Caption, "This is where the label is.") || !strings.Contains(photo.Caption, "Wang") {
				t.Errorf("photo caption = %q", photo.Caption)
			}

			// Anna answers; staff see it in the same thread, marked as hers.
			if err := anna.Send("The label says 100% cotton, size M."); err != nil {
				t.Fatal(err)
			}
			in := h.waitGroup(t, "Anna's answer", func(e telegramsim.Entry) bool {
				return e.FromBot && strings.Contains(e.Message.Text, "The label says 100% cotton, size M.")
			})
			if !dt.inThread(in.Message) || !strings.Contains(in.Message.Text, "Anna") {
				t.Errorf("Anna's answer is not in the ticket's thread or not marked as hers: %+v", in.Message)
			}

			// A reply to the relayed message reaches her too, once the relay
			// has recorded the message as the ticket's.
			h.quiet(t)
			if _, err := h.sim.SendText(h.staff.ID, h.li.ID, "Thank you, a replacement is on its way.", telegramsim.ReplyTo(in.Message.ID)); err != nil {
				t.Fatal(err)
			}
			h.waitChat(t, anna.User.ID, "the reply to her relayed message", func(m *models.Message) bool {
				return strings.Contains(m.Text, "a replacement is on its way")
			})

			// The whole conversation is on the ticket.
			tk = h.settledTicket(t, ref, "holds the conversation", func(tk *tickets.Ticket) bool { return len(tk.Messages) >= 4 })
			var dirs []string
			for _, m := range tk.Messages {
				dirs = append(dirs, string(m.Direction))
			}
			if got := strings.Join(dirs, ","); got != "out,out,in,out" {
				t.Errorf("relay log directions = %s, want out,out,in,out", got)
			}
			// And the owner reads it at a terminal.
			code, out, errOut := runTickets(t, h.cfg.DatabaseURL, "show", ref)
			if code != 0 {
				t.Fatalf("tickets show: exit %d: %s", code, errOut)
			}
			for _, want := range []string{"Li replied: Could you send a photo of the label, please?", "Anna wrote: The label says 100% cotton, size M."} {
				if !strings.Contains(out, want) {
					t.Errorf("tickets show lacks %q:\n%s", want, out)
				}
			}
			if !regexp.MustCompile(`(?m)^Taken by +Li$`).MatchString(out) {
				t.Errorf("tickets show does not name Li as the one who took it:\n%s", out)
			}
		})
	}
}

// The customer who hides their account in forwards is answered all the
// same: the desk maps threads to tickets in its own tables.
func TestCustomerHidingForwardsIsAnswered(t *testing.T) {
	t.Parallel()
	h := startService(t, harnessOpts{})
	apparel, _ := policy.Default().Category("apparel")
	ming := h.driver(t, telegramsim.User{FirstName: "小明", LanguageCode: "zh-hans", HidesForwards: true})
	_, ref, err := ming.FileComplaint(customersim.Complaint{Category: apparel, Order: "SO20261121", Issue: policy.IssueFault,
		Description: "外套的拉链第二天就坏了，拉不上。", Outcome: policy.OutcomeRepair, Phone: "8613912345678"})
	if err != nil {
		t.Fatal(err)
	}
	dt := h.cardOf(t, ref)
	h.staffSay(t, h.wang, dt, "请问拉链是哪一天坏的？")
	h.waitChat(t, ming.User.ID, "the staff answer", func(m *models.Message) bool { return strings.Contains(m.Text, "请问拉链是哪一天坏的？") })
}

// Claim, assign, an internal note, canned replies in each language, needs
// information → the customer's answer → in progress, resolve with a
// summary, reopen and close.
func TestDeskActions(t *testing.T) {
	t.Parallel()
	for _, mode := range groupModes {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			h := startService(t, harnessOpts{plainGroup: mode.plain})
			store := h.ticketStore(t)
			apparel, _ := policy.Default().Category("apparel")
			anna := h.driver(t, telegramsim.User{FirstName: "Anna", LanguageCode: "en"})
			_, ref, err := anna.FileComplaint(customersim.Complaint{Category: apparel, Order: "SO20261120", Issue: policy.IssueFault,
				Description: "The zip broke on the second day.", Outcome: policy.OutcomeRepair, Phone: "8613812345678"})
			if err != nil {
				t.Fatal(err)
			}
			dt := h.cardOf(t, ref)

			// Claim: one tap, and the card says who has it.
			if toast := h.pressCard(t, h.li, dt, "d:claim:"); !strings.Contains(toast, "Li") {
				t.Errorf("claim answered %q, want it to name Li", toast)
			}
			h.settledTicket(t, ref, "claimed by Li", func(tk *tickets.Ticket) bool { return tk.AssigneeUserID == h.li.ID })
			h.waitCard(t, dt, "naming Li", func(text string) bool { return strings.Contains(text, "Li") })
			// Wang cannot take it from Li: only Li or an owner may let it go.
			if toast := h.pressCard(t, h.wang, dt, "d:release:"); toast == "" || strings.Contains(toast, "Wang") {
				t.Errorf("Wang releasing Li's ticket was answered %q", toast)
			}
			if tk, _ := store.Get(context.Background(), ref); tk.AssigneeUserID != h.li.ID {
				t.Fatalf("after Wang's refused release the assignee is %d", tk.AssigneeUserID)
			}
			// Li hands it to Wang through the picker.
			h.pressCard(t, h.li, dt, "d:assign:")
			picker := h.waitGroup(t, "the assignee picker", func(e telegramsim.Entry) bool {
				kb := describeKeyboard(e.Message)
				return e.Message.ID == dt.card.ID && strings.Contains(kb, "Wang") && strings.Contains(kb, "=d:assignto:")
			})
			pick := ""
			for _, row := range picker.Message.ReplyMarkup.InlineKeyboard {
				for _, b := range row {
					if strings.HasPrefix(b.CallbackData, "d:assignto:") && strings.Contains(b.Text, "Wang") {
						pick = b.CallbackData
					}
				}
			}
			h.press(t, h.li, dt.card.ID, pick)
			h.settledTicket(t, ref, "assigned to Wang", func(tk *tickets.Ticket) bool { return tk.AssigneeUserID == h.wang.ID })

			// An internal note stays in the group.
			h.staffSay(t, h.wang, dt, "/note customer sounds upset, offer express shipping")
			h.settledTicket(t, ref, "holding the note", func(tk *tickets.Ticket) bool {
				return len(tk.Messages) == 1 && tk.Messages[0].Direction == tickets.DirectionInternal
			})

			// A canned reply, filled in Anna's language.
			h.staffSay(t, h.wang, dt, "/reply thanks")
			h.waitChat(t, anna.User.ID, "the canned reply", func(m *models.Message) bool {
				return strings.Contains(m.Text, "Thank you for taking the time to tell us, Anna") && strings.Contains(m.Text, ref)
			})
			for _, e := range h.sim.Transcript(anna.User.ID) {
				if strings.Contains(e.Message.Text, "express shipping") {
					t.Fatalf("the internal note reached the customer: %q", e.Message.Text)
				}
			}

			// Needs information → Anna answers → in progress again.
			h.staffSay(t, h.wang, dt, "/needinfo")
			h.settledTicket(t, ref, "waiting for Anna", func(tk *tickets.Ticket) bool { return tk.Status == tickets.StatusAwaitingCustomer })
			if err := anna.Send("It is the metal zip on the front."); err != nil {
				t.Fatal(err)
			}
			h.settledTicket(t, ref, "back in progress", func(tk *tickets.Ticket) bool { return tk.Status == tickets.StatusInProgress })

			// Resolve: Anna receives the summary.
			h.staffSay(t, h.wang, dt, "/resolve The zip was replaced free of charge under warranty.")
			h.waitChat(t, anna.User.ID, "the resolution summary", func(m *models.Message) bool {
				return strings.Contains(m.Text, "The zip was replaced free of charge under warranty.")
			})
			h.settledTicket(t, ref, "resolved", func(tk *tickets.Ticket) bool { return tk.Status == tickets.StatusResolved })

			// Reopen, then close: the topic closes with the ticket.
			h.staffSay(t, h.wang, dt, "/reopen")
			h.settledTicket(t, ref, "reopened", func(tk *tickets.Ticket) bool { return tk.Status == tickets.StatusReopened })
			h.staffSay(t, h.wang, dt, "/close")
			h.settledTicket(t, ref, "closed", func(tk *tickets.Ticket) bool { return tk.Status == tickets.StatusClosed })
			if !mode.plain {
				h.waitGroup(t, "the topic closed", func(e telegramsim.Entry) bool {
					return e.Message.ForumTopicClosed != nil && e.Message.MessageThreadID == dt.thread
				})
			}
		})
	}
}

// A canned reply goes out in each customer's own language.
func TestCannedReplyInEachLanguage(t *testing.T) {
	t.Parallel()
	h := startService(t, harnessOpts{})
	apparel, _ := policy.Default().Category("apparel")
	for _, c := range []struct {
		user telegramsim.User
		want string
	}{
		{telegramsim.User{FirstName: "Anna", LanguageCode: "en"}, "Hello Anna! Every product page has a size chart"},
		{telegramsim.User{FirstName: "小明", LanguageCode: "zh-hans"}, "小明您好！每件商品的页面上都有尺码表"},
	} {
		d := h.driver(t, c.user)
		_, ref, err := d.FileComplaint(customersim.Complaint{Category: apparel, Order: "SO20261120", Issue: policy.IssueFault,
			Description: "Too small, and a seam is loose.", Outcome: policy.OutcomeRepair, Phone: "8613812345678"})
		if err != nil {
			t.Fatal(err)
		}
		dt := h.cardOf(t, ref)
		h.staffSay(t, h.li, dt, "/reply size-guide")
		h.waitChat(t, d.User.ID, "the size guide", func(m *models.Message) bool { return strings.Contains(m.Text, c.want) })
	}
}

// Staff delete a ticket's topic; the next message about the ticket opens a
// new one instead of failing.
func TestDeletedTopicIsRecreated(t *testing.T) {
	t.Parallel()
	h := startService(t, harnessOpts{})
	apparel, _ := policy.Default().Category("apparel")
	anna := h.driver(t, telegramsim.User{FirstName: "Anna", LanguageCode: "en"})
	_, ref, err := anna.FileComplaint(customersim.Complaint{Category: apparel, Order: "SO20261120", Issue: policy.IssueFault,
		Description: "A button fell off.", Outcome: policy.OutcomeRepair, Phone: "8613812345678"})
	if err != nil {
		t.Fatal(err)
	}
	dt := h.cardOf(t, ref)
	if err := h.sim.DeleteTopic(h.staff.ID, dt.thread); err != nil {
		t.Fatal(err)
	}
	if err := anna.Send("Also, the second button is loose."); err != nil {
		t.Fatal(err)
	}
	relayed := h.waitGroup(t, "the message in a new topic", func(e telegramsim.Entry) bool {
		return e.FromBot && !e.Deleted && strings.Contains(e.Message.Text, "the second button is loose")
	})
	if relayed.Message.MessageThreadID == dt.thread || relayed.Message.MessageThreadID == 0 {
		t.Fatalf("relayed into thread %d; the deleted topic was %d", relayed.Message.MessageThreadID, dt.thread)
	}
	again := h.cardOf(t, ref) // a new card in a new topic named with the reference
	if again.thread != relayed.Message.MessageThreadID {
		t.Errorf("new card in topic %d, message in topic %d", again.thread, relayed.Message.MessageThreadID)
	}
}
