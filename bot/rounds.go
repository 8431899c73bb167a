package bot

import (
	"context"
	"time"
)

// everyRound calls round every interval until ctx is done, with the time
// of the tick: the rounds that send held answers and file held complaints
// wait on Telegram and PostgreSQL, whose outages run on the wall clock,
// not on the shop's.
func everyRound(ctx context.Context, every time.Duration, round func(now time.Time)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			round(now)
		}
	}
}

// retryWait is how long what failed n rounds in a row waits for its next
// try: first, doubling with each failure, up to most.
func retryWait(n int, first, most time.Duration) time.Duration {
	return min(first<<min(n-1, 5), most)
}
