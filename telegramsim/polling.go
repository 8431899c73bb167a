package telegramsim

import (
	"context"
	"net/http"
	"time"

	"github.com/complaintbot/complaintbot/telegramsim/wire"
)

// maxPollTimeout is the longest long poll Telegram allows, in seconds.
const maxPollTimeout = 50

// longPoll is a getUpdates call waiting for updates.
type longPoll struct {
	done   chan struct{} // closed when another request ends this one
	reason string        // the 409 text it ends with
}

// abortPollLocked ends the waiting getUpdates call, if any, with a 409.
func (s *Server) abortPollLocked(reason string) {
	if p := s.upd.poll; p != nil {
		p.reason = reason
		close(p.done)
		s.upd.poll = nil
	}
}

// getUpdates is the getUpdates method with Telegram's semantics: offset
// confirms, limit 1-100 and timeout 0-50 are clamped, allowed_updates
// persists, and a newer long poll ends an older one with 409.
func (s *Server) getUpdates(ctx context.Context, p wire.Params) (any, *wire.Error) {
	offset, _ := p.Int64("offset")
	limit, ok := p.Int("limit")
	if !ok {
		limit = 100
	}
	limit = min(max(limit, 1), 100)
	timeout, _ := p.Int("timeout")
	timeout = min(max(timeout, 0), maxPollTimeout)
	var allowed []string
	if p.Has("allowed_updates") {
		if err := p.JSON("allowed_updates", &allowed); err != nil {
			return nil, wire.BadRequest("can't parse allowed updates JSON object")
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hook.url != "" {
		return nil, wire.Conflict("can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
	}
	if p.Has("allowed_updates") {
		s.upd.setAllowed(allowed)
	}
	s.pruneLocked()
	s.upd.confirmLocked(offset)
	var me *longPoll
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
		if me != nil && s.upd.poll == me {
			s.upd.poll = nil
		}
	}()
	for {
		s.pruneLocked()
		if res := s.upd.takeLocked(limit); len(res) > 0 || timeout == 0 {
			return res, nil
		}
		if me == nil {
			s.abortPollLocked("terminated by other getUpdates request; make sure that only one bot instance is running")
			me = &longPoll{done: make(chan struct{})}
			s.upd.poll = me
			timer = time.NewTimer(time.Duration(timeout) * time.Second)
		}
		if s.waitLocked(ctx, me.done, timer.C) {
			continue
		}
		switch {
		case me.reason != "":
			return nil, wire.Conflict("%s", me.reason)
		case ctx.Err() != nil:
			return nil, &wire.Error{Code: http.StatusInternalServerError, Description: "Internal Server Error: request aborted"}
		}
		timeout = 0 // the time is up: answer with whatever there is
	}
}

// waitLocked releases s.mu until the simulated world changes (true), or
// abort is closed, ctx ends, the timer fires or the server closes (false).
// It returns with s.mu held again.
func (s *Server) waitLocked(ctx context.Context, abort <-chan struct{}, timer <-chan time.Time) bool {
	changed := s.changed
	s.mu.Unlock()
	defer s.mu.Lock()
	select {
	case <-changed:
		return true
	case <-abort:
	case <-ctx.Done():
	case <-timer:
	case <-s.done:
	}
	return false
}
