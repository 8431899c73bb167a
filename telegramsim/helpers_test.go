package telegramsim

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
)

const testToken = "123456789:test-secret"

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is a simulator behind an HTTP server with a real bot client.
type env struct {
	sim *Server
	url string
	bot *bot.Bot
}

func newEnv(t testing.TB, opts Options) *env {
	t.Helper()
	if opts.Token == "" {
		opts.Token = testToken
	}
	sim, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ts := httptest.NewServer(sim)
	t.Cleanup(func() {
		ts.Close()
		_ = sim.Close()
	})
	b, err := bot.New(opts.Token, bot.WithServerURL(ts.URL), bot.WithErrorsHandler(func(error) {}))
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	return &env{sim: sim, url: ts.URL, bot: b}
}

// startedUser adds a user who has written /start to the bot.
func (e *env) startedUser(t testing.TB, name string) User {
	t.Helper()
	u := e.sim.AddUser(User{FirstName: name, LanguageCode: "en"})
	if _, err := e.sim.SendText(u.ID, u.ID, "/start"); err != nil {
		t.Fatalf("SendText /start: %v", err)
	}
	return u
}

// apiAnswer is a raw Bot API answer.
type apiAnswer struct {
	Status      int
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// call makes a raw JSON Bot API call.
func (e *env) call(t *testing.T, method string, params map[string]any) apiAnswer {
	t.Helper()
	a, err := e.rawCall(context.Background(), method, params)
	if err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	return a
}

// async makes a raw call in the background; the answer (or a failed
// answer with the error as description) arrives on the channel.
func (e *env) async(ctx context.Context, method string, params map[string]any) <-chan apiAnswer {
	out := make(chan apiAnswer, 1)
	go func() {
		a, err := e.rawCall(ctx, method, params)
		if err != nil {
			a.Description = err.Error()
		}
		out <- a
	}()
	return out
}

func (e *env) rawCall(ctx context.Context, method string, params map[string]any) (apiAnswer, error) {
	if params == nil {
		params = map[string]any{}
	}
	body, err := json.Marshal(params)
	if err != nil {
		return apiAnswer{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.url+"/bot"+testToken+"/"+method, bytes.NewReader(body))
	if err != nil {
		return apiAnswer{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	return do(req)
}

func do(req *http.Request) (apiAnswer, error) {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return apiAnswer{}, err
	}
	defer func() { _ = resp.Body.Close() }()
	raw, _ := io.ReadAll(resp.Body)
	var a apiAnswer
	if err := json.Unmarshal(raw, &a); err != nil {
		return apiAnswer{}, fmt.Errorf("answer %q: %w", raw, err)
	}
	a.Status = resp.StatusCode
	return a, nil
}

// wantError checks a raw answer is Telegram's error.
func wantError(t *testing.T, a apiAnswer, code int, description string) {
	t.Helper()
	if a.OK || a.Status != code || a.ErrorCode != code || a.Description != description {
		t.Errorf("answer = %d ok=%v %d %q, want %d %q", a.Status, a.OK, a.ErrorCode, a.Description, code, description)
	}
}

// pngImage encodes a w×h PNG.
func pngImage(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatalf("png: %v", err)
	}
	return buf.Bytes()
}

// ctxTimeout is a context for waiting on the simulator.
func ctxTimeout(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func jsonUnmarshal(raw []byte, dst any) error { return json.Unmarshal(raw, dst) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
