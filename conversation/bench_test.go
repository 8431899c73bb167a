package conversation

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/internal/redistest"
	"github.com/complaintbot/complaintbot/policy"
)

// benchScript is one whole complaint, each input made from the previous result.
var benchScript = []func(last Result) Input{
	func(Result) Input { return Input{Kind: KindCommand, Command: "start"} },
	func(r Result) Input { return benchPress(r, actCategory, "apparel") },
	func(Result) Input { return Input{Kind: KindText, Text: "SO20261120"} },
	func(Result) Input { return Input{Kind: KindText, Text: "3 days ago"} },
	func(r Result) Input { return benchPress(r, actIssue, "fault") },
	func(Result) Input {
		return Input{Kind: KindText, Text: "The seam on the left sleeve came apart after one wash."}
	},
	func(Result) Input {
		return Input{Kind: KindMedia, Media: []Media{{Kind: "photo", FileID: "AgACAgIAAxkBAAIB", FileUniqueID: "AQADx", MediaGroupID: "g1"}}}
	},
	func(r Result) Input { return benchPress(r, actDone, "") },
	func(r Result) Input { return benchPress(r, actOutcome, "repair") },
	func(Result) Input { return Input{Kind: KindText, Text: "138 1234 5678"} },
	func(r Result) Input { return benchPress(r, actConfirm, "") },
}

func benchPress(r Result, action, value string) Input {
	for _, rep := range r.Replies {
		for _, row := range rep.Buttons {
			for _, b := range row {
				if cb, err := decodeCallback(b.Data); err == nil && cb.Action == action && (value == "" || cb.Value == value) {
					return Input{Kind: KindButton, Button: b.Data}
				}
			}
		}
	}
	return Input{Kind: KindText, Text: "no button"}
}

// BenchmarkDialogueStep applies the steps of whole complaints, one after
// another, against the real Redis: load, step, compare-and-set save.
func BenchmarkDialogueStep(b *testing.B) {
	e, rt := benchEngine(b)
	ctx := context.Background()
	var last Result
	chat, update := int64(1), int64(0)
	i := 0
	rt.n.Store(0)
	b.ResetTimer()
	for range b.N {
		update++
		in := benchScript[i](last)
		in.ChatID, in.UserID, in.UpdateID = chat, chat, update
		s, err := e.Step(ctx, in)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Commit(ctx); err != nil {
			b.Fatal(err)
		}
		last = s.Result()
		if i++; i == len(benchScript) {
			i, chat = 0, chat+1
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(rt.n.Load())/float64(b.N), "roundtrips/step")
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
}

// BenchmarkDialogueStepParallel is the same with many chats at once, as the
// dispatcher runs them.
func BenchmarkDialogueStepParallel(b *testing.B) {
	e, rt := benchEngine(b)
	var chats atomic.Int64
	rt.n.Store(0)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		chat := chats.Add(1) * 1_000_000
		var last Result
		update, i := int64(0), 0
		for pb.Next() {
			update++
			in := benchScript[i](last)
			in.ChatID, in.UserID, in.UpdateID = chat, chat, update
			s, err := e.Step(ctx, in)
			if err != nil {
				b.Error(err)
				return
			}
			if err := s.Commit(ctx); err != nil {
				b.Error(err)
				return
			}
			last = s.Result()
			if i++; i == len(benchScript) {
				i, chat = 0, chat+1
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(rt.n.Load())/float64(b.N), "roundtrips/step")
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
}

func benchEngine(b *testing.B) (*Engine, *roundTrips) {
	rdb, prefix := redistest.New(b)
	rt := &roundTrips{}
	rdb.AddHook(rt)
	now := testNow(b)
	e := NewEngine(NewStore(rdb, StoreConfig{Prefix: prefix}), policy.Default(), func() time.Time { return now })
	apply(b, e, Input{ChatID: -1, UpdateID: 1, Kind: KindCommand, Command: "start"}) // loads the script
	return e, rt
}

// The benchmark's script is a whole complaint that ends filed, so it
// measures the dialogue, not a string of refusals.
func TestBenchScriptFilesAComplaint(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for i, next := range benchScript {
		res := h.send(next(h.last))
		if res.Stale || (len(res.Replies) > 0 && i > 0 && res.Replies[0].Key == "conversation.use_buttons") {
			t.Fatalf("input %d refused: %s", i, describe(res))
		}
	}
	if len(h.last.Effects) != 1 {
		t.Fatalf("the script ended with %s, want a FileTicket", describe(h.last))
	}
}
