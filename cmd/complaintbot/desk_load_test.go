package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/internal/customersim"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// burstTickets is how many tickets the burst files within a minute; every
// fifth carries an album of two photos.
const burstTickets = 50

// Fifty tickets filed within a minute all reach the staff group, complete,
// with Telegram's flood limits on in the simulator and not one 429: the
// desk queues what the group's 20 messages a minute cannot take at once.
// The group needs about 70 messages here, so this test takes some
// three and a half minutes.
func TestBurstOfTicketsReachesTheGroupWithoutFloodErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("takes minutes: the staff group takes 20 messages a minute")
	}
	t.Parallel()
	h := startService(t, harnessOpts{rateLimits: true})
	store := h.ticketStore(t)
	pol := policy.Default()
	apparel, _ := pol.Category("apparel")

	// Real file ids for the albums: a customer's photos as the bot received them.
	sender := h.sim.AddUser(telegramsim.User{FirstName: "Photos"})
	var photos []tickets.Media
	for i := range 2 {
		m, err := h.sim.SendPhoto(sender.ID, sender.ID, customersim.SamplePhoto(uint8(40*i), 90, 160), "")
		if err != nil {
			t.Fatal(err)
		}
		ps := m.Photo
		photos = append(photos, tickets.Media{Kind: "photo", FileID: ps[len(ps)-1].FileID, FileUniqueID: ps[len(ps)-1].FileUniqueID, MediaGroupID: "burst"})
	}

	start := time.Now()
	refs := make([]string, burstTickets)
	for i := range burstTickets {
		u := h.sim.AddUser(telegramsim.User{FirstName: fmt.Sprintf("Customer%02d", i), LanguageCode: "en"})
		purchased := time.Now().AddDate(0, 0, -3)
		nt := tickets.NewTicket{
			SubmissionID: fmt.Sprintf("burst-%02d", i), ChatID: u.ID, UserID: u.ID, FirstName: u.FirstName, Lang: "en",
			Category: apparel.ID, OrderNo: fmt.Sprintf("SO2026112%04d", i), Purchased: purchased,
			Issue: policy.IssueFault, Description: fmt.Sprintf("Burst complaint number %02d: the seam split.", i),
			Outcome: policy.OutcomeRepair, Phone: "+8613812345678",
			Verdict: pol.Decide(policy.Facts{Category: apparel.ID, Issue: policy.IssueFault, Purchased: purchased}, time.Now()),
		}
		if i%5 == 0 {
			nt.Attachments = photos
		}
		tk, _, err := store.File(context.Background(), nt)
		if err != nil {
			t.Fatal(err)
		}
		refs[i] = tk.Ref
	}
	filed := time.Since(start)
	if filed > time.Minute {
		t.Fatalf("filing took %s; the burst is meant to be within a minute", filed)
	}

	// Every card arrives complete, in its own topic, albums included.
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	for i, ref := range refs {
		e, err := h.sim.WaitEntry(ctx, h.staff.ID, func(e telegramsim.Entry) bool {
			return e.FromBot && strings.Contains(e.Message.Text, ref) && e.Message.ReplyMarkup != nil
		})
		if err != nil {
			t.Fatalf("card %d of %d (%s) never arrived: %v", i+1, burstTickets, ref, err)
		}
		for _, want := range []string{fmt.Sprintf("Customer%02d", i), fmt.Sprintf("Burst complaint number %02d", i), fmt.Sprintf("SO2026112%04d", i)} {
			if !strings.Contains(e.Message.Text, want) {
				t.Errorf("card of %s lacks %q", ref, want)
			}
		}
		if i%5 == 0 {
			thread := e.Message.MessageThreadID
			if _, err := h.sim.WaitEntry(ctx, h.staff.ID, func(e telegramsim.Entry) bool {
				return e.FromBot && e.Message.MessageThreadID == thread && len(e.Message.Photo) > 0
			}); err != nil {
				t.Errorf("album of %s never arrived: %v", ref, err)
			}
		}
	}
	t.Logf("%d tickets filed in %s; all cards in the group %s after the first filing", burstTickets, filed.Round(time.Millisecond), time.Since(start).Round(time.Second))
	if n := len(h.sim.Topics(h.staff.ID)); n != burstTickets {
		t.Errorf("%d topics for %d tickets", n, burstTickets)
	}
	if st := h.sim.Stats(); st.TooManyRequests != 0 {
		t.Errorf("the simulator answered 429 %d times", st.TooManyRequests)
	}
}
