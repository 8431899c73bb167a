package conversation

import (
	"context"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/internal/redistest"
	"github.com/complaintbot/complaintbot/policy"
)

// Lang reads the language a chat is answered in, without a step.
func TestEngineLang(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rdb, prefix := redistest.New(t)
	e := NewEngine(NewStore(rdb, StoreConfig{Prefix: prefix}), policy.Default(), func() time.Time { return testNow(t) })
	if lang, err := e.Lang(ctx, 9); err != nil || lang != "" {
		t.Fatalf("unknown chat: %q, %v; want no language", lang, err)
	}
	apply(t, e, Input{ChatID: 9, UpdateID: 1, Kind: KindCommand, Command: "start", LanguageCode: "zh-hans"})
	if lang, err := e.Lang(ctx, 9); err != nil || lang != "zh" {
		t.Fatalf("after a Chinese first contact: %q, %v; want zh", lang, err)
	}
}
