package playground

import (
	"fmt"
	"testing"

	"github.com/complaintbot/complaintbot/telegramsim"
)

// BenchmarkPlaygroundSnapshot measures what a tab costs the simulator when
// it connects: the state of 20 customers with 100 messages each, encoded.
func BenchmarkPlaygroundSnapshot(b *testing.B) {
	sim, err := telegramsim.New(telegramsim.Options{Token: pgToken})
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = sim.Close() }()
	for i := range 20 {
		u := sim.AddUser(telegramsim.User{FirstName: fmt.Sprintf("Customer %d", i), LanguageCode: "en"})
		for j := range 100 {
			if _, err := sim.SendText(u.ID, u.ID, fmt.Sprintf("Message %d about order #%d, see https://example.com/o/%d", j, i, j)); err != nil {
				b.Fatal(err)
			}
		}
	}
	p := &playground{s: sim}
	b.ReportAllocs()
	var size int
	for b.Loop() {
		body, err := sim.EncodeJSON(p.snapshot(true))
		if err != nil {
			b.Fatal(err)
		}
		size = len(body)
	}
	b.ReportMetric(float64(size), "bytes/snapshot")
}
