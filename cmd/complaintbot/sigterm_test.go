package main

import (
	"bytes"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/internal/testworld"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// logWatch is a log safe for concurrent writes whose changes can be
// waited for.
type logWatch struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	notify chan struct{} // closed and replaced on every write
}

func newLogWatch() *logWatch { return &logWatch{notify: make(chan struct{})} }

func (b *logWatch) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	close(b.notify)
	b.notify = make(chan struct{})
	return b.buf.Write(p)
}

func (b *logWatch) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// changed is closed at the next write.
func (b *logWatch) changed() <-chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.notify
}

// waitLog waits for the child's log to contain text, woken by each write,
// failing if the process exits first.
func waitLog(t *testing.T, logs *logWatch, exited <-chan struct{}, text string) {
	t.Helper()
	deadline := time.NewTimer(testworld.Bound)
	defer deadline.Stop()
	for {
		changed := logs.changed()
		if strings.Contains(logs.String(), text) {
			return
		}
		select {
		case <-changed:
		case <-exited:
			if !strings.Contains(logs.String(), text) {
				t.Fatalf("the service exited before logging %q:\n%s", text, logs)
			}
			return
		case <-deadline.C:
			t.Fatalf("no %q in the log:\n%s", text, logs)
		}
	}
}

// The process itself, sent SIGTERM with an answer in the middle of going
// out, finishes it, stops in order and in time, and exits 0.
func TestSIGTERMStopsTheProcessCleanly(t *testing.T) {
	t.Parallel()
	var api *heldChatAPI
	sim, ts, people := childSim(t, func(sim *telegramsim.Server) http.Handler {
		api = &heldChatAPI{next: sim, held: make(chan struct{}), release: make(chan struct{})}
		return api
	})
	anna := sim.AddUser(telegramsim.User{FirstName: "Anna", LanguageCode: "en"})
	api.chat.Store(anna.ID)

	env := childEnv(t, ts.URL, people, pgtest.NewURL(t), "LOG_LEVEL=info", "LOG_FORMAT=json", "SHUTDOWN_TIMEOUT=30s")
	logs := newLogWatch()
	service := startChild(t, env, logs)
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = service.Wait(); close(exited) }()
	t.Cleanup(func() { _ = service.Process.Kill(); <-exited })

	if _, err := sim.SendText(anna.ID, anna.ID, "hello"); err != nil {
		t.Fatal(err)
	}
	<-api.held // Anna's answer is on its way out
	if err := service.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitLog(t, logs, exited, `"msg":"stopping: no more updates taken","timeout":"30s"`)
	close(api.release)
	<-exited
	if waitErr != nil {
		t.Fatalf("the service exited with %v after SIGTERM, want status 0:\n%s", waitErr, logs)
	}
	if !strings.Contains(logs.String(), `"msg":"stopped","clean":true`) {
		t.Errorf("no clean stop in the log:\n%s", logs)
	}
	if n := botMessages(sim, anna.ID); n != 1 {
		t.Errorf("Anna got %d answers, want the 1 that was going out at SIGTERM", n)
	}
}
