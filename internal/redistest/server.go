package redistest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Server is a redis-server of a test's own, without persistence: killed and
// started again, it comes back empty, as a Redis restarted without its data
// (or a failover to an empty replica) does. Tests of recovery use it; the
// others share the Redis at URL.
type Server struct {
	t    testing.TB
	port int
	cmd  *exec.Cmd
}

// Spawn starts a redis-server on a free port and stops it when the test
// ends. redis-server must be on the PATH (scripts/services installs it).
func Spawn(t testing.TB) *Server {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Fatalf("redistest: redis-server is not on the PATH: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{t: t, port: ln.Addr().(*net.TCPAddr).Port}
	_ = ln.Close()
	s.Start()
	t.Cleanup(s.Kill)
	return s
}

// URL is the server's address for go-redis.
func (s *Server) URL() string { return fmt.Sprintf("redis://127.0.0.1:%d/0", s.port) }

// Start starts the server, empty, and returns once it accepts commands.
func (s *Server) Start() {
	s.t.Helper()
	if s.cmd != nil {
		s.t.Fatal("redistest: the server is running")
	}
	cmd := exec.Command("redis-server", "--port", strconv.Itoa(s.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", s.t.TempDir())
	out, err := cmd.StdoutPipe()
	if err != nil {
		s.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("redistest: start redis-server: %v", err)
	}
	// redis-server says when it is ready; its log is then drained so that
	// it never blocks on a full pipe.
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "Ready to accept connections") {
				close(ready)
				break
			}
		}
		_, _ = io.Copy(io.Discard, out)
	}()
	select {
	case <-ready:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		s.t.Fatal("redistest: redis-server did not become ready within 30s")
	}
	s.cmd = cmd
	rdb := redis.NewClient(&redis.Options{Addr: fmt.Sprintf("127.0.0.1:%d", s.port)})
	defer rdb.Close()
	if err := rdb.Ping(context.Background()).Err(); err != nil {
		s.t.Fatalf("redistest: ping the new server: %v", err)
	}
}

// Kill stops the server at once (SIGKILL), losing everything it held.
func (s *Server) Kill() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.cmd = nil
}
