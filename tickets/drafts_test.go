package tickets_test

import (
	"context"
	"testing"
	"time"
)

// A draft is open from Begin to End, in the language last recorded, and
// only while recorded after the time asked about.
func TestDrafts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newStore(t)
	d := s.Drafts()
	at := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	open := func(chat int64, since time.Time) (string, bool) {
		t.Helper()
		lang, ok, err := d.Open(ctx, chat, since)
		if err != nil {
			t.Fatal(err)
		}
		return lang, ok
	}

	if _, ok := open(501, at.Add(-time.Hour)); ok {
		t.Fatal("a chat never recorded has an open draft")
	}
	if err := d.Begin(ctx, 501, "en", at); err != nil {
		t.Fatal(err)
	}
	if lang, ok := open(501, at.Add(-time.Hour)); !ok || lang != "en" {
		t.Errorf("after Begin: %q, %v; want en, open", lang, ok)
	}
	if _, ok := open(501, at.Add(time.Hour)); ok {
		t.Error("a draft recorded before since is open")
	}
	// The customer changes language: the draft follows, and is refreshed.
	if err := d.Begin(ctx, 501, "zh", at.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if lang, ok := open(501, at.Add(time.Hour)); !ok || lang != "zh" {
		t.Errorf("after a second Begin: %q, %v; want zh, open", lang, ok)
	}
	if _, ok := open(502, at.Add(-time.Hour)); ok {
		t.Error("another chat's draft is open")
	}
	if err := d.End(ctx, 501); err != nil {
		t.Fatal(err)
	}
	if _, ok := open(501, at.Add(-time.Hour)); ok {
		t.Error("a draft ended is still open")
	}
	if err := d.End(ctx, 501); err != nil {
		t.Errorf("ending a draft twice: %v", err)
	}
}
