package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/internal/shoptest"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// A customer writing faster than the flood limit is asked once to slow
// down, whichever way the minute's boundary falls: the window slides with
// the clock, so a burst across a boundary is one burst. Once the window has
// room again, the bot answers again.
func TestFloodWindowSlides(t *testing.T) {
	t.Parallel()
	const limit = 5
	for _, offset := range []time.Duration{0, 59 * time.Second, 59*time.Second + 900*time.Millisecond} {
		t.Run(fmt.Sprint("at :", offset), func(t *testing.T) {
			t.Parallel()
			h := shoptest.New(t, shoptest.Options{FloodPerMinute: limit})
			start := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC).Add(offset)
			h.Clock.Advance(start.Sub(h.Clock.Now()))
			anna := h.Sim.AddUser(telegramsim.User{FirstName: "Anna", LanguageCode: "en"})
			slowDown := h.Catalog.Text("en", "bot.slow_down", nil)

			// Twice the limit, a tenth of a second apart: across the
			// minute's boundary for the later offsets.
			for i := range 2 * limit {
				if _, err := h.Sim.SendText(anna.ID, anna.ID, fmt.Sprintf("hello %d", i)); err != nil {
					t.Fatal(err)
				}
				h.Pump()
				h.Clock.Advance(100 * time.Millisecond)
			}
			answers, notices := 0, 0
			for _, e := range h.Sim.Transcript(anna.ID) {
				switch {
				case !e.FromBot:
				case strings.Contains(e.Message.Text, slowDown):
					notices++
				default:
					answers++
				}
			}
			if answers != limit || notices != 1 {
				t.Fatalf("%d answers and %d slow-down notices to %d messages, want %d and 1:\n%s",
					answers, notices, 2*limit, limit, h.Transcript(anna.ID))
			}

			// A minute on, the window is empty again.
			h.Clock.Advance(time.Minute)
			before := shoptest.LastID(h.Sim.Transcript(anna.ID))
			if _, err := h.Sim.SendText(anna.ID, anna.ID, "hello again"); err != nil {
				t.Fatal(err)
			}
			h.Pump()
			if got := shoptest.LastID(h.Sim.Transcript(anna.ID)); got <= before+1 {
				t.Fatalf("no answer once the window had room:\n%s", h.Transcript(anna.ID))
			}
		})
	}
}
