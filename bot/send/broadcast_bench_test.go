package send

import (
	"context"
	"fmt"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/redis/go-redis/v9"

	"github.com/complaintbot/complaintbot/internal/redistest"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// BenchmarkBroadcastWithinLimits sends one message to each of many chats
// at once from two replicas' Senders sharing their flood limits in Redis,
// against the simulator with Telegram's limits on: the overall limit of
// 30 messages a second is then the only one of Telegram's that binds.
//
//   - replies: 600 interactive messages, as fast as allowed;
//   - bulk+replies: 600 bulk messages (a survey round) and, starting with
//     them, 120 interactive ones to other chats (customers being answered).
//
// It reports the rates reached, the replies' share of the pace Telegram
// allows (see broadcastRates.share) and the 429s
// met (which must be none). Run it with -benchtime 1x:
//
//	go test ./bot/send -run '^$' -bench BroadcastWithinLimits -benchtime 1x
func BenchmarkBroadcastWithinLimits(b *testing.B) {
	rdb, prefix := redistest.New(b)
	b.Run("replies", func(b *testing.B) {
		for b.Loop() {
			r := broadcast(b, rdb, prefix, 0, 600)
			b.ReportMetric(r.interactive, "msgs/s")
			b.ReportMetric(r.share, "share-of-allowed")
			b.ReportMetric(float64(r.tooMany), "429s")
		}
	})
	b.Run("bulk+replies", func(b *testing.B) {
		for b.Loop() {
			r := broadcast(b, rdb, prefix, 600, 120)
			b.ReportMetric(r.bulk, "bulk-msgs/s")
			b.ReportMetric(r.interactive, "reply-msgs/s")
			b.ReportMetric(float64(r.tooMany), "429s")
		}
	})
}

type broadcastRates struct {
	bulk, interactive float64 // messages a second, each over its own span
	// share is how the interactive sends' pace compares with the fastest
	// Telegram allows, 30 in any second: the time from the first send to
	// the last that pace needs (30 at once, a second apart), over the time
	// taken. A rate alone would flatter a short run with its first burst.
	share   float64
	tooMany int
}

// broadcast sends bulk and interactive messages, one a chat, from two
// Senders at once, each sending from 32 goroutines.
func broadcast(b *testing.B, rdb *redis.Client, prefix string, bulk, interactive int) broadcastRates {
	const replicas, workers = 2, 32
	sim, err := telegramsim.New(telegramsim.Options{Token: testToken, RateLimits: true})
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = sim.Close() }()
	ts := httptest.NewServer(sim)
	defer ts.Close()
	var outs []*Sender
	for range replicas {
		tg, err := tgbot.New(testToken, tgbot.WithServerURL(ts.URL), tgbot.WithSkipGetMe(), tgbot.WithErrorsHandler(func(error) {}))
		if err != nil {
			b.Fatal(err)
		}
		outs = append(outs, New(tg, nil).WithLimits(rdb, prefix))
	}
	queue := func(n int) chan int64 {
		ids := make(chan int64, n)
		for i := range n {
			u := sim.AddUser(telegramsim.User{FirstName: fmt.Sprintf("Customer%04d", i)})
			if _, err := sim.SendText(u.ID, u.ID, "/start"); err != nil { // customers who wrote to the bot
				b.Fatal(err)
			}
			ids <- u.ID
		}
		close(ids)
		return ids
	}
	bulkIDs, replyIDs := queue(bulk), queue(interactive)

	start := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	spans := map[Priority]time.Duration{}
	var sent []time.Duration // when each interactive send returned
	errs := make(chan error, 2*replicas*workers)
	run := func(p Priority, ids chan int64) {
		var kind sync.WaitGroup
		for _, out := range outs {
			for range workers {
				kind.Go(func() {
					ctx := WithPriority(context.Background(), p)
					for id := range ids {
						if _, err := out.Send(ctx, id, "How did we do? Tap a number from 1 to 5.", Opts{}); err != nil {
							errs <- err
							return
						}
						if p == Interactive {
							mu.Lock()
							sent = append(sent, time.Since(start))
							mu.Unlock()
						}
					}
				})
			}
		}
		kind.Wait()
		mu.Lock()
		spans[p] = time.Since(start)
		mu.Unlock()
	}
	wg.Go(func() { run(Bulk, bulkIDs) })
	wg.Go(func() { run(Interactive, replyIDs) })
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	var r broadcastRates
	if bulk > 0 {
		r.bulk = float64(bulk) / spans[Bulk].Seconds()
	}
	if interactive > 0 {
		r.interactive = float64(interactive) / spans[Interactive].Seconds()
		slices.Sort(sent)
		fastest := time.Duration((len(sent)-1)/30) * time.Second
		r.share = fastest.Seconds() / (sent[len(sent)-1] - sent[0]).Seconds()
	}
	if r.tooMany = sim.Stats().TooManyRequests; r.tooMany != 0 {
		b.Errorf("the simulator answered 429 %d times", r.tooMany)
	}
	return r
}
