package tickets_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/tickets"
)

// A ticket's thread is saved and read back; its card, files and any noted
// message lead back to the ticket, as does its topic; a deleted topic is
// forgotten so the next card is posted anew.
func TestThreads(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newStore(t)
	tk := file(t, s, 16001)
	other := file(t, s, 16002)

	if _, err := s.Thread(ctx, tk.ID); !errors.Is(err, tickets.ErrNotFound) {
		t.Fatalf("Thread before any = %v, want ErrNotFound", err)
	}
	th := tickets.Thread{TicketID: tk.ID, ChatID: staffGroup, ThreadID: 33, CardMessageID: 34,
		MediaMessageIDs: []int64{35, 36}, TopicName: tk.Ref + " · apparel · Li", CardHash: "h1"}
	if err := s.SaveThread(ctx, th); err != nil {
		t.Fatal(err)
	}
	got, err := s.Thread(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ThreadID != 33 || got.CardMessageID != 34 || !slices.Equal(got.MediaMessageIDs, []int64{35, 36}) ||
		got.TopicName != th.TopicName || got.CardHash != "h1" || got.TopicClosed {
		t.Errorf("Thread = %+v, want %+v", got, th)
	}
	th.TopicClosed, th.CardHash = true, "h2"
	if err := s.SaveThread(ctx, th); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Thread(ctx, tk.ID); !got.TopicClosed || got.CardHash != "h2" {
		t.Errorf("Thread after the update = %+v", got)
	}

	if err := s.NoteDeskMessage(ctx, tk.ID, staffGroup, 40, 41); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{34, 35, 36, 40, 41} {
		if got, err := s.TicketByDeskMessage(ctx, staffGroup, id); err != nil || got.ID != tk.ID {
			t.Errorf("TicketByDeskMessage(%d) = %v, %v", id, got, err)
		}
	}
	// A message noted for a ticket keeps it.
	if err := s.NoteDeskMessage(ctx, other.ID, staffGroup, 40); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.TicketByDeskMessage(ctx, staffGroup, 40); got == nil || got.ID != tk.ID {
		t.Errorf("message 40 moved to another ticket")
	}
	for _, id := range [][2]int64{{staffGroup, 42}, {-100999, 34}} {
		if _, err := s.TicketByDeskMessage(ctx, id[0], id[1]); !errors.Is(err, tickets.ErrNotFound) {
			t.Errorf("TicketByDeskMessage(%d, %d) = %v, want ErrNotFound", id[0], id[1], err)
		}
	}
	if got, err := s.TicketByThread(ctx, staffGroup, 33); err != nil || got.ID != tk.ID {
		t.Errorf("TicketByThread = %v, %v", got, err)
	}
	if _, err := s.TicketByThread(ctx, staffGroup, 0); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("TicketByThread(General) = %v, want ErrNotFound", err)
	}

	// Another ticket cannot take the same topic.
	if err := s.SaveThread(ctx, tickets.Thread{TicketID: other.ID, ChatID: staffGroup, ThreadID: 33}); !errors.Is(err, tickets.ErrConflict) {
		t.Errorf("SaveThread on another's topic = %v, want ErrConflict", err)
	}
	// In a plain group every ticket has thread 0.
	if err := s.SaveThread(ctx, tickets.Thread{TicketID: other.ID, ChatID: staffGroup, CardMessageID: 50}); err != nil {
		t.Errorf("SaveThread in a plain group: %v", err)
	}

	if err := s.ForgetTopic(ctx, tk.ID); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Thread(ctx, tk.ID)
	if got.ChatID != staffGroup || got.ThreadID != 0 || got.CardMessageID != 0 || got.MediaMessageIDs != nil || got.CardHash != "" || got.TopicClosed {
		t.Errorf("Thread after ForgetTopic = %+v", got)
	}
	if _, err := s.TicketByThread(ctx, staffGroup, 33); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("TicketByThread of a forgotten topic = %v, want ErrNotFound", err)
	}

	for name, err := range map[string]error{
		"ForgetTopic":     s.ForgetTopic(ctx, tk.ID+1000),
		"SaveThread":      s.SaveThread(ctx, tickets.Thread{TicketID: tk.ID + 1000, ChatID: staffGroup}),
		"NoteDeskMessage": s.NoteDeskMessage(ctx, tk.ID+1000, staffGroup, 60),
	} {
		if !errors.Is(err, tickets.ErrNotFound) {
			t.Errorf("%s of a missing ticket = %v, want ErrNotFound", name, err)
		}
	}
	if err := s.SaveThread(ctx, tickets.Thread{TicketID: tk.ID}); !errors.Is(err, tickets.ErrInvalid) {
		t.Errorf("SaveThread without a chat = %v, want ErrInvalid", err)
	}
}

// Staff seen in the group are found by username, any case, with or without
// "@", and listed most recently seen first.
func TestStaffMembers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _, clk := newClockStore(t)
	for _, m := range []tickets.Staff{li, wang, {UserID: 903, Name: "Zhao"}} {
		if err := s.SeeStaff(ctx, m); err != nil {
			t.Fatal(err)
		}
		clk.advance(time.Second)
	}
	for _, u := range []string{"@LI_desk", "li_desk", "wang"} {
		got, err := s.StaffByUsername(ctx, u)
		if err != nil || got.Owner {
			t.Errorf("StaffByUsername(%q) = %+v, %v", u, got, err)
		}
	}
	if got, _ := s.StaffByUsername(ctx, "wang"); got == nil || got.UserID != wang.UserID || got.Username != "wang" || got.Name != "Wang" {
		t.Errorf("StaffByUsername(wang) = %+v", got)
	}
	for _, u := range []string{"", "@", "nobody"} {
		if _, err := s.StaffByUsername(ctx, u); !errors.Is(err, tickets.ErrNotFound) {
			t.Errorf("StaffByUsername(%q) = %v, want ErrNotFound", u, err)
		}
	}
	// Li shows up again, under a new name.
	if err := s.SeeStaff(ctx, tickets.Staff{UserID: li.UserID, Name: "Li Na", Username: "lina"}); err != nil {
		t.Fatal(err)
	}
	list, err := s.StaffMembers(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, m := range list {
		ids = append(ids, m.UserID)
	}
	if !slices.Equal(ids, []int64{li.UserID, 903, wang.UserID}) || list[0].Name != "Li Na" {
		t.Errorf("StaffMembers = %+v", list)
	}
	if list, _ := s.StaffMembers(ctx, 2); len(list) != 2 {
		t.Errorf("StaffMembers(2) gave %d", len(list))
	}
	if _, err := s.StaffByUsername(ctx, "li_desk"); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("an old username still finds Li: %v", err)
	}
	if err := s.SeeStaff(ctx, tickets.Staff{Name: "?"}); !errors.Is(err, tickets.ErrInvalid) {
		t.Errorf("SeeStaff without an id = %v, want ErrInvalid", err)
	}
	if owner.Actor().Kind != tickets.ActorOwner || li.Actor() != (tickets.Actor{Kind: tickets.ActorStaff, ID: li.UserID}) {
		t.Errorf("actors: owner %+v, staff %+v", owner.Actor(), li.Actor())
	}
}

// A member who keeps writing under the same name and username is recorded
// as seen once a minute, not at every message; a new name or username is
// recorded at once.
func TestStaffSeenOnceAMinute(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool, clk := newClockStore(t)
	lastSeen := func(id int64) time.Time {
		t.Helper()
		var at time.Time
		if err := pool.QueryRow(ctx, `SELECT last_seen FROM staff_members WHERE user_id = $1`, id).Scan(&at); err != nil {
			t.Fatal(err)
		}
		return at
	}
	see := func(m tickets.Staff) {
		t.Helper()
		if err := s.SeeStaff(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	first := clk.now()
	see(li)
	clk.advance(59 * time.Second)
	see(li)
	if got := lastSeen(li.UserID); !got.Equal(first) {
		t.Errorf("seen again within the minute: last_seen %v, want %v", got, first)
	}
	see(tickets.Staff{UserID: li.UserID, Name: li.Name, Username: strings.ToUpper(li.Username)})
	if got := lastSeen(li.UserID); !got.Equal(first) {
		t.Errorf("the same username in capitals was written again: last_seen %v", got)
	}
	renamed := tickets.Staff{UserID: li.UserID, Name: "Li Na", Username: li.Username}
	see(renamed)
	if got := lastSeen(li.UserID); !got.Equal(clk.now()) {
		t.Errorf("a new name: last_seen %v, want %v", got, clk.now())
	}
	if list, err := s.StaffMembers(ctx, 1); err != nil || len(list) != 1 || list[0].Name != "Li Na" {
		t.Errorf("after the new name, StaffMembers = %+v, %v", list, err)
	}
	renamedAt := clk.now()
	clk.advance(time.Minute)
	see(renamed)
	if got := lastSeen(li.UserID); !got.Equal(renamedAt.Add(time.Minute)) {
		t.Errorf("a minute later: last_seen %v, want %v", got, renamedAt.Add(time.Minute))
	}
}

// DeskState reads a ticket with its files, its thread and its return in
// one round trip; a ticket without a thread or a return has neither, and
// a ticket that is not there is ErrNotFound.
func TestDeskStateInOneRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg, err := pgxpool.ParseConfig(pgtest.NewURL(t))
	if err != nil {
		t.Fatal(err)
	}
	trips := &roundTrips{}
	cfg.ConnConfig.Tracer = trips
	// One connection: the statements its first reads prepared are cached
	// for the counted ones.
	cfg.MaxConns = 1
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	s := storeOn(t, pool)

	bare := file(t, s, 16101)
	st, err := s.DeskState(ctx, bare.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Ticket.Ref != bare.Ref || len(st.Ticket.Attachments) != 3 || len(st.Ticket.Events) == 0 || st.Thread != nil || st.Return != nil || !st.FilesQueued {
		t.Errorf("DeskState of a new ticket = ticket %s with %d files and %d events, thread %+v, return %+v, files queued %t",
			st.Ticket.Ref, len(st.Ticket.Attachments), len(st.Ticket.Events), st.Thread, st.Return, st.FilesQueued)
	}
	// Once the files job is over, the state says so.
	if _, err := pool.Exec(ctx, `UPDATE river_job SET state = 'completed', finalized_at = now() WHERE kind = $1 AND args->>'ticket_id' = $2::bigint::text`,
		tickets.DeskFilesArgs{}.Kind(), bare.ID); err != nil {
		t.Fatal(err)
	}
	if st, err = s.DeskState(ctx, bare.ID); err != nil || st.FilesQueued {
		t.Errorf("DeskState after the files job completed: files queued %t, err %v; want false", st != nil && st.FilesQueued, err)
	}

	tk, r := startReturn(t, s, 16102, tickets.ReturnKindRepair)
	th := tickets.Thread{TicketID: tk.ID, ChatID: staffGroup, ThreadID: 51, CardMessageID: 52, MediaMessageIDs: []int64{53}, CardHash: "h"}
	if err := s.SaveThread(ctx, th); err != nil {
		t.Fatal(err)
	}
	trips.n.Store(0)
	st, err = s.DeskState(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n := trips.n.Load(); n != 1 {
		t.Errorf("DeskState took %d round trips, want 1", n)
	}
	if st.Ticket.ID != tk.ID || st.Thread == nil || st.Thread.ThreadID != 51 || !slices.Equal(st.Thread.MediaMessageIDs, []int64{53}) ||
		st.Return == nil || st.Return.RMA != r.RMA || st.Return.TicketRef != tk.Ref {
		t.Errorf("DeskState = ticket %d, thread %+v, return %+v; want ticket %d, thread 51, return %s", st.Ticket.ID, st.Thread, st.Return, tk.ID, r.RMA)
	}

	trips.n.Store(0)
	got, err := s.GetByID(ctx, tk.ID)
	if err != nil || got.Ref != tk.Ref || len(got.Attachments) != 3 {
		t.Errorf("GetByID = %+v, %v", got, err)
	}
	if n := trips.n.Load(); n != 1 {
		t.Errorf("GetByID took %d round trips, want 1", n)
	}

	if _, err := s.DeskState(ctx, tk.ID+1000); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("DeskState of no ticket = %v, want ErrNotFound", err)
	}
}
