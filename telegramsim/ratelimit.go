package telegramsim

import (
	"encoding/json"
	"math"
	"strings"
	"time"

	"github.com/complaintbot/complaintbot/telegramsim/wire"
)

// Telegram's published flood limits, as the simulator applies them when
// rate limits are on:
//   - per chat: about one message a second, in bursts of up to chatBurst
//     (a token bucket; an album spends one token per item and may leave the
//     bucket in debt, delaying the next message);
//   - per group: groupPerMinute messages in any 60 seconds;
//   - overall: globalPerSecond messages in any second.
//
// Messages are everything send* (but sendChatAction), copyMessage and
// forwardMessage post, each album item counting. Edits (editMessage*)
// count towards the per-chat and overall limits but not the per-group one;
// answerCallbackQuery, deletions, chat actions and reads are free. A call
// refused with 429 or failing for another reason spends nothing.
const (
	chatBurst       = 3
	chatPerSecond   = 1.0
	groupPerMinute  = 20
	globalPerSecond = 30
)

type bucket struct {
	tokens float64
	at     time.Time
}

type rateLimiter struct {
	on     bool
	chats  map[string]*bucket
	groups map[string][]time.Time
	global []time.Time
}

func newRateLimiter(on bool) rateLimiter {
	return rateLimiter{on: on, chats: map[string]*bucket{}, groups: map[string][]time.Time{}}
}

// rateTicket is a call that passed the limits, to be charged if it succeeds.
type rateTicket struct {
	chat     string
	isGroup  bool
	cost     int
	perGroup bool
}

// ticketFor classifies a call; ok is false for calls the limits ignore.
func ticketFor(method string, p wire.Params) (rateTicket, bool) {
	t := rateTicket{chat: p.String("chat_id"), cost: 1}
	t.isGroup = strings.HasPrefix(t.chat, "-") || strings.HasPrefix(t.chat, "@")
	switch {
	case strings.HasPrefix(method, "editMessage"):
		return t, true
	case method == "sendChatAction" || !(strings.HasPrefix(method, "send") || method == "copyMessage" || method == "forwardMessage"):
		return t, false
	case method == "sendMediaGroup":
		var items []json.RawMessage
		if p.JSON("media", &items) == nil && len(items) > 0 {
			t.cost = len(items)
		}
	}
	t.perGroup = t.isGroup
	return t, true
}

// checkRateLimit answers 429 when a call would break a limit, with
// retry_after the whole seconds until it would not.
func (s *Server) checkRateLimit(method string, p wire.Params) (*rateTicket, *wire.Error) {
	t, counted := ticketFor(method, p)
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.limits.on || !counted {
		return nil, nil
	}
	now := s.now()
	var wait time.Duration
	refuse := func(limit string, d time.Duration) {
		if d > 0 {
			s.stats.TooManyBy[limit]++
			wait = max(wait, d)
		}
	}
	if b := s.limits.bucketAt(t.chat, now); b.tokens < 1 {
		refuse("chat", time.Duration((1-b.tokens)/chatPerSecond*float64(time.Second)))
	}
	if t.perGroup {
		s.limits.groups[t.chat] = recent(s.limits.groups[t.chat], now, time.Minute)
		refuse("group", windowWait(s.limits.groups[t.chat], t.cost, groupPerMinute, now, time.Minute))
	}
	s.limits.global = recent(s.limits.global, now, time.Second)
	refuse("overall", windowWait(s.limits.global, t.cost, globalPerSecond, now, time.Second))
	if wait > 0 {
		return nil, wire.TooManyRequests(max(1, int(math.Ceil(wait.Seconds()))))
	}
	return &t, nil
}

// chargeRateLimit spends the limits for a call that succeeded.
func (s *Server) chargeRateLimit(t *rateTicket) {
	if t == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.limits.bucketAt(t.chat, now).tokens -= float64(t.cost)
	for range t.cost {
		if t.perGroup {
			s.limits.groups[t.chat] = append(s.limits.groups[t.chat], now)
		}
		s.limits.global = append(s.limits.global, now)
	}
}

// bucketAt returns the chat's bucket refilled up to now.
func (l *rateLimiter) bucketAt(chat string, now time.Time) *bucket {
	b, ok := l.chats[chat]
	if !ok {
		b = &bucket{tokens: chatBurst, at: now}
		l.chats[chat] = b
	}
	if elapsed := now.Sub(b.at); elapsed > 0 {
		b.tokens = min(chatBurst, b.tokens+elapsed.Seconds()*chatPerSecond)
		b.at = now
	}
	return b
}

// recent drops the times older than window.
func recent(times []time.Time, now time.Time, window time.Duration) []time.Time {
	i := 0
	for i < len(times) && !times[i].After(now.Add(-window)) {
		i++
	}
	return times[i:]
}

// windowWait is how long until cost more events fit into a sliding window
// that allows limit events.
func windowWait(times []time.Time, cost, limit int, now time.Time, window time.Duration) time.Duration {
	over := len(times) + cost - limit
	if over <= 0 || len(times) == 0 {
		return 0
	}
	oldest := times[min(over, len(times))-1]
	return oldest.Add(window).Sub(now)
}
