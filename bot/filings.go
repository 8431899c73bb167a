package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/complaintbot/complaintbot/conversation"
	"github.com/complaintbot/complaintbot/tickets"
)

// filings hold the complaints a customer confirmed while PostgreSQL could
// not take them, until it can: the customer is told at once that the report
// is received and will be filed, and RunFilings files it however long the
// outage lasts. Filing is idempotent on the submission's id, so a complaint
// held and also filed by a redelivered Confirm is filed once.
//
// Keys: filings (a hash of submission id to the submission's JSON) and
// filings:due (a sorted set of submission ids, scored by when to try next).
type filings struct {
	rdb    redis.UniversalClient
	prefix string
}

func (f filings) key() string    { return f.prefix + "filings" }
func (f filings) dueKey() string { return f.prefix + "filings:due" }

// hold keeps sub until filed.
func (f filings) hold(ctx context.Context, sub conversation.Submission) error {
	b, err := json.Marshal(sub)
	if err != nil {
		return err
	}
	pipe := f.rdb.TxPipeline()
	pipe.HSet(ctx, f.key(), sub.ID, b)
	pipe.ZAddNX(ctx, f.dueKey(), redis.Z{Score: 0, Member: sub.ID})
	_, err = pipe.Exec(ctx)
	return err
}

// due returns up to n held submissions to try by now.
func (f filings) due(ctx context.Context, now time.Time, n int64) ([]conversation.Submission, error) {
	ids, err := f.rdb.ZRangeByScore(ctx, f.dueKey(), &redis.ZRangeBy{
		Min: "-inf", Max: strconv.FormatInt(now.UnixMilli(), 10), Count: n}).Result()
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	raws, err := f.rdb.HMGet(ctx, f.key(), ids...).Result()
	if err != nil {
		return nil, err
	}
	var subs []conversation.Submission
	for i, raw := range raws {
		var sub conversation.Submission
		s, _ := raw.(string)
		if s == "" || json.Unmarshal([]byte(s), &sub) != nil {
			_ = f.done(ctx, ids[i]) // nothing left to file
			continue
		}
		subs = append(subs, sub)
	}
	return subs, nil
}

func (f filings) done(ctx context.Context, id string) error {
	pipe := f.rdb.TxPipeline()
	pipe.HDel(ctx, f.key(), id)
	pipe.ZRem(ctx, f.dueKey(), id)
	_, err := pipe.Exec(ctx)
	return err
}

func (f filings) retryAt(ctx context.Context, id string, at time.Time) error {
	return f.rdb.ZAddXX(ctx, f.dueKey(), redis.Z{Score: float64(at.UnixMilli()), Member: id}).Err()
}

// errFilingHeld is what file returns for a complaint it could not file
// but holds: the step goes on, answered with the news.
var errFilingHeld = errors.New("bot: complaint held until it can be filed")

// file files a confirmed complaint and returns its ticket's id, or holds
// the complaint when PostgreSQL cannot take it now. It returns
// errFilingHeld when held; another error when it could neither file nor
// hold it (the update is then tried again).
func (e *Edge) file(ctx context.Context, sub conversation.Submission) (ticketID int64, err error) {
	nt := newTicket(sub)
	nt.EndsDraft = true // filed in the dialogue's own step
	t, created, err := e.tickets.File(ctx, nt)
	if err == nil {
		e.log.Info("ticket filed", "chat", sub.ChatID, "ticket", t.Ref, "created", created)
		return t.ID, nil // the acknowledgement follows (see acknowledge), or its River job sends it
	}
	if errors.Is(err, tickets.ErrInvalid) {
		return 0, fmt.Errorf("bot: file ticket chat %d: %w", sub.ChatID, err)
	}
	if herr := e.filings.hold(ctx, sub); herr != nil {
		return 0, fmt.Errorf("bot: file ticket chat %d: %w (and could not hold it: %v)", sub.ChatID, err, herr)
	}
	e.log.Warn("complaint held until the database takes it", "chat", sub.ChatID, "err", err)
	return 0, errFilingHeld
}

// filingRound is how often RunFilings tries the held complaints, and
// filingBackoff how long one that failed waits, doubling up to
// filingMaxBackoff.
const (
	filingRound      = 2 * time.Second
	filingBackoff    = 2 * time.Second
	filingMaxBackoff = 10 * time.Second
)

// RunFilings files, until ctx is done, the complaints held while
// PostgreSQL was away, each as soon as it takes it: the acknowledgement
// with the reference follows as for any ticket. Every replica may run it.
func (e *Edge) RunFilings(ctx context.Context) {
	failures := map[string]int{}
	everyRound(ctx, filingRound, func(now time.Time) { e.fileHeld(ctx, now, failures) })
}

// fileHeld tries the held complaints due by now.
func (e *Edge) fileHeld(ctx context.Context, now time.Time, failures map[string]int) {
	subs, err := e.filings.due(ctx, now, 32)
	if err != nil {
		if ctx.Err() == nil {
			e.log.Warn("held complaints", "err", err)
		}
		return
	}
	for _, sub := range subs {
		t, _, err := e.tickets.File(ctx, newTicket(sub))
		if err != nil {
			failures[sub.ID]++
			wait := retryWait(failures[sub.ID], filingBackoff, filingMaxBackoff)
			e.log.Info("held complaint not filed yet", "chat", sub.ChatID, "retry_in", wait, "err", err)
			if err := e.filings.retryAt(ctx, sub.ID, now.Add(wait)); err != nil {
				e.log.Warn("held complaints", "err", err)
			}
			continue
		}
		delete(failures, sub.ID)
		e.log.Info("held complaint filed", "chat", sub.ChatID, "ticket", t.Ref)
		if err := e.filings.done(ctx, sub.ID); err != nil {
			e.log.Warn("held complaints", "err", err)
		}
	}
}
