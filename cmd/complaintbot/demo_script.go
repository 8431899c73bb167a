package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// playScript walks simulated customers through a whole complaint each, in
// English and in Chinese, and prints their chats, for terminals without a
// browser.
func playScript(_ context.Context, sim *telegramsim.Server, w *demoWorld, out io.Writer) error {
	cat, err := locale.New()
	if err != nil {
		return err
	}
	pol := policy.Default()
	apparel, _ := pol.Category("apparel")
	heater, _ := pol.Category("solar_water_heater")
	scripts := []struct {
		user telegramsim.User
		c    complaint
	}{
		{w.customers[0], complaint{
			Category: apparel, Order: "SO20261120", Issue: policy.IssueFault,
			Description:    "The seam under the left sleeve came apart the first time I wore the jacket.",
			Photos:         [][]byte{samplePhoto(200, 60, 60), samplePhoto(60, 60, 200)},
			Outcome:        policy.OutcomeReplacement,
			Phone:          "+8613812345678",
			NewDescription: "The seam under the left sleeve came apart the first time I wore the jacket; the lining is torn too.",
		}},
		{w.customers[1], complaint{
			Category: heater, Order: "SO20261118", Issue: policy.IssueDamaged,
			Description: "热水器送到时有一根集热管已经碎了，箱子外面也有压痕。",
			Photos:      [][]byte{samplePhoto(60, 160, 60)},
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
		d := newDriver(sim, cat, s.user)
		_, ref, err := d.fileComplaint(s.c)
		if err != nil {
			return fmt.Errorf("demo script: %w", err)
		}
		if err := playDesk(sim, w, d, ref, w.staffers[i], answers[i].staff, answers[i].customer, answers[i].resolve); err != nil {
			return fmt.Errorf("demo script: %s: %w", ref, err)
		}
		fmt.Fprintf(out, "\n── chat with %s ──\n%s", s.user.FirstName, d.transcript())
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
func playDesk(sim *telegramsim.Server, w *demoWorld, d *driver, ref string, staffer telegramsim.User, answer, reply, resolution string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	card, err := sim.WaitEntry(ctx, w.staff.ID, func(e telegramsim.Entry) bool {
		return e.FromBot && strings.Contains(e.Message.Text, ref) && e.Message.ReplyMarkup != nil
	})
	if err != nil {
		return fmt.Errorf("no card in the staff group: %w", err)
	}
	topic := telegramsim.ThreadID(card.Message.MessageThreadID)
	d.mark = d.lastID()
	if _, err := sim.SendText(w.staff.ID, staffer.ID, answer, topic); err != nil {
		return err
	}
	if _, err := d.waitMatch(regexp.MustCompile(regexp.QuoteMeta(answer))); err != nil {
		return err
	}
	if err := d.send(reply); err != nil {
		return err
	}
	if _, err := sim.WaitEntry(ctx, w.staff.ID, func(e telegramsim.Entry) bool {
		return e.FromBot && strings.Contains(e.Message.Text, reply)
	}); err != nil {
		return fmt.Errorf("the customer's answer did not reach the staff: %w", err)
	}
	d.mark = d.lastID()
	if _, err := sim.SendText(w.staff.ID, staffer.ID, "/resolve "+resolution, topic); err != nil {
		return err
	}
	_, err = d.waitMatch(regexp.MustCompile(regexp.QuoteMeta(resolution)))
	return err
}

// samplePhoto is a small plain PNG standing in for a customer's photo.
func samplePhoto(r, g, b uint8) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for y := 0; y < 48; y++ {
		for x := 0; x < 64; x++ {
			img.Set(x, y, color.RGBA{r, g, b, 255})
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}
