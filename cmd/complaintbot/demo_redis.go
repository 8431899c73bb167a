//go:build demo

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"

	"github.com/redis/go-redis/v9"
)

// tempRedis is a redis-server of the demo's own: on 127.0.0.1 on a free
// port, keeping nothing (no snapshots, no append-only file), its working
// directory a temp directory. stop ends it and removes the directory.
type tempRedis struct {
	bin  string
	dir  string
	port int
	proc *serverProcess
}

// errNoRedisServer says why the demo does not run an in-process Redis
// instead: miniredis reports the last id of an empty stream as "" where
// Redis says "0-0", and the intake's stream waker, which waits on that id,
// then fails every read ("ERR Invalid stream ID") and updates stall.
var errNoRedisServer = errors.New("no redis-server binary on the PATH or in /usr/bin or /usr/local/bin " +
	"(the intake needs a real Redis's streams; an in-process one stalls): apt-get install redis-server")

func startTempRedis(ctx context.Context) (*tempRedis, error) {
	bin, ok := findBinary("redis-server", "/usr/bin", "/usr/local/bin")
	if !ok {
		return nil, errNoRedisServer
	}
	dir, err := os.MkdirTemp("", "complaintbot-demo-redis-")
	if err != nil {
		return nil, fmt.Errorf("make Redis's temp dir: %w", err)
	}
	r := &tempRedis{bin: bin, dir: dir}
	if err := r.start(ctx); err != nil {
		r.stop()
		return nil, err
	}
	return r, nil
}

func (r *tempRedis) start(ctx context.Context) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	r.port = port
	cmd := exec.Command(r.bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", r.dir)
	cmd.Dir = r.dir
	if r.proc, err = startServer("redis-server", cmd); err != nil {
		return err
	}
	return r.proc.waitReady(ctx, r.answers)
}

// URL is the server's address for go-redis.
func (r *tempRedis) URL() string { return fmt.Sprintf("redis://127.0.0.1:%d/0", r.port) }

func (r *tempRedis) answers(ctx context.Context) error {
	rdb := redis.NewClient(&redis.Options{Addr: fmt.Sprintf("127.0.0.1:%d", r.port), MaxRetries: -1})
	defer rdb.Close()
	return rdb.Ping(ctx).Err()
}

// stop ends the server (SIGTERM; it has nothing to save), waits for it, and
// removes its directory.
func (r *tempRedis) stop() {
	if r.proc != nil {
		r.proc.stop(syscall.SIGTERM)
	}
	_ = os.RemoveAll(r.dir)
}
