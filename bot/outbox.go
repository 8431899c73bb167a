package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/conversation"
)

// The outbox holds the answers of committed dialogue steps until Telegram
// has accepted them. A step's answers are written in the same atomic step
// as the dialogue itself (conversation.Outbox), then sent in order, each
// removed once accepted. Whatever a crash, a stop or a Telegram outage
// interrupts is sent by the next drain of the chat: the one after the
// chat's next update, or the edge's own round (RunOutbox), which finds the
// chat in the due set.
//
// Keys: outq:<chat> (a list of entries, oldest first), outq:due (a sorted
// set of chats with entries, scored by when to try next; 0 is at once) and
// outq:lock:<chat> (held while one replica drains the chat, so that two
// never send the same entry or send out of order).
type outbox struct {
	rdb    redis.UniversalClient
	prefix string
	ends   *turnEnds
	// firstPoll and maxPoll pace a sender waiting for a turn another
	// replica holds; firstTurnPoll and turnPoll unless set.
	firstPoll, maxPoll time.Duration
}

func newOutbox(rdb redis.UniversalClient, prefix string) outbox {
	return outbox{rdb: rdb, prefix: prefix, ends: &turnEnds{}, firstPoll: firstTurnPoll, maxPoll: turnPoll}
}

// turnEnds tells this process's senders waiting for a chat's turn that a
// turn of the chat held by this process has ended, so that a wait behind
// a turn of the same replica (an acknowledgement's job behind the answer
// to Confirm, a staff answer behind the customer's own) ends with it, not
// at the next poll. A turn held by another replica is polled for.
type turnEnds struct {
	mu      sync.Mutex
	waiting map[int64]chan struct{} // closed when a turn of the chat ends
}

// watch returns a channel closed when a turn of the chat that this process
// holds ends after the call.
func (w *turnEnds) watch(chatID int64) <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.waiting == nil {
		w.waiting = map[int64]chan struct{}{}
	}
	ch, ok := w.waiting[chatID]
	if !ok {
		ch = make(chan struct{})
		w.waiting[chatID] = ch
	}
	return ch
}

// unwatch forgets ch, a watch of the chat given up (its waiter's ctx is
// done), unless a turn's end took it already. Another waiter watching
// the same channel then goes at its next poll.
func (w *turnEnds) unwatch(chatID int64, ch <-chan struct{}) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.waiting[chatID] == ch {
		delete(w.waiting, chatID)
	}
}

// ended wakes whoever watches the chat: its turn, held here, is over.
func (w *turnEnds) ended(chatID int64) {
	w.mu.Lock()
	ch, ok := w.waiting[chatID]
	delete(w.waiting, chatID)
	w.mu.Unlock()
	if ok {
		close(ch)
	}
}

// outboxEntry is one thing to do in a chat: a reply to send, or the inline
// keyboard of an answered question to take off.
type outboxEntry struct {
	// ID makes every entry unique, so that removing the head never removes
	// an equal entry queued after it.
	ID         string              `json:"id"`
	Lang       string              `json:"lang,omitempty"`
	Reply      *conversation.Reply `json:"reply,omitempty"`
	Unkeyboard int                 `json:"unkb,omitempty"`
	// Replaces is the message Reply takes the place of (the one whose
	// button was pressed), edited rather than sent anew.
	Replaces int `json:"replaces,omitempty"`
}

const (
	outboxTTL = 7 * 24 * time.Hour
	// outboxGrace is how long answers just committed are left to the
	// handling that committed them before RunOutbox takes them on.
	outboxGrace = 5 * time.Second
	// outboxLockTTL bounds how long a replica that died while draining
	// keeps others from the chat; a turn renews it while it lasts.
	outboxLockTTL = 10 * time.Second
	// drainLimit bounds the entries one drain sends; the rest wait for the
	// next.
	drainLimit = 12
)

func (o outbox) key(chatID int64) string {
	return o.prefix + "outq:" + strconv.FormatInt(chatID, 10)
}
func (o outbox) dueKey() string { return o.prefix + "outq:due" }
func (o outbox) lockKey(chatID int64) string {
	return o.prefix + "outq:lock:" + strconv.FormatInt(chatID, 10)
}

// write is what a step commits besides the dialogue: its entries, encoded.
func (o outbox) write(chatID int64, entries []outboxEntry) (*conversation.Outbox, error) {
	if len(entries) == 0 {
		return nil, nil
	}
	// Due only if the handling that committed them has not sent them by
	// then: it sends them at once unless it dies or Telegram is away.
	out := &conversation.Outbox{Key: o.key(chatID), TTL: outboxTTL, Due: o.dueKey(),
		Member: strconv.FormatInt(chatID, 10), DueAt: time.Now().Add(outboxGrace)}
	for _, e := range entries {
		e.ID = newEntryID()
		b, err := json.Marshal(e)
		if err != nil {
			return nil, fmt.Errorf("bot: outbox entry for chat %d: %w", chatID, err)
		}
		out.Entries = append(out.Entries, string(b))
	}
	return out, nil
}

func newEntryID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// takeScript takes the chat's lock (KEYS[1]) for ARGV[1], for ARGV[2] ms,
// if nobody holds it, and then returns the head of its list (KEYS[2]) too:
// {1, head}, {1} with an empty list, {0} when the lock is taken.
var takeScript = redis.NewScript(`
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {0}
end
local head = redis.call('LINDEX', KEYS[2], 0)
if head then
  return {1, head}
end
return {1}
`)

// queued is a chat's oldest entry as a turn first found it.
type queued struct {
	raw string
	ok  bool // false: nothing was queued
}

// take takes the chat's drain lock and returns its token and the chat's
// oldest entry, read in the same round trip. Without wait it returns
// errDrainBusy when another drain holds the lock; with wait it tries again
// as soon as a turn of this process ends, or at the next poll, until the
// lock is free or ctx is done.
func (o outbox) take(ctx context.Context, chatID int64, wait bool) (token string, head queued, err error) {
	token = newEntryID()
	poll := o.firstPoll
	var (
		timer *time.Timer
		ended <-chan struct{}
	)
	defer func() {
		if timer != nil {
			timer.Stop()
		}
		if err != nil && ended != nil {
			o.ends.unwatch(chatID, ended) // what ends the turn now wakes nobody here
		}
	}()
	for {
		if wait {
			// Watched before trying, so that a turn ending between the
			// try and the wait is not missed.
			ended = o.ends.watch(chatID)
		}
		res, err := takeScript.Run(ctx, o.rdb, []string{o.lockKey(chatID), o.key(chatID)}, token, outboxLockTTL.Milliseconds()).Slice()
		switch {
		case err != nil:
			return "", queued{}, fmt.Errorf("bot: outbox of chat %d: %w", chatID, err)
		case len(res) > 0 && res[0] == int64(1):
			if len(res) > 1 {
				head.raw, head.ok = res[1].(string)
			}
			return token, head, nil
		case !wait:
			return "", queued{}, errDrainBusy
		}
		if timer == nil {
			timer = time.NewTimer(poll)
		} else {
			timer.Reset(poll)
		}
		select {
		case <-ctx.Done():
			return "", queued{}, fmt.Errorf("bot: waiting for the turn of chat %d: %w", chatID, ctx.Err())
		case <-ended:
		case <-timer.C:
			poll = min(2*poll, o.maxPoll)
		}
	}
}

// keep renews the chat's lock while a turn lasts, so that a long send (an
// album paced to the chat's limit) keeps it; stop ends the renewing.
func (o outbox) keep(ctx context.Context, chatID int64, token string) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(outboxLockTTL / 3)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				_ = o.extend(ctx, chatID, token)
			}
		}
	}()
	return func() { cancel(); <-done }
}

// unlockScript deletes the chat's lock (KEYS[1]) only if it is still the
// holder's, and returns how many entries its list (KEYS[2]) holds: what
// was queued while the lock was held is the holder's to send.
var unlockScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
end
return redis.call('LLEN', KEYS[2])
`)

// extendScript renews a lock only if it is still the holder's.
var extendScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`)

func (o outbox) extend(ctx context.Context, chatID int64, token string) error {
	return extendScript.Run(ctx, o.rdb, []string{o.lockKey(chatID)}, token, outboxLockTTL.Milliseconds()).Err()
}

// unlock lets the chat's lock go and returns how many entries are queued.
func (o outbox) unlock(ctx context.Context, chatID int64, token string) (pending int64, err error) {
	defer o.ends.ended(chatID)
	return unlockScript.Run(ctx, o.rdb, []string{o.lockKey(chatID), o.key(chatID)}, token).Int64()
}

// head returns the chat's oldest entry, as stored; ok is false when none.
func (o outbox) head(ctx context.Context, chatID int64) (string, bool, error) {
	raw, err := o.rdb.LIndex(ctx, o.key(chatID), 0).Result()
	if errors.Is(err, redis.Nil) {
		return "", false, nil
	}
	return raw, err == nil, err
}

// popScript removes the list's head if it is still ARGV[1] and returns
// {next head, released}, taking the chat out of the due set once its list
// is empty, and forgets the chat's edit names (KEYS[3]) when ARGV[3] is
// "1": one round trip per entry sent, not four. Given the chat's lock
// (KEYS[4]) and the holder's token (ARGV[4]), a pop that leaves the list
// empty also lets the lock go, in the same step, so that an answer queued
// later finds the chat free: the turn's last round trip is saved.
var popScript = redis.NewScript(`
if redis.call('LINDEX', KEYS[1], 0) == ARGV[1] then
  redis.call('LPOP', KEYS[1])
end
if ARGV[3] == '1' then
  redis.call('DEL', KEYS[3])
end
local next = redis.call('LINDEX', KEYS[1], 0)
local released = 0
if not next then
  redis.call('ZREM', KEYS[2], ARGV[2])
  if KEYS[4] and redis.call('GET', KEYS[4]) == ARGV[4] then
    redis.call('DEL', KEYS[4])
    released = 1
  end
end
return {next, released}
`)

// pop removes raw, the head sent, and returns the chat's next entry; ok is
// false when none is left. forget also forgets the chat's edit names. With
// a token (the lock's holder's), a pop that leaves nothing queued lets the
// lock go and says so.
func (o outbox) pop(ctx context.Context, chatID int64, raw string, forget bool, token string) (next string, ok, released bool, err error) {
	flag := "0"
	if forget {
		flag = "1"
	}
	keys := []string{o.key(chatID), o.dueKey(), editsKey(o.prefix, chatID)}
	args := []any{raw, strconv.FormatInt(chatID, 10), flag}
	if token != "" {
		keys, args = append(keys, o.lockKey(chatID)), append(args, token)
	}
	res, err := popScript.Run(ctx, o.rdb, keys, args...).Slice()
	if err != nil {
		return "", false, false, err
	}
	if len(res) > 0 {
		next, ok = res[0].(string)
	}
	released = len(res) > 1 && res[1] == int64(1)
	if released {
		o.ends.ended(chatID)
	}
	return next, ok, released, nil
}

// retryAt puts the chat back in the due set, to be tried at at.
func (o outbox) retryAt(ctx context.Context, chatID int64, at time.Time) error {
	return o.rdb.ZAddXX(ctx, o.dueKey(), redis.Z{Score: float64(at.UnixMilli()), Member: strconv.FormatInt(chatID, 10)}).Err()
}

// due returns up to n chats whose entries are due by now.
func (o outbox) due(ctx context.Context, now time.Time, n int64) ([]int64, error) {
	members, err := o.rdb.ZRangeByScore(ctx, o.dueKey(), &redis.ZRangeBy{
		Min: "-inf", Max: strconv.FormatInt(now.UnixMilli(), 10), Count: n}).Result()
	if err != nil {
		return nil, err
	}
	chats := make([]int64, 0, len(members))
	for _, m := range members {
		if id, err := strconv.ParseInt(m, 10, 64); err == nil {
			chats = append(chats, id)
		}
	}
	return chats, nil
}

// errDrainBusy means another drain holds the chat: it sends what is queued.
var errDrainBusy = errors.New("bot: the chat's outbox is being sent by another drain")

// A sender waiting for a chat's turn that another replica holds tries
// again after firstTurnPoll, then at twice the wait each time, up to
// turnPoll (a turn of its own replica wakes it as it ends). A turn usually
// lasts one call to Telegram, a few milliseconds: the acknowledgement,
// whose job starts as the filing commits, found the turn still held by
// the answer to Confirm and waited a whole 50 ms poll.
const (
	firstTurnPoll = 5 * time.Millisecond
	turnPoll      = 50 * time.Millisecond
)

// Turn runs send in the chat's turn: under the chat's drain lock, after
// every answer already queued for the chat and before any queued later.
// Whatever path decides a message for a customer — a dialogue step, an
// acknowledgement or notice job, a staff reply relayed by the desk — sends
// it through here or through the outbox, so that the customer reads them in
// the order they were decided. It waits while another replica has the
// chat's turn, until ctx is done.
func (e *Edge) Turn(ctx context.Context, chatID int64, send func(context.Context) error) error {
	return e.turn(ctx, chatID, true, send)
}

// drain sends the chat's queued entries in order, removing each once
// Telegram accepted it. It returns nil when the outbox is empty,
// errDrainBusy when another drain has the chat (that drain sends what is
// queued), else what stopped it; what is left stays queued.
func (e *Edge) drain(ctx context.Context, chatID int64) error {
	return e.turn(ctx, chatID, false, nil)
}

// turn takes the chat's lock (waiting for it when wait is set), sends what
// is queued, then send's message, then whatever was queued meanwhile. An
// answer queued by a handling that found the lock taken is sent before the
// lock is let go, or by the check that follows it.
func (e *Edge) turn(ctx context.Context, chatID int64, wait bool, send func(context.Context) error) error {
	for i := range 3 {
		token, head, err := e.outbox.take(ctx, chatID, wait)
		if i > 0 && errors.Is(err, errDrainBusy) {
			return nil // the holder sends what is queued
		}
		if err != nil {
			return err
		}
		released, err := e.inTurn(ctx, chatID, token, head, send)
		if e.crashed(err) {
			return err // a process that died releases nothing: the lock expires
		}
		if released {
			return nil // the last pop let the lock go, nothing left queued
		}
		n, uerr := e.outbox.unlock(context.WithoutCancel(ctx), chatID, token)
		if uerr != nil {
			// The lock expires; RunOutbox sends what is left.
			e.log.Warn("outbox lock not released", "chat", chatID, "err", uerr)
		}
		if err != nil || uerr != nil || n == 0 {
			return err
		}
		// An answer queued after the last look, by a handling that
		// found the lock taken, is this turn's to send.
		send, wait = nil, false
	}
	return nil
}

// inTurn does a turn's work with the lock held, keeping the lock while it
// lasts. released says that the turn's last pop let the lock go.
func (e *Edge) inTurn(ctx context.Context, chatID int64, token string, head queued, send func(context.Context) error) (released bool, err error) {
	stop := e.outbox.keep(ctx, chatID, token)
	defer stop()
	last := ""
	if send == nil {
		last = token // nothing follows what is queued
	}
	if released, err = e.sendQueued(ctx, chatID, &head, last); err != nil || send == nil {
		return released, err
	}
	if err := send(ctx); err != nil {
		return false, err
	}
	return e.sendQueued(ctx, chatID, nil, token)
}

// sendQueued sends up to drainLimit of the chat's queued entries, oldest
// first, removing each once Telegram accepted it. The rest wait for the
// next round. With the lock's token, the pop that empties the chat's list
// lets the lock go too (released): only when nothing else is to be done in
// the turn.
func (e *Edge) sendQueued(ctx context.Context, chatID int64, head *queued, token string) (released bool, err error) {
	var (
		raw string
		ok  bool
	)
	if head != nil {
		raw, ok = head.raw, head.ok // read as the lock was taken
	} else {
		raw, ok, err = e.outbox.head(ctx, chatID)
	}
	for range drainLimit {
		if err != nil {
			return false, fmt.Errorf("bot: outbox of chat %d: %w", chatID, err)
		}
		if !ok {
			return released, nil
		}
		if err := e.hook("sending"); err != nil {
			return false, err
		}
		forget, serr := e.sendEntry(ctx, chatID, raw)
		if serr != nil {
			return false, serr
		}
		if err := e.hook("sent"); err != nil {
			return false, err
		}
		raw, ok, released, err = e.outbox.pop(ctx, chatID, raw, forget, token)
	}
	if err != nil {
		return false, fmt.Errorf("bot: outbox of chat %d: %w", chatID, err)
	}
	return released, nil
}

// sendEntry performs one entry. An entry Telegram refuses for good (a bad
// request, or a customer who blocked the bot) is logged and dropped, so
// that it cannot hold the chat's later answers back; other errors keep it
// for the next try. forget is deliver's: the chat's edit names are to be
// forgotten as the entry is popped.
func (e *Edge) sendEntry(ctx context.Context, chatID int64, raw string) (forget bool, err error) {
	var en outboxEntry
	if err := json.Unmarshal([]byte(raw), &en); err != nil {
		e.log.Error("outbox entry unreadable; dropped", "chat", chatID, "err", err)
		return false, nil
	}
	switch {
	case en.Unkeyboard != 0:
		// The question is answered: its buttons go, so nobody taps them
		// again by mistake. A failure here costs only that.
		if err := e.out.RemoveKeyboard(ctx, chatID, en.Unkeyboard); err != nil && !send.IsBlocked(err) {
			e.log.Info("old keyboard kept", "chat", chatID, "err", err)
		}
		return false, nil
	case en.Reply != nil && en.Replaces != 0:
		forget, err := e.replace(ctx, chatID, en.Replaces, en.Lang, *en.Reply)
		if err != nil && send.IsBlocked(err) {
			e.log.Info("answer dropped: the customer blocked the bot", "chat", chatID, "key", en.Reply.Key)
			return false, nil
		}
		return forget, err
	case en.Reply != nil:
		forget, err := e.sendReply(ctx, chatID, en.Lang, *en.Reply)
		switch {
		case err != nil && send.IsBlocked(err):
			e.log.Info("answer dropped: the customer blocked the bot", "chat", chatID, "key", en.Reply.Key)
			return false, nil
		case err != nil && send.IsBadRequest(err):
			e.log.Error("answer refused by Telegram; dropped", "chat", chatID, "key", en.Reply.Key, "err", err)
			return false, nil
		}
		return forget, err
	}
	return false, nil
}

// outboxRound is how often RunOutbox looks for chats with answers due, and
// outboxBackoff how long a chat whose answers could not be sent waits,
// doubling up to outboxMaxBackoff while Telegram stays away.
const (
	outboxRound      = time.Second
	outboxBackoff    = 2 * time.Second
	outboxMaxBackoff = time.Minute
)

// RunOutbox sends, until ctx is done, the answers that no handling of an
// update sent: those a crash, a stop or a Telegram outage held back. It
// looks every second for chats with answers due, so that held answers
// reach the customer as soon as Telegram answers again, without their
// writing first. Every replica may run it; a chat is drained by one at a
// time.
func (e *Edge) RunOutbox(ctx context.Context) {
	failures := map[int64]int{}
	everyRound(ctx, outboxRound, func(now time.Time) { e.sendDue(ctx, now, failures) })
}

// sendDue drains the chats whose answers are due by now. failures counts,
// per chat, the rounds in a row that could not send, for the backoff.
func (e *Edge) sendDue(ctx context.Context, now time.Time, failures map[int64]int) {
	chats, err := e.outbox.due(ctx, now, 64)
	if err != nil {
		if ctx.Err() == nil {
			e.log.Warn("outbox round", "err", err)
		}
		return
	}
	for _, chat := range chats {
		err := e.drain(ctx, chat)
		switch {
		case err == nil || errors.Is(err, errDrainBusy):
			delete(failures, chat)
		case ctx.Err() != nil:
			return
		default:
			failures[chat]++
			wait := retryWait(failures[chat], outboxBackoff, outboxMaxBackoff)
			e.log.Info("held answers not sent yet", "chat", chat, "retry_in", wait, "err", err)
			if err := e.outbox.retryAt(ctx, chat, now.Add(wait)); err != nil {
				e.log.Warn("outbox round", "chat", chat, "err", err)
			}
		}
	}
}

// errCrash is what a crash hook returns: the handling stops where it is,
// as if the process had died there.
var errCrash = errors.New("bot: crash injected by a test")

// hook calls EdgeConfig.Fault, set by fault tests only, at a named point
// between committing a step and sending its answers.
func (e *Edge) hook(point string) error {
	if e.cfg.Fault != nil && e.cfg.Fault(point) {
		return errCrash
	}
	return nil
}

func (e *Edge) crashed(err error) bool { return errors.Is(err, errCrash) }
