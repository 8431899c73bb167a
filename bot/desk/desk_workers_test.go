package desk

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	tgbot "github.com/go-telegram/bot"

	"github.com/complaintbot/complaintbot/internal/testworld"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// A filed ticket gets its topic in a forum, with the card first and the
// customer's files as one album replying to it.
func TestDeskCardAndFilesInAForum(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := newEnv(t, envOpts{})
	tk := d.file(t, "photo", "video", "photo2")
	th := d.thread(t, tk.ID, 3)

	topics := d.sim.Topics(d.desk.ID)
	if len(topics) != 1 || int64(topics[0].ThreadID) != th.ThreadID || topics[0].Name != tk.Ref+" · Clothing · Ann" || topics[0].Closed {
		t.Fatalf("topics %+v, thread %+v", topics, th)
	}
	if th.TopicName != topics[0].Name || th.ChatID != d.desk.ID {
		t.Errorf("saved thread %+v", th)
	}
	msgs := d.inThread(th)
	if len(msgs) != 4 {
		t.Fatalf("%d messages in the topic, want the card and 3 files: %v", len(msgs), msgs)
	}
	card := msgs[0].Message
	if int64(card.ID) != th.CardMessageID || !strings.Contains(card.Text, tk.Ref) || !strings.Contains(card.Text, "Phone: +8613812345678") {
		t.Errorf("the first message is not the card: %s", msgs[0])
	}
	if card.ReplyMarkup == nil || card.ReplyMarkup.InlineKeyboard[0][0].CallbackData != encodeButton(button{Action: actClaim, TicketID: tk.ID}) {
		t.Errorf("the card has no Claim button: %+v", card.ReplyMarkup)
	}
	group := msgs[1].Message.MediaGroupID
	for i, e := range msgs[1:] {
		m := e.Message
		if m.MediaGroupID == "" || m.MediaGroupID != group {
			t.Errorf("file %d is not in one album with the others", i)
		}
		if m.ReplyToMessage == nil || int64(m.ReplyToMessage.ID) != th.CardMessageID {
			t.Errorf("file %d does not reply to the card", i)
		}
		if int64(m.ID) != th.MediaMessageIDs[i] {
			t.Errorf("file %d is message %d, saved %d", i, m.ID, th.MediaMessageIDs[i])
		}
	}
	for _, id := range append([]int64{th.CardMessageID}, th.MediaMessageIDs...) {
		got, err := d.store.TicketByDeskMessage(ctx, d.desk.ID, id)
		if err != nil || got.ID != tk.ID {
			t.Errorf("message %d belongs to %v, %v; want ticket %d", id, got, err, tk.ID)
		}
	}
}

// In a plain group the card is the thread's root: the files reply to it.
func TestDeskCardAndFilesInAPlainGroup(t *testing.T) {
	t.Parallel()
	d := newEnv(t, envOpts{plain: true})
	tk := d.file(t, "photo", "document")
	th := d.thread(t, tk.ID, 2)
	if th.ThreadID != 0 || len(d.sim.Topics(d.desk.ID)) != 0 {
		t.Fatalf("a topic in a plain group: %+v", th)
	}
	msgs := d.inThread(th)
	if len(msgs) != 3 || int64(msgs[0].Message.ID) != th.CardMessageID {
		t.Fatalf("messages %v", msgs)
	}
	// A photo and a document cannot share an album: two messages, each
	// replying to the card.
	if msgs[1].Message.Photo == nil || msgs[2].Message.Document == nil {
		t.Errorf("files %v", msgs[1:])
	}
}

// The card follows the ticket: claimed, closed (the topic closes),
// reopened (the topic reopens). A card that did not change is not edited.
func TestDeskCardFollowsTheTicket(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := newEnv(t, envOpts{})
	tk := d.file(t)
	th := d.thread(t, tk.ID, 0)
	d.settle(t)

	cardText := func() string { return d.entry(t, th.CardMessageID).Message.Text }
	if _, err := d.store.Claim(ctx, tk.ID, liOf(d)); err != nil {
		t.Fatal(err)
	}
	d.wait(t, "the card to say Li took it", func() bool { return strings.Contains(cardText(), "Taken by Li") })
	d.settle(t)

	edits := d.sim.Stats().Calls["editMessageText"]
	if err := (&cardWorker{job[tickets.DeskCardArgs]{desk: d.staff}}).Work(ctx, jobOf(tickets.DeskCardArgs{TicketID: tk.ID})); err != nil {
		t.Fatal(err)
	}
	if n := d.sim.Stats().Calls["editMessageText"]; n != edits {
		t.Errorf("an unchanged card was edited (%d edits, were %d)", n, edits)
	}

	if _, err := d.store.CloseTicket(ctx, tk.ID, tickets.Actor{Kind: tickets.ActorStaff, ID: d.li.ID}); err != nil {
		t.Fatal(err)
	}
	d.wait(t, "the topic to close", func() bool { return d.sim.Topics(d.desk.ID)[0].Closed })
	d.wait(t, "the card to say closed", func() bool { return strings.Contains(cardText(), "· Closed") })
	d.settle(t)
	if saved, _ := d.store.Thread(ctx, tk.ID); !saved.TopicClosed {
		t.Error("the thread does not record the topic closed")
	}
	kb := d.entry(t, th.CardMessageID).Message.ReplyMarkup
	if kb == nil || len(buttonData(kb)) != 1 || buttonData(kb)[0] != encodeButton(button{Action: actReopen, TicketID: tk.ID}) {
		t.Errorf("a closed ticket's card offers %v", kb)
	}

	if _, err := d.store.Reopen(ctx, tk.ID, tickets.Actor{Kind: tickets.ActorStaff, ID: d.li.ID}); err != nil {
		t.Fatal(err)
	}
	d.wait(t, "the topic to reopen", func() bool { return !d.sim.Topics(d.desk.ID)[0].Closed })
	d.wait(t, "the card to say reopened", func() bool { return strings.Contains(cardText(), "Reopened") })
	if n := len(d.sim.Topics(d.desk.ID)); n != 1 {
		t.Errorf("%d topics, want the one", n)
	}
}

// Urgent: the card shows the mark and owners are alerted privately with a
// link to the topic; an owner who blocked the bot is skipped.
func TestDeskUrgentAlertsOwners(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := newEnv(t, envOpts{blockedOwner: true})
	tk := d.file(t)
	th := d.thread(t, tk.ID, 0)
	owner := tickets.Staff{UserID: d.owner.ID, Name: "Zhang", Owner: true}
	if _, err := d.store.SetUrgent(ctx, tk.ID, owner, true); err != nil {
		t.Fatal(err)
	}
	alert, err := d.sim.WaitEntry(waitCtx(t), d.owner.ID, func(e telegramsim.Entry) bool {
		return e.FromBot && strings.Contains(e.Message.Text, "Urgent")
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(alert.Message.Text, tk.Ref) || !strings.Contains(alert.Message.Text, "Clothing") {
		t.Errorf("alert %q", alert.Message.Text)
	}
	want := messageLink(d.desk.ID, th.ThreadID)
	var linked bool
	for _, ent := range alert.Message.Entities {
		linked = linked || ent.URL == want
	}
	if !linked {
		t.Errorf("the alert does not link to %s: %+v", want, alert.Message.Entities)
	}
	d.wait(t, "the card's urgent mark", func() bool {
		return strings.Contains(d.entry(t, th.CardMessageID).Message.Text, "URGENT")
	})
	d.settle(t)
	var state string
	if err := d.pool.QueryRow(ctx, `SELECT state FROM river_job WHERE kind = 'owner_alert'`).Scan(&state); err != nil || state != "completed" {
		t.Errorf("owner alert job %q, %v; want completed despite the blocked owner", state, err)
	}
}

func TestDeskLink(t *testing.T) {
	t.Parallel()
	cases := []struct {
		chat int64
		th   *tickets.Thread
		want string
	}{
		{-1001000000001, &tickets.Thread{ThreadID: 7, CardMessageID: 8}, "https://t.me/c/1000000001/7"},
		{-1001000000001, &tickets.Thread{CardMessageID: 8}, "https://t.me/c/1000000001/8"},
		{-1001000000001, &tickets.Thread{}, ""},
		{-1001000000001, nil, ""},
		{-4012345, &tickets.Thread{CardMessageID: 8}, ""}, // a basic group has no links
		{700000001, &tickets.Thread{CardMessageID: 8}, ""},
	}
	for _, tc := range cases {
		if got := threadLink(tc.chat, tc.th); got != tc.want {
			t.Errorf("threadLink(%d, %+v) = %q, want %q", tc.chat, tc.th, got, tc.want)
		}
	}
}

// A topic staff deleted is made again by the next card job too, with the
// card showing the change.
func TestDeskCardRecreatesADeletedTopic(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := newEnv(t, envOpts{})
	tk := d.file(t, "photo")
	old := d.thread(t, tk.ID, 1)
	d.settle(t)
	if err := d.sim.DeleteTopic(d.desk.ID, int(old.ThreadID)); err != nil {
		t.Fatal(err)
	}
	if _, err := d.store.Claim(ctx, tk.ID, liOf(d)); err != nil {
		t.Fatal(err)
	}
	var th *tickets.Thread
	d.wait(t, "a new topic with the card", func() bool {
		var err error
		th, err = d.store.Thread(ctx, tk.ID)
		return err == nil && th.ThreadID != old.ThreadID && th.CardMessageID != 0 && len(th.MediaMessageIDs) == 1
	})
	d.settle(t)
	msgs := d.inThread(th)
	if len(msgs) != 2 || !strings.Contains(msgs[0].Message.Text, "Taken by Li") || len(msgs[1].Message.Photo) == 0 {
		t.Errorf("the new topic holds %v", msgs)
	}
	if topics := d.sim.Topics(d.desk.ID); len(topics) != 2 || topics[1].Deleted {
		t.Errorf("topics %+v", topics)
	}
}

// In a backlog, as after a rush of filings, every ticket's card goes into
// the staff group before any ticket's files: the group takes twenty
// messages a minute, and an album spends one per file. Each ticket's files
// then follow, replying to its card in its topic.
func TestCardsGoBeforeFilesInABacklog(t *testing.T) {
	t.Parallel()
	d := newEnv(t, envOpts{held: true})
	var filed []*tickets.Ticket
	for range 3 {
		filed = append(filed, d.file(t, "photo", "photo2"))
	}
	d.start()
	d.settle(t)

	var got []string
	for _, e := range testworld.BotEntries(d.sim, d.desk.ID) {
		if m := e.Message; m.MessageThreadID != 0 && (m.Text != "" || len(m.Photo) > 0) {
			got = append(got, fmt.Sprintf("%d:%s", m.MessageThreadID, map[bool]string{true: "photo", false: "card"}[len(m.Photo) > 0]))
		}
	}
	var want []string
	var threads []*tickets.Thread
	for _, tk := range filed {
		th := d.thread(t, tk.ID, 2)
		threads = append(threads, th)
		want = append(want, fmt.Sprintf("%d:card", th.ThreadID))
	}
	for _, th := range threads {
		want = append(want, fmt.Sprintf("%d:photo", th.ThreadID), fmt.Sprintf("%d:photo", th.ThreadID))
	}
	if !slices.Equal(got, want) {
		t.Errorf("the group got %v, want %v", got, want)
	}
	for _, th := range threads {
		for _, id := range th.MediaMessageIDs {
			if m := d.entry(t, id).Message; m.ReplyToMessage == nil || int64(m.ReplyToMessage.ID) != th.CardMessageID {
				t.Errorf("file %d of topic %d does not reply to its card %d", id, th.ThreadID, th.CardMessageID)
			}
		}
	}
}

// filesJobs counts the ticket's files jobs waiting to run.
func (d *env) filesJobs(t *testing.T, ticketID int64) int {
	t.Helper()
	var n int
	if err := d.pool.QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE kind = $1 AND state = 'available' AND args->>'ticket_id' = $2::bigint::text`,
		tickets.DeskFilesArgs{}.Kind(), ticketID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Filing queues a ticket's files with its card, and the card's work does
// not queue them twice.
func TestFilingQueuesTheFiles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := newEnv(t, envOpts{held: true})
	tk := d.file(t, "photo", "photo2")
	if n := d.filesJobs(t, tk.ID); n != 1 {
		t.Fatalf("after filing: %d files jobs queued, want 1", n)
	}
	bare := d.file(t)
	if n := d.filesJobs(t, bare.ID); n != 0 {
		t.Errorf("a ticket without files has %d files jobs, want none", n)
	}
	if err := (&cardWorker{job[tickets.DeskCardArgs]{desk: d.staff}}).Work(ctx, jobOf(tickets.DeskCardArgs{TicketID: tk.ID})); err != nil {
		t.Fatal(err)
	}
	if n := d.filesJobs(t, tk.ID); n != 1 {
		t.Errorf("after the card's job: %d files jobs queued, want still 1", n)
	}
}

// A card posted for a ticket whose files job is over (a ticket filed before
// filing queued one; a topic deleted after its files were posted) queues
// the files before the card goes out, so that a replica dying right after
// the card leaves the files to whoever works the queue next; that run
// posts them once, replying to the card.
func TestTheCardQueuesItsFiles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := newEnv(t, envOpts{held: true})
	tk := d.file(t, "photo", "photo2")
	if _, err := d.pool.Exec(ctx, `DELETE FROM river_job WHERE kind = $1 AND args->>'ticket_id' = $2::bigint::text`,
		tickets.DeskFilesArgs{}.Kind(), tk.ID); err != nil {
		t.Fatal(err)
	}
	// The card's job, run by hand as a replica would before dying: the
	// jobs are not worked yet.
	if err := (&cardWorker{job[tickets.DeskCardArgs]{desk: d.staff}}).Work(ctx, jobOf(tickets.DeskCardArgs{TicketID: tk.ID})); err != nil {
		t.Fatal(err)
	}
	queued := d.filesJobs(t, tk.ID)
	th, err := d.store.Thread(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if queued != 1 || th.CardMessageID == 0 || len(th.MediaMessageIDs) != 0 {
		t.Fatalf("after the card's job: %d files jobs queued, card %d, files %v; want 1, a card, none yet", queued, th.CardMessageID, th.MediaMessageIDs)
	}
	d.start()
	th = d.thread(t, tk.ID, 2)
	photos := 0
	for _, e := range d.inThread(th) {
		if m := e.Message; len(m.Photo) > 0 {
			photos++
			if m.ReplyToMessage == nil || int64(m.ReplyToMessage.ID) != th.CardMessageID {
				t.Errorf("photo %d does not reply to the card %d", m.ID, th.CardMessageID)
			}
		}
	}
	if photos != 2 {
		t.Errorf("the topic holds %d photos, want 2:\n%s", photos, d.Transcript(d.desk.ID))
	}
}

// A card already posted whose files never were (posted by a version without
// a files job, or whose files job gave up) gets them with the ticket's next
// desk job, replying to it.
func TestACardWithoutItsFilesGetsThem(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := newEnv(t, envOpts{held: true})
	tk := d.file(t, "photo", "photo2")
	card := &cardWorker{job[tickets.DeskCardArgs]{desk: d.staff}}
	if err := card.Work(ctx, jobOf(tickets.DeskCardArgs{TicketID: tk.ID})); err != nil {
		t.Fatal(err)
	}
	if _, err := d.pool.Exec(ctx, `DELETE FROM river_job WHERE kind = $1 AND args->>'ticket_id' = $2::bigint::text`,
		tickets.DeskFilesArgs{}.Kind(), tk.ID); err != nil {
		t.Fatal(err)
	}
	// The ticket changes; its card job finds the files missing.
	if err := card.Work(ctx, jobOf(tickets.DeskCardArgs{TicketID: tk.ID})); err != nil {
		t.Fatal(err)
	}
	if n := d.filesJobs(t, tk.ID); n != 1 {
		t.Fatalf("after the card's next job: %d files jobs queued, want 1", n)
	}
	d.start()
	th := d.thread(t, tk.ID, 2)
	photos := 0
	for _, e := range d.inThread(th) {
		if m := e.Message; len(m.Photo) > 0 {
			photos++
			if m.ReplyToMessage == nil || int64(m.ReplyToMessage.ID) != th.CardMessageID {
				t.Errorf("photo %d does not reply to the card %d", m.ID, th.CardMessageID)
			}
		}
	}
	if photos != 2 {
		t.Errorf("the topic holds %d photos, want 2:\n%s", photos, d.Transcript(d.desk.ID))
	}
}

// A closed ticket's card that staff deleted is posted again into its
// topic, which Telegram keeps closed to posts: the topic is opened for the
// card and closed again.
func TestACardDeletedInAClosedTopicIsPostedThere(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := newEnv(t, envOpts{})
	tk := d.file(t)
	th := d.thread(t, tk.ID, 0)
	if _, err := d.store.CloseTicket(ctx, tk.ID, tickets.Actor{Kind: tickets.ActorStaff, ID: d.li.ID}); err != nil {
		t.Fatal(err)
	}
	d.wait(t, "the topic to close", func() bool { return d.sim.Topics(d.desk.ID)[0].Closed })
	if ok, err := d.staff.out.Bot().DeleteMessage(ctx, &tgbot.DeleteMessageParams{ChatID: d.desk.ID, MessageID: int(th.CardMessageID)}); !ok || err != nil {
		t.Fatalf("deleting the card: %v, %v", ok, err)
	}
	if _, err := d.store.SetUrgent(ctx, tk.ID, liOf(d), true); err != nil {
		t.Fatal(err)
	}
	var now *tickets.Thread
	d.wait(t, "the card posted again", func() bool {
		var err error
		now, err = d.store.Thread(ctx, tk.ID)
		return err == nil && now.CardMessageID != 0 && now.CardMessageID != th.CardMessageID
	})
	card := d.entry(t, now.CardMessageID).Message
	if card.MessageThreadID != int(th.ThreadID) || !strings.Contains(card.Text, "URGENT") || !strings.Contains(card.Text, "· Closed") {
		t.Errorf("the card posted again, in topic %d (want %d): %q", card.MessageThreadID, th.ThreadID, card.Text)
	}
	if topics := d.sim.Topics(d.desk.ID); len(topics) != 1 || !topics[0].Closed || !now.TopicClosed {
		t.Errorf("topics %+v, thread records closed %v; want the one topic, closed", topics, now.TopicClosed)
	}
	var failed int
	if err := d.pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind LIKE 'desk%' AND (state <> 'completed' OR errors IS NOT NULL)`).Scan(&failed); err != nil || failed != 0 {
		t.Errorf("%d desk jobs failed or unfinished (%v)", failed, err)
	}
}
