package tickets_test

import (
	"context"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/tickets"
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

// A ticket filed with EndsDraft ends its chat's draft in the same
// transaction, on the first filing and on a filing of the same submission
// again; one filed without it leaves the chat's draft alone.
func TestFilingEndsTheDraftWhenAsked(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newStore(t)
	d := s.Drafts()
	at := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	open := func(chat int64) bool {
		t.Helper()
		_, ok, err := d.Open(ctx, chat, at.Add(-time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	begin := func(chat int64) {
		t.Helper()
		if err := d.Begin(ctx, chat, "en", at); err != nil {
			t.Fatal(err)
		}
	}
	file := func(nt tickets.NewTicket) bool {
		t.Helper()
		_, created, err := s.File(ctx, nt)
		if err != nil {
			t.Fatal(err)
		}
		return created
	}

	begin(601)
	begin(602)
	ends := newTicket(601)
	ends.EndsDraft = true
	if !file(ends) {
		t.Fatal("the first filing did not file")
	}
	if open(601) {
		t.Error("the draft of a report filed with EndsDraft is still open")
	}
	if file(newTicket(602)); !open(602) {
		t.Error("a filing without EndsDraft ended the chat's draft")
	}

	// The same submission again (a Confirm delivered twice): the draft,
	// recorded again meanwhile, ends with it too.
	begin(601)
	if file(ends) {
		t.Fatal("the submission was filed twice")
	}
	if open(601) {
		t.Error("filing the same submission again left the draft open")
	}
}
