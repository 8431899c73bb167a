//go:build demo

package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// processCPU is this process's processor time so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// clockTick is Linux's USER_HZ, the unit of the times in /proc/<pid>/stat.
const clockTick = 10 * time.Millisecond

// postgresCPU is the processor time of the whole PostgreSQL server: the
// postmaster, the processes it runs now (the WAL writer, the
// checkpointer, the backends) and those that ended (the service's
// backends, once its pools close), which the postmaster's own counts
// take in. Every database's work is in it. It reads /proc, so only a
// server on this machine counts.
func (s *benchServers) postgresCPU(ctx context.Context) (time.Duration, bool) {
	var backend int
	if err := s.admin.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&backend); err != nil {
		return 0, false
	}
	postmaster, ok := parentOf(backend)
	if !ok {
		return 0, false
	}
	own, ok := procTicks(postmaster, true)
	if !ok {
		return 0, false
	}
	total := own
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0, false
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == postmaster {
			continue
		}
		if parent, ok := parentOf(pid); ok && parent == postmaster {
			n, _ := procTicks(pid, false)
			total += n
		}
	}
	return time.Duration(total) * clockTick, true
}

// statFields are the fields of /proc/<pid>/stat after the command's name.
func statFields(pid int) ([]string, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return nil, false
	}
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return nil, false
	}
	return strings.Fields(string(b[i+1:])), true
}

// parentOf is the pid of pid's parent.
func parentOf(pid int) (int, bool) {
	f, ok := statFields(pid)
	if !ok || len(f) < 2 {
		return 0, false
	}
	ppid, err := strconv.Atoi(f[1])
	return ppid, err == nil
}

// procTicks is pid's user and system time, in clock ticks, with its ended
// children's when children is set.
func procTicks(pid int, children bool) (int64, bool) {
	f, ok := statFields(pid)
	if !ok || len(f) < 15 {
		return 0, false
	}
	last := 13 // utime and stime, the line's fields 14 and 15
	if children {
		last = 15 // and cutime, cstime
	}
	var n int64
	for _, v := range f[11:last] {
		x, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, false
		}
		n += x
	}
	return n, true
}
