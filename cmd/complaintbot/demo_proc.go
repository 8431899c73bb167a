//go:build demo

package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// serverProcess is a server the demo started from the system's binaries. It
// runs in a process group of its own, so that Ctrl-C in the terminal reaches
// only the demo, which stops its servers after the service, in order.
type serverProcess struct {
	name   string
	cmd    *exec.Cmd
	log    *logTail
	exited chan struct{} // closed when the process has ended
	err    error         // how it ended; read after exited is closed
	once   sync.Once
}

// startServer starts cmd, which must not have been started.
func startServer(name string, cmd *exec.Cmd) (*serverProcess, error) {
	p := &serverProcess{name: name, cmd: cmd, log: &logTail{}, exited: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.log, p.log
	ownProcessGroup(cmd)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	go func() {
		p.err = cmd.Wait()
		close(p.exited)
	}()
	return p, nil
}

// serverStartTimeout bounds how long a started server may take to answer.
const serverStartTimeout = time.Minute

// waitReady returns once answers succeeds. It fails when the process ends
// first, when ctx is done, or after serverStartTimeout.
func (p *serverProcess) waitReady(ctx context.Context, answers func(context.Context) error) error {
	deadline := time.NewTimer(serverStartTimeout)
	defer deadline.Stop()
	retry := time.NewTicker(100 * time.Millisecond)
	defer retry.Stop()
	for {
		tryCtx, cancel := context.WithTimeout(ctx, time.Second)
		err := answers(tryCtx)
		cancel()
		if err == nil {
			return nil
		}
		select {
		case <-p.exited:
			return fmt.Errorf("%s exited (%v)%s", p.name, p.err, p.log.excerpt())
		case <-ctx.Done():
			return ctx.Err()
		case <-deadline.C:
			return fmt.Errorf("%s did not answer within %s (%v)%s", p.name, serverStartTimeout, err, p.log.excerpt())
		case <-retry.C:
		}
	}
}

// stop sends sig, waits for the process to end, and kills it if it has not
// ended within a while. It is safe to call more than once.
func (p *serverProcess) stop(sig os.Signal) {
	p.once.Do(func() {
		if err := p.cmd.Process.Signal(sig); err != nil {
			_ = p.cmd.Process.Kill()
		}
		select {
		case <-p.exited:
		case <-time.After(15 * time.Second):
			_ = p.cmd.Process.Kill()
			<-p.exited
		}
	})
}

// logTail keeps the end of a server's output, for error messages.
type logTail struct {
	mu  sync.Mutex
	buf []byte
}

const logTailSize = 4 << 10

func (t *logTail) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, b...)
	if over := len(t.buf) - logTailSize; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(b), nil
}

// excerpt is the last lines of the output, ready to follow a message, or
// nothing when there was none.
func (t *logTail) excerpt() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	lines := strings.Split(strings.TrimSpace(string(t.buf)), "\n")
	if len(lines) > 5 {
		lines = lines[len(lines)-5:]
	}
	text := strings.TrimSpace(strings.Join(lines, "\n"))
	if text == "" {
		return ""
	}
	return ":\n" + text
}

// freePort returns a TCP port on 127.0.0.1 that nothing listened on a moment
// ago.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// findBinary returns the path of the program name: on the PATH, else in the
// first of dirs that has it.
func findBinary(name string, dirs ...string) (string, bool) {
	if p, err := exec.LookPath(name); err == nil {
		return p, true
	}
	for _, d := range dirs {
		if p := filepath.Join(d, name); isProgram(p) {
			return p, true
		}
	}
	return "", false
}

// isProgram reports whether path is an executable file.
func isProgram(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}
