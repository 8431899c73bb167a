//go:build demo

package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// cpuTimes is the processor time spent so far, user and system together,
// by this process, by the PostgreSQL server and by Redis: where a run's
// work went, beside how long it took.
type cpuTimes struct {
	process, postgres, redis time.Duration
	// postgresOK and redisOK say the server's time could be read: the
	// PostgreSQL server runs on this machine, readable in /proc; Redis
	// answers INFO cpu.
	postgresOK, redisOK bool
}

// cpu reads the three times.
func (s *benchServers) cpu(ctx context.Context) cpuTimes {
	t := cpuTimes{process: processCPU()}
	t.postgres, t.postgresOK = s.postgresCPU(ctx)
	t.redis, t.redisOK = s.redisCPU(ctx)
	return t
}

// redisCPU is Redis's processor time (INFO cpu), the server's whole.
func (s *benchServers) redisCPU(ctx context.Context) (time.Duration, bool) {
	info, err := s.rdb.Info(ctx, "cpu").Result()
	if err != nil {
		return 0, false
	}
	var sec float64
	found := 0
	for _, line := range strings.Split(info, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok || (k != "used_cpu_sys" && k != "used_cpu_user") {
			continue
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return 0, false
		}
		sec += x
		found++
	}
	return time.Duration(sec * float64(time.Second)), found == 2
}

// benchCPU is the processor time of a run, in seconds: of this process
// (the replicas, but also the simulator and the customers), of the whole
// PostgreSQL server and of Redis; a server's is 0 when it could not be
// read, and Redis's is the server's whole when it is shared.
type benchCPU struct {
	ProcessSec  float64 `json:"process_sec"`
	PostgresSec float64 `json:"postgres_sec,omitempty"`
	RedisSec    float64 `json:"redis_sec,omitempty"`
}

// since is the time spent from before to t.
func (t cpuTimes) since(before cpuTimes) benchCPU {
	c := benchCPU{ProcessSec: (t.process - before.process).Seconds()}
	if t.postgresOK && before.postgresOK {
		c.PostgresSec = (t.postgres - before.postgres).Seconds()
	}
	if t.redisOK && before.redisOK {
		c.RedisSec = (t.redis - before.redis).Seconds()
	}
	return c
}

// describe says the times, and what they come to per update.
func (c benchCPU) describe(updates int64) string {
	var b strings.Builder
	var per []string
	add := func(what string, sec float64) {
		fmt.Fprintf(&b, what, sec)
		per = append(per, fmt.Sprintf("%.2f", 1000*sec/float64(max(updates, 1))))
	}
	add("this process %.1f s (replicas, simulator, customers)", c.ProcessSec)
	if c.PostgresSec > 0 {
		add(", PostgreSQL %.1f s (the whole server)", c.PostgresSec)
	}
	if c.RedisSec > 0 {
		add(", Redis %.1f s", c.RedisSec)
	}
	fmt.Fprintf(&b, ": %s ms per update", strings.Join(per, " + "))
	return b.String()
}
