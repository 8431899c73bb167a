package locale

import (
	"testing"
	"time"
)

// BenchmarkText renders the kinds of text a dialogue turn renders: a plain
// question, a line with a parameter, and a card line with two times.
func BenchmarkText(b *testing.B) {
	c, err := New(WithClock(func() time.Time { return time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC) }))
	if err != nil {
		b.Fatal(err)
	}
	cases := []struct {
		name, key string
		params    map[string]any
	}{
		{"plain", "conversation.ask_phone", nil},
		{"parameter", "conversation.summary.order", map[string]any{"order": "SO20261120"}},
		{"times", "desk.card.due", map[string]any{"arrange_by": "2026-11-20T11:30:00+08:00", "answer_by": "2026-11-21T10:00:00+08:00"}},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if c.Text("zh", tc.key, tc.params) == tc.key {
					b.Fatal("no text")
				}
			}
		})
	}
}
