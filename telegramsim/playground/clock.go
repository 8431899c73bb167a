package playground

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"
)

// maxAdvance is the furthest one press moves the clock.
const maxAdvance = 7 * 24 * time.Hour

// Option changes what Enable sets up.
type Option func(*playground)

// WithClock shows the time of the bot under test in the page's header with
// buttons that move it forward an hour or a day, so that what the bot has
// planned for later happens now. now tells that time, in the zone the page
// should show it in; advance moves it forward by d, a positive duration of
// at most 7 days, and returns an error, shown to the person, when it could
// not. Without WithClock the page shows no clock.
func WithClock(now func() time.Time, advance func(ctx context.Context, d time.Duration) error) Option {
	return func(p *playground) {
		p.clock = &clock{now: now, advance: advance, changed: make(chan struct{})}
	}
}

// clock is the hook WithClock sets.
type clock struct {
	now     func() time.Time
	advance func(context.Context, time.Duration) error

	moving  sync.Mutex // one advance at a time
	mu      sync.Mutex
	changed chan struct{} // closed and replaced when the clock moved; mu
}

// pgClock is the clock as the page shows it: Now with its offset, Zone the
// IANA name of its zone ("" when it has none the browser would know), and
// how far ahead of this machine's time it runs.
type pgClock struct {
	Now          string `json:"now"`
	Zone         string `json:"zone,omitempty"`
	AheadSeconds int64  `json:"ahead_seconds"`
}

// state is the clock as it is now.
func (c *clock) state() *pgClock {
	now := c.now()
	zone := now.Location().String()
	if zone == "Local" {
		zone = ""
	}
	ahead := time.Until(now).Round(time.Minute)
	return &pgClock{Now: now.Format(time.RFC3339), Zone: zone, AheadSeconds: int64(ahead / time.Second)}
}

// moved is closed the next time the clock moves (nil for no clock, which
// never moves).
func (c *clock) moved() <-chan struct{} {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.changed
}

// forward moves the clock by d and tells the pages' streams.
func (c *clock) forward(ctx context.Context, d time.Duration) error {
	c.moving.Lock()
	defer c.moving.Unlock()
	if err := c.advance(ctx, d); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	close(c.changed)
	c.changed = make(chan struct{})
	return nil
}

// pgAdvance is a press of "+1 hour" or "+1 day": By is a Go duration such
// as "1h" or "24h".
type pgAdvance struct {
	By string `json:"by"`
}

// clockState serves the clock, or 404 when the playground has none.
func (p *playground) clockState(w http.ResponseWriter, _ *http.Request) {
	if p.clock == nil {
		writeJSONError(w, http.StatusNotFound, "This playground has no clock to move.")
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, p.clock.state())
}

// advanceClock moves the clock forward and answers its new time.
func (p *playground) advanceClock(w http.ResponseWriter, r *http.Request) {
	if p.clock == nil {
		writeJSONError(w, http.StatusNotFound, "This playground has no clock to move.")
		return
	}
	var q pgAdvance
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxPlaygroundJSON)).Decode(&q); err != nil {
		writeJSONError(w, http.StatusBadRequest, "the request is not valid JSON")
		return
	}
	d, problem := advanceBy(q.By)
	if problem != "" {
		writeJSONError(w, http.StatusBadRequest, problem)
		return
	}
	if err := p.clock.forward(r.Context(), d); err != nil {
		p.s.Logger().Warn("playground: clock not moved", "by", d, "err", err)
		writeJSONError(w, http.StatusInternalServerError, "The clock was not moved: "+err.Error())
		return
	}
	writeJSON(w, http.StatusOK, p.clock.state())
}

// advanceBy reads how far to move the clock; problem says, for the person,
// what is wrong with it.
func advanceBy(by string) (d time.Duration, problem string) {
	d, err := time.ParseDuration(strings.TrimSpace(by))
	switch {
	case err != nil:
		return 0, `Say how far to move the clock as a duration, such as "1h" or "24h".`
	case d <= 0:
		return 0, "The clock only moves forward: give a positive duration."
	case d > maxAdvance:
		return 0, "Move the clock at most 7 days (168h) at a time."
	}
	return d, ""
}
