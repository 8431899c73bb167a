package playground

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/telegramsim"
)

// movableClock is the clock of a bot under test, as WithClock takes it.
type movableClock struct {
	mu    sync.Mutex
	t     time.Time
	moves []time.Duration
	fail  error // the next advance fails with it
}

func (c *movableClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *movableClock) advance(_ context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.fail; err != nil {
		c.fail = nil
		return err
	}
	c.t = c.t.Add(d)
	c.moves = append(c.moves, d)
	return nil
}

func (c *movableClock) moved() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.moves...)
}

// clockWorld is a simulator whose playground has the clock c, behind an
// HTTP server; it returns the simulator and the server's URL.
func clockWorld(t *testing.T, c *movableClock) (*telegramsim.Server, string) {
	t.Helper()
	sim, err := telegramsim.New(telegramsim.Options{Token: pgToken, BotUsername: "ShopDeskBot", BotName: "Shop Desk"})
	if err != nil {
		t.Fatal(err)
	}
	Enable(sim, WithClock(c.now, c.advance))
	ts := httptest.NewServer(sim)
	t.Cleanup(func() {
		_ = sim.Close() // ends the event streams, which Close would wait for
		ts.Close()
	})
	return sim, ts.URL
}

// shanghai is the shop's zone of the default policy.
func shanghai(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Skipf("no time zone data: %v", err)
	}
	return loc
}

// advanceClock posts a press of a clock button; it returns the status and
// the answer.
func advanceClock(t *testing.T, url string, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+"/playground/api/clock/advance", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Playground", "1")
	var out map[string]any
	code := pgDo(t, req, &out)
	return code, out
}

func TestPlaygroundClockMovesForward(t *testing.T) {
	t.Parallel()
	start := time.Now().In(shanghai(t)).Truncate(time.Second)
	c := &movableClock{t: start}
	_, url := clockWorld(t, c)

	code, out := advanceClock(t, url, `{"by":"1h"}`)
	if code != http.StatusOK {
		t.Fatalf("+1 hour = %d %v", code, out)
	}
	if want := start.Add(time.Hour).Format(time.RFC3339); out["now"] != want || out["zone"] != "Asia/Shanghai" || out["ahead_seconds"] != 3600.0 {
		t.Errorf("+1 hour answered %v, want now %s in Asia/Shanghai, an hour ahead", out, want)
	}
	if code, out := advanceClock(t, url, `{"by":"24h"}`); code != http.StatusOK || out["now"] != start.Add(25*time.Hour).Format(time.RFC3339) {
		t.Errorf("+1 day = %d %v", code, out)
	}
	if got := c.moved(); len(got) != 2 || got[0] != time.Hour || got[1] != 24*time.Hour {
		t.Errorf("the hook was called with %v, want [1h 24h]", got)
	}

	// What the page loads says the time too.
	resp, err := http.Get(url + "/playground/api/state")
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Clock *pgClock `json:"clock"`
	}
	err = json.NewDecoder(resp.Body).Decode(&st)
	_ = resp.Body.Close()
	if err != nil || st.Clock == nil || st.Clock.Now != start.Add(25*time.Hour).Format(time.RFC3339) {
		t.Errorf("state's clock = %+v, %v", st.Clock, err)
	}
}

func TestPlaygroundClockRefusesBadMoves(t *testing.T) {
	t.Parallel()
	c := &movableClock{t: time.Now()}
	_, url := clockWorld(t, c)
	for _, tc := range []struct {
		body, want string
	}{
		{`{"by":"-1h"}`, "The clock only moves forward: give a positive duration."},
		{`{"by":"0s"}`, "The clock only moves forward: give a positive duration."},
		{`{"by":"169h"}`, "Move the clock at most 7 days (168h) at a time."},
		{`{"by":"a day"}`, `Say how far to move the clock as a duration, such as "1h" or "24h".`},
		{`{}`, `Say how far to move the clock as a duration, such as "1h" or "24h".`},
		{`{"by":`, "the request is not valid JSON"},
	} {
		if code, out := advanceClock(t, url, tc.body); code != http.StatusBadRequest || out["error"] != tc.want {
			t.Errorf("%s = %d %v, want 400 %q", tc.body, code, out, tc.want)
		}
	}
	if code, _ := advanceClock(t, url, `{"by":"168h"}`); code != http.StatusOK {
		t.Errorf("7 days = %d, want it accepted", code)
	}

	c.mu.Lock()
	c.fail = errors.New("the database is away")
	c.mu.Unlock()
	if code, out := advanceClock(t, url, `{"by":"1h"}`); code != http.StatusInternalServerError || out["error"] != "The clock was not moved: the database is away" {
		t.Errorf("a failed move = %d %v, want 500 saying why", code, out)
	}

	// A request from another site, without the playground's header.
	resp, err := http.Post(url+"/playground/api/clock/advance", "application/json", bytes.NewReader([]byte(`{"by":"1h"}`)))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a move from another site = %d, want 403", resp.StatusCode)
	}
	if got := c.moved(); len(got) != 1 || got[0] != 168*time.Hour {
		t.Errorf("the hook was called with %v, want only the 7 days", got)
	}
}

// Without WithClock there is no clock: not in the state, and its routes
// answer 404.
func TestPlaygroundWithoutClock(t *testing.T) {
	t.Parallel()
	w := newPGWorld(t)
	if code, out := advanceClock(t, w.url, `{"by":"1h"}`); code != http.StatusNotFound || out["error"] != "This playground has no clock to move." {
		t.Errorf("advance = %d %v, want 404", code, out)
	}
	resp, err := http.Get(w.url + "/playground/api/clock")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET clock = %d, want 404", resp.StatusCode)
	}
	resp, err = http.Get(w.url + "/playground/api/state")
	if err != nil {
		t.Fatal(err)
	}
	var st map[string]json.RawMessage
	err = json.NewDecoder(resp.Body).Decode(&st)
	_ = resp.Body.Close()
	if _, has := st["clock"]; err != nil || has {
		t.Errorf("state = %v (%v), want no clock", st, err)
	}
}

// Every open page hears that the clock moved, whoever moved it.
func TestPlaygroundStreamsClockMoves(t *testing.T) {
	t.Parallel()
	start := time.Now().In(shanghai(t)).Truncate(time.Second)
	_, url := clockWorld(t, &movableClock{t: start})
	ctx := pgContext(t)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+"/playground/api/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	events := make(chan sseEvent, 16)
	go readSSE(resp.Body, events)
	next := func() sseEvent {
		t.Helper()
		select {
		case ev, ok := <-events:
			if !ok {
				t.Fatal("the stream ended")
			}
			return ev
		case <-ctx.Done():
			t.Fatal("nothing on the stream")
			return sseEvent{}
		}
	}
	if ev := next(); ev.name != "snapshot" || !strings.Contains(ev.data, `"clock":{"now":"`+start.Format(time.RFC3339)+`"`) {
		t.Fatalf("first event = %s %s, want the snapshot with the clock", ev.name, ev.data)
	}
	if code, out := advanceClock(t, url, `{"by":"24h"}`); code != http.StatusOK {
		t.Fatalf("+1 day = %d %v", code, out)
	}
	ev := next()
	var c pgClock
	if ev.name != "clock" || json.Unmarshal([]byte(ev.data), &c) != nil || c.Now != start.Add(24*time.Hour).Format(time.RFC3339) || c.Zone != "Asia/Shanghai" {
		t.Errorf("after +1 day the stream sent %s %s, want the clock a day on", ev.name, ev.data)
	}
}
