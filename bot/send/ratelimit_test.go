package send

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/complaintbot/complaintbot/internal/redistest"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// The limiter's keys live under the configured prefix, and a chat that
// used its burst must wait before the next message.
func TestRateLimiterKeysAndBurst(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rdb, prefix := redistest.New(t)
	l := newRateLimiter(rdb, prefix, nil)
	const chat, group = 700000123, -1001000000777
	for range l.chat.Burst {
		if err := l.wait(ctx, spendMessage(chat)); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.wait(ctx, spendMessage(group)); err != nil {
		t.Fatal(err)
	}
	keys, err := rdb.Keys(ctx, "*limit:*").Result()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{
		fmt.Sprintf("%slimit:chat:%d", prefix, chat):   false,
		fmt.Sprintf("%slimit:chat:%d", prefix, group):  false,
		fmt.Sprintf("%slimit:group:%d", prefix, group): false,
		fmt.Sprintf("%slimit:pace:%d", prefix, group):  false,
		prefix + "limit:all":                           false,
	}
	// Other tests, and a demo, may pace through the same Redis under
	// prefixes of their own: a key of this test's outside its prefix is
	// one naming its chats, or one with no prefix at all.
	ours := regexp.MustCompile(fmt.Sprintf(`^limit:all$|:(%d|%d)$`, chat, group))
	for _, k := range keys {
		if !strings.HasPrefix(k, prefix) && ours.MatchString(k) {
			t.Errorf("key %q is outside the test's prefix", k)
		}
		if _, ok := want[k]; ok {
			want[k] = true
		}
	}
	for k, seen := range want {
		if !seen {
			t.Errorf("no key %q (have %v)", k, keys)
		}
	}

	// The third message in the chat goes a chat's interval later.
	wait, booked, err := l.book(ctx, spendMessage(chat), Interactive)
	if err != nil || !booked {
		t.Fatalf("booked %v, %v", booked, err)
	}
	if wait < l.chat.Interval-100*time.Millisecond || wait > l.chat.Interval {
		t.Errorf("the message after a burst of %d waits %s, want about %s", l.chat.Burst, wait, l.chat.Interval)
	}
}

// An edit is not counted against the group, and a cancelled wait returns.
func TestRateLimiterEditsAndCancel(t *testing.T) {
	t.Parallel()
	rdb, prefix := redistest.New(t)
	l := newRateLimiter(rdb, prefix, nil)
	const group = -1001000000888
	ctx := context.Background()
	if err := l.wait(ctx, spendEdit(group)); err != nil {
		t.Fatal(err)
	}
	if n, _ := rdb.Exists(ctx, fmt.Sprintf("%slimit:group:%d", prefix, group)).Result(); n != 0 {
		t.Error("an edit was counted against the group")
	}
	if err := l.wait(ctx, spendMessage(group)); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := l.wait(cctx, spendMessage(group)); err == nil {
		t.Error("a wait on a cancelled context succeeded")
	}
}

// With Telegram's flood limits on, a burst of posts into one group (more
// than its twenty a minute, with albums and edits between them) and into a
// private chat at the same time meets no 429: every message arrives and
// the simulator answered Too Many Requests not once.
func TestSenderKeepsTelegramsFloodLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("takes over a minute: twenty messages a minute per group")
	}
	t.Parallel()
	ctx := context.Background()
	env := newSimEnv(t, true)
	rdb, prefix := redistest.New(t)
	out := env.out.WithLimits(rdb, prefix)
	sim := env.sim
	ann := sim.AddUser(telegramsim.User{FirstName: "Ann"})
	files := userFiles(t, sim, ann.ID)
	desk := sim.AddGroup(telegramsim.Group{Title: "Desk", BotIsAdmin: true, Members: []int64{ann.ID}})
	const groupTexts, groupAlbums, albumSize = 18, 2, 2

	var wg sync.WaitGroup
	errs := make(chan error, 2)
	wg.Add(2)
	go func() { // the staff group
		defer wg.Done()
		card, err := out.Send(ctx, desk.ID, "card 0", Opts{})
		if err != nil {
			errs <- err
			return
		}
		for i := 1; i < groupTexts; i++ {
			if _, err := out.Send(ctx, desk.ID, fmt.Sprintf("message %d", i), Opts{}); err != nil {
				errs <- err
				return
			}
			if err := out.EditText(ctx, desk.ID, card, fmt.Sprintf("card %d", i), nil); err != nil {
				errs <- err
				return
			}
			if i%6 == 0 && i/6 <= groupAlbums {
				if _, err := out.SendAlbum(ctx, desk.ID, []File{files["photo"], files["photo2"]}, Opts{ReplyTo: card}); err != nil {
					errs <- err
					return
				}
			}
		}
	}()
	go func() { // a customer's chat
		defer wg.Done()
		first, err := out.Send(ctx, ann.ID, "answer 0", Opts{})
		if err != nil {
			errs <- err
			return
		}
		for i := 1; i < 6; i++ {
			if _, err := out.Send(ctx, ann.ID, fmt.Sprintf("answer %d", i), Opts{}); err != nil {
				errs <- err
				return
			}
			if err := out.EditText(ctx, ann.ID, first, fmt.Sprintf("answer 0, edited %d", i), nil); err != nil {
				errs <- err
				return
			}
		}
		five := []File{files["photo"], files["photo2"], files["video"], files["photo"], files["photo2"]}
		if _, err := out.SendAlbum(ctx, ann.ID, five, Opts{}); err != nil {
			errs <- err
			return
		}
		if _, err := out.Send(ctx, ann.ID, "answer 6", Opts{}); err != nil {
			errs <- err
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	st := sim.Stats()
	if st.TooManyRequests != 0 {
		t.Errorf("the simulator answered 429 %d times; calls %v", st.TooManyRequests, st.Calls)
	}
	if n, want := len(botEntries(sim, desk.ID)), groupTexts+groupAlbums*albumSize; n != want {
		t.Errorf("%d messages in the group, want %d", n, want)
	}
	var inChat int
	for _, e := range sim.Transcript(ann.ID) {
		if e.FromBot {
			inChat++
		}
	}
	if inChat != 7+5 {
		t.Errorf("%d messages in the customer's chat, want 12", inChat)
	}
	if e := botEntries(sim, desk.ID)[0]; e.Message.Text != fmt.Sprintf("card %d", groupTexts-1) {
		t.Errorf("the card reads %q after its edits", e.Message.Text)
	}
}

// BenchmarkRateLimiterBook measures one booking: a round trip to Redis
// running the schedule script, under limits that never make it wait.
func BenchmarkRateLimiterBook(b *testing.B) {
	rdb, prefix := redistest.New(b)
	l := newRateLimiter(rdb, prefix, nil)
	l.chat = gcra{Interval: time.Microsecond, Burst: 1 << 20}
	l.overall = window{Limit: 1 << 20, Period: time.Microsecond}
	ctx := context.Background()
	for b.Loop() {
		if _, _, err := l.book(ctx, spendMessage(700000001), Interactive); err != nil {
			b.Fatal(err)
		}
	}
}

// testLimiter is a limiter whose limits are an hour long, so that nothing
// is paid back or leaves a window while a test runs: the times booked are
// the whole answer.
func testLimiter(t *testing.T, chat gcra, group, overall window) (*rateLimiter, *redis.Client, string) {
	t.Helper()
	rdb, prefix := redistest.New(t)
	l := newRateLimiter(rdb, prefix, nil)
	l.chat, l.group, l.overall = chat, group, overall
	return l, rdb, prefix + "limit:"
}

// booking is one answer of the schedule.
type booking struct {
	wait   time.Duration
	booked bool
}

func (b booking) now() bool { return b.booked && b.wait == 0 }

func book(t *testing.T, l *rateLimiter, s spend, p Priority) booking {
	t.Helper()
	wait, booked, err := l.book(context.Background(), s, p)
	if err != nil {
		t.Fatal(err)
	}
	return booking{wait, booked}
}

// A bulk send yields to interactive ones in a chat: once an interactive
// send has taken from the chat's bucket, a bulk send waits until the
// bucket has paid that back, while interactive sends still have their
// burst.
func TestBulkYieldsToInteractiveInAChat(t *testing.T) {
	t.Parallel()
	l, _, _ := testLimiter(t, gcra{Interval: time.Hour, Burst: 3}, groupWindow, globalWindow)
	const chat = 700000321
	if PriorityOf(context.Background()) != Interactive || PriorityOf(WithPriority(context.Background(), Bulk)) != Bulk {
		t.Fatal("a context's priority is not what was set")
	}
	if !book(t, l, spendMessage(chat), Bulk).now() {
		t.Fatal("a bulk send on an idle chat waits")
	}
	if book(t, l, spendMessage(chat), Bulk).booked {
		t.Error("a second bulk send was booked while the first is not paid back")
	}
	for range 2 {
		if !book(t, l, spendMessage(chat), Interactive).now() {
			t.Error("interactive sends wait behind a bulk one, their burst unused")
		}
	}
	if b := book(t, l, spendMessage(chat), Interactive); b.now() || b.wait < time.Hour-time.Minute {
		t.Errorf("an interactive send past the burst: %+v, want booked an hour on", b)
	}
	if book(t, l, spendMessage(chat), Bulk).booked {
		t.Error("a bulk send was booked while interactive ones used the chat's bucket")
	}
}

// The overall window gives interactive sends their times in the order
// they ask, the next one when the window has room, and books bulk sends
// only while it has room to spare and nobody is waiting.
func TestWindowSchedulesInOrderAndBulkYields(t *testing.T) {
	t.Parallel()
	l, rdb, keys := testLimiter(t, gcra{Interval: time.Millisecond, Burst: 10}, groupWindow,
		window{Limit: 4, Period: time.Hour, Reserve: 2})
	chat := int64(700000400)
	next := func() int64 { chat++; return chat }
	for range 2 {
		if !book(t, l, spendMessage(next()), Bulk).now() {
			t.Fatal("bulk sends on an empty window, two of four left after them, were not booked for now")
		}
	}
	if book(t, l, spendMessage(next()), Bulk).booked {
		t.Error("a bulk send took a slot kept for replies")
	}
	if !book(t, l, spendMessage(next()), Interactive).now() {
		t.Fatal("a reply with a slot left was not booked for now")
	}
	// An album of two no longer fits: it waits for the first two sends to
	// leave the window, an hour after them.
	album := book(t, l, spendAlbum(next(), 2), Interactive)
	if !album.booked || album.wait < time.Hour-time.Minute || album.wait > time.Hour {
		t.Fatalf("an album of two with one slot left: %+v; want booked about an hour on", album)
	}
	albumAt := last(t, rdb, keys+"all")
	// The next reply fits only after the third send has left, and in any
	// case not before the album asked for first.
	if !book(t, l, spendMessage(next()), Interactive).booked {
		t.Fatal("a reply was not booked")
	}
	if replyAt := last(t, rdb, keys+"all"); replyAt < albumAt {
		t.Errorf("the reply asked for after the album goes at %.0f µs, the album at %.0f", replyAt, albumAt)
	}
	if b := book(t, l, spendMessage(next()), Bulk); b.booked || b.wait < time.Hour-time.Minute {
		t.Errorf("a bulk send with replies waiting: %+v", b)
	}
}

// A post into a group is booked under the group's window and the overall
// one at the same time, the later of the two: a post never takes its
// group's slot and then waits its turn overall, reaching Telegram after
// the slot and close to the group's next post.
func TestAGroupPostIsBookedUnderBothWindowsAtOnce(t *testing.T) {
	t.Parallel()
	l, rdb, keys := testLimiter(t, gcra{Interval: time.Millisecond, Burst: 10},
		window{Limit: 2, Period: time.Hour}, window{Limit: 3, Period: 30 * time.Minute})
	const group = -1001000000999
	if !book(t, l, spendMessage(group), Interactive).now() {
		t.Fatal("the group's first post was not booked for now")
	}
	// Two replies fill the overall window: the group's second post, which
	// its own window would take now, goes half an hour on.
	for i := range 2 {
		if !book(t, l, spendMessage(int64(700000500+i)), Interactive).now() {
			t.Fatal("a reply was not booked for now")
		}
	}
	second := book(t, l, spendMessage(group), Interactive)
	if !second.booked || second.wait < 29*time.Minute || second.wait > 30*time.Minute {
		t.Fatalf("the group's second post: %+v, want booked half an hour on", second)
	}
	if g, o := last(t, rdb, fmt.Sprintf("%sgroup:%d", keys, group)), last(t, rdb, keys+"all"); g != o {
		t.Errorf("the post is booked at %.0f µs in its group and %.0f overall", g, o)
	}
	// The third waits for the group's window, an hour after the first,
	// unbooked: it holds neither the group's chat nor the overall window.
	third := book(t, l, spendMessage(group), Interactive)
	if third.booked || third.wait < time.Hour-time.Minute || third.wait > time.Hour {
		t.Errorf("the group's third post: %+v, want told to ask again in an hour", third)
	}
	if !book(t, l, spendEdit(group), Interactive).booked {
		t.Error("an edit in the group was not booked")
	}
}

// Posts into a group keep their pace within the group's window, leaving
// the group's chat room for edits, which the pace does not hold back.
func TestGroupPostsKeepAPace(t *testing.T) {
	t.Parallel()
	l, _, _ := testLimiter(t, gcra{Interval: time.Millisecond, Burst: 10}, window{Limit: 20, Period: time.Hour}, globalWindow)
	l.pace = gcra{Interval: time.Hour, Burst: 2}
	const group = -1001000000444
	for range 2 {
		if !book(t, l, spendMessage(group), Interactive).now() {
			t.Fatal("the group's first two posts, within the pace's burst, were not booked for now")
		}
	}
	if b := book(t, l, spendMessage(group), Interactive); b.booked || b.wait < time.Hour-time.Minute {
		t.Errorf("the third post: %+v, want told to ask again in an hour", b)
	}
	if !book(t, l, spendEdit(group), Interactive).now() {
		t.Error("an edit in the group waits for the posts' pace")
	}
}

// last is the latest time booked under key, in Redis's microseconds.
func last(t *testing.T, rdb *redis.Client, key string) float64 {
	t.Helper()
	zs, err := rdb.ZRangeWithScores(context.Background(), key, -1, -1).Result()
	if err != nil || len(zs) != 1 {
		t.Fatalf("the window's last time: %v, %v", zs, err)
	}
	return zs[0].Score
}

// However many ask at once, for albums too, in a group and elsewhere, no
// span of a window's length holds more sends than its limit: the times
// booked, read back from Redis, are checked.
func TestWindowsHoldInAnyPeriod(t *testing.T) {
	t.Parallel()
	group, overall := window{Limit: 3, Period: time.Hour}, window{Limit: 5, Period: 20 * time.Minute, Reserve: 2}
	l, rdb, keys := testLimiter(t, gcra{Interval: time.Millisecond, Burst: 10}, group, overall)
	const senders, groupID = 40, -1001000000555
	var wg sync.WaitGroup
	var mu sync.Mutex
	var sends, posts int
	for i := range senders {
		wg.Go(func() {
			cost, p, chat := 1+i%3, Interactive, int64(700000600+i)
			if i%4 == 0 {
				p = Bulk
			}
			if i%5 == 0 {
				chat = groupID
			}
			_, booked, err := l.book(context.Background(), spendAlbum(chat, cost), p)
			if err != nil {
				t.Error(err)
				return
			}
			if booked {
				mu.Lock()
				sends += cost
				if chat == groupID {
					posts += cost
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if sends < senders {
		t.Errorf("only %d sends booked by %d senders", sends, senders)
	}
	for _, c := range []struct {
		key string
		w   window
		n   int
	}{{keys + "all", overall, sends}, {fmt.Sprintf("%sgroup:%d", keys, groupID), group, posts}} {
		times, err := rdb.ZRangeWithScores(context.Background(), c.key, 0, -1).Result()
		if err != nil {
			t.Fatal(err)
		}
		if len(times) != c.n {
			t.Fatalf("%s: %d sends booked, %d in the window's record", c.key, c.n, len(times))
		}
		for i := 0; i+c.w.Limit < len(times); i++ {
			first, past := times[i].Score, times[i+c.w.Limit].Score
			if span := time.Duration(past-first) * time.Microsecond; span < c.w.Period {
				t.Fatalf("%s: %d sends within %s (from the %dth)", c.key, c.w.Limit+1, span, i)
			}
		}
	}
}
