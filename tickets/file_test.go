package tickets_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// A filed complaint comes back from Get with every field the customer gave,
// its attachments in order, the due times of the service levels, a "filed"
// event, and one acknowledgement job waiting.
func TestFileStoresEveryField(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	nt := newTicket(1001)

	filed, created, err := s.File(ctx, nt)
	if err != nil || !created {
		t.Fatalf("File = %v, created %v; want a new ticket", err, created)
	}
	if !refRE.MatchString(filed.Ref) || filed.ID == 0 || filed.Status != tickets.StatusNew {
		t.Fatalf("filed ticket: ref %q id %d status %q", filed.Ref, filed.ID, filed.Status)
	}

	got, err := s.Get(ctx, filed.Ref)
	if err != nil {
		t.Fatalf("Get(%s): %v", filed.Ref, err)
	}
	checks := []struct {
		field     string
		got, want any
	}{
		{"SubmissionID", got.SubmissionID, nt.SubmissionID},
		{"CustomerChatID", got.CustomerChatID, nt.ChatID},
		{"CustomerUserID", got.CustomerUserID, nt.UserID},
		{"CustomerName", got.CustomerName, nt.FirstName},
		{"CustomerUsername", got.CustomerUsername, nt.Username},
		{"CustomerLang", got.CustomerLang, nt.Lang},
		{"Category", got.Category, nt.Category},
		{"OrderNo", got.OrderNo, nt.OrderNo},
		{"NoReceipt", got.NoReceipt, nt.NoReceipt},
		{"Purchased", got.Purchased, nt.Purchased},
		{"Issue", got.Issue, string(nt.Issue)},
		{"Description", got.Description, nt.Description},
		{"Outcome", got.Outcome, string(nt.Outcome)},
		{"Phone", got.Phone, nt.Phone},
		{"Status", got.Status, tickets.StatusNew},
		// 09:30 on a Friday: arranged within 2 business hours, checked at 4.
		{"ArrangeBy", got.ArrangeBy, filedAt.Add(2 * time.Hour)},
		{"CheckAt", got.CheckAt, filedAt.Add(4 * time.Hour)},
		{"CreatedAt", got.CreatedAt, filedAt},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.field, c.got, c.want)
		}
	}
	if !got.AnswerBy.After(got.CheckAt) {
		t.Errorf("AnswerBy %v is not after CheckAt %v", got.AnswerBy, got.CheckAt)
	}
	if !verdictEqual(got.Verdict, nt.Verdict) {
		t.Errorf("Verdict = %+v, want %+v", got.Verdict, nt.Verdict)
	}
	if len(got.Verdict.Reasons) == 0 && len(nt.Verdict.Reasons) > 0 {
		t.Error("the verdict's reasons were lost")
	}
	if len(got.Attachments) != len(nt.Attachments) {
		t.Fatalf("%d attachments, want %d", len(got.Attachments), len(nt.Attachments))
	}
	for i, a := range got.Attachments {
		if a.Media != nt.Attachments[i] || a.Position != i {
			t.Errorf("attachment %d = %+v, want %+v at position %d", i, a, nt.Attachments[i], i)
		}
	}
	if len(got.Events) != 1 || got.Events[0].Kind != "filed" || got.Events[0].Actor.Kind != tickets.ActorCustomer {
		t.Errorf("events = %+v, want one \"filed\" by the customer", got.Events)
	}
	// What File returned is what is stored.
	filed.Events, got.Events, got.Messages = nil, nil, nil
	if a, b := jsonOf(t, filed), jsonOf(t, got); a != b {
		t.Errorf("File returned\n%s\nGet reads\n%s", a, b)
	}
	if n := count(t, pool, "SELECT count(*) FROM river_job WHERE kind = 'ticket_ack' AND (args->>'ticket_id')::bigint = $1", filed.ID); n != 1 {
		t.Errorf("%d acknowledgement jobs, want 1", n)
	}
}

// A complaint without a receipt, a purchase date or attachments is filed too.
func TestFileMinimal(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newStore(t)
	nt := newTicket(1002)
	nt.OrderNo, nt.NoReceipt, nt.Purchased, nt.Attachments, nt.Phone = "", true, time.Time{}, nil, ""
	filed, _, err := s.File(ctx, nt)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, filed.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if !got.NoReceipt || got.OrderNo != "" || !got.Purchased.IsZero() || len(got.Attachments) != 0 {
		t.Errorf("got receipt %v order %q purchased %v attachments %d", got.NoReceipt, got.OrderNo, got.Purchased, len(got.Attachments))
	}
}

// Confirm tapped twice, an update delivered again, a retry after a crash:
// one ticket, one event, one job.
func TestFileIdempotent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	nt := newTicket(1003)

	first, created, err := s.File(ctx, nt)
	if err != nil || !created {
		t.Fatalf("first File = %v, %v", created, err)
	}
	again, created, err := s.File(ctx, nt)
	if err != nil || created {
		t.Fatalf("second File = created %v, %v; want the same ticket, not created", created, err)
	}
	if again.ID != first.ID || again.Ref != first.Ref || len(again.Attachments) != 3 {
		t.Errorf("second File returned ticket %d %s with %d attachments, want %d %s with 3",
			again.ID, again.Ref, len(again.Attachments), first.ID, first.Ref)
	}
	assertOneOfEach(t, pool)
}

// Many deliveries of one Confirm racing each other still file one ticket.
func TestFileIdempotentConcurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	nt := newTicket(1004)

	const racers = 8
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		refs    = map[string]int{}
		created int
	)
	for range racers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tk, c, err := s.File(ctx, nt)
			if err != nil {
				t.Errorf("File: %v", err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			refs[tk.Ref]++
			if c {
				created++
			}
		}()
	}
	wg.Wait()
	if len(refs) != 1 || created != 1 {
		t.Errorf("racing filings gave references %v with %d created, want one reference created once", refs, created)
	}
	assertOneOfEach(t, pool)
}

// assertOneOfEach checks the schema holds one ticket with its three
// attachments, one event and one acknowledgement job.
func assertOneOfEach(t *testing.T, pool *pgxpool.Pool) {
	t.Helper()
	for _, c := range []struct {
		sql  string
		want int
	}{
		{"SELECT count(*) FROM tickets", 1},
		{"SELECT count(*) FROM ticket_attachments", 3},
		{"SELECT count(*) FROM ticket_events", 1},
		{"SELECT count(*) FROM river_job WHERE kind = 'ticket_ack'", 1},
	} {
		if n := count(t, pool, c.sql); n != c.want {
			t.Errorf("%s = %d, want %d", c.sql, n, c.want)
		}
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// verdictEqual compares verdicts as stored: the same JSON.
func verdictEqual(a, b policy.Verdict) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(ja) == string(jb)
}

// A reference already taken is drawn again; the ticket gets a free one.
func TestFileReferenceCollision(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newStore(t)
	refs := []string{"AAA-AAA", "AAA-AAA", "AAA-AAA", "BBB-BBB"}
	tickets.SetRefs(s, func() (string, error) {
		r := refs[0]
		refs = refs[1:]
		return r, nil
	})
	first, _, err := s.File(ctx, newTicket(1005))
	if err != nil || first.Ref != "AAA-AAA" {
		t.Fatalf("first File = %v, %v", first, err)
	}
	second, created, err := s.File(ctx, newTicket(1005))
	if err != nil || !created || second.Ref != "BBB-BBB" {
		t.Fatalf("second File = %+v, %v, %v; want a new ticket BBB-BBB", second, created, err)
	}
}

func TestFileRefusesIncompleteSubmission(t *testing.T) {
	t.Parallel()
	s, pool := newStore(t)
	for _, nt := range []tickets.NewTicket{
		func() tickets.NewTicket { nt := newTicket(1006); nt.SubmissionID = ""; return nt }(),
		func() tickets.NewTicket { nt := newTicket(1006); nt.ChatID = 0; return nt }(),
		func() tickets.NewTicket { nt := newTicket(1006); nt.Attachments[1].Kind = "sticker"; return nt }(),
		func() tickets.NewTicket { nt := newTicket(1006); nt.Attachments[2].FileID = ""; return nt }(),
	} {
		if _, _, err := s.File(context.Background(), nt); !errors.Is(err, tickets.ErrInvalid) {
			t.Errorf("File(%q, chat %d) = %v, want ErrInvalid", nt.SubmissionID, nt.ChatID, err)
		}
	}
	if n := count(t, pool, "SELECT count(*) FROM tickets"); n != 0 {
		t.Errorf("%d tickets stored", n)
	}
}
