package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"

	"github.com/complaintbot/complaintbot/bot/botsim"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
)

// playScript walks simulated customers through a whole complaint each, in
// English and in Chinese, and prints their chats, for terminals without a
// browser.
func playScript(_ context.Context, sim *botsim.Server, w *demoWorld, out io.Writer) error {
	cat, err := locale.New()
	if err != nil {
		return err
	}
	pol := policy.Default()
	apparel, _ := pol.Category("apparel")
	heater, _ := pol.Category("solar_water_heater")
	scripts := []struct {
		user botsim.User
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
	for _, s := range scripts {
		d := newDriver(sim, cat, s.user)
		if _, _, err := d.fileComplaint(s.c); err != nil {
			return fmt.Errorf("demo script: %w", err)
		}
		fmt.Fprintf(out, "\n── chat with %s ──\n%s", s.user.FirstName, d.transcript())
	}
	return nil
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
