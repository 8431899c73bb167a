package desk

import (
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/internal/testworld"
)

// A burst of new tickets asks Telegram once whether the staff group is a
// forum, and again only after forumTTL. A topic refused because staff
// turned topics off puts the card into the plain group at once.
func TestDeskAsksWhetherTheGroupIsAForumOncePerTTL(t *testing.T) {
	t.Parallel()
	clock := testworld.NewClock(time.Now())
	d := newEnv(t, envOpts{clock: clock.Now})
	asked := func() int { return d.sim.Stats().Calls["getChat"] }
	before := asked()
	for range 3 {
		tk := d.file(t, "photo")
		if th := d.thread(t, tk.ID, 1); th.ThreadID == 0 {
			t.Fatalf("ticket %s has no topic in a forum", tk.Ref)
		}
	}
	if n := asked() - before; n != 1 {
		t.Errorf("asked %d times whether the group is a forum for three new tickets, want once", n)
	}

	// Staff turn the topics off: the next ticket's topic is refused, and its
	// card and file go into the group as in a plain one.
	if err := d.sim.SetForum(d.desk.ID, false); err != nil {
		t.Fatal(err)
	}
	tk := d.file(t, "photo")
	th := d.thread(t, tk.ID, 1)
	if th.ThreadID != 0 || th.CardMessageID == 0 {
		t.Fatalf("with topics off, ticket %s's thread is %+v; want a card without a topic", tk.Ref, th)
	}
	if msgs := d.inThread(th); len(msgs) != 2 {
		t.Errorf("with topics off: %d messages for the ticket, want the card and its file", len(msgs))
	}

	// They turn them on again: the desk learns it when what it knew is
	// forumTTL old.
	if err := d.sim.SetForum(d.desk.ID, true); err != nil {
		t.Fatal(err)
	}
	clock.Advance(forumTTL)
	tk = d.file(t, "photo")
	if th := d.thread(t, tk.ID, 1); th.ThreadID == 0 {
		t.Errorf("topics on again, forumTTL later: ticket %s has no topic", tk.Ref)
	}
	if n := asked() - before; n != 2 {
		t.Errorf("asked %d times in all, want twice", n)
	}
}
