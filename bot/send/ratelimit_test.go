package send

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-redis/redis_rate/v10"
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
	for range chatLimit.Burst {
		if err := l.wait(ctx, spendMessage(chat)); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.wait(ctx, spendMessage(group)); err != nil {
		t.Fatal(err)
	}
	keys, err := rdb.Keys(ctx, "*rate:*").Result()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{
		fmt.Sprintf("%srate:chat:%d", prefix, chat):   false,
		fmt.Sprintf("%srate:chat:%d", prefix, group):  false,
		fmt.Sprintf("%srate:group:%d", prefix, group): false,
		prefix + "rate:global":                        false,
	}
	// Other tests, and a demo, may pace through the same Redis under
	// prefixes of their own: a key of this test's outside its prefix is
	// one naming its chats, or one with no prefix at all.
	ours := regexp.MustCompile(fmt.Sprintf(`^rate:global$|:(%d|%d)$`, chat, group))
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

	// The fourth message in the chat, or a second one in the group, does
	// not fit now.
	lim := redis_rate.NewLimiter(keyRewriter{rdb})
	for _, c := range []struct {
		key   string
		limit redis_rate.Limit
	}{
		{fmt.Sprintf("%srate:chat:%d", prefix, chat), chatLimit},
		{fmt.Sprintf("%srate:group:%d", prefix, group), groupLimit},
	} {
		res, err := lim.Allow(ctx, c.key, c.limit)
		if err != nil {
			t.Fatal(err)
		}
		if res.Allowed != 0 || res.RetryAfter <= 0 {
			t.Errorf("%s: one more is allowed (%+v)", c.key, res)
		}
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
	if n, _ := rdb.Exists(ctx, fmt.Sprintf("%srate:group:%d", prefix, group)).Result(); n != 0 {
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

// BenchmarkRateLimiterAllow measures one limit check: a round trip to
// Redis running the GCRA script.
func BenchmarkRateLimiterAllow(b *testing.B) {
	rdb, prefix := redistest.New(b)
	lim := redis_rate.NewLimiter(keyRewriter{rdb})
	limit := redis_rate.Limit{Rate: 1 << 30, Period: 1e9, Burst: 1 << 30}
	ctx := context.Background()
	key := prefix + "rate:bench"
	b.ResetTimer()
	for b.Loop() {
		if _, err := lim.Allow(ctx, key, limit); err != nil {
			b.Fatal(err)
		}
	}
}

// A bulk send yields to interactive ones in a chat: once an interactive
// send has taken from the chat's bucket, a bulk send waits until the
// bucket has paid that back, while interactive sends still have their
// burst. The limit here is one an hour, so that nothing is paid back while
// the test runs.
func TestBulkYieldsToInteractiveInAChat(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rdb, prefix := redistest.New(t)
	lim := redis_rate.NewLimiter(keyRewriter{rdb})
	limit := redis_rate.Limit{Rate: 1, Period: time.Hour, Burst: 3}
	key := prefix + "rate:test"
	allow := func(p Priority) bool {
		t.Helper()
		res, err := lim.Allow(ctx, key, yielding(limit, p))
		if err != nil {
			t.Fatal(err)
		}
		return res.Allowed > 0
	}
	if PriorityOf(ctx) != Interactive || PriorityOf(WithPriority(ctx, Bulk)) != Bulk {
		t.Fatal("a context's priority is not what was set")
	}
	if !allow(Bulk) {
		t.Fatal("a bulk send on an idle bucket waits")
	}
	if allow(Bulk) {
		t.Error("a second bulk send went out while the first is not paid back")
	}
	first, second := allow(Interactive), allow(Interactive)
	if !first || !second {
		t.Error("interactive sends wait behind a bulk one, their burst unused")
	}
	if allow(Interactive) {
		t.Error("interactive sends went past their burst")
	}
	if allow(Bulk) {
		t.Error("a bulk send went out while interactive ones used the bucket")
	}
}

// The overall window gives interactive sends their times in the order
// they ask, the next one when the window has room, and lets bulk sends
// through only while it has room to spare and nobody is waiting. The
// window here is an hour long, so that nothing leaves it while the test
// runs: the times given are the whole answer.
func TestWindowSchedulesInOrderAndBulkYields(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rdb, prefix := redistest.New(t)
	w := window{Limit: 4, Period: time.Hour, Reserve: 2}
	key := prefix + "rate:test"
	book := func(p Priority, cost int) (time.Duration, bool) {
		t.Helper()
		wait, booked, err := w.book(ctx, rdb, key, cost, p)
		if err != nil {
			t.Fatal(err)
		}
		return wait, booked
	}
	if wait, ok := book(Bulk, 1); !ok || wait != 0 {
		t.Fatalf("a bulk send on an empty window: booked %v, wait %s", ok, wait)
	}
	if wait, ok := book(Bulk, 1); !ok || wait != 0 {
		t.Fatalf("a second bulk send with two of four left: booked %v, wait %s", ok, wait)
	}
	if _, ok := book(Bulk, 1); ok {
		t.Error("a bulk send took the slot kept for replies")
	}
	if wait, ok := book(Interactive, 1); !ok || wait != 0 {
		t.Fatalf("a reply with a slot left: booked %v, wait %s", ok, wait)
	}
	// An album of two no longer fits: it waits for the first two sends to
	// leave the window, an hour after them.
	album, ok := book(Interactive, 2)
	if !ok || album < time.Hour-time.Minute || album > time.Hour {
		t.Fatalf("an album of two with one slot left: booked %v, wait %s; want about an hour", ok, album)
	}
	albumAt := last(t, rdb, key)
	// The next reply fits only after the third send has left, and in any
	// case not before the album asked for first.
	if _, ok := book(Interactive, 1); !ok {
		t.Fatal("a reply was not booked")
	}
	if replyAt := last(t, rdb, key); replyAt < albumAt {
		t.Errorf("the reply asked for after the album goes at %.0f µs, the album at %.0f", replyAt, albumAt)
	}
	if wait, ok := book(Bulk, 1); ok || wait < time.Hour-time.Minute {
		t.Errorf("a bulk send with replies waiting: booked %v, told to wait %s", ok, wait)
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

// However many ask at once, and for albums too, no span of the window's
// length holds more sends than its limit: the times booked, read back from
// Redis, are checked against a window of an hour, so that none has left it.
func TestWindowHoldsInAnyPeriod(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rdb, prefix := redistest.New(t)
	w := window{Limit: 5, Period: time.Hour, Reserve: 2}
	key := prefix + "rate:test"
	const senders = 40
	var wg sync.WaitGroup
	var mu sync.Mutex
	var sends int
	for i := range senders {
		wg.Go(func() {
			cost, p := 1+i%3, Interactive
			if i%4 == 0 {
				p = Bulk
			}
			_, booked, err := w.book(ctx, rdb, key, cost, p)
			if err != nil {
				t.Error(err)
				return
			}
			if booked {
				mu.Lock()
				sends += cost
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	times, err := rdb.ZRangeWithScores(ctx, key, 0, -1).Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(times) != sends {
		t.Fatalf("%d sends booked, %d in the window's record", sends, len(times))
	}
	if sends < senders {
		t.Errorf("only %d sends booked by %d senders", sends, senders)
	}
	for i := 0; i+w.Limit < len(times); i++ {
		first, past := times[i].Score, times[i+w.Limit].Score
		if span := time.Duration(past-first) * time.Microsecond; span < w.Period {
			t.Fatalf("%d sends within %s (from the %dth)", w.Limit+1, span, i)
		}
	}
}
