//go:build demo

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"

	"github.com/google/pprof/profile"

	"github.com/complaintbot/complaintbot/telegramsim"
)

// The bench process holds the bot (the service's replicas, or the echo
// bot), the Telegram simulator and the virtual people who use them, and
// getrusage gives their processor time together. To tell the bot's own
// share, each part runs under a profiler label that its goroutines hand
// down to the goroutines they start; a CPU profile of the run then adds up
// the samples by label. What no part's goroutine spent (the garbage
// collector's background work, the scheduler) is the runtime's.
const partLabel = "part"

const (
	partBot       = "bot"
	partSimulator = "simulator"
	partPeople    = "people"  // the virtual customers and staff
	partHarness   = "harness" // the run's own measuring and counting
	partRuntime   = "runtime" // no label: the collector's own goroutines
)

// partsInOrder is the order the report names the parts in.
var partsInOrder = []string{partBot, partSimulator, partPeople, partHarness, partRuntime}

// asPart runs f with the goroutine, and every goroutine it starts,
// counted as part.
func asPart(ctx context.Context, part string, f func(context.Context)) {
	pprof.Do(ctx, pprof.Labels(partLabel, part), f)
}

// startSimulator makes and starts a simulator whose goroutines (its HTTP
// server's among them) count as the simulator's part.
func startSimulator(ctx context.Context, opts telegramsim.Options) (sim *telegramsim.Server, apiURL string, err error) {
	asPart(ctx, partSimulator, func(context.Context) {
		sim, err = telegramsim.New(opts)
		if err != nil {
			return
		}
		if apiURL, err = sim.Start("127.0.0.1:0"); err != nil {
			sim.Close()
		}
	})
	return sim, apiURL, err
}

// partsProfile is a CPU profile of a run, kept in memory to be split by
// part, and also written to a file when one was asked for.
type partsProfile struct {
	buf  bytes.Buffer
	path string
	off  bool // another profile was running: no parts
}

// profiling lets one run at a time profile the process (runs in one
// process, as the tests', take turns), since a process has one profile.
var profiling sync.Mutex

// profileParts starts profiling; path, when not empty, is where stop
// writes the profile too, for go tool pprof. When someone else profiles
// the process (go test -cpuprofile), the run goes on without parts,
// unless a file was asked for.
func profileParts(path string) (*partsProfile, error) {
	profiling.Lock()
	p := &partsProfile{path: path}
	if err := pprof.StartCPUProfile(&p.buf); err != nil {
		profiling.Unlock()
		if path != "" {
			return nil, fmt.Errorf("bench: profiling the run: %w", err)
		}
		p.off = true
	}
	return p, nil
}

// stop ends the profile and returns the seconds each part spent (nil
// when there was no profile, or it was stopped before).
func (p *partsProfile) stop() (map[string]float64, error) {
	if p.off {
		return nil, nil
	}
	p.off = true
	pprof.StopCPUProfile()
	profiling.Unlock()
	if p.path != "" {
		if err := os.WriteFile(p.path, p.buf.Bytes(), 0o644); err != nil {
			return nil, &configError{Name: "bench", Msg: "-cpuprofile: " + err.Error()}
		}
	}
	prof, err := profile.Parse(&p.buf)
	if err != nil {
		return nil, fmt.Errorf("bench: reading the run's profile: %w", err)
	}
	return secondsByPart(prof)
}

// secondsByPart adds up a CPU profile's samples by their part label.
func secondsByPart(prof *profile.Profile) (map[string]float64, error) {
	i := slices.IndexFunc(prof.SampleType, func(t *profile.ValueType) bool {
		return t.Type == "cpu" && t.Unit == "nanoseconds"
	})
	if i < 0 {
		return nil, fmt.Errorf("bench: the run's profile has no cpu time")
	}
	parts := map[string]float64{}
	for _, s := range prof.Sample {
		part := partRuntime
		if l := s.Label[partLabel]; len(l) > 0 {
			part = l[0]
		}
		parts[part] += float64(s.Value[i]) / 1e9
	}
	return parts, nil
}

// describeParts says each part's seconds and share of what the profile
// saw, and the bot's own time per update.
func describeParts(parts map[string]float64, updates int64) string {
	if parts == nil {
		return "not measured (the process was being profiled already)"
	}
	var total float64
	for _, sec := range parts {
		total += sec
	}
	if total == 0 {
		return "no samples"
	}
	var b strings.Builder
	for _, part := range partsInOrder {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %.1f s (%.0f%%)", part, parts[part], 100*parts[part]/total)
	}
	fmt.Fprintf(&b, ": the bot's own %.2f ms per update", 1000*parts[partBot]/float64(max(updates, 1)))
	return b.String()
}
