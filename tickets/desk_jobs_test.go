package tickets_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/complaintbot/complaintbot/tickets"
)

// Filing and acknowledging queue the card. A change made while a card job
// runs (as it may for seconds, waiting for the group's turn) queues an
// edit, which waits for the card (DeskState's CardPosting), as that job may
// have read the ticket before the change; not a second card job at the back
// of the desk queue, behind every card waiting there.
func TestCardJobs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	tk := file(t, s, 20001)
	if n := cardJobs(t, pool, tk.ID); n != 1 {
		t.Fatalf("%d card jobs after filing, want 1", n)
	}
	if _, err := pool.Exec(ctx, `UPDATE river_job SET state = 'running', attempt = 1, attempted_at = now()
		WHERE kind = 'desk_card' AND (args->>'ticket_id')::bigint = $1`, tk.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Claim(ctx, tk.ID, li); err != nil {
		t.Fatal(err)
	}
	if cards, edits := cardJobs(t, pool, tk.ID), editJobs(t, pool, tk.ID); cards != 0 || edits != 1 {
		t.Errorf("a change during a card job's run: %d card jobs and %d edit jobs waiting, want one edit job", cards, edits)
	}
	if _, err := s.ShiftPriority(ctx, tk.ID, li, 1); err != nil {
		t.Fatal(err)
	}
	if n := jobs(t, pool, "desk_card", fmt.Sprintf(`{"ticket_id": %d}`, tk.ID)); n != 1 {
		t.Errorf("%d card jobs in all, want the running one", n)
	}
	if n := jobs(t, pool, "desk_card_edit", fmt.Sprintf(`{"ticket_id": %d}`, tk.ID)); n != 1 {
		t.Errorf("%d edit jobs in all after a second change, want the one waiting", n)
	}
	st, err := s.DeskState(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !st.CardPosting || st.Thread != nil {
		t.Errorf("desk state: card posting %v, thread %+v; want the card on its way", st.CardPosting, st.Thread)
	}
	// Another ticket's card is its own.
	other := file(t, s, 20002)
	if n := cardJobs(t, pool, other.ID); n != 1 {
		t.Errorf("%d card jobs for another ticket, want 1", n)
	}
}

// An album's items are relayed a moment after they arrive, so the first
// item's job finds the whole album stored; AlbumMessages gives what is still
// to send, in order.
func TestAlbumRelay(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	tk := file(t, s, 20101)
	photo := func(id, group string) []tickets.Media {
		return []tickets.Media{{Kind: "photo", FileID: id, MediaGroupID: group}}
	}
	var in, out []int64
	for i := range 3 {
		m, _, err := s.AddCustomerMessage(ctx, tk.ID, tickets.NewMessage{UserID: 20101, ChatID: 20101, MessageID: int64(30 + i),
			Attachments: photo(fmt.Sprint("c", i), "cg")})
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, m.ID)
		r, _, err := s.AddStaffReply(ctx, tk.ID, li, tickets.NewMessage{ChatID: staffGroup, MessageID: int64(40 + i),
			Attachments: photo(fmt.Sprint("s", i), "sg")})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r.ID)
	}
	plain, _, err := s.AddCustomerMessage(ctx, tk.ID, tickets.NewMessage{UserID: 20101, ChatID: 20101, MessageID: 50, Text: "that's all"})
	if err != nil {
		t.Fatal(err)
	}
	later := "SELECT count(*) FROM river_job WHERE kind = $1 AND (args->>'message_id')::bigint = ANY ($2) AND state = 'scheduled' AND scheduled_at > now()"
	if n := count(t, pool, later, "desk_relay", in); n != 3 {
		t.Errorf("%d of the customer's album items relayed later, want 3", n)
	}
	if n := count(t, pool, later, "customer_relay", out); n != 3 {
		t.Errorf("%d of the staff's album items relayed later, want 3", n)
	}
	if n := count(t, pool, "SELECT count(*) FROM river_job WHERE kind = 'desk_relay' AND (args->>'message_id')::bigint = $1 AND state = 'available'", plain.ID); n != 1 {
		t.Errorf("a plain message is not relayed at once")
	}

	album, err := s.AlbumMessages(ctx, tk.ID, tickets.DirectionOut, "sg")
	if err != nil || len(album) != 3 || album[0].ID != out[0] || album[2].ID != out[2] {
		t.Fatalf("AlbumMessages(out) = %+v, %v", album, err)
	}
	if err := s.MarkDelivered(ctx, out[0], 20101, []int64{7001}); err != nil {
		t.Fatal(err)
	}
	album, _ = s.AlbumMessages(ctx, tk.ID, tickets.DirectionOut, "sg")
	if len(album) != 2 || album[0].ID != out[1] {
		t.Errorf("after the first item went: %+v, want the other two", album)
	}
	if album, _ := s.AlbumMessages(ctx, tk.ID, tickets.DirectionIn, "sg"); len(album) != 0 {
		t.Errorf("the staff's album read as the customer's: %+v", album)
	}
	if _, err := s.AlbumMessages(ctx, tk.ID, tickets.DirectionIn, ""); err == nil {
		t.Error("AlbumMessages without a group: no error")
	}
}

// A staff message delivered several times at once is added once and
// delivered once.
func TestStaffReplyConcurrentRedelivery(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	tk := file(t, s, 20201)
	m := tickets.NewMessage{Text: "on its way", ChatID: staffGroup, MessageID: 900}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		added int
		ids   = map[int64]bool{}
	)
	for range 8 {
		wg.Go(func() {
			msg, ok, err := s.AddStaffReply(ctx, tk.ID, li, m)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			ids[msg.ID] = true
			if ok {
				added++
			}
		})
	}
	wg.Wait()
	if added != 1 || len(ids) != 1 {
		t.Errorf("added %d times, %d distinct rows; want 1 and 1", added, len(ids))
	}
	if n := jobs(t, pool, "customer_relay", "{}"); n != 1 {
		t.Errorf("%d relay jobs, want 1", n)
	}
}
