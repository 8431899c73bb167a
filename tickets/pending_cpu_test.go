package tickets_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// backendCPU follows the PostgreSQL backends of one pool — every
// connection's server process, noted as it connects — and reads their CPU
// time from /proc, for a database on this machine. It is how the benchmark
// tells what River's polling and scheduling cost the database itself.
type backendCPU struct {
	mu   sync.Mutex
	pids []int
}

// afterConnect notes the new connection's backend; it is a pgxpool
// AfterConnect hook.
func (c *backendCPU) afterConnect(ctx context.Context, conn *pgx.Conn) error {
	var pid int
	if err := conn.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pids = append(c.pids, pid)
	return nil
}

// clockTick is Linux's USER_HZ, the unit of /proc/<pid>/stat's times.
const clockTick = 10 * time.Millisecond

// used is the CPU time (user and system) the backends have used so far, by
// pid; a backend that is gone, or a database elsewhere, reads nothing.
func (c *backendCPU) used() map[int]time.Duration {
	c.mu.Lock()
	pids := append([]int(nil), c.pids...)
	c.mu.Unlock()
	out := map[int]time.Duration{}
	for _, pid := range pids {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			continue
		}
		// The fields after the command's closing parenthesis; utime and
		// stime are the 14th and 15th of the whole line.
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) < 13 {
			continue
		}
		ut, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		out[pid] = time.Duration(ut+st) * clockTick
	}
	return out
}

// since sums the CPU time the backends used after the reading before.
func (c *backendCPU) since(before map[int]time.Duration) time.Duration {
	var d time.Duration
	for pid, now := range c.used() {
		d += now - before[pid]
	}
	return d
}
