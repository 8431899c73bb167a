//go:build demo

package main

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/complaintbot/complaintbot/internal/customersim"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// runScript plays the walk-through until it ends or ctx does. The simulated
// customers wait on the simulator without watching ctx, so when ctx ends
// first the script is left to fail on its own once the simulator closes,
// and nothing it prints after that reaches out.
func runScript(ctx context.Context, sim *telegramsim.Server, w *demoWorld, out io.Writer) error {
	gate := &gatedWriter{w: out}
	done := make(chan error, 1)
	go func() { done <- playScript(ctx, sim, w, gate) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		gate.shut()
		return ctx.Err()
	}
}

// gatedWriter writes to w until it is shut, and then discards.
type gatedWriter struct {
	mu     sync.Mutex
	w      io.Writer
	closed bool
}

func (g *gatedWriter) Write(b []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return len(b), nil
	}
	return g.w.Write(b)
}

func (g *gatedWriter) shut() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.closed = true
}

// playScript walks simulated customers through a whole complaint each, in
// English and in Chinese, and prints their chats, for terminals without a
// browser.
func playScript(ctx context.Context, sim *telegramsim.Server, w *demoWorld, out io.Writer) error {
	cat, err := locale.New()
	if err != nil {
		return err
	}
	pol := policy.Default()
	apparel, _ := pol.Category("apparel")
	heater, _ := pol.Category("solar_water_heater")
	scripts := []struct {
		user telegramsim.User
		c    customersim.Complaint
	}{
		{w.customers[0], customersim.Complaint{
			Category: apparel, Order: "SO20261120", Issue: policy.IssueFault,
			Description:    "The seam under the left sleeve came apart the first time I wore the jacket.",
			Photos:         [][]byte{customersim.SamplePhoto(200, 60, 60), customersim.SamplePhoto(60, 60, 200)},
			Outcome:        policy.OutcomeReplacement,
			Phone:          "+8613812345678",
			NewDescription: "The seam under the left sleeve came apart the first time I wore the jacket; the lining is torn too.",
		}},
		{w.customers[1], customersim.Complaint{
			Category: heater, Order: "SO20261118", Issue: policy.IssueDamaged,
			Description: "热水器送到时有一根集热管已经碎了，箱子外面也有压痕。",
			Photos:      [][]byte{customersim.SamplePhoto(60, 160, 60)},
			Outcome:     policy.OutcomeRepair,
			Phone:       "8613912345678",
		}},
	}
	answers := []struct{ staff, customer, resolve string }{
		{"Sorry about the jacket, Anna. Could you tell us your size? We will send a new one today.",
			"Size M, please.",
			"A new jacket in size M is on its way; keep the old one, no need to send it back."},
		{"您好，很抱歉集热管碎了。师傅明天上午上门更换，请问上午方便吗？",
			"方便，谢谢。",
			"师傅已上门更换了碎掉的集热管，免费。"},
	}
	for i, s := range scripts {
		d := customersim.New(sim, cat, s.user)
		_, ref, err := d.FileComplaint(s.c)
		if err != nil {
			return fmt.Errorf("demo script: %w", err)
		}
		if err := playDesk(ctx, sim, w, d, ref, w.staffers[i], answers[i].staff, answers[i].customer, answers[i].resolve); err != nil {
			return fmt.Errorf("demo script: %s: %w", ref, err)
		}
		fmt.Fprintf(out, "\n── chat with %s ──\n%s", s.user.FirstName, d.Transcript())
	}
	fmt.Fprintf(out, "\n── the staff group ──\n")
	for _, e := range sim.Transcript(w.staff.ID) {
		topic := ""
		if e.Message.MessageThreadID != 0 {
			topic = fmt.Sprintf("[topic %d] ", e.Message.MessageThreadID)
		}
		fmt.Fprintf(out, "%s%s\n", topic, e)
	}
	return nil
}

// playDesk has a staff member answer the ticket in its topic, the customer
// answer back, and the staff member resolve it.
func playDesk(ctx context.Context, sim *telegramsim.Server, w *demoWorld, d *customersim.Driver, ref string, staffer telegramsim.User, answer, reply, resolution string) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	card, err := sim.WaitEntry(ctx, w.staff.ID, func(e telegramsim.Entry) bool {
		return e.FromBot && strings.Contains(e.Message.Text, ref) && e.Message.ReplyMarkup != nil
	})
	if err != nil {
		return fmt.Errorf("no card in the staff group: %w", err)
	}
	topic := telegramsim.ThreadID(card.Message.MessageThreadID)
	d.Mark = d.LastID()
	if _, err := sim.SendText(w.staff.ID, staffer.ID, answer, topic); err != nil {
		return err
	}
	if _, err := d.WaitMatch(regexp.MustCompile(regexp.QuoteMeta(answer))); err != nil {
		return err
	}
	if err := d.Send(reply); err != nil {
		return err
	}
	if _, err := sim.WaitEntry(ctx, w.staff.ID, func(e telegramsim.Entry) bool {
		return e.FromBot && strings.Contains(e.Message.Text, reply)
	}); err != nil {
		return fmt.Errorf("the customer's answer did not reach the staff: %w", err)
	}
	d.Mark = d.LastID()
	if _, err := sim.SendText(w.staff.ID, staffer.ID, "/resolve "+resolution, topic); err != nil {
		return err
	}
	_, err = d.WaitMatch(regexp.MustCompile(regexp.QuoteMeta(resolution)))
	return err
}
