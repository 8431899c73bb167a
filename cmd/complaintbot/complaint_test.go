package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/complaintbot/complaintbot/internal/customersim"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// ticketStore opens the harness's database the way the owner's CLI does.
func (h *harness) ticketStore(t *testing.T) *tickets.Store {
	t.Helper()
	if h.store != nil {
		return h.store
	}
	pool, err := pgxpool.New(context.Background(), h.cfg.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	h.pool = pool
	store, err := tickets.NewStore(pool, policy.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	h.store = store
	return store
}

func (h *harness) driver(t *testing.T, u telegramsim.User) *customersim.Driver {
	t.Helper()
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	return customersim.New(h.sim, cat, h.sim.AddUser(u))
}

// A whole complaint in each language, with an album, one edited field and
// Confirm tapped twice, becomes exactly one complete ticket and one
// acknowledgement.
func TestComplaintIsFiledOnceWithEveryField(t *testing.T) {
	t.Parallel()
	pol := policy.Default()
	apparel, _ := pol.Category("apparel")
	heater, _ := pol.Category("solar_water_heater")
	cases := []struct {
		name      string
		user      telegramsim.User
		c         customersim.Complaint
		wantPhone string
	}{
		{"english", telegramsim.User{FirstName: "Anna", Username: "anna_b", LanguageCode: "en"}, customersim.Complaint{
			Category: apparel, Order: "SO20261120", Issue: policy.IssueFault,
			Description:    "The seam under the left sleeve came apart the first time I wore it.",
			Photos:         [][]byte{customersim.SamplePhoto(200, 0, 0), customersim.SamplePhoto(0, 200, 0), customersim.SamplePhoto(0, 0, 200)},
			Outcome:        policy.OutcomeReplacement,
			Phone:          "8613812345678",
			NewDescription: "The seam under the left sleeve came apart; the lining is torn as well.",
			ConfirmTwice:   true,
		}, "+8613812345678"},
		{"chinese", telegramsim.User{FirstName: "小明", LanguageCode: "zh-hans"}, customersim.Complaint{
			Category: heater, Order: "SO20261118", Issue: policy.IssueDamaged,
			Description:    "热水器送到时有一根集热管已经碎了。",
			Photos:         [][]byte{customersim.SamplePhoto(10, 10, 10), customersim.SamplePhoto(90, 90, 90)},
			Outcome:        policy.OutcomeRepair,
			Phone:          "8613912345678",
			NewDescription: "热水器送到时有一根集热管已经碎了，箱子外面也有明显压痕。",
			ConfirmTwice:   true,
		}, "+8613912345678"},
	}
	h := startService(t, harnessOpts{})
	store := h.ticketStore(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := h.driver(t, tc.user)
			_, ref, err := d.FileComplaint(tc.c)
			if err != nil {
				t.Fatal(err)
			}

			list, err := store.List(context.Background(), tickets.ListFilter{CustomerChatID: d.User.ID})
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 1 {
				t.Fatalf("%d tickets for the customer, want exactly 1", len(list))
			}
			got, err := store.Get(context.Background(), ref)
			if err != nil {
				t.Fatalf("the acknowledged reference %s: %v", ref, err)
			}
			want := tickets.Ticket{
				Ref: ref, CustomerChatID: d.User.ID, CustomerUserID: d.User.ID,
				CustomerName: tc.user.FirstName, CustomerUsername: tc.user.Username, CustomerLang: d.Lang,
				Category: tc.c.Category.ID, OrderNo: tc.c.Order, Issue: string(tc.c.Issue),
				Description: tc.c.NewDescription, Outcome: string(tc.c.Outcome), Phone: tc.wantPhone,
			}
			checks := []struct {
				field     string
				got, want any
			}{
				{"ref", got.Ref, want.Ref},
				{"chat", got.CustomerChatID, want.CustomerChatID},
				{"user", got.CustomerUserID, want.CustomerUserID},
				{"name", got.CustomerName, want.CustomerName},
				{"username", got.CustomerUsername, want.CustomerUsername},
				{"language", got.CustomerLang, want.CustomerLang},
				{"category", got.Category, want.Category},
				{"order", got.OrderNo, want.OrderNo},
				{"issue", got.Issue, want.Issue},
				{"description (edited)", got.Description, want.Description},
				{"outcome", got.Outcome, want.Outcome},
				{"phone", got.Phone, want.Phone},
				{"attachments", len(got.Attachments), len(tc.c.Photos)},
				{"verdict options", len(got.Verdict.Options), 4},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("%s = %v, want %v", c.field, c.got, c.want)
				}
			}
			if got.Purchased.IsZero() || got.ArrangeBy.IsZero() || got.AnswerBy.IsZero() {
				t.Errorf("purchased %v, arrange by %v, answer by %v: want all set", got.Purchased, got.ArrangeBy, got.AnswerBy)
			}
			groups := map[string]bool{}
			for _, a := range got.Attachments {
				if a.Kind != "photo" || a.FileID == "" || a.MediaGroupID == "" {
					t.Errorf("attachment %+v: want a photo with a file id from the album", a)
				}
				groups[a.MediaGroupID] = true
			}
			if len(groups) != 1 {
				t.Errorf("attachments come from %d albums, want 1", len(groups))
			}

			// One acknowledgement, with the reference, and no second one for
			// the second tap.
			var acks int
			for _, e := range h.sim.Transcript(d.User.ID) {
				if e.FromBot && customersim.RefRE.MatchString(e.Message.Text) {
					acks++
				}
			}
			if acks != 1 {
				t.Errorf("%d acknowledgements in the chat, want 1\n%s", acks, d.Transcript())
			}
			if got := h.status(t, ref); got != tickets.StatusAcknowledged {
				t.Errorf("ticket %s is %s once every job ran, want %s", ref, got, tickets.StatusAcknowledged)
			}

			// The second tap was answered, and told it was not needed.
			ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			ans, err := h.sim.WaitCallbackAnswer(ctx, d.Query)
			if err != nil {
				t.Fatalf("second Confirm not answered: %v", err)
			}
			if want := d.Fragment("conversation.already_filed"); !strings.Contains(ans.Text, want) {
				t.Errorf("second Confirm answered %q, want %q", ans.Text, want)
			}
		})
	}
}

// status is the ticket's status once the service is quiet.
func (h *harness) status(t *testing.T, ref string) tickets.Status {
	t.Helper()
	h.quiet(t)
	tk, err := h.ticketStore(t).Get(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	return tk.Status
}
